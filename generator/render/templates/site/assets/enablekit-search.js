/* enablekit: Material's header search box and result list, answered by Pagefind.
   Pagefind (pagefind/pagefind.js beside this language's pages, served by the site itself) fetches
   only the index chunks a query needs. Results are built as text nodes: nothing from the index is
   parsed as HTML into the page. */
(function () {
  "use strict";
  var MAX = 10, FIRST = 5;
  var engines = {};  // bundle URL → promise of the Pagefind module
  /* Words are split as the index splits them (generator/outputs/site/search.py, split_words): in
     Chinese and Japanese between two Han characters (Pagefind segments the rest), in every other
     language between two CJK characters (kana, Han, Hangul) and where one touches any other
     character, so 보호 is found in 개인정보보호법 and OEE看板 is OEE 看板. Capture groups, not
     lookbehind: phones with an older Safari would not load the script at all. */
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var CJK = "\u3040-\u30ff\u31f0-\u31ff" + HAN + "\uac00-\ud7a3";
  var SPLIT = {
    han: new RegExp("[" + HAN + "](?=[" + HAN + "])|[^\\s" + CJK + "](?=[" + CJK + "])|[" + CJK + "](?=[^\\s" + CJK + "])", "g"),
    cjk: new RegExp("[" + CJK + "](?=\\S)|\\S(?=[" + CJK + "])", "g")
  };
  /* The index of a language other than Chinese and Japanese holds Hangul as jamo and marks each
     split it made with "|" and a space ("개| 인| 정| 보"): shown composed, without them, as written. */
  var MARKS = "((?:</?mark>)*)";
  var JOINED = [new RegExp("([" + CJK + "])\\|" + MARKS + " ", "g"),
                new RegExp("([^\\s" + CJK + "])\\|" + MARKS + " (?=(?:</?mark>)*[" + CJK + "])", "g"),
                new RegExp("([" + CJK + "])\\|" + MARKS + "$")];
  var ZWSP = /\u200b/g;

  function mode() { return /^(zh|ja)\b/i.test(document.documentElement.lang || "") ? "han" : "cjk"; }

  function joined(text) {
    text = String(text || "");
    if (mode() === "cjk") {
      text = text.normalize("NFC");
      JOINED.forEach(function (re) { text = text.replace(re, "$1$2"); });
    }
    return text.replace(ZWSP, "");
  }

  /* A query with CJK is searched as its characters, pages with them side by side (the phrase)
     first, ranked by Pagefind's score, their excerpt around the phrase; any other query as it is.
     Then the pages with the characters apart: in Chinese, where a character alone says much, always;
     elsewhere only when no page has the phrase (Pagefind finds 보 in 복 and 본 too, and a Hangul
     syllable alone says little). */
  function find(pf, query) {
    query = query.normalize("NFC");  // Hangul typed as jamo too
    var words = query.replace(SPLIT[mode()], "$& ").replace(/\s+/g, " ").trim();
    if (words === query.replace(/\s+/g, " ").trim()) return pf.search(query).then(function (s) { return s ? s.results : []; });
    return Promise.all([pf.search(words), pf.search('"' + words + '"')]).then(function (both) {
      var all = both[0] ? both[0].results : [], phrase = {};
      (both[1] ? both[1].results : []).forEach(function (r) { phrase[r.id] = r; });
      var together = all.filter(function (r) { return phrase[r.id]; }).map(function (r) { return phrase[r.id]; });
      if (together.length && mode() === "cjk") return together;
      return together.concat(all.filter(function (r) { return !phrase[r.id]; }));
    });
  }

  /* noWorker: Pagefind in the page, not a web worker: one request less on a slow line, and the
     wasm search itself takes milliseconds. An excerpt of 24 words, or 40 in Korean, indexed a
     syllable a word (24 would be a line of a phone). */
  function engine(url) {
    if (!engines[url]) {
      var words = /^ko\b/i.test(document.documentElement.lang || "") ? 40 : 24;
      engines[url] = import(url).then(function (pf) {
        return pf.options({ noWorker: true, baseUrl: new URL("../", url).pathname, excerptLength: words, ranking: { pageLength: 0.05 } }).then(function () {
          pf.init();
          return pf;
        });
      });
    }
    return engines[url];
  }

  /* The first results, loaded, a page whose title is the query (or starts with it, or holds it) first. */
  function load(results, query, from, to) {
    var q = query.toLowerCase().replace(/\s+/g, " ").trim();
    return Promise.all(results.slice(from || 0, to || MAX).map(function (r) { return r.data(); })).then(function (rows) {
      function tier(data) {
        var title = joined(data.meta && data.meta.title).toLowerCase().replace(/\s+/g, " ").trim();
        return title === q ? 0 : title.indexOf(q) === 0 ? 1 : title.indexOf(q) >= 0 ? 2 : 3;
      }
      return rows.map(function (data, i) { return { data: data, key: tier(data) * 1000 + i }; })
        .sort(function (a, b) { return a.key - b.key; }).map(function (x) { return x.data; });
    });
  }

  /* Pagefind's excerpt is text (its < and > escaped) with the hits in <mark>: parsed once, after
     a <body> tag so that a space at the start of a text is kept ("<mark>contrats</mark> de"). */
  function excerpt(text) {
    var p = document.createElement("p");
    var body = new DOMParser().parseFromString("<body>" + joined(text), "text/html").body;
    Array.prototype.forEach.call(body.childNodes, function (node) {
      var plain = node.textContent;
      if (!plain) return;
      if (node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = plain;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(plain));
      }
    });
    return p;
  }

  function item(data, sub) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (!sub) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var h = document.createElement(sub ? "h2" : "h1");
    h.textContent = joined((data.meta && data.meta.title) || data.title || data.url);
    article.appendChild(h);
    article.appendChild(excerpt(data.excerpt));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function setup(box) {
    if (box.dataset.ekReady) return;
    box.dataset.ekReady = "1";
    var url = new URL(box.dataset.ekSearch, window.location.href).href;
    var input = box.querySelector(".md-search__input");
    var form = box.querySelector("form");
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var toggle = document.getElementById("__search");
    var latest = 0;

    /* For tests and benchmarks: the result URLs of a query, best first. */
    window.enablekitSearch = function (query) {
      return engine(url).then(function (pf) { return find(pf, query); }).then(function (results) {
        return load(results, query);
      }).then(function (rows) { return rows.map(function (d) { return d.url; }); });
    };

    function open() { if (toggle && !toggle.checked) { toggle.checked = true; } }
    function close() { if (toggle) toggle.checked = false; input.blur(); }
    function count(n) {
      return n === 0 ? box.dataset.none : n === 1 ? box.dataset.one : box.dataset.other.replace("#", String(n));
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) {
        list.textContent = "";
        meta.textContent = box.dataset.placeholder;
        return;
      }
      engine(url).then(function (pf) {
        return find(pf, query);
      }).then(function (results) {
        if (ticket !== latest) return null;
        /* the first few at once (one round of requests on a slow line), then the rest below them */
        return load(results, query, 0, FIRST).then(function (rows) {
          if (ticket !== latest) return null;
          list.textContent = "";
          rows.forEach(function (data) { list.appendChild(item(data, false)); });
          meta.textContent = count(results.length);
          return results.length > FIRST ? load(results, query, FIRST, MAX) : [];
        }).then(function (rows) {
          if (ticket !== latest || !rows) return;
          rows.forEach(function (data) { list.appendChild(item(data, false)); });
        });
      }).catch(function (error) {
        if (ticket === latest) meta.textContent = box.dataset.none;
        if (window.console) window.console.warn("enablekit search:", error);
      });
    }

    input.addEventListener("focus", function () { open(); engine(url); });
    /* Pagefind's code and wasm (about 100 KB, cached after the first page) load while the browser is
       idle after the page, so typing waits only for the index chunk and the results of the query. */
    var idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 200); };
    idle(function () { engine(url); }, { timeout: 3000 });
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    });
    form.addEventListener("reset", function () { window.setTimeout(run, 0); });
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    }
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) close();
    });
    box.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && links.length) { links[Math.min(at + 1, links.length - 1)].focus(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && at >= 0) { (at === 0 ? input : links[at - 1]).focus(); event.preventDefault(); }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        open();
        input.focus();
        event.preventDefault();
      }
    });
  }

  window.enablekitOnPage(function () {
    var box = document.querySelector("[data-ek-search]");
    if (box) setup(box);
  });
})();
