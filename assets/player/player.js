// The Playground's step player: a Streamlit components-v2 module (vanilla JS + SVG).
//
// It only *displays* what Python computed (tconv/render/player.py: player_payload): every label,
// running sum, formula and text arrives in `data`. No arithmetic on values happens here;
// the canvas at frame f is rebuilt by replaying the labels that steps 0..f wrote.
//
// Frames 0..n-1 are the n scatter steps; frame n is the "Result" (the cropped output).
// Colours: Okabe-Ito (colour-blind safe). Layout: the one geometry rule of
// tconv/render/frames_layout.py, shipped as payload.geometry and evaluated here for the
// player's box (the GIF/PNG export evaluates it for its own box).

// The payload (tconv/render/player.py: PlayerPayload, a TypedDict):
/**
 * @typedef {{v: number[][], t: string[][]}} Grid  values and their labels
 * @typedef {{pos: number[], value: string, rows: number[], cols: number[],
 *            scaled: string[][], products: string[][], after: string[][]}} Step
 * @typedef {{kind: "out"|"crop"|"beyond", formula?: string, numbers?: string,
 *            src?: number[]}} Cell  src: flat r, c, u, v, ... of the products feeding it
 * @typedef {{x: Grid, k: Grid, output: Grid, bias: string, has_bias: boolean,
 *            params: {stride: number[], padding: number[], output_padding: number[],
 *                     dilation: number[]},
 *            full_shape: number[], ext_shape: number[], crop: number[][],
 *            label_len: {x: number, k: number, canvas: number, output: number},
 *            steps: Step[], texts: string[], cells: (Cell|null)[][], geometry: Geometry,
 *            id: string}} PlayerPayload
 * @typedef {number[][]} Form  terms [a, b, m, c]: the largest a*xk + b*span + m*ymin + c
 * @typedef {{canvas: number[], footprint: number[], origin: number[],
 *            size: Object<string, Form[]>, arrangements: Object<string, {w: Form, h: Form,
 *            pos: Object<string, Form[]>}>, title_min: {y: number, y_window: number},
 *            title: {size: number, baseline: number, x: number, char: number, pad: number},
 *            titles: {x: string[], canvas: string[], output: string[]},
 *            font: {x: number, k: number, canvas: number, output: number, min: number},
 *            index_every_other_below: number, cell_min: {wide: number, narrow: number},
 *            rule: Object<string, number>}} Geometry  (frames_layout.geometry)
 * @typedef {{payload: PlayerPayload, present: boolean}} PlayerData  what Python mounts
 */
const NS = "http://www.w3.org/2000/svg";
const C = {
  blue: "#0072B2",
  orange: "#E69F00",
  vermillion: "#D55E00",
  sky: "#56B4E9",
  green: "#009E73",
  ink: "#1a1a1a",
  grey: "#666666",
  grid: "#8c8c8c",
  added: "#FBE0A6", // light orange: the cells the current step just wrote
  strip: "#DDF1EA", // light bluish green: the output_padding strip
  hoverFill: "#BFE4F8", // light sky: the cells that feed the hovered cell / its footprint
  hoverHere: "#8FD0F2", // sky: the hovered cell itself
};
const BASE_MS = 1000; // one frame at 1x
let uidCounter = 0;
const players = new Set(); // every mounted player (keys go to the active one)
let activePlayer = null;

