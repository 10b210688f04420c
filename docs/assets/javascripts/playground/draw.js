// Drawing for the playground, on canvas: the decision map (or fitted curve) with the data
// and the first layer's unit lines, each hidden unit's small map, the network diagram and
// the loss curve. Functions of what to draw only; playground.js decides when (at most once
// per animation frame). Colours come from the page's theme, so light and dark both work.

// Classes as toynn's plots draw them (Okabe-Ito colours, a marker per class).
const CLASS_COLORS = ["#0072B2", "#D55E00", "#009E73"];
const POSITIVE = "#0072B2";
const NEGATIVE = "#D55E00";
const MAP_STRENGTH = 0.6; // how far the map's colour goes from the page's towards a class

let probe = null;

// Any CSS colour as [r, g, b] (the canvas normalises it).
function rgb(color) {
  probe = probe || document.createElement("canvas").getContext("2d");
  probe.fillStyle = "#000";
  probe.fillStyle = color;
  const value = probe.fillStyle;
  if (value[0] === "#") return [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
  return value.match(/[\d.]+/g).slice(0, 3).map(Number);
}

// The theme's colours now (they change with the palette toggle).
export function palette(element) {
  const style = getComputedStyle(element);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  const bg = rgb(read("--md-default-bg-color", "#fff"));
  const fg = rgb(read("--md-default-fg-color", "#000"));
  return {
    bg: bg,
    fg: fg,
    classes: CLASS_COLORS.map(rgb),
    css: (c, alpha = 1) => "rgba(" + c[0] + "," + c[1] + "," + c[2] + "," + alpha + ")",
  };
}

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

// A canvas sized to its box at the screen's pixel density; drawing is in CSS pixels.
export function prepare(canvas) {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx: ctx, width: width, height: height };
}

// Where data coordinates land on a canvas of `width` x `height` showing `extent`.
export function frame(extent, width, height) {
  return {
    x: (x) => ((x + extent.x) / (2 * extent.x)) * width,
    y: (y) => ((extent.y - y) / (2 * extent.y)) * height,
    fromX: (px) => (px / width) * 2 * extent.x - extent.x,
    fromY: (py) => extent.y - (py / height) * 2 * extent.y,
  };
}

// The colour of the map where the outputs are `values` (one per output, for one point).
function mapColor(colors, outputs, values) {
  if (outputs === 1) {
    const p = 1 / (1 + Math.exp(-values[0]));
    const c = p < 0.5 ? colors.classes[0] : colors.classes[1];
    return mix(colors.bg, c, Math.abs(2 * p - 1) * MAP_STRENGTH);
  }
  let best = 0;
  let max = -Infinity;
  for (let c = 0; c < outputs; c++) if (values[c] > max) { max = values[c]; best = c; }
  let sum = 0;
  for (let c = 0; c < outputs; c++) sum += Math.exp(values[c] - max);
  const confidence = (1 / sum - 1 / outputs) / (1 - 1 / outputs);
  return mix(colors.bg, colors.classes[best], confidence * MAP_STRENGTH);
}

// An image of `size` x `size` cells whose cell k has colour paint(k); drawn smoothly scaled.
function cells(ctx, size, paint, x, y, width, height) {
  const image = new ImageData(size, size);
  for (let k = 0; k < size * size; k++) {
    const c = paint(k);
    image.data[4 * k] = c[0];
    image.data[4 * k + 1] = c[1];
    image.data[4 * k + 2] = c[2];
    image.data[4 * k + 3] = 255;
  }
  const tile = document.createElement("canvas");
  tile.width = size;
  tile.height = size;
  tile.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, x, y, width, height);
}

function marker(ctx, c, x, y, r) {
  ctx.beginPath();
  if (c === 0) {
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  } else if (c === 1) {
    ctx.moveTo(x, y - 1.25 * r);
    ctx.lineTo(x + 1.1 * r, y + 0.75 * r);
    ctx.lineTo(x - 1.1 * r, y + 0.75 * r);
    ctx.closePath();
  } else {
    ctx.rect(x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r);
  }
  ctx.fill();
  ctx.stroke();
}

function points(ctx, colors, f, data, radius) {
  ctx.lineWidth = 1;
  ctx.strokeStyle = colors.css(colors.bg);
  for (let k = 0; k < data.n; k++) {
    const c = data.y[k];
    ctx.fillStyle = colors.css(colors.classes[c]);
    marker(ctx, c, f.x(data.X[2 * k]), f.y(data.X[2 * k + 1]), radius);
  }
}

