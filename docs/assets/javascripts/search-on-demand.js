// The search index is fetched when the reader reaches for search, not with every page.
//
// Material's bundle requests search/search_index.json (240 KB, every page's text) as it
// starts, so every first view paid for a search most readers never make. This script
// runs before the bundle (docs/overrides/main.html puts it in the head) and holds that one
// request back until the reader focuses the search field (by click, tap or the theme's
// keys, "/", "s", "f") or opens a page with a search query in its address. The theme
// then builds its index as before; "Initializing search" shows meanwhile.
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var released = false;
  var waiting = [];

  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (send) { send(); });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.toynnHeld = INDEX.test(new URL(String(url), document.baseURI).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.toynnHeld || released) return send.apply(request, args);
    waiting.push(function () { send.apply(request, args); });
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("[data-md-component=search]")) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") release();
  }, true);
  if (new URLSearchParams(location.search).has("q")) release();
})();
