// The playground's map under the pointer and the keyboard: dragging a first-layer unit's
// line (or, for a curve, where the unit switches on) sets its weights by hand, and the run
// starts again from them; the other pens add and remove the reader's own points, with the
// mouse or with a cross moved by the arrow keys.

import { MAX_POINTS, roundCoordinate } from "./state.js";
import { editablePoints } from "./data.js";
import * as draw from "./draw.js";

export class MapEditor {
  constructor(pg) {
    this.pg = pg; // the Playground
    this.pen = "lines"; // what a click does: "lines", a class "0" to "2", "point", "remove"
    this.drag = null;
    this.cursor = null; // the keyboard's cross, in data coordinates
  }

  choosePen(pen) {
    const pg = this.pg;
    this.pen = pen;
    const input = pg.root.querySelector('input[name="toynn-pg-pen"][value="' + pen + '"]');
    if (input) input.checked = true;
    const regress = pg.state && pg.state.task === "regress";
    const keys = " With the keyboard: the arrow keys move the cross, Enter ";
    pg.ref("maphelp").textContent = pen === "lines"
      ? (regress ? "Drag a numbered handle to move where a hidden unit switches on."
        : "Drag a numbered handle to turn a hidden unit's line, or the line itself to move it.")
        + " With the keyboard, select a unit under Hidden units and type its weights."
      : pen === "remove" ? "Click a point to remove it." + keys + "removes the nearest point."
        : "Click to add a point." + keys + "adds one.";
  }

  // Pointer position in data coordinates and in CSS pixels.
  where(event) {
    const pg = this.pg;
    const map = pg.ref("map");
    const box = map.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const f = draw.frame(pg.data.extent, box.width, box.height);
    return { x: f.fromX(px), y: f.fromY(py), px: px, py: py, f: f };
  }

  pointerDown(event) {
    const pg = this.pg;
    if (!pg.datasets || event.button !== 0) return;
    const at = this.where(event);
    if (this.pen !== "lines") {
      this.editPoints(at);
      return;
    }
    const grab = this.grab(at, event.pointerType === "touch" ? 2 : 1);
    if (!grab) return;
    event.preventDefault();
    pg.ref("map").setPointerCapture(event.pointerId);
    pg.post({ cmd: "pause" });
    this.drag = { ...grab, start: at, w: grab.line.w.slice(), b: grab.line.b };
    pg.select(grab.unit);
  }

  // What the pointer grabs at `at`: a handle or a line of a first-layer unit, or null.
  grab(at, scale) {
    const pg = this.pg;
    const lines = pg.lines();
    const order = lines.map((_, i) => i).sort((a, b) => (b === pg.selected) - (a === pg.selected));
    if (pg.data.task === "regress") {
      for (const i of order) {
        const { w, b } = lines[i];
        if (w[0] === 0) continue;
        const x = at.f.x(-b / w[0]);
        if (Math.abs(x - at.px) < 10 * scale) return { unit: i, kind: "threshold", line: lines[i] };
      }
      return null;
    }
    for (const i of order) {
      const grips = draw.handles(lines[i].w, lines[i].b, pg.data.extent);
      if (!grips) continue;
      for (let g = 0; g < 2; g++) {
        const d = Math.hypot(at.f.x(grips[g][0]) - at.px, at.f.y(grips[g][1]) - at.py);
        if (d < 12 * scale) return { unit: i, kind: "turn", anchor: grips[1 - g], line: lines[i] };
      }
    }
    const perPixel = (2 * pg.data.extent.x) / pg.ref("map").getBoundingClientRect().width;
    for (const i of order) {
      const { w, b } = lines[i];
      const norm = Math.hypot(w[0], w[1]);
      if (norm > 0 && Math.abs(w[0] * at.x + w[1] * at.y + b) / norm < 8 * scale * perPixel) {
        return { unit: i, kind: "move", line: lines[i] };
      }
    }
    return null;
  }

  pointerMove(event) {
    const pg = this.pg;
    if (!this.drag) return;
    const at = this.where(event);
    const d = this.drag;
    const net = pg.net;
    let w = d.w.slice();
    let b = d.b;
    if (d.kind === "threshold") {
      b = -w[0] * at.x;
    } else if (d.kind === "move") {
      b = d.b - (w[0] * (at.x - d.start.x) + w[1] * (at.y - d.start.y));
    } else {
      const dx = at.x - d.anchor[0];
      const dy = at.y - d.anchor[1];
      const length = Math.hypot(dx, dy);
      if (length < 1e-6) return;
      let normal = [-dy / length, dx / length];
      if (normal[0] * d.w[0] + normal[1] * d.w[1] < 0) normal = [-normal[0], -normal[1]];
      const size = Math.hypot(d.w[0], d.w[1]);
      w = [size * normal[0], size * normal[1]];
      b = -(w[0] * d.anchor[0] + w[1] * d.anchor[1]);
    }
    w.forEach((value, j) => { net.params[net.w(0, d.unit, j)] = value; });
    net.params[net.b(0, d.unit)] = b;
    pg.redraw();
  }

  pointerUp(event) {
    const pg = this.pg;
    if (!this.drag) return;
    pg.ref("map").releasePointerCapture(event.pointerId);
    this.drag = null;
    pg.startFromHere();
  }

  cancel() {
    const pg = this.pg;
    if (!this.drag) return;
    this.drag = null;
    pg.startFromHere();
  }

  // --- The reader's own points ----------------------------------------------------------

  editPoints(at) {
    const pg = this.pg;
    const e = pg.data.extent;
    const points = editablePoints(pg.state, pg.datasets);
    const regress = pg.state.task === "regress";
    if (this.pen === "remove") {
      let best = -1;
      let distance = 14;
      points.forEach((point, k) => {
        const d = Math.hypot(at.f.x(point[0]) - at.px, at.f.y(point[1]) - at.py);
        if (d < distance) {
          best = k;
          distance = d;
        }
      });
      if (best < 0) return;
      points.splice(best, 1);
    } else {
      if (points.length >= MAX_POINTS) {
        pg.problem("data", "The playground takes at most " + MAX_POINTS + " points.");
        return;
      }
      const x = roundCoordinate(Math.max(-0.95 * e.x, Math.min(0.95 * e.x, at.x)));
      const y = roundCoordinate(Math.max(-0.95 * e.y, Math.min(0.95 * e.y, at.y)));
      points.push(regress ? [x, y] : [x, y, Number(this.pen)]);
    }
    pg.update({ data: "own", task: pg.state.task, points: points });
  }

  key(event) {
    const pg = this.pg;
    if (this.pen === "lines") return;
    const e = pg.data.extent;
    const step = (event.shiftKey ? 0.1 : 0.02) * e.x;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step],
      ArrowDown: [0, -step] };
    this.cursor = this.cursor || [0, 0];
    if (moves[event.key]) {
      const [dx, dy] = moves[event.key];
      this.cursor = [Math.max(-e.x, Math.min(e.x, this.cursor[0] + dx)),
        Math.max(-e.y, Math.min(e.y, this.cursor[1] + (dy * e.y) / e.x))];
    } else if (event.key === "Enter" || event.key === " ") {
      const box = pg.ref("map").getBoundingClientRect();
      const f = draw.frame(e, box.width, box.height);
      this.editPoints({ x: this.cursor[0], y: this.cursor[1], px: f.x(this.cursor[0]),
        py: f.y(this.cursor[1]), f: f });
    } else {
      return;
    }
    event.preventDefault();
    pg.redraw();
  }
}