function esc(s) {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

// ---- the geometry ------------------------------------------------------------------------
// The layout rule lives once, in Python (tconv/render/frames_layout.py), and arrives as data:
// payload.geometry holds every panel size and position as forms in the cell sizes, the
// titles and their width rule, each panel's font scale and the rule's numbers. The lines
// below only evaluate that data for the box the player measures, step for step as
// frames_layout.fit does for the export's box; they hold no layout number of their own.
// A term [a, b, m, c] is a*xk + b*span + m*ymin + c (xk: input/kernel cell; span: canvas
// cells shown times the canvas cell, cols for widths and lefts, rows for heights and tops;
// ymin: the canvas title's narrowest width); a form is the largest of its terms.

function value(terms, xk, span, ymin) {
  return Math.max(...terms.map(([a, b, m, c]) => a * xk + b * span + m * ymin + c));
}

// The largest integer v with v*k <= rest (k > 0), or +-Infinity when k == 0.
function floorDiv(rest, k) {
  if (k <= 0) return rest >= 0 ? Infinity : -Infinity;
  return Math.floor(rest / k);
}

// The largest canvas cell with every term <= limit at span = n*cy; xk fixed, or null: xk = cy.
function maxSpanCell(terms, limit, xk, n, ymin) {
  if (xk === null) return Math.min(...terms.map(([a, b, m, c]) => floorDiv(limit - (m * ymin + c), a + b * n)));
  return Math.min(...terms.map(([a, b, m, c]) => floorDiv(limit - (a * xk + m * ymin + c), b * n)));
}

// The largest input/kernel cell with every term <= limit at this span.
function maxXk(terms, limit, span, ymin) {
  return Math.min(...terms.map(([a, b, m, c]) => floorDiv(limit - (b * span + m * ymin + c), a)));
}

function cellsIn(span, cy, most) {
  return Number.isFinite(span) ? Math.max(1, Math.min(most, Math.floor(span / cy))) : most;
}

function place(g, arr, xk, cy, rows, cols, ymin) {
  const a = g.arrangements[arr], ws = cy * cols, hs = cy * rows;
  const pos = {}, size = {};
  for (const [p, [left, top]] of Object.entries(a.pos)) pos[p] = [value(left, xk, ws, ymin), value(top, xk, hs, ymin)];
  for (const [p, [w, h]] of Object.entries(g.size)) size[p] = [value(w, xk, ws, ymin), value(h, xk, hs, ymin)];
  const [eh, ew] = g.canvas;
  return { arr, w: value(a.w, xk, ws, ymin), h: value(a.h, xk, hs, ymin), pos, size,
    cx: xk, ck: xk, cy, rows, cols, window: rows < eh || cols < ew };
}

// The layout of the panels in a box W x H px: frames_layout.fit (its docstring tells the
// rule). Returns {cx, ck, cy, arr, w, h, pos, size, rows, cols, window}.
export function fitLayout(g, W, H, opts = {}) {
  const rule = g.rule, [eh, ew] = g.canvas;
  const fr = Math.min(eh, g.footprint[0]), fc = Math.min(ew, g.footprint[1]);
  const narrow = W < rule.narrow;
  const maxCell = opts.present ? rule.max_cell_present : rule.max_cell;
  const cmin = Math.min(maxCell, narrow ? g.cell_min.narrow : g.cell_min.wide);
  const minXk = rule.min_xk, xkCap = rule.xk_cap;
  if (narrow && !opts.present) H = Infinity;
  const arrs = Object.entries(g.arrangements);
  const better = (p, best, area = 0, bestArea = 0) => {
    if (!best || area !== bestArea) return !best || area > bestArea;
    const a = Math.min(p.cx, p.cy), b = Math.min(best.cx, best.cy);
    return a > b || (a === b && p.h < best.h);
  };
  const whole = (lo, hBox) => {
    const ymin = g.title_min.y, tops = {};
    for (const [name, a] of arrs) {
      let at = Math.min(maxSpanCell(a.w, W, minXk, ew, ymin), maxSpanCell(a.h, hBox, minXk, eh, ymin), maxCell);
      if (at < minXk) at = Math.min(maxSpanCell(a.w, W, null, ew, ymin), maxSpanCell(a.h, hBox, null, eh, ymin), minXk - 1);
      tops[name] = at;
    }
    const cy = Math.max(...Object.values(tops));
    if (cy < lo) return null;
    let best = null;
    for (const [name, a] of arrs) {
      if (tops[name] < cy) continue;
      const xk = Math.min(maxXk(a.w, W, cy * ew, ymin), maxXk(a.h, hBox, cy * eh, ymin), Math.min(Math.max(cy, xkCap), maxCell));
      const p = place(g, name, xk, cy, eh, ew, ymin);
      if (better(p, best)) best = p;
    }
    return best;
  };
  const windowed = (hBox) => {
    const ymin = g.title_min.y_window;
    let cy = Math.max(...arrs.map(([, a]) => Math.min(maxSpanCell(a.w, W, minXk, fc, ymin), maxSpanCell(a.h, hBox, minXk, fr, ymin))));
    cy = Math.min(cy, cmin);
    if (cy < rule.min_window_cell) return null;
    let best = null, bestArea = 0;
    for (const [name, a] of arrs) {
      const xk = Math.min(maxXk(a.w, W, cy * fc, ymin), maxXk(a.h, hBox, cy * fr, ymin), Math.max(cy, xkCap));
      if (xk < minXk) continue;
      const cols = cellsIn(maxSpanCell(a.w, W, xk, 1, ymin), cy, ew);
      const rows = cellsIn(maxSpanCell(a.h, hBox, xk, 1, ymin), cy, eh);
      const p = place(g, name, xk, cy, rows, cols, ymin);
      if (better(p, best, rows * cols, bestArea)) { best = p; bestArea = rows * cols; }
    }
    return best;
  };
  for (const hBox of [H, Infinity]) {
    const found = opts.overview ? whole(rule.min_overview_cell, hBox) : whole(cmin, hBox) || windowed(hBox);
    if (found) return found;
  }
  return place(g, "column", minXk, rule.min_overview_cell, eh, ew, g.title_min.y); // nothing fits
}

// The longest of `variants` (longest first) whose title fits `width`; else the shortest.
function pickTitle(g, variants, width) {
  for (const t of variants) if (Math.ceil(g.title.pad + g.title.char * t.length) <= width) return t;
  return variants[variants.length - 1];
}

function span(a, n) { return `${a}–${a + n - 1}`; }

// Titles of a window of rows r0.. and cols q0.. (name: "Canvas 41×41" or "Output y (41×41)").
function windowTitles(name, r0, rows, q0, cols) {
  const where = `rows ${span(r0, rows)}, cols ${span(q0, cols)}`;
  return [`${name}, ${where}`, where];
}

// One font size per panel ("x", "k", "canvas", "output"), from its longest label, so that
// numbers keep their size from cell to cell and from frame to frame.
function fontSize(g, panel, c) {
  return Math.max(g.font.min, c * g.font[panel]);
}

// Row/column numbers: every one, or every other one when the cells are small.
function indexStep(g, c) {
  return c >= g.index_every_other_below ? 1 : 2;
}

function hatch(id, bg, line) {
  return (
    `<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse" ` +
    `patternTransform="rotate(45)"><rect width="8" height="8" fill="${bg}"/>` +
    `<line x1="0" y1="0" x2="0" y2="8" stroke="${line}" stroke-width="3"/></pattern>`
  );
}

// The height of the page's own header bar (the player must fit below it).
function headerHeight() {
  const h = document.querySelector('header[data-testid="stHeader"]');
  if (!h) return 0;
  const r = h.getBoundingClientRect();
  return Math.max(0, Math.min(r.bottom, 120));
}

// Keys typed in a text field (or the grid editor's cell editor) are the field's own.
function typing(ev) {
  const path = ev.composedPath ? ev.composedPath() : [ev.target];
  return path.some((el) => el && el.tagName && (
    el.tagName === "TEXTAREA" || el.isContentEditable ||
    (el.tagName === "INPUT" && !["range", "checkbox", "radio", "button"].includes(el.type))));
}

// The player the page's keys go to: the last one pointed at or focused, else the one
// most in view.
function keyTarget() {
  if (activePlayer && activePlayer.root.isConnected) return activePlayer;
  let best = null, seen = -Infinity;
  for (const p of players) {
    if (!p.root.isConnected) { players.delete(p); continue; }
    const r = p.root.getBoundingClientRect();
    const h = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0); // < 0: out of view
    if (h > seen) { seen = h; best = p; }
  }
  return best;
}

function installPageKeys() {
  if (typeof document === "undefined" || document.__tcPlayerKeys) return;
  document.__tcPlayerKeys = true;
  document.addEventListener("keydown", (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || typing(ev)) return;
    const path = ev.composedPath ? ev.composedPath() : [];
    if (path.some((el) => el && el.tagName === "SELECT")) return;
    const p = keyTarget();
    if (p) p.key(ev);
  });
}