// Where the line w . x + b = 0 crosses the box of `extent` (two points), or null.
export function lineEnds(w, b, extent) {
  const found = [];
  const add = (x, y) => {
    if (Math.abs(x) <= extent.x * 1.0000001 && Math.abs(y) <= extent.y * 1.0000001
        && !found.some((p) => Math.hypot(p[0] - x, p[1] - y) < 1e-9)) found.push([x, y]);
  };
  if (w[1] !== 0) {
    for (const x of [-extent.x, extent.x]) add(x, -(b + w[0] * x) / w[1]);
  }
  if (w[0] !== 0) {
    for (const y of [-extent.y, extent.y]) add(-(b + w[1] * y) / w[0], y);
  }
  return found.length >= 2 ? found.slice(0, 2) : null;
}

// The handles of a unit's line: its ends, pulled 8 % of the way in, so they can be grabbed.
export function handles(w, b, extent) {
  const ends = lineEnds(w, b, extent);
  if (!ends) return null;
  const [a, c] = ends;
  const inward = (p, q) => [p[0] + 0.08 * (q[0] - p[0]), p[1] + 0.08 * (q[1] - p[1])];
  return [inward(a, c), inward(c, a)];
}

// The main view of a classification: map, points, unit lines (with handles), cursor.
export function decisionMap(canvas, view) {
  const { ctx, width, height } = prepare(canvas);
  const colors = view.colors;
  const f = frame(view.extent, width, height);
  const G = view.grid.size;
  const n = G * G;
  const values = new Float64Array(view.outputs);
  cells(ctx, G, (k) => {
    // grid row 0 is the top of the map
    for (let c = 0; c < view.outputs; c++) values[c] = view.grid.out[c * n + k];
    return mapColor(colors, view.outputs, values);
  }, 0, 0, width, height);
  points(ctx, colors, f, view.data, width < 150 ? 1.3 : width < 300 ? 2.6 : 3.2);
  view.lines.forEach((line, i) => {
    const ends = lineEnds(line.w, line.b, view.extent);
    if (!ends) return;
    const selected = i === view.selected;
    ctx.strokeStyle = colors.css(colors.fg, selected ? 0.95 : 0.6);
    ctx.lineWidth = selected ? 2.5 : 1.5;
    ctx.setLineDash(selected ? [] : [6, 4]);
    ctx.beginPath();
    ctx.moveTo(f.x(ends[0][0]), f.y(ends[0][1]));
    ctx.lineTo(f.x(ends[1][0]), f.y(ends[1][1]));
    ctx.stroke();
    ctx.setLineDash([]);
    const grips = handles(line.w, line.b, view.extent);
    grips.forEach((grip, g) => {
      ctx.fillStyle = colors.css(colors.bg, 0.95);
      ctx.strokeStyle = colors.css(colors.fg, selected ? 1 : 0.7);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(f.x(grip[0]), f.y(grip[1]), g === 0 ? 8 : 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      if (g === 0) {
        ctx.fillStyle = colors.css(colors.fg);
        ctx.font = "bold 10px system-ui, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(String(i + 1), f.x(grip[0]), f.y(grip[1]) + 0.5);
      }
    });
  });
  if (view.cursor) crosshair(ctx, colors, f.x(view.cursor[0]), f.y(view.cursor[1]));
}

function crosshair(ctx, colors, x, y) {
  ctx.strokeStyle = colors.css(colors.fg);
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x - 10, y);
  ctx.lineTo(x + 10, y);
  ctx.moveTo(x, y - 10);
  ctx.lineTo(x, y + 10);
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(x, y, 6, 0, 2 * Math.PI);
  ctx.stroke();
}

