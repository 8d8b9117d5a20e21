/* enablekit: client-side filter of the objection library (works offline, no server).
   Re-runs on every page load of Material's instant navigation. */
(function () {
  "use strict";
  function words(value) { return (value || "").split(/\s+/).filter(Boolean); }

  function setup(form) {
    if (form.dataset.ekReady) return;
    form.dataset.ekReady = "1";
    var cards = Array.prototype.slice.call(document.querySelectorAll(".ek-objection"));
    var empty = document.querySelector(".ek-filter__empty");
    var count = form.querySelector(".ek-filter__count");
    var fields = ["role", "industry", "stage", "category", "competitor"];
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
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  function init() {
    var form = document.querySelector("[data-ek-filter]");
    if (form) setup(form);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