class Player {
  constructor(root) {
    this.root = root;
    this.uid = `tc${++uidCounter}`;
    this.q = (sel) => root.querySelector(sel);
    this.el = {
      first: this.q(".tc-first"),
      prev: this.q(".tc-prev"),
      play: this.q(".tc-play"),
      next: this.q(".tc-next"),
      last: this.q(".tc-last"),
      counter: this.q(".tc-counter"),
      scrub: this.q(".tc-scrub"),
      speed: this.q(".tc-speed"),
      zoom: this.q(".tc-zoom"),
      present: this.q(".tc-present"),
      keysBtn: this.q(".tc-keys-btn"),
      keys: this.q(".tc-keys"),
      text: this.q(".tc-step-text"),
      hoverBox: this.q(".tc-hover"),
      formula: this.q(".tc-formula"),
      numbers: this.q(".tc-numbers"),
      legend: this.q(".tc-legend"),
      panels: this.q(".tc-panels"),
      px: this.q(".tc-panel-x"),
      pk: this.q(".tc-panel-k"),
      py: this.q(".tc-panel-y"),
      sx: this.q(".tc-svg-x"),
      sk: this.q(".tc-svg-k"),
      sy: this.q(".tc-svg-y"),
    };
    this.d = null;
    this.f = 0;
    this.timer = null;
    this.hover = null; // the cell under the pointer {panel, r, c}
    this.pin = null; // the cell clicked or tapped: its formula stays
    this.width = 0;
    this.overview = false; // the whole canvas (small cells) instead of a window
    this.panned = false; // the window was moved by hand: it stays until the step changes
    this.presenting = false;
    this.wire();
    players.add(this);
    installPageKeys();
  }

  wire() {
    const e = this.el;
    const refocus = () => this.root.focus({ preventScroll: true });
    e.first.addEventListener("click", () => { this.pause(); this.go(0); refocus(); });
    e.prev.addEventListener("click", () => { this.pause(); this.go(this.f - 1); refocus(); });
    e.next.addEventListener("click", () => { this.pause(); this.go(this.f + 1); refocus(); });
    e.last.addEventListener("click", () => { this.pause(); this.go(this.n()); refocus(); });
    e.play.addEventListener("click", () => { this.toggle(); refocus(); });
    e.scrub.addEventListener("input", () => { this.pause(); this.go(Number(e.scrub.value)); });
    e.speed.addEventListener("change", () => { if (this.timer) { this.pause(); this.play(); } });
    e.zoom.addEventListener("click", () => { this.toggleZoom(); refocus(); });
    e.present.addEventListener("click", () => { this.setPresent(!this.presenting); refocus(); });
    e.keysBtn.addEventListener("click", () => { this.toggleKeys(); refocus(); });
    this.root.addEventListener("keydown", (ev) => {
      if (typing(ev)) return;
      activePlayer = this;
      this.key(ev);
      if (ev.defaultPrevented) ev.stopPropagation();
    });
    const activate = () => { activePlayer = this; };
    this.root.addEventListener("pointerdown", activate);
    this.root.addEventListener("focusin", activate);
    for (const [svg, panel] of [[e.sx, "x"], [e.sk, "k"], [e.sy, "y"]]) {
      // hover follows the pointer when it moves (not when the cells re-render under a
      // still pointer, e.g. while the keys move a pinned cell and the window follows)
      svg.addEventListener("mousemove", (ev) => {
        const here = `${ev.clientX},${ev.clientY}`;
        if (here === this.lastPointer) return;
        this.lastPointer = here;
        const at = this.cellAt(ev, panel);
        if (at) this.setHover(at);
      });
      svg.addEventListener("mouseleave", () => { this.lastPointer = null; this.setHover(null); });
      svg.addEventListener("click", (ev) => {
        if (this.dragged) { this.dragged = false; return; }
        const at = this.cellAt(ev, panel);
        if (at) this.setPin(this.samePin(at) ? null : at);
      });
    }
    // drag the canvas window (when a window of it shows)
    e.sy.addEventListener("pointerdown", (ev) => {
      if (!this.lay || !this.lay.window) return;
      this.drag = { x: ev.clientX, y: ev.clientY, r0: this.view.r0, q0: this.view.q0 };
      this.dragged = false;
    });
    e.sy.addEventListener("pointermove", (ev) => {
      const g = this.drag;
      if (!g) return;
      const c = this.lay.cy, dr = Math.round((g.y - ev.clientY) / c), dq = Math.round((g.x - ev.clientX) / c);
      if (!this.dragged && Math.abs(g.y - ev.clientY) + Math.abs(g.x - ev.clientX) < 6) return;
      if (!this.dragged) {
        this.dragged = true;
        try { e.sy.setPointerCapture(ev.pointerId); } catch (err) { /* not captured: fine */ }
      }
      this.panTo(g.r0 + dr, g.q0 + dq);
    });
    const endDrag = () => { this.drag = null; };
    e.sy.addEventListener("pointerup", endDrag);
    e.sy.addEventListener("pointercancel", endDrag);
    if (typeof ResizeObserver !== "undefined") {
      // a new width, or a new height above the panels (the text's font arrived, the keys
      // list opened): lay the panels out again
      this.ro = new ResizeObserver(() => {
        if (!this.d) return;
        const w = this.availableWidth();
        if (Math.abs(w - this.width) > 8 || Math.abs(this.aboveHeight() - this.above) > 2) {
          this.textHeight = null;
          this.render();
        }
      });
      this.ro.observe(this.root);
      this.ro.observe(this.el.text);
    }
    if (typeof document !== "undefined" && document.fonts && document.fonts.ready) {
      document.fonts.ready.then(() => { if (this.d) { this.textHeight = null; this.render(); } });
    }
    if (typeof window !== "undefined") {
      window.addEventListener("resize", () => { if (this.d && this.root.isConnected) this.render(); });
    }
  }

  cellAt(ev, panel) {
    const t = ev.target.closest ? ev.target.closest("[data-cell]") : null;
    if (!t) return null;
    const [r, c] = t.getAttribute("data-cell").split(",").map(Number);
    return { panel, r, c };
  }

  samePin(a) {
    const b = this.pin;
    return a && b && a.panel === b.panel && a.r === b.r && a.c === b.c;
  }

  // Keys (on the player, or anywhere on the page when no text field is being edited).
  key(ev) {
    const e = this.el;
    const path = ev.composedPath ? ev.composedPath() : [ev.target];
    const tag = path[0] && path[0].tagName;
    if (tag === "SELECT") return;
    // Space/Enter on a focused button press that button (the click handler then gives
    // the focus back to the player, so the next Space plays or pauses).
    if (tag === "BUTTON" && (ev.key === " " || ev.key === "Enter")) return;
    const isRange = tag === "INPUT";
    const arrows = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    let handled = true;
    if (ev.key === " " || ev.code === "Space") this.toggle();
    else if (ev.key === "Escape") {
      if (this.pin) this.setPin(null);
      else if (this.presenting) this.setPresent(false);
      else handled = false;
    } else if (ev.key === "?") this.toggleKeys();
    else if (ev.key === "p" || ev.key === "P") this.setPresent(!this.presenting);
    else if (isRange) handled = false; // the slider handles its own arrows/Home/End
    else if (arrows[ev.key] && ev.shiftKey && this.lay && this.lay.window) {
      const [dr, dq] = arrows[ev.key];
      this.panTo(this.view.r0 + dr, this.view.q0 + dq);
    } else if (arrows[ev.key] && this.pin) this.movePin(...arrows[ev.key]);
    else if (ev.key === "ArrowRight" || ev.key === "ArrowDown") { this.pause(); this.go(this.f + 1); }
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") { this.pause(); this.go(this.f - 1); }
    else if (ev.key === "Home") { this.pause(); this.go(0); }
    else if (ev.key === "End") { this.pause(); this.go(this.n()); }
    else if ((ev.key === "z" || ev.key === "Z") && !e.zoom.hidden) this.toggleZoom();
    else handled = false;
    if (handled) ev.preventDefault();
  }

