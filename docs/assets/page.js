// Reading a page: small behaviours that the theme does not give, with no other host involved.
// 1. Folded sections (<details class="section">, the briefing's long parts) open when a link
//    leads into them (a note, a search result, an anchor in the address) and before the page is
//    printed, so that nothing a reader is sent to, or prints, is hidden.
// 2. On a phone the navigation menu's button (the theme's <label for="__drawer">) is reachable by
//    Tab, named, says whether it is open, and opens with Enter (the theme's) or Space, as a button does.
(function () {
  "use strict";
  function reveal(target) {
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }
  function byHash(hash) {  // the element an address's #fragment names; none for a malformed one
    try { return document.getElementById(decodeURIComponent(hash.slice(1))); } catch (e) { return null; }
  }
  function revealHash() {
    if (!window.location.hash) { return; }
    var target = byHash(window.location.hash);
    if (target) {
      var hidden = target.closest("details:not([open])");
      reveal(target);
      if (hidden) { target.scrollIntoView(); }
    }
  }
  var printing = [];
  window.addEventListener("beforeprint", function () {
    printing = Array.prototype.filter.call(document.querySelectorAll("details.section, details.updated-later"), function (d) { return !d.open; });
    printing.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    printing.forEach(function (d) { d.open = false; });
    printing = [];
  });
  window.addEventListener("hashchange", revealHash);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.pathname !== window.location.pathname) { return; }
    var target = byHash(link.hash);
    if (target) { reveal(target); }
  });

  function menuButton() {
    var toggle = document.getElementById("__drawer");
    document.querySelectorAll("label[for='__drawer']").forEach(function (label) {
      if (label.closest(".md-header") === null) { return; }  // the drawer's own labels stay as they are
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      label.setAttribute("aria-controls", "__drawer");
      // Its name: the navigation's own (the theme's words, in the page's language).
      var nav = document.querySelector("nav.md-nav--primary");
      label.setAttribute("aria-label", (nav && nav.getAttribute("aria-label")) || "Navigation");
      var sync = function () { label.setAttribute("aria-expanded", toggle && toggle.checked ? "true" : "false"); };
      sync();
      if (toggle) { toggle.addEventListener("change", sync); }
      // Enter: the theme clicks a focused label itself. Space, as on any button, does the same here.
      label.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          label.click();
        }
      });
    });
  }
  function start() { revealHash(); menuButton(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
