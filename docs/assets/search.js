// Search, served from this site only (no other host): Pagefind's index is built over the
// finished site by build.py and loaded in small pieces as the reader types.
// 1. A search box in the header, which opens the search page with the query.
// 2. On the search page, Pagefind's interface, started with that query.
(function () {
  "use strict";
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* no theme config */ }
  var base = (config.base || ".").replace(/\/$/, "") + "/";

  function addHeaderBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".site-search")) { return; }
    var form = document.createElement("form");
    form.className = "site-search";
    form.setAttribute("role", "search");
    form.action = base + "search/";
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "Search";
    input.setAttribute("aria-label", "Search the briefings");
    form.appendChild(input);
    var anchor = header.querySelector(".md-header__source");
    header.insertBefore(form, anchor);
  }

  function startSearchPage() {
    var target = document.getElementById("search");
    if (!target) { return; }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var script = document.createElement("script");
    script.src = base + "pagefind/pagefind-ui.js";
    script.onload = function () {
      var ui = new window.PagefindUI({ element: "#search", showSubResults: true, showImages: false,
        resetStyles: false, bundlePath: base + "pagefind/" });
      if (query) { ui.triggerSearch(query); }
    };
    script.onerror = function () {
      target.textContent = "The search index is missing: build the site with 'python build.py build'.";
    };
    document.head.appendChild(script);
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = base + "pagefind/pagefind-ui.css";
    document.head.appendChild(style);
  }

  addHeaderBox();
  startSearchPage();
})();