// The main view of a regression: points, fitted curve, each unit's threshold x = -b / w.
export function fittedCurve(canvas, view) {
  const { ctx, width, height } = prepare(canvas);
  const colors = view.colors;
  const f = frame(view.extent, width, height);
  ctx.strokeStyle = colors.css(colors.fg, 0.25);
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, f.y(0));
  ctx.lineTo(width, f.y(0));
  ctx.moveTo(f.x(0), 0);
  ctx.lineTo(f.x(0), height);
  ctx.stroke();
  ctx.fillStyle = colors.css(colors.classes[0], 0.8);
  const radius = width < 150 ? 1.2 : 2.6;
  for (let k = 0; k < view.data.n; k++) {
    ctx.beginPath();
    ctx.arc(f.x(view.data.X[k]), f.y(view.data.y[k]), radius, 0, 2 * Math.PI);
    ctx.fill();
  }
  view.lines.forEach((line, i) => {
    if (line.w[0] === 0) return;
    const x = -line.b / line.w[0];
    if (Math.abs(x) > view.extent.x) return;
    const selected = i === view.selected;
    ctx.strokeStyle = colors.css(colors.fg, selected ? 0.9 : 0.45);
    ctx.lineWidth = selected ? 2 : 1;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(f.x(x), 18);
    ctx.lineTo(f.x(x), height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colors.css(colors.bg, 0.95);
    ctx.strokeStyle = colors.css(colors.fg, selected ? 1 : 0.7);
    ctx.beginPath();
    ctx.arc(f.x(x), 10, 8, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = colors.css(colors.fg);
    ctx.font = "bold 10px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(String(i + 1), f.x(x), 10.5);
  });
  ctx.strokeStyle = colors.css(colors.classes[1]);
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  const xs = view.curve.x;
  for (let k = 0; k < xs.length; k++) {
    const y = Math.max(-4 * view.extent.y, Math.min(4 * view.extent.y, view.curve.out[k]));
    if (k === 0) ctx.moveTo(f.x(xs[k]), f.y(y));
    else ctx.lineTo(f.x(xs[k]), f.y(y));
  }
  ctx.stroke();
  if (view.cursor) crosshair(ctx, colors, f.x(view.cursor[0]), f.y(view.cursor[1]));
}

// One hidden unit's small map: its activation over the plane (or its curve over x).
export function unitMap(canvas, view, layer, unit) {
  const { ctx, width, height } = prepare(canvas);
  const colors = view.colors;
  const acts = view.task === "regress" ? view.curve.acts[layer] : view.grid.acts[layer];
  const count = view.task === "regress" ? view.curve.x.length : view.grid.size ** 2;
  const row = acts.subarray(unit * count, (unit + 1) * count);
  let low = view.activation === "tanh" ? -1 : 0;
  let high = 1;
  if (view.activation === "relu") {
    high = 0;
    for (const a of row) high = Math.max(high, a);
    high = high || 1;
  }
  if (view.task === "regress") {
    const f = frame({ x: view.extent.x, y: 1 }, width, height);
    ctx.strokeStyle = colors.css(colors.fg, 0.2);
    ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
    ctx.strokeStyle = colors.css(colors.fg, 0.9);
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let k = 0; k < count; k++) {
      const y = (2 * (row[k] - low)) / (high - low) - 1;
      const px = f.x(view.curve.x[k]);
      const py = 4 + (height - 8) * (1 - (y + 1) / 2);
      if (k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    return;
  }
  const G = view.grid.size;
  cells(ctx, G, (k) => mix(colors.bg, colors.fg, (0.85 * (row[k] - low)) / (high - low)),
    0, 0, width, height);
  if (layer === 0) {
    const line = view.lines[unit];
    const ends = lineEnds(line.w, line.b, view.extent);
    const f = frame(view.extent, width, height);
    if (ends) {
      ctx.strokeStyle = colors.css(colors.classes[1]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(f.x(ends[0][0]), f.y(ends[0][1]));
      ctx.lineTo(f.x(ends[1][0]), f.y(ends[1][1]));
      ctx.stroke();
    }
  }
}

// The network: a column of nodes per layer, an edge per weight, its width the weight's size
// and its colour the sign (blue positive, vermillion negative, dashed when negative).
export function network(canvas, view, net) {
  const { ctx, width, height } = prepare(canvas);
  const colors = view.colors;
  const sizes = net.sizes;
  const columns = sizes.length;
  const pad = 22;
  const at = (l, i) => [pad + ((width - 2 * pad) * l) / (columns - 1),
    pad + ((height - 2 * pad) * (i + 0.5)) / sizes[l]];
  let max = 0;
  for (let l = 0; l + 1 < columns; l++) {
    for (let i = 0; i < sizes[l + 1]; i++) {
      for (let j = 0; j < sizes[l]; j++) max = Math.max(max, Math.abs(net.params[net.w(l, i, j)]));
    }
  }
  for (let l = 0; l + 1 < columns; l++) {
    for (let i = 0; i < sizes[l + 1]; i++) {
      for (let j = 0; j < sizes[l]; j++) {
        const weight = net.params[net.w(l, i, j)];
        const [x0, y0] = at(l, j);
        const [x1, y1] = at(l + 1, i);
        ctx.strokeStyle = weight >= 0 ? POSITIVE : NEGATIVE;
        ctx.globalAlpha = 0.35 + 0.65 * (Math.abs(weight) / (max || 1));
        ctx.lineWidth = 0.5 + 5 * (Math.abs(weight) / (max || 1));
        ctx.setLineDash(weight >= 0 ? [] : [4, 3]);
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
        ctx.stroke();
      }
    }
  }
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  const radius = Math.min(13, (height - 2 * pad) / (2 * Math.max(...sizes)) - 1);
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  for (let l = 0; l < columns; l++) {
    for (let i = 0; i < sizes[l]; i++) {
      const [x, y] = at(l, i);
      ctx.fillStyle = colors.css(colors.bg);
      ctx.strokeStyle = colors.css(colors.fg, 0.8);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = colors.css(colors.fg);
      const label = l === 0 ? (sizes[0] === 1 ? "x" : "x" + (i + 1))
        : l === columns - 1 ? (sizes[l] === 1 ? "out" : String(i)) : String(i + 1);
      if (radius >= 7) ctx.fillText(label, x, y + 0.5);
    }
  }
}

// The loss curve on a log scale: losses[e] for every epoch e so far, the target dashed.
export function lossCurve(canvas, view, losses, target) {
  const { ctx, width, height } = prepare(canvas);
  const colors = view.colors;
  const left = 44;
  const bottom = 20;
  const top = 8;
  const right = 10;
  let low = target;
  let high = target;
  for (const v of losses) {
    if (v > 0 && Number.isFinite(v)) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  const lo = Math.floor(Math.log10(low));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(high)));
  const epochs = Math.max(1, losses.length - 1);
  const px = (e) => left + ((width - left - right) * e) / epochs;
  const py = (v) => top + (height - top - bottom) * (1 - (Math.log10(v) - lo) / (hi - lo));
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = colors.css(colors.fg, 0.85);
  ctx.strokeStyle = colors.css(colors.fg, 0.15);
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  const step = Math.max(1, Math.ceil((hi - lo) / 4));
  for (let d = lo; d <= hi; d += step) {
    ctx.beginPath();
    ctx.moveTo(left, py(10 ** d));
    ctx.lineTo(width - right, py(10 ** d));
    ctx.stroke();
    ctx.fillText(d >= -3 && d <= 3 ? String(10 ** d) : "1e" + d, left - 5, py(10 ** d));
  }
  ctx.textAlign = "left";
  ctx.textBaseline = "bottom";
  ctx.fillText("epoch 0", left, height - 2);
  ctx.textAlign = "right";
  ctx.fillText("epoch " + (losses.length - 1), width - right, height - 2);
  ctx.strokeStyle = colors.css(colors.fg, 0.6);
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(left, py(target));
  ctx.lineTo(width - right, py(target));
  ctx.stroke();
  ctx.setLineDash([]);
  if (!losses.length) return;
  if (losses.length === 1) { // not trained yet: the loss of the initial weights, a dot
    ctx.fillStyle = colors.css(colors.classes[0]);
    ctx.beginPath();
    ctx.arc(px(0), py(Math.max(losses[0], 10 ** lo)), 3, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  ctx.strokeStyle = colors.css(colors.classes[0]);
  ctx.lineWidth = 2;
  ctx.beginPath();
  // At most about two points per pixel column: long runs stay cheap to draw.
  const stride = Math.max(1, Math.floor(losses.length / (2 * (width - left - right))));
  for (let e = 0; e < losses.length; e += stride) {
    const y = py(Math.max(losses[e], 10 ** lo));
    if (e === 0) ctx.moveTo(px(e), y);
    else ctx.lineTo(px(e), y);
  }
  ctx.lineTo(px(losses.length - 1), py(Math.max(losses[losses.length - 1], 10 ** lo)));
  ctx.stroke();
}

// A seed's small decision map (many seeds), or its small fitted curve.
export function thumbnail(canvas, view) {
  if (view.task === "regress") {
    fittedCurve(canvas, { ...view, lines: [], cursor: null });
  } else {
    decisionMap(canvas, { ...view, lines: [], cursor: null });
  }
}
