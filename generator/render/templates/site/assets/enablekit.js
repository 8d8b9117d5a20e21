/* enablekit: run a page's setup on every page load, including Material's instant navigation. */
window.enablekitOnPage = function (init) {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
};

/* enablekit: the language switch keeps the query and the place on the page (a library's filter
   survives the switch). Called on every page load and whenever a page changes its query. */
window.enablekitSyncLanguages = function () {
  document.querySelectorAll("a[data-ek-lang]").forEach(function (a) {
    var href = a.getAttribute("href");
    if (!a.dataset.ekBase || href !== a.dataset.ekSet) a.dataset.ekBase = href;  // new page: its own link
    a.dataset.ekSet = a.dataset.ekBase + window.location.search + window.location.hash;
    a.setAttribute("href", a.dataset.ekSet);
  });
};
window.enablekitOnPage(window.enablekitSyncLanguages);

/* enablekit: client-side filter of the objection library (works offline, no server).
   Re-runs on every page load of Material's instant navigation. A library of one page filters its
   cards; a library of several pages (data-ek-rows) reads library.json, every objection's facets
   and short text, when a filter is set, and shows the matches a page at a time (?page=N). */
(function () {
  "use strict";
  function words(value) { return (value || "").split(/\s+/).filter(Boolean); }
  var rowsCache = {};

  function setup(form) {
    if (form.dataset.ekReady) return;
    form.dataset.ekReady = "1";
    var list = document.querySelector(".ek-objections");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".ek-objection, .ek-answer"));
    var empty = document.querySelector(".ek-filter__empty");
    var count = form.querySelector(".ek-filter__count");
    var pager = document.querySelector(".ek-pager");
    var fields = ["role", "industry", "stage", "category", "competitor"].filter(function (name) { return form.elements[name]; });
    var params = new URLSearchParams(window.location.search);
    var page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    var rowsUrl = form.dataset.ekRows ? new URL(form.dataset.ekRows, window.location.href).href : null;
    var dynamic = null, dynamicPager = null;
    fields.concat(["q"]).forEach(function (name) {
      if (params.has(name) && form.elements[name]) form.elements[name].value = params.get(name);
    });

    function matches(facets, name, value) {
      if (!value) return true;
      if (name === "role") return facets.roles.length === 0 || facets.roles.indexOf(value) >= 0;
      if (name === "industry") return facets.industries.length === 0 || facets.industries.indexOf(value) >= 0;
      if (name === "stage") return facets.stages.indexOf(value) >= 0;
      if (name === "category") return facets.category === value;
      if (name === "competitor") return facets.competitor === value;
      return true;
    }
    function cardFacets(card) {
      return { roles: words(card.dataset.roles), industries: words(card.dataset.industries), stages: words(card.dataset.stages),
               category: card.dataset.category, competitor: card.dataset.competitor };
    }
    function active() {
      return fields.concat(["q"]).some(function (name) { return (form.elements[name].value || "").trim(); });
    }
    function remember(extra) {
      var url = new URL(window.location.href);
      fields.concat(["q"]).forEach(function (name) {
        var value = form.elements[name].value;
        if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
      });
      if (extra > 1) url.searchParams.set("page", String(extra)); else url.searchParams.delete("page");
      window.history.replaceState(window.history.state, "", url.toString());
      window.enablekitSyncLanguages();
    }

    /* one library page: filter the cards on it */
    function applyCards() {
      var query = (form.elements.q.value || "").trim().toLowerCase();
      var shown = 0;
      cards.forEach(function (card) {
        var facets = cardFacets(card);
        var ok = fields.every(function (name) { return matches(facets, name, form.elements[name].value); });
        if (ok && query) ok = card.textContent.toLowerCase().indexOf(query) >= 0;
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      remember(1);
      if (count) count.textContent = count.dataset.template.replace("{n}", shown);
      if (empty) empty.hidden = shown !== 0;
    }

    function rows() {
      if (!rowsCache[rowsUrl]) {
        rowsCache[rowsUrl] = fetch(rowsUrl).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
      }
      return rowsCache[rowsUrl];
    }
    function tag(text, kind) {
      var span = document.createElement("span");
      span.className = "ek-tag" + (kind ? " ek-tag--" + kind : "");
      span.textContent = text;
      return span;
    }
    function card(data, row) {
      var names = data.names;
      var article = document.createElement("article");
      article.className = "ek-objection";
      article.id = row[0];
      var h = document.createElement("h2");
      h.className = "ek-objection__q";
      var a = document.createElement("a");
      a.href = new URL(data.href.replace("{id}", encodeURIComponent(row[0])), rowsUrl).href;
      a.textContent = row[1];
      h.appendChild(a);
      var p = document.createElement("p");
      p.className = "ek-objection__short";
      p.textContent = row[2];
      var f = document.createElement("p");
      f.className = "ek-objection__facets";
      f.appendChild(tag(names.category[row[3]] || row[3], ""));
      row[4].forEach(function (r) { f.appendChild(document.createTextNode(" ")); f.appendChild(tag(names.role[r] || r, "role")); });
      row[5].forEach(function (i) { f.appendChild(document.createTextNode(" ")); f.appendChild(tag(names.industry[i] || i, "industry")); });
      if (row[7]) { f.appendChild(document.createTextNode(" ")); f.appendChild(tag(names.competitor[row[7]] || row[7], "competitor")); }
      article.appendChild(h); article.appendChild(p); article.appendChild(f);
      return article;
    }

    /* several library pages: filter every objection, a page of matches at a time */
    function applyRows() {
      if (!active()) {
        if (dynamic) { dynamic.hidden = true; dynamicPager.hidden = true; }
        list.hidden = false;
        if (pager) pager.hidden = false;
        cards.forEach(function (c) { c.hidden = false; });
        page = 1;
        remember(1);
        if (count) count.textContent = count.dataset.template.replace("{n}", cards.length);
        if (empty) empty.hidden = true;
        return;
      }
      rows().then(function (data) {
        var query = (form.elements.q.value || "").trim().toLowerCase();
        var hits = data.rows.filter(function (row) {
          var facets = { roles: row[4], industries: row[5], stages: row[6], category: row[3], competitor: row[7] };
          if (!fields.every(function (name) { return matches(facets, name, form.elements[name].value); })) return false;
          return !query || (row[1] + " " + row[2]).toLowerCase().indexOf(query) >= 0;
        });
        var pages = Math.max(1, Math.ceil(hits.length / data.size));
        page = Math.min(page, pages);
        if (!dynamic) {
          dynamic = document.createElement("div");
          dynamic.className = "ek-objections ek-objections--filtered";
          list.parentNode.insertBefore(dynamic, list.nextSibling);
          dynamicPager = document.createElement("nav");
          dynamicPager.className = "ek-pager ek-pager--filtered";
          dynamicPager.setAttribute("aria-label", pager ? pager.getAttribute("aria-label") : "");
          (empty || dynamic).parentNode.insertBefore(dynamicPager, (empty || dynamic).nextSibling);
          dynamicPager.addEventListener("click", function (event) {
            var link = event.target.closest("a[data-page]");
            if (!link) return;
            event.preventDefault();
            page = Number(link.dataset.page);
            applyRows();
            form.scrollIntoView();
          });
        }
        list.hidden = true;
        if (pager) pager.hidden = true;
        dynamic.hidden = false;
        dynamic.textContent = "";
        hits.slice((page - 1) * data.size, page * data.size).forEach(function (row) { dynamic.appendChild(card(data, row)); });
        dynamicPager.textContent = "";
        dynamicPager.hidden = pages < 2;
        for (var n = 1; n <= pages; n++) {
          var item;
          if (n === page) {
            item = document.createElement("span");
            item.setAttribute("aria-current", "page");
          } else {
            item = document.createElement("a");
            item.dataset.page = String(n);
            var href = new URL(window.location.href);
            href.searchParams.set("page", String(n));
            item.href = href.search;
          }
          item.textContent = String(n);
          dynamicPager.appendChild(item);
          dynamicPager.appendChild(document.createTextNode(" "));
        }
        remember(page);
        if (count) count.textContent = count.dataset.template.replace("{n}", hits.length);
        if (empty) empty.hidden = hits.length !== 0;
      }).catch(function () { applyCards(); });
    }

    var apply = rowsUrl ? applyRows : applyCards;
    function changed() { page = 1; apply(); }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) { event.preventDefault(); changed(); });
    form.addEventListener("reset", function () { window.setTimeout(changed, 0); });
    apply();
  }

  function init() {
    var form = document.querySelector("[data-ek-filter]");
    if (form) setup(form);
  }
  window.enablekitOnPage(init);
})();