  n() { return this.d ? this.d.steps.length : 0; }

  setData(d) {
    if (this.d && this.d.id === d.id) return;
    const sameLength = this.d && this.d.steps.length === d.steps.length;
    const sameShape = this.d && String(this.d.ext_shape) === String(d.ext_shape) &&
      String(this.d.x.v.length) === String(d.x.v.length);
    this.d = d;
    if (!sameLength) this.f = 0;
    this.hover = null;
    if (!sameShape) { this.pin = null; this.win = null; this.panned = false; }
    this.textHeight = null;
    this.el.scrub.max = String(this.n());
    this.legend();
    this.render();
  }

  go(f) {
    const g = Math.max(0, Math.min(this.n(), f));
    if (g === this.f && this.rendered) return;
    this.f = g;
    this.panned = false;
    this.render();
  }

  speed() { return Number(this.el.speed.value) || 1; }

  play() {
    if (this.timer || !this.d) return;
    if (this.f >= this.n()) this.go(0);
    const tick = () => {
      if (this.f >= this.n()) { this.pause(); return; }
      this.go(this.f + 1);
      if (this.f >= this.n()) { this.pause(); return; }
      this.timer = setTimeout(tick, BASE_MS / this.speed());
    };
    this.timer = setTimeout(tick, BASE_MS / this.speed());
    this.playing(true);
  }

