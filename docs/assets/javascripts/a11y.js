// Accessibility fixes for what the theme's own scripts put on every page (toynn.css has the
// colour fixes). The browser tests run axe-core on every page to keep the site clean.
//
// - The search dialog gets an accessible name.
// - Each code block's toolbar, a <nav> holding the copy button, gets a name of its own: a
//   page with several unnamed navigation landmarks cannot be navigated by landmark.
// - Anything that scrolls sideways (a long output line, a wide table or formula on a phone)
//   becomes focusable and named, so that it can be reached and scrolled with the keyboard.
//
// The theme adds its toolbars after the page loads, and instant navigation swaps the page
// content without a reload, so the fixes run again whenever the page's nodes change.
(function () {
  "use strict";

  var SCROLLERS = [
    [".jp-OutputArea-output pre", "Cell output"],
    [".md-typeset__scrollwrap", "Table"],
    [".jp-RenderedHTML", "Output table"],
    [".katex-display", "Formula"],
  ];

  function nameSearch() {
    var search = document.querySelector(".md-search[role='dialog']");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", "Search");
    }
  }

  function nameCodeToolbars() {
    document.querySelectorAll("nav.md-code__nav").forEach(function (nav, index) {
      var label = "Code block " + (index + 1) + " tools";
      if (nav.getAttribute("aria-label") !== label) {
        nav.setAttribute("aria-label", label);
      }
    });
  }

  function reachScrollers() {
    SCROLLERS.forEach(function (entry) {
      var count = 0;
      document.querySelectorAll(entry[0]).forEach(function (element) {
        var scrolls = element.scrollWidth > element.clientWidth + 1;
        if (scrolls && !element.hasAttribute("tabindex")) {
          count += 1;
          element.setAttribute("tabindex", "0");
          element.setAttribute("role", "region");
          element.setAttribute("aria-label", entry[1] + " " + count + ", scrolls sideways");
          element.dataset.toynnScroller = "";
        } else if (scrolls) {
          count += 1;
        } else if (!scrolls && "toynnScroller" in element.dataset) {
          ["tabindex", "role", "aria-label", "data-toynn-scroller"].forEach(function (name) {
            element.removeAttribute(name);
          });
        }
      });
    });
  }

  var pending = false;

  function fixSoon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      nameSearch();
      nameCodeToolbars();
      reachScrollers();
    });
  }

  new MutationObserver(fixSoon).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  window.addEventListener("resize", fixSoon);
  fixSoon();
})();
