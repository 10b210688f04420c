// Interactive figures (toynn.interactive) on tutorial pages, drawn with the vendored plotly.js.
//
// The build leaves a placeholder per figure, <div class="toynn-plotly" data-src="plot-….json">,
// whose text is the figure's description (what readers without JavaScript see). Here:
//
// - a figure is fetched when it comes within a screen of the viewport; plotly.js is loaded
//   with the first one, so pages without interactive figures never load it: the bundle
//   the placeholder names in data-bundle, "basic" (1.2 MB, 2-D traces) where every figure
//   of the page is 2-D, else "gl3d" (1.75 MB); each figure is drawn and animated by the
//   bundle it asked for, even after instant navigation brought in the other one;
// - a figure with frames gets an HTML slider (arrow keys, Home, End; its value is read
//   out as the epoch) and a play button, in place of plotly's own SVG slider; the label
//   names the frame drawn, and play waits for each frame to be drawn before the next;
// - figures are drawn for a light page; in the dark scheme a CSS filter (toynn.css) turns
//   them dark like the PNG figures, so they follow the palette toggle without a redraw;
// - below 600 px, a figure takes the layout its `layout.meta.narrow` gives (panels stacked);
// - Material's instant navigation swaps the page without a reload: `document$` announces
//   every new page, and figures are set up again.
(function () {
  "use strict";

  var SCRIPTS = {
    basic: new URL("../plotly/plotly-basic.min.js", document.currentScript.src).href,
    gl3d: new URL("../plotly/plotly-gl3d.min.js", document.currentScript.src).href,
  };
  var NARROW = 600;
  var bundles = {}; // bundle name -> Promise of its Plotly object
  var drawn = [];

  // Both bundles set window.Plotly: each one's object is kept when its script has run.
  function plotly(bundle) {
    var src = SCRIPTS[bundle] || SCRIPTS.gl3d;
    if (!bundles[src]) {
      bundles[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () {
          delete bundles[src];
          reject(new Error("could not load " + src));
        };
        document.head.appendChild(script);
      });
    }
    return bundles[src];
  }

  function lookup(layout, path) {
    return path.split(".").reduce(function (node, key) {
      return node == null ? undefined : node[key];
    }, layout);
  }

  // The figure's narrow layout below NARROW px, its own above (null restores a default).
  function sized(figure, width) {
    var narrow = (figure.layout.meta && figure.layout.meta.narrow) || {};
    var update = {};
    Object.keys(narrow).forEach(function (key) {
      var own = lookup(figure.layout, key);
      update[key] = width < NARROW ? narrow[key] : own === undefined ? null : own;
    });
    return update;
  }

  function merge(a, b) {
    Object.keys(b).forEach(function (key) { a[key] = b[key]; });
    return a;
  }

  function message(holder, text) {
    var note = document.createElement("p");
    note.className = "toynn-plotly__fallback";
    note.textContent = text;
    holder.replaceChildren(note);
  }

  // An HTML slider and play button that step through the figure's frames.
  function controls(holder, gd, frames, redraw, Plotly) {
    var bar = document.createElement("div");
    bar.className = "toynn-scrubber";
    var play = document.createElement("button");
    play.type = "button";
    play.className = "md-button toynn-scrubber__play";
    var slider = document.createElement("input");
    slider.type = "range";
    slider.min = 0;
    slider.max = frames.length - 1;
    slider.step = 1;
    slider.value = frames.length - 1;
    slider.className = "toynn-scrubber__slider";
    slider.setAttribute("aria-label", "Epoch shown in the figure");
    var label = document.createElement("output");
    label.className = "toynn-scrubber__label";
    bar.append(play, slider, label);
    holder.appendChild(bar);

    var shown = frames.length - 1;
    var wanted = shown;
    var busy = false;
    var timer = null;

    function describe(index) { // the slider's value, read out while it moves
      slider.setAttribute("aria-valuetext", "epoch " + frames[index].name);
    }
    function drawnNow() { // the label names the frame on screen, never one still coming
      label.textContent = "epoch " + frames[shown].name;
      gd.dataset.frame = frames[shown].name;
    }

    // Plotly queues animations; drawing only the latest wanted frame keeps up with a drag.
    function show(index) {
      wanted = index;
      describe(index);
      if (busy || wanted === shown) return;
      busy = true;
      var name = frames[wanted].name;
      shown = wanted;
      Plotly.animate(gd, [name], {
        frame: { duration: 0, redraw: redraw },
        transition: { duration: 0 },
      }).then(done, done);
    }
    function done() {
      busy = false;
      drawnNow();
      if (wanted !== shown) show(wanted);
    }

    function stop() {
      clearInterval(timer);
      timer = null;
      play.textContent = "▶";
      play.setAttribute("aria-label", "Play training");
    }
    function start() {
      if (Number(slider.value) >= frames.length - 1) slider.value = 0;
      show(Number(slider.value));
      play.textContent = "❚❚";
      play.setAttribute("aria-label", "Pause");
      timer = setInterval(function () {
        if (!gd.isConnected || Number(slider.value) >= frames.length - 1) return stop();
        if (busy) return; // a 3-D frame can take longer than a tick: wait for it
        slider.value = Number(slider.value) + 1;
        show(Number(slider.value));
      }, 150);
    }

    slider.addEventListener("input", function () {
      if (timer) stop();
      show(Number(slider.value));
    });
    play.addEventListener("click", function () { (timer ? stop : start)(); });
    stop();
    describe(shown);
    drawnNow();
  }

  function draw(holder) {
    holder.dataset.state = "loading";
    if (holder.dataset.description) {
      holder.setAttribute("aria-label", holder.dataset.description);
    }
    var src = new URL(holder.dataset.src, document.baseURI).href;
    Promise.all([
      plotly(holder.dataset.bundle),
      fetch(src).then(function (response) {
        if (!response.ok) throw new Error(src + ": " + response.status);
        return response.json();
      }),
    ]).then(function (loaded) {
      var Plotly = loaded[0];
      var figure = loaded[1];
      var frames = figure.frames || [];
      var steps = figure.layout.sliders && figure.layout.sliders[0];
      var redraw = Boolean(steps && steps.steps[0].args[1].frame.redraw);
      var layout = merge({}, figure.layout);
      delete layout.sliders;
      delete layout.updatemenus;
      layout.margin = merge(merge({}, layout.margin || {}), { b: 10 });
      var gd = document.createElement("div");
      gd.className = "toynn-plotly__figure";
      holder.replaceChildren(gd);
      var config = {
        responsive: true,
        displaylogo: false,
        modeBarButtonsToRemove: ["toImage", "sendDataToCloud"],
      };
      return Plotly.newPlot(gd, figure.data, layout, config).then(function () {
        return Plotly.relayout(gd, sized(figure, gd.clientWidth));
      }).then(function () {
        if (frames.length) {
          return Plotly.addFrames(gd, frames).then(function () {
            controls(holder, gd, frames, redraw, Plotly);
          });
        }
      }).then(function () {
        drawn.push({ gd: gd, figure: figure, narrow: gd.clientWidth < NARROW, Plotly: Plotly });
        holder.dataset.state = "drawn";
      });
    }).catch(function (error) {
      holder.dataset.state = "failed";
      message(holder, "The interactive figure could not be loaded (" + error.message + ").");
    });
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "100% 0px" }) : null;

  function setUp() {
    drawn = drawn.filter(function (item) { return item.gd.isConnected; });
    document.querySelectorAll(".toynn-plotly[data-src]:not([data-state])").forEach(
      function (holder) {
        holder.dataset.state = "waiting";
        if (observer) observer.observe(holder);
        else draw(holder);
      });
  }

  function resize() {
    drawn.forEach(function (item) {
      var narrow = item.gd.clientWidth < NARROW;
      if (item.gd.isConnected && narrow !== item.narrow) {
        item.narrow = narrow;
        item.Plotly.relayout(item.gd, sized(item.figure, item.gd.clientWidth));
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(resize, 150);
  });
  if (window.document$) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
