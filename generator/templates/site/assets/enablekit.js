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

/* enablekit: client-side filter of the objection library (works offline, no server).
   Re-runs on every page load of Material's instant navigation. */
(function () {
  "use strict";
  function words(value) { return (value || "").split(/\s+/).filter(Boolean); }

  function setup(form) {
    if (form.dataset.ekReady) return;
    form.dataset.ekReady = "1";
    var cards = Array.prototype.slice.call(document.querySelectorAll(".ek-objection, .ek-answer"));
    var empty = document.querySelector(".ek-filter__empty");
    var count = form.querySelector(".ek-filter__count");
    var fields = ["role", "industry", "stage", "category", "competitor"].filter(function (name) { return form.elements[name]; });
    var params = new URLSearchParams(window.location.search);
    fields.concat(["q"]).forEach(function (name) {
      if (params.has(name) && form.elements[name]) form.elements[name].value = params.get(name);
    });

    function matches(card, name, value) {
      if (!value) return true;
      if (name === "role") { var r = words(card.dataset.roles); return r.length === 0 || r.indexOf(value) >= 0; }
      if (name === "industry") { var i = words(card.dataset.industries); return i.length === 0 || i.indexOf(value) >= 0; }
      if (name === "stage") return words(card.dataset.stages).indexOf(value) >= 0;
      if (name === "category") return card.dataset.category === value;
      if (name === "competitor") return card.dataset.competitor === value;
      return true;
    }

    function apply() {
      var query = (form.elements.q.value || "").trim().toLowerCase();
      var shown = 0;
      var url = new URL(window.location.href);
      cards.forEach(function (card) {
        var ok = fields.every(function (name) { return matches(card, name, form.elements[name].value); });
        if (ok && query) ok = card.textContent.toLowerCase().indexOf(query) >= 0;
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      fields.concat(["q"]).forEach(function (name) {
        var value = form.elements[name].value;
        if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
      });
      window.history.replaceState(window.history.state, "", url.toString());
      if (count) count.textContent = count.dataset.template.replace("{n}", shown);
      if (empty) empty.hidden = shown !== 0;
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
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