/* enablekit: training — quizzes with immediate feedback and a score per module, and module
   progress remembered in this browser (localStorage). No server involved. */
(function () {
  "use strict";
  var STORE = "enablekit-training:";
  function load(key) { try { return JSON.parse(window.localStorage.getItem(STORE + key) || "null"); } catch (e) { return null; } }
  function save(key, value) { try { window.localStorage.setItem(STORE + key, JSON.stringify(value)); } catch (e) { /* private mode */ } }

  function setupQuiz(quiz) {
    if (quiz.dataset.ekReady) return;
    quiz.dataset.ekReady = "1";
    var key = "quiz:" + quiz.dataset.path + ":" + quiz.dataset.module;
    var questions = Array.prototype.slice.call(quiz.querySelectorAll(".ek-q"));
    var scoreBox = quiz.querySelector(".ek-quiz__score");
    var answers = load(key) || {};

    function score() {
      var checked = 0, right = 0;
      questions.forEach(function (q, i) {
        if (answers[i] === undefined || q.dataset.answer === undefined) return;
        checked += 1;
        if (String(answers[i]) === q.dataset.answer) right += 1;
      });
      if (scoreBox && checked) {
        scoreBox.textContent = quiz.dataset.scoreTemplate.replace("{score}", right).replace("{total}", questions.length);
      }
    }

    function show(q, i, value) {
      var inputs = q.querySelectorAll("input");
      inputs.forEach(function (input) { input.checked = input.value === String(value); });
      if (q.dataset.answer === undefined) return;  // no answer key in this build
      var ok = String(value) === q.dataset.answer;
      var feedback = q.querySelector(".ek-q__feedback");
      var right = q.querySelectorAll(".ek-q__choice")[Number(q.dataset.answer)];
      q.classList.toggle("ek-q--right", ok);
      q.classList.toggle("ek-q--wrong", !ok);
      if (right) right.classList.add("ek-q__choice--right");
      feedback.textContent = (ok ? quiz.dataset.correct : quiz.dataset.incorrect + " " + right.textContent.trim()) +
        (q.dataset.explain ? " " + q.dataset.explain : "");
      feedback.hidden = false;
      inputs.forEach(function (input) { input.disabled = true; });
    }

    questions.forEach(function (q, i) {
      if (answers[i] !== undefined) show(q, i, answers[i]);
      q.addEventListener("change", function (event) {
        if (!event.target.matches("input[type=radio]")) return;
        answers[i] = Number(event.target.value);
        save(key, answers);
        show(q, i, answers[i]);
        score();
      });
    });
    score();
  }

  function setupProgress() {
    document.querySelectorAll("[data-ek-done]").forEach(function (box) {
      if (box.dataset.ekReady) return;
      box.dataset.ekReady = "1";
      var key = "done:" + box.dataset.ekDone;
      box.checked = !!load(key);
      box.addEventListener("change", function () { save(key, box.checked); paint(); });
    });
    paint();
  }

  function paint() {
    document.querySelectorAll("[data-ek-progress]").forEach(function (bar) {
      var path = bar.dataset.ekProgress, total = Number(bar.dataset.total), done = 0;
      for (var k = 0; k < window.localStorage.length; k++) {
        var name = window.localStorage.key(k);
        if (name.indexOf(STORE + "done:" + path + ":") === 0 && load(name.slice(STORE.length))) done += 1;
      }
      bar.textContent = bar.dataset.template.replace("{done}", done).replace("{total}", total);
      bar.style.setProperty("--ek-progress", total ? (100 * done / total) + "%" : "0%");
    });
  }

  function init() {
    document.querySelectorAll(".ek-quiz").forEach(setupQuiz);
    setupProgress();
  }
  window.enablekitOnPage(init);
})();