  pause() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.playing(false);
  }

  toggle() { if (this.timer) this.pause(); else this.play(); }

  toggleZoom() {
    this.overview = !this.overview;
    this.render();
  }

  toggleKeys() {
    const open = this.el.keys.hidden;
    this.el.keys.hidden = !open;
    this.el.keysBtn.setAttribute("aria-expanded", open ? "true" : "false");
    this.root.setAttribute("data-keys", open ? "open" : "closed");
    this.render();
  }

  setPresent(on) {
    this.presenting = on;
    this.root.setAttribute("data-present", on ? "true" : "false");
    this.el.present.setAttribute("aria-pressed", on ? "true" : "false");
    this.el.present.textContent = on ? "✕ Leave" : "📽 Present";
    this.el.present.title = on ? "Leave Present mode (Esc or P)" : "Present: the player alone on the whole screen (P; Esc leaves)";
    if (on) activePlayer = this;
    this.textHeight = null;
    this.render();
    if (on) this.root.focus({ preventScroll: true });
    else this.root.scrollIntoView({ block: "nearest" });
  }

  setPin(p) {
    this.pin = p;
    if (p) this.follow(p);
    this.applyHover();
  }

  // Arrow keys move the pinned cell within its panel (the window follows it).
  movePin(dr, dq) {
    const p = this.pin, d = this.d;
    let r = p.r + dr, c = p.c + dq;
    let rows, cols, ok = () => true;
    if (p.panel === "x") [rows, cols] = [d.x.v.length, d.x.v[0].length];
    else if (p.panel === "k") [rows, cols] = [d.k.v.length, d.k.v[0].length];
    else if (this.f >= this.n()) { // the Result: output cells, in canvas coordinates
      const [[top, bottom], [left, right]] = d.crop;
      r = Math.max(top, Math.min(bottom - 1, r));
      c = Math.max(left, Math.min(right - 1, c));
      [rows, cols] = d.ext_shape;
    } else {
      [rows, cols] = d.ext_shape;
      ok = (i, j) => d.cells[i] && d.cells[i][j];
    }
    r = Math.max(0, Math.min(rows - 1, r));
    c = Math.max(0, Math.min(cols - 1, c));
    if (!ok(r, c)) return;
    this.hover = null; // the keys lead now, until the pointer moves again
    this.setPin({ panel: p.panel, r, c });
  }

  // Keep a pinned canvas cell inside the window.
  follow(p) {
    if (p.panel !== "y" || !this.lay || !this.lay.window) return;
    const v = this.view;
    let r0 = v.r0, q0 = v.q0;
    if (p.r < r0) r0 = p.r; else if (p.r >= r0 + v.rows) r0 = p.r - v.rows + 1;
    if (p.c < q0) q0 = p.c; else if (p.c >= q0 + v.cols) q0 = p.c - v.cols + 1;
    if (r0 !== v.r0 || q0 !== v.q0) this.panTo(r0, q0);
  }

  panTo(r0, q0) {
    if (!this.lay || !this.lay.window) return;
    const [eh, ew] = this.d.ext_shape, v = this.view;
    r0 = Math.max(0, Math.min(eh - v.rows, r0));
    q0 = Math.max(0, Math.min(ew - v.cols, q0));
    if (r0 === v.r0 && q0 === v.q0) return;
    this.win = { r0, q0 };
    this.panned = true;
    this.render();
  }

  // The canvas cells shown: all of them, or a window that moves when the current step's
  // footprint leaves it (then centres it), or where the learner panned it.
  viewWindow() {
    const [eh, ew] = this.d.ext_shape, lay = this.lay;
    if (!lay.window) return { r0: 0, q0: 0, rows: eh, cols: ew };
    const rows = lay.rows, cols = lay.cols;
    let r0 = this.win ? this.win.r0 : 0, q0 = this.win ? this.win.q0 : 0;
    if (this.f < this.n() && !this.panned) {
      const st = this.d.steps[this.f];
      const a = Math.min(...st.rows), b = Math.max(...st.rows);
      const p = Math.min(...st.cols), q = Math.max(...st.cols);
      if (a < r0 || b >= r0 + rows) r0 = Math.round((a + b + 1 - rows) / 2);
      if (p < q0 || q >= q0 + cols) q0 = Math.round((p + q + 1 - cols) / 2);
    }
    r0 = Math.max(0, Math.min(eh - rows, r0));
    q0 = Math.max(0, Math.min(ew - cols, q0));
    this.win = { r0, q0 };
    return { r0, q0, rows, cols };
  }

  playing(on) {
    const b = this.el.play;
    b.textContent = on ? "❚❚ Pause" : "▶ Play";
    b.setAttribute("aria-label", on ? "Pause" : "Play");
    b.classList.toggle("tc-playing", on);
    this.root.setAttribute("data-playing", on ? "true" : "false");
  }

  availableWidth() {
    const cs = getComputedStyle(this.root);
    const pad = (parseFloat(cs.paddingLeft) || 0) + (parseFloat(cs.paddingRight) || 0);
    const w = this.root.clientWidth ? this.root.clientWidth - pad : 1100;
    return Math.max(280, Math.floor(w));
  }

  // The height the panels may take so that the whole player fits the screen: the
  // viewport, less the page's header (not in Present mode) and what sits above the panels.
  availableHeight() {
    if (typeof window === "undefined" || !window.innerHeight) return Infinity;
    const header = this.presenting ? 0 : headerHeight();
    const above = this.aboveHeight();
    const below = (this.presenting ? 8 : 12) + 4; // the player's padding and border
    return Math.max(160, window.innerHeight - header - above - below - 8);
  }

  aboveHeight() {
    return this.el.panels.getBoundingClientRect().top - this.root.getBoundingClientRect().top;
  }

  // The step text keeps the height of the longest one, so nothing jumps while playing.
  fixTextHeight() {
    const t = this.el.text, d = this.d;
    if (this.textHeight && this.textWidth === t.clientWidth) return;
    t.style.minHeight = "";
    const longest = d.texts.reduce((a, b) => (b.length > a.length ? b : a), "");
    t.textContent = longest;
    this.textHeight = t.getBoundingClientRect().height;
    this.textWidth = t.clientWidth;
    t.style.minHeight = `${Math.ceil(this.textHeight)}px`;
  }

  // The running sums after step f: canvas labels written by steps 0..f (null: untouched).
  canvasLabels(f) {
    const [eh, ew] = this.d.ext_shape;
    const lab = Array.from({ length: eh }, () => new Array(ew).fill(null));
    for (let s = 0; s <= f && s < this.n(); s++) {
      const st = this.d.steps[s];
      st.rows.forEach((R, u) => st.cols.forEach((Cc, v) => { lab[R][Cc] = st.after[u][v]; }));
    }
    return lab;
  }

  // Light or dark, from the Streamlit theme's background (or the system's preference).
  applyTheme() {
    const bg = getComputedStyle(this.root).getPropertyValue("--st-background-color").trim();
    let dark = false;
    if (bg) {
      const probe = document.createElement("span");
      probe.style.color = bg;
      this.root.appendChild(probe);
      const rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || [255, 255, 255]).map(Number);
      probe.remove();
      dark = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128;
    } else if (typeof matchMedia !== "undefined") {
      dark = matchMedia("(prefers-color-scheme: dark)").matches;
    }
    this.root.setAttribute("data-theme", dark ? "dark" : "light");
  }

  render() {
    const d = this.d;
    if (!d) return;
    this.rendered = true;
    this.applyTheme();
    const n = this.n(), f = this.f, result = f >= n;
    const e = this.el;
    this.fixTextHeight();
    e.text.textContent = d.texts[f];
    this.width = this.availableWidth();
    const H = this.availableHeight(); // (a phone's box has no height limit: the rule says so)
    this.above = this.aboveHeight();
    this.root.setAttribute("data-box", `${this.width},${H}`);
    const g = d.geometry, opts = { present: this.presenting };
    const fitted = fitLayout(g, this.width, H, opts);
    this.lay = this.overview ? fitLayout(g, this.width, H, { ...opts, overview: true }) : fitted;
    const canZoom = fitted.window || this.overview;
    this.view = this.viewWindow();
    e.zoom.hidden = !canZoom;
    e.zoom.setAttribute("aria-pressed", this.lay.window ? "true" : "false");
    e.zoom.classList.toggle("tc-zoom-on", !this.lay.window);
    e.zoom.textContent = this.lay.window ? "🔍 Whole" : "🔍 Window";
    this.root.setAttribute("data-zoomed", this.lay.window ? "true" : "false");
    this.root.setAttribute("data-arrangement", this.lay.arr);
    e.sy.setAttribute("data-pan", this.lay.window ? "true" : "false");
    e.counter.textContent = result ? "Result" : `Step ${f + 1} / ${n}`;
    e.counter.setAttribute("data-frame", String(f));
    e.counter.setAttribute("data-frames", String(n + 1));
    this.root.setAttribute("data-frame", String(f));
    e.scrub.value = String(f);
    e.first.disabled = f === 0;
    e.prev.disabled = f === 0;
    e.next.disabled = f >= n;
    e.last.disabled = f >= n;
    const lay = this.lay;
    e.panels.style.height = `${lay.h}px`;
    for (const [name, el] of [["x", e.px], ["k", e.pk], ["y", e.py]]) {
      el.style.left = `${lay.pos[name][0]}px`;
      el.style.top = `${lay.pos[name][1]}px`;
    }
    this.sizes = { x: lay.size.x[0], k: lay.size.k[0], y: lay.size.y[0] };
    this.heights = { x: lay.size.x[1], k: lay.size.k[1], y: lay.size.y[1] };
    this.drawX();
    this.drawK();
    this.drawY();
    this.applyHover();
  }

  // ---- drawing -------------------------------------------------------------------------

  svgOpen(svg, w, h, label) {
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.setAttribute("aria-label", label);
  }

  title(text) {
    const t = this.d.geometry.title;
    return `<text x="${t.x}" y="${t.baseline}" font-size="${t.size}" font-weight="bold" fill="${C.ink}">${esc(text)}</text>`;
  }

  indices(rows, cols, c, x0, y0, r0 = 0, q0 = 0) {
    let s = "";
    const every = indexStep(this.d.geometry, c);
    for (let j = 0; j < cols; j += every) {
      s += `<text x="${x0 + j * c + c / 2}" y="${y0 - 6}" font-size="14" text-anchor="middle" fill="${C.grey}">${j + q0}</text>`;
    }
    for (let i = 0; i < rows; i += every) {
      s += `<text x="${x0 - 6}" y="${y0 + i * c + c / 2 + 5}" font-size="14" text-anchor="end" fill="${C.grey}">${i + r0}</text>`;
    }
    return s;
  }

  // Titles of the canvas and the result (the longest that fits the panel); in a window,
  // they say which rows and columns show.
  canvasTitle() {
    const [fh, fw] = this.d.full_shape, v = this.view;
    const g = this.d.geometry;
    const t = this.isWindow() ? windowTitles(`Canvas ${fh}×${fw}`, v.r0, v.rows, v.q0, v.cols) : g.titles.canvas;
    return pickTitle(g, t, this.sizes.y);
  }

  outputTitle() {
    const w = this.resultWindow();
    const g = this.d.geometry;
    if (!this.isWindow()) return pickTitle(g, g.titles.output, this.sizes.y);
    const [[top, bottom], [left, right]] = this.d.crop;
    return pickTitle(g, windowTitles(`Output y (${bottom - top}×${right - left})`, w.i0, w.rows, w.j0, w.cols), this.sizes.y);
  }

  isWindow() {
    const v = this.view, [eh, ew] = this.d.ext_shape;
    return v.rows < eh || v.cols < ew;
  }

  // The window in output coordinates (the Result frame), from the canvas window.
  resultWindow() {
    const [[top, bottom], [left, right]] = this.d.crop, v = this.view;
    const oh = bottom - top, ow = right - left;
    const rows = Math.min(oh, v.rows), cols = Math.min(ow, v.cols);
    const i0 = Math.max(0, Math.min(oh - rows, v.r0 - top));
    const j0 = Math.max(0, Math.min(ow - cols, v.q0 - left));
    return { i0, j0, rows, cols };
  }

  cellText(x, y, c, label, opts = {}) {
    const fs = fontSize(this.d.geometry, opts.panel, c);
    const dy = opts.dy || 0;
    return `<text class="tc-num" x="${x + c / 2}" y="${y + c / 2 + fs * 0.36 + dy}" font-size="${fs.toFixed(1)}" text-anchor="middle" fill="${opts.fill || C.ink}"${opts.bold ? ' font-weight="bold"' : ""}>${esc(label)}</text>`;
  }

  drawX() {
    const d = this.d, c = this.lay.cx, n = this.n(), result = this.f >= n;
    const h = d.x.v.length, w = d.x.v[0].length;
    const [x0, y0] = d.geometry.origin;
    const ttl = pickTitle(d.geometry, d.geometry.titles.x, this.sizes.x);
    const W = this.sizes.x, H = this.heights.x;
    const cur = result ? null : d.steps[this.f].pos;
    let bg = "", fg = this.title(ttl) + this.indices(h, w, c, x0, y0);
    for (let r = 0; r < h; r++) {
      for (let q = 0; q < w; q++) {
        const X = x0 + q * c, Y = y0 + r * c;
        const isCur = cur && cur[0] === r && cur[1] === q;
        bg += `<rect data-cell="${r},${q}" data-x="${r},${q}" x="${X}" y="${Y}" width="${c}" height="${c}" fill="${isCur ? C.added : "#ffffff"}" stroke="${C.grid}" stroke-width="1"/>`;
        fg += this.cellText(X, Y, c, d.x.t[r][q], { bold: isCur, panel: "x" });
      }
    }
    if (cur) {
      fg += `<rect x="${x0 + cur[1] * c + 2}" y="${y0 + cur[0] * c + 2}" width="${c - 4}" height="${c - 4}" fill="none" stroke="${C.vermillion}" stroke-width="4"/>`;
    }
    this.paint(this.el.sx, W, H, "Input x", bg, fg, { x0, y0, c });
  }

  drawK() {
    const d = this.d, c = this.lay.ck, n = this.n(), result = this.f >= n;
    const h = d.k.v.length, w = d.k.v[0].length;
    const [x0, y0] = d.geometry.origin;
    const st = result ? null : d.steps[this.f];
    const title = st ? `${st.value} × K` : "Kernel K";
    const W = this.sizes.k, H = this.heights.k;
    let bg = "", fg = this.title(title) + this.indices(h, w, c, x0, y0);
    const small = c >= 44;
    for (let u = 0; u < h; u++) {
      for (let v = 0; v < w; v++) {
        const X = x0 + v * c, Y = y0 + u * c;
        bg += `<rect data-cell="${u},${v}" data-k="${u},${v}" x="${X}" y="${Y}" width="${c}" height="${c}" fill="${st ? C.added : "#ffffff"}" stroke="${C.grid}" stroke-width="1"/>`;
        if (st) {
          fg += this.cellText(X, Y, c, st.scaled[u][v], { bold: true, dy: small ? -c * 0.1 : 0, panel: "k" });
          if (small) {
            const p = st.products[u][v];
            const fs = Math.max(9, Math.min(c * 0.22, (c * 0.92) / (0.6 * p.length)));
            fg += `<text x="${X + c / 2}" y="${Y + c - 6}" font-size="${fs.toFixed(1)}" text-anchor="middle" fill="#444">${esc(p)}</text>`;
          }
        } else {
          fg += this.cellText(X, Y, c, d.k.t[u][v], { panel: "k" });
        }
      }
    }
    if (st) {
      fg += `<rect x="${x0 + 1.5}" y="${y0 + 1.5}" width="${w * c - 3}" height="${h * c - 3}" fill="none" stroke="${C.vermillion}" stroke-width="4"/>`;
    }
    this.paint(this.el.sk, W, H, title, bg, fg, { x0, y0, c });
  }

  drawY() {
    const d = this.d, c = this.lay.cy, n = this.n(), f = this.f;
    if (f >= n) return this.drawResult();
    const [[top, bottom], [left, right]] = d.crop;
    const [ah, aw] = d.params.output_padding;
    const padded = d.params.padding[0] || d.params.padding[1];
    const { r0, q0, rows, cols } = this.view;
    const [x0, y0] = d.geometry.origin;
    const W = this.sizes.y, H = this.heights.y; // (with room for output indices when padded)
    const lab = this.canvasLabels(f);
    const st = d.steps[f];
    const added = new Set();
    st.rows.forEach((R) => st.cols.forEach((Cc) => added.add(`${R},${Cc}`)));
    const id = this.uid;
    const inView = (R, Q) => R >= r0 && R < r0 + rows && Q >= q0 && Q < q0 + cols;
    const px = (Q) => x0 + (Q - q0) * c, py = (R) => y0 + (R - r0) * c;
    let defs = `<defs>${hatch(id + "crop", "#eeeeee", "#c4c4c4")}${hatch(id + "beyond", "#ffffff", "#9fd9c7")}</defs>`;
    let bg = defs, fg = this.title(this.canvasTitle());
    fg += this.indices(rows, cols, c, x0, y0, r0, q0);
    for (let R = r0; R < r0 + rows; R++) {
      for (let Q = q0; Q < q0 + cols; Q++) {
        const cell = d.cells[R][Q];
        if (!cell) continue;
        const X = px(Q), Y = py(R);
        const kind = cell.kind;
        const isAdded = added.has(`${R},${Q}`);
        const inStrip = kind !== "crop" && (R >= bottom - ah || Q >= right - aw);
        let fill = "#ffffff";
        if (kind === "crop") fill = `url(#${id}crop)`;
        else if (kind === "beyond") fill = `url(#${id}beyond)`;
        else if (inStrip) fill = C.strip;
        if (isAdded) fill = C.added;
        const yAttr = kind === "crop" ? "" : ` data-y="${R - top},${Q - left}"`;
        bg += `<rect data-cell="${R},${Q}"${yAttr} x="${X}" y="${Y}" width="${c}" height="${c}" fill="${fill}" stroke="${C.grid}" stroke-width="1"/>`;
        const label = lab[R][Q];
        if (label !== null) {
          fg += this.cellText(X, Y, c, label, { bold: isAdded, fill: kind === "crop" ? "#555555" : C.ink, panel: "canvas" });
        }
      }
    }
    // the output frame, clipped to the shown cells (zoomed, it may reach beyond them)
    fg += `<svg x="${x0}" y="${y0}" width="${cols * c}" height="${rows * c}" overflow="hidden">`;
    fg += this.outputFrame((left - q0) * c, (top - r0) * c, (right - left) * c, (bottom - top) * c, ah * c, aw * c);
    fg += "</svg>";
    for (const key of added) {
      const [R, Q] = key.split(",").map(Number);
      if (!inView(R, Q)) continue;
      fg += `<rect x="${px(Q) + 2}" y="${py(R) + 2}" width="${c - 4}" height="${c - 4}" fill="none" stroke="${C.vermillion}" stroke-width="${c >= 24 ? 4 : 3}"/>`;
    }
    if (padded) {
      // output indices (blue) below and right of the shown cells
      for (let j = 0; j < right - left; j += indexStep(d.geometry, c)) {
        if (left + j < q0 || left + j >= q0 + cols) continue;
        fg += `<text x="${px(left + j) + c / 2}" y="${y0 + rows * c + 17}" font-size="14" text-anchor="middle" fill="${C.blue}">${j}</text>`;
      }
      for (let i = 0; i < bottom - top; i += indexStep(d.geometry, c)) {
        if (top + i < r0 || top + i >= r0 + rows) continue;
        fg += `<text x="${x0 + cols * c + 6}" y="${py(top + i) + c / 2 + 5}" font-size="14" fill="${C.blue}">${i}</text>`;
      }
    }
    this.paint(this.el.sy, W, H, "Canvas", bg, fg, { x0, y0, c, ox: -q0, oy: -r0, rows, cols });
  }

  // Blue outline of the output y, dashed bluish-green outline of the output_padding strip.
  outputFrame(X, Y, w, h, sh, sw) {
    let s = "";
    if (sh > 0) s += `<rect x="${X}" y="${Y + h - sh}" width="${w}" height="${sh}" fill="none" stroke="${C.green}" stroke-width="3" stroke-dasharray="8 5"/>`;
    if (sw > 0) s += `<rect x="${X + w - sw}" y="${Y}" width="${sw}" height="${h}" fill="none" stroke="${C.green}" stroke-width="3" stroke-dasharray="8 5"/>`;
    s += `<rect x="${X}" y="${Y}" width="${w}" height="${h}" fill="none" stroke="${C.blue}" stroke-width="4"/>`;
    return s;
  }

  drawResult() {
    const d = this.d, c = this.lay.cy;
    const [fh, fw] = d.full_shape;
    const [[top, bottom], [left, right]] = d.crop;
    const [ah, aw] = d.params.output_padding;
    const oh = bottom - top, ow = right - left;
    const { i0, j0, rows, cols } = this.resultWindow();
    const [x0, y0] = d.geometry.origin;
    const H = this.heights.y; // as the canvas
    const id = this.uid;
    let bg = `<defs>${hatch(id + "beyond", "#ffffff", "#9fd9c7")}</defs>`;
    let fg = this.title(this.outputTitle());
    fg += this.indices(rows, cols, c, x0, y0, i0, j0);
    for (let i = i0; i < i0 + rows; i++) {
      for (let j = j0; j < j0 + cols; j++) {
        const R = i + top, Q = j + left;
        const X = x0 + (j - j0) * c, Y = y0 + (i - i0) * c;
        const beyond = R >= fh || Q >= fw;
        const inStrip = i >= oh - ah || j >= ow - aw;
        const fill = beyond ? `url(#${id}beyond)` : inStrip ? C.strip : "#ffffff";
        bg += `<rect data-cell="${R},${Q}" data-y="${i},${j}" x="${X}" y="${Y}" width="${c}" height="${c}" fill="${fill}" stroke="${C.grid}" stroke-width="1"/>`;
        fg += this.cellText(X, Y, c, d.output.t[i][j], { bold: true, panel: "output" });
      }
    }
    fg += `<svg x="${x0}" y="${y0}" width="${cols * c}" height="${rows * c}" overflow="hidden">`;
    fg += this.outputFrame(-j0 * c, -i0 * c, ow * c, oh * c, ah * c, aw * c);
    fg += "</svg>";
    this.paint(this.el.sy, this.sizes.y, H, "Output y", bg, fg, { x0, y0, c, ox: -left - j0, oy: -top - i0, rows, cols });
  }

  // An svg = background cells, a hover layer (under the numbers), numbers and outlines.
  paint(svg, w, h, label, bg, fg, geo) {
    this.svgOpen(svg, w, h, label);
    svg.innerHTML = `<g class="tc-bg">${bg}</g><g class="tc-hl" pointer-events="none"></g><g class="tc-fg" pointer-events="none">${fg}</g>`;
    svg.__geo = geo;
  }

  // ---- hover ---------------------------------------------------------------------------

  setHover(h) {
    const same = (a, b) => a && b && a.panel === b.panel && a.r === b.r && a.c === b.c;
    if (same(h, this.hover) || (!h && !this.hover)) return;
    this.hover = h;
    this.applyHover();
  }

  mark(svg, cells, opts = {}) {
    const g = svg.querySelector(".tc-hl"), geo = svg.__geo;
    if (!g || !geo) return;
    let s = "";
    for (const [r, q] of cells) {
      const i = r + (geo.oy || 0), j = q + (geo.ox || 0);
      if (geo.rows !== undefined && (i < 0 || j < 0 || i >= geo.rows || j >= geo.cols)) continue;
      const X = geo.x0 + j * geo.c, Y = geo.y0 + i * geo.c;
      const dash = opts.dash ? ` stroke-dasharray="${opts.dash}" class="tc-pin-mark"` : "";
      s += `<rect x="${X + 1}" y="${Y + 1}" width="${geo.c - 2}" height="${geo.c - 2}" fill="${opts.fill || C.hoverFill}" stroke="${opts.stroke || C.blue}" stroke-width="${opts.width || 3}"${dash}/>`;
    }
    g.innerHTML += s;
  }

  applyHover() {
    const e = this.el, d = this.d;
    for (const svg of [e.sx, e.sk, e.sy]) {
      const g = svg.querySelector(".tc-hl");
      if (g) g.innerHTML = "";
    }
    const h = this.hover || this.pin, n = this.n(), result = this.f >= n;
    const pinned = !!this.pin && (!this.hover || this.samePin(this.hover));
    e.hoverBox.setAttribute("data-pinned", pinned ? "true" : "false");
    if (this.pin) {
      this.root.setAttribute("data-pin", `${this.pin.panel}:${this.pin.r},${this.pin.c}`);
      const svg = { x: e.sx, k: e.sk, y: e.sy }[this.pin.panel];
      this.mark(svg, [[this.pin.r, this.pin.c]], { fill: "none", stroke: C.vermillion, width: 4, dash: "6 4" });
    } else {
      this.root.removeAttribute("data-pin");
    }
    if (!h || !d) {
      e.formula.innerHTML = '<span class="tc-hint">Point at or tap a cell to explain it; a click pins it (Esc unpins).</span>';
      e.numbers.textContent = "";
      this.root.removeAttribute("data-hover");
      return;
    }
    this.root.setAttribute("data-hover", `${h.panel}:${h.r},${h.c}`);
    if (h.panel === "y") {
      const cell = d.cells[h.r] && d.cells[h.r][h.c];
      if (!cell) return;
      const src = cell.src || [], ins = [], taps = [];
      for (let t = 0; t < src.length; t += 4) {
        ins.push([src[t], src[t + 1]]);
        taps.push([src[t + 2], src[t + 3]]);
      }
      this.mark(e.sx, ins);
      this.mark(e.sk, taps);
      this.mark(e.sy, [[h.r, h.c]], { fill: C.hoverHere, width: 5 });
      e.formula.textContent = cell.formula;
      const later = result ? "" : `the final sum, after all ${n} steps`;
      e.numbers.textContent = [cell.numbers, later].filter(Boolean).join(" — ");
    } else if (h.panel === "x") {
      const w = d.x.v[0].length, s = h.r * w + h.c, st = d.steps[s];
      const [[top, bottom], [left, right]] = d.crop;
      const foot = [];
      st.rows.forEach((R) => st.cols.forEach((Q) => {
        if (!result || (R >= top && R < bottom && Q >= left && Q < right)) foot.push([R, Q]);
      }));
      this.mark(e.sx, [[h.r, h.c]], { fill: C.hoverHere, width: 5 });
      this.mark(e.sy, foot);
      e.formula.textContent = `x[${h.r},${h.c}] = ${d.x.t[h.r][h.c]}: its footprint`;
      e.numbers.textContent = d.texts[s];
    } else if (h.panel === "k") {
      this.mark(e.sk, [[h.r, h.c]], { fill: C.hoverHere, width: 5 });
      e.formula.textContent = `k[${h.r},${h.c}] = ${d.k.t[h.r][h.c]}`;
      if (!result) {
        const st = d.steps[this.f];
        const R = st.rows[h.r], Q = st.cols[h.c];
        this.mark(e.sy, [[R, Q]]);
        e.numbers.textContent = `In this step it adds ${st.products[h.r][h.c]} = ${st.scaled[h.r][h.c]} to canvas[${R},${Q}].`;
      } else {
        e.numbers.textContent = "";
      }
    }
  }

  legend() {
    const d = this.d;
    const sw = (inner) => `<svg width="26" height="20" viewBox="0 0 26 20">${inner}</svg>`;
    const id = this.uid + "lg";
    const items = [
      [sw(`<rect x="2" y="2" width="22" height="16" fill="${C.added}" stroke="${C.vermillion}" stroke-width="3"/>`), "this step: input cell, value × K, the cells it adds to"],
      [sw(`<rect x="2" y="2" width="22" height="16" fill="#fff" stroke="${C.blue}" stroke-width="3"/>`), "output y"],
    ];
    const [ph, pw] = d.params.padding, [ah, aw] = d.params.output_padding;
    if (ph || pw) items.push([sw(`<defs>${hatch(id + "c", "#eeeeee", "#c4c4c4")}</defs><rect x="1" y="1" width="24" height="18" fill="url(#${id}c)" stroke="${C.grid}"/>`), "cropped away by padding"]);
    if (ah || aw) items.push([sw(`<rect x="2" y="2" width="22" height="16" fill="${C.strip}" stroke="${C.green}" stroke-width="3" stroke-dasharray="5 3"/>`), "output_padding strip"]);
    const [[, bottom], [, right]] = d.crop;
    if (bottom > d.full_shape[0] || right > d.full_shape[1]) items.push([sw(`<defs>${hatch(id + "b", "#ffffff", "#9fd9c7")}</defs><rect x="1" y="1" width="24" height="18" fill="url(#${id}b)" stroke="${C.grid}"/>`), "beyond the canvas: 0 (+ b)"]);
    items.push([sw(`<rect x="2" y="2" width="22" height="16" fill="${C.hoverFill}" stroke="${C.blue}" stroke-width="2"/>`), "pointed at or pinned"]);
    this.el.legend.innerHTML = items.map(([s, t]) => `<span class="tc-legend-item">${s}${esc(t)}</span>`).join("");
  }
}

export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector(".tc-player");
  if (!root || !data) return undefined;
  /** @type {PlayerData} */
  const mounted = typeof data === "string" ? JSON.parse(data) : data;
  const payload = mounted.payload;
  let p = root.__tcPlayer;
  if (!p) {
    p = new Player(root);
    root.__tcPlayer = p;
  }
  p.setData(payload);
  if (mounted.present && !p.presentedOnce) {
    p.presentedOnce = true; // a link with present=1: once per page load
    p.setPresent(true);
  }
  return () => p.pause();
}
