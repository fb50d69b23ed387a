// The Playground's step player: a Streamlit components-v2 module (vanilla JS + SVG).
//
// It only *displays* what Python computed (tconv/player.py: player_payload): every label,
// running sum, formula and text arrives in `data`. No arithmetic on values happens here;
// the canvas at frame f is rebuilt by replaying the labels that steps 0..f wrote.
//
// Frames 0..n-1 are the n scatter steps; frame n is the "Result" (the cropped output).
// Colours: Okabe-Ito (colour-blind safe). Layout: cell sizes come from the panel sizes and
// the width of the column (tconv/frames.py mirrors this layout for the GIF).

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
const GUTTER = 30; // room for row indices left of a grid
const TITLE = 34; // title line above a grid
const COLIDX = 20; // column indices above a grid
const GAP = 28; // between panels (tc-panels gap)
const ZOOM_CELL = 44; // canvas cell size when zoomed (big canvases get small cells) ...
const ZOOM_ROWS = 15; // ... in a window of at most this many rows (a 5x5 kernel with
// dilation 3 spans 13), as many columns as fit; the window follows the step
let uidCounter = 0;

function esc(s) {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

// Width of a bold 19 px title (DejaVu Sans Bold: about 0.66 em per character).
function titleWidth(text) {
  return Math.ceil(GUTTER + 12.6 * text.length + 8);
}

function resultTitle(d) {
  const [[top, bottom], [left, right]] = d.crop;
  const padded = d.params.padding[0] || d.params.padding[1];
  return `Output y (${bottom - top}×${right - left})` + (padded ? " = cropped canvas" : "") +
    (d.has_bias ? " + b" : "");
}

// The widest title each panel will show on any frame (its minimum width).
function titleMins(d) {
  const xh = d.x.v.length, xw = d.x.v[0].length;
  const [fh, fw] = d.full_shape;
  const kTitles = d.steps.map((st) => `${st.value} × K`).concat([`Kernel K`]);
  const yTitles = [`Canvas ${fh}×${fw}: running sums`, resultTitle(d)];
  return {
    x: titleWidth(`Input x (${xh}×${xw})`),
    k: Math.max(...kTitles.map(titleWidth)),
    y: Math.max(...yTitles.map(titleWidth)),
  };
}

// Panel widths for cell sizes lay = {cx, ck, cy}: the same on every frame (so nothing
// jumps while playing), the widest of the grid and of every title the panel will show.
export function panelWidths(d, lay, mins = titleMins(d)) {
  const xw = d.x.v[0].length, kw = d.k.v[0].length, ew = d.ext_shape[1];
  const padded = d.params.padding[0] || d.params.padding[1];
  return {
    x: Math.max(GUTTER + xw * lay.cx + 6, mins.x),
    k: Math.max(GUTTER + kw * lay.ck + 6, mins.k),
    y: Math.max(GUTTER + ew * lay.cy + 6 + (padded ? 22 : 0), mins.y),
  };
}

// Cell sizes for a column `width` px wide (tconv/frames.py: layout() mirrors this rule):
// 1. one row of three panels with equal cells, as big as fits (30..64 px, and at most
//    600 px of grid height);
// 2. else input and kernel at 24 px and the canvas as big as fits (20..29 px);
// 3. else the canvas wraps onto its own row (12..48 px cells).
export function layout(d, width) {
  const mins = titleMins(d);
  const xw = d.x.v[0].length, kw = d.k.v[0].length;
  const rows = Math.max(d.x.v.length, d.k.v.length, d.ext_shape[0]);
  const ew = d.ext_shape[1];
  const fits = (lay) => {
    const w = panelWidths(d, lay, mins);
    return w.x + w.k + w.y + 2 * GAP <= width;
  };
  const cmax = Math.min(64, Math.max(30, Math.floor(600 / rows)));
  for (let c = cmax; c >= 30; c--) {
    if (fits({ cx: c, ck: c, cy: c })) return { cx: c, ck: c, cy: c, wrap: false };
  }
  for (let cy = 29; cy >= 20; cy--) {
    if (fits({ cx: 24, ck: 24, cy })) return { cx: 24, ck: 24, cy, wrap: false };
  }
  let cw = 48;
  while (cw > 16 && Math.max(GUTTER + xw * cw + 6, mins.x) + GAP + Math.max(GUTTER + kw * cw + 6, mins.k) > width) cw--;
  const cy = Math.max(12, Math.min(48, Math.floor((width - GUTTER - 6 - 22) / ew)));
  return { cx: cw, ck: cw, cy, wrap: true };
}

// Row/column numbers: every one, or every other one when the cells are small.
function indexStep(c) {
  return c >= 22 ? 1 : 2;
}

// One font size per panel, from its longest label (payload.label_len), so that numbers
// keep their size from cell to cell and from frame to frame.
function fontSize(len, c, scale = 0.46) {
  const n = Math.max(1, len);
  return Math.max(8, Math.min(c * scale, (c * 0.84) / (0.72 * n)));
}

function hatch(id, bg, line) {
  return (
    `<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse" ` +
    `patternTransform="rotate(45)"><rect width="8" height="8" fill="${bg}"/>` +
    `<line x1="0" y1="0" x2="0" y2="8" stroke="${line}" stroke-width="3"/></pattern>`
  );
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
      text: this.q(".tc-step-text"),
      formula: this.q(".tc-formula"),
      numbers: this.q(".tc-numbers"),
      legend: this.q(".tc-legend"),
      panels: this.q(".tc-panels"),
      sx: this.q(".tc-svg-x"),
      sk: this.q(".tc-svg-k"),
      sy: this.q(".tc-svg-y"),
    };
    this.d = null;
    this.f = 0;
    this.timer = null;
    this.hover = null;
    this.width = 0;
    this.zoomOn = false;
    this.wire();
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
    this.root.addEventListener("keydown", (ev) => this.key(ev));
    for (const [svg, panel] of [[e.sx, "x"], [e.sk, "k"], [e.sy, "y"]]) {
      svg.addEventListener("mouseover", (ev) => {
        const t = ev.target.closest ? ev.target.closest("[data-cell]") : null;
        if (!t) return;
        const [r, c] = t.getAttribute("data-cell").split(",").map(Number);
        this.setHover({ panel, r, c });
      });
      svg.addEventListener("mouseleave", () => this.setHover(null));
    }
    if (typeof ResizeObserver !== "undefined") {
      this.ro = new ResizeObserver(() => {
        const w = this.availableWidth();
        if (this.d && Math.abs(w - this.width) > 8) this.render();
      });
      this.ro.observe(this.root);
    }
  }

  key(ev) {
    const e = this.el;
    const tag = ev.target && ev.target.tagName;
    if (tag === "SELECT") return;
    // Space/Enter on a focused button press that button (the click handler then gives
    // the focus back to the player, so the next Space plays or pauses).
    if (tag === "BUTTON" && (ev.key === " " || ev.key === "Enter")) return;
    const isRange = tag === "INPUT";
    let handled = true;
    if (ev.key === " " || ev.code === "Space") this.toggle();
    else if (isRange) handled = false; // the slider handles its own arrows/Home/End
    else if (ev.key === "ArrowRight" || ev.key === "ArrowDown") { this.pause(); this.go(this.f + 1); }
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") { this.pause(); this.go(this.f - 1); }
    else if (ev.key === "Home") { this.pause(); this.go(0); }
    else if (ev.key === "End") { this.pause(); this.go(this.n()); }
    else if ((ev.key === "z" || ev.key === "Z") && !e.zoom.hidden) this.toggleZoom();
    else handled = false;
    if (handled) { ev.preventDefault(); ev.stopPropagation(); }
  }

  n() { return this.d ? this.d.steps.length : 0; }

  setData(d) {
    if (this.d && this.d.id === d.id) return;
    const sameLength = this.d && this.d.steps.length === d.steps.length;
    this.d = d;
    if (!sameLength) this.f = 0;
    this.hover = null;
    this.el.scrub.max = String(this.n());
    this.legend();
    this.render();
  }

  go(f) {
    const g = Math.max(0, Math.min(this.n(), f));
    if (g === this.f && this.rendered) return;
    this.f = g;
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
    this.zoomOn = !this.zoomOn;
    this.render();
  }

  // The canvas cells shown: all of them, or (zoomed) a window that moves only when the
  // current step's footprint leaves it, then centres it. Rows/cols are canvas indices.
  viewWindow(zoomed) {
    const [eh, ew] = this.d.ext_shape;
    if (!zoomed) return { r0: 0, q0: 0, rows: eh, cols: ew };
    const padded = this.d.params.padding[0] || this.d.params.padding[1];
    const rows = Math.min(eh, ZOOM_ROWS);
    const cols = Math.max(1, Math.min(ew, Math.floor((this.width - GUTTER - 6 - (padded ? 22 : 0)) / ZOOM_CELL)));
    let r0 = this.win ? this.win.r0 : 0, q0 = this.win ? this.win.q0 : 0;
    if (this.f < this.n()) {
      const st = this.d.steps[this.f];
      const a = Math.min(...st.rows), b = Math.max(...st.rows);
      const p = Math.min(...st.cols), q = Math.max(...st.cols);
      if (a < r0 || b >= r0 + rows) r0 = Math.round((a + b + 1 - rows) / 2);
      if (p < q0 || q >= q0 + cols) q0 = Math.round((p + q + 1 - cols) / 2);
    }
    r0 = Math.max(0, Math.min(eh - rows, r0));
    q0 = Math.max(0, Math.min(ew - cols, q0));
    this.win = { r0, q0, rows, cols };
    return this.win;
  }

  playing(on) {
    const b = this.el.play;
    b.textContent = on ? "❚❚ Pause" : "▶ Play";
    b.setAttribute("aria-label", on ? "Pause" : "Play");
    b.classList.toggle("tc-playing", on);
    this.root.setAttribute("data-playing", on ? "true" : "false");
  }

  availableWidth() {
    const w = this.el.panels.clientWidth || this.root.clientWidth || 1100;
    return Math.max(320, w);
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

  render() {
    const d = this.d;
    if (!d) return;
    this.rendered = true;
    const n = this.n(), f = this.f, result = f >= n;
    this.width = this.availableWidth();
    this.lay = layout(d, this.width);
    const e = this.el;
    const canZoom = this.lay.cy < ZOOM_CELL;
    const zoomed = this.zoomOn && canZoom;
    if (zoomed) this.lay = { ...this.lay, cy: ZOOM_CELL, wrap: true };
    this.sizes = panelWidths(d, this.lay);
    this.view = this.viewWindow(zoomed);
    if (zoomed) {
      const padded = d.params.padding[0] || d.params.padding[1];
      const grid = GUTTER + this.view.cols * ZOOM_CELL + 6 + (padded ? 22 : 0);
      const titles = [this.canvasTitle(), this.outputTitle()].map(titleWidth);
      this.sizes.y = Math.max(grid, ...titles);
    }
    e.zoom.hidden = !canZoom;
    e.zoom.setAttribute("aria-pressed", zoomed ? "true" : "false");
    e.zoom.classList.toggle("tc-zoom-on", zoomed);
    e.zoom.textContent = zoomed ? "🔍 Fit" : "🔍 Zoom";
    this.root.setAttribute("data-zoomed", zoomed ? "true" : "false");
    e.counter.textContent = result ? "Result" : `Step ${f + 1} / ${n}`;
    e.counter.setAttribute("data-frame", String(f));
    e.counter.setAttribute("data-frames", String(n + 1));
    this.root.setAttribute("data-frame", String(f));
    e.scrub.value = String(f);
    e.text.textContent = d.texts[f];
    e.first.disabled = f === 0;
    e.prev.disabled = f === 0;
    e.next.disabled = f >= n;
    e.last.disabled = f >= n;
    e.panels.style.flexWrap = this.lay.wrap ? "wrap" : "nowrap";
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

  title(text, x = GUTTER) {
    return `<text x="${x}" y="22" font-size="19" font-weight="bold" fill="${C.ink}">${esc(text)}</text>`;
  }

  indices(rows, cols, c, x0, y0, r0 = 0, q0 = 0) {
    let s = "";
    const every = indexStep(c);
    for (let j = 0; j < cols; j += every) {
      s += `<text x="${x0 + j * c + c / 2}" y="${y0 - 6}" font-size="14" text-anchor="middle" fill="${C.grey}">${j + q0}</text>`;
    }
    for (let i = 0; i < rows; i += every) {
      s += `<text x="${x0 - 6}" y="${y0 + i * c + c / 2 + 5}" font-size="14" text-anchor="end" fill="${C.grey}">${i + r0}</text>`;
    }
    return s;
  }

  // Titles of the canvas and the result; zoomed, they say which rows and columns show.
  canvasTitle() {
    const [fh, fw] = this.d.full_shape, v = this.view;
    const part = this.isWindow() ? `, rows ${v.r0}–${v.r0 + v.rows - 1}, cols ${v.q0}–${v.q0 + v.cols - 1}` : ": running sums";
    return `Canvas ${fh}×${fw}${part}`;
  }

  outputTitle() {
    const w = this.resultWindow();
    if (!this.isWindow()) return resultTitle(this.d);
    const [[top, bottom], [left, right]] = this.d.crop;
    return `Output y (${bottom - top}×${right - left}), rows ${w.i0}–${w.i0 + w.rows - 1}, cols ${w.j0}–${w.j0 + w.cols - 1}`;
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
    const fs = fontSize(opts.len || String(label).length, c, opts.scale || 0.46);
    const dy = opts.dy || 0;
    return `<text x="${x + c / 2}" y="${y + c / 2 + fs * 0.36 + dy}" font-size="${fs.toFixed(1)}" text-anchor="middle" fill="${opts.fill || C.ink}"${opts.bold ? ' font-weight="bold"' : ""}>${esc(label)}</text>`;
  }

  drawX() {
    const d = this.d, c = this.lay.cx, n = this.n(), result = this.f >= n;
    const h = d.x.v.length, w = d.x.v[0].length;
    const x0 = GUTTER, y0 = TITLE + COLIDX;
    const ttl = `Input x (${h}×${w})`;
    const W = this.sizes.x, H = y0 + h * c + 6;
    const cur = result ? null : d.steps[this.f].pos;
    let bg = "", fg = this.title(ttl) + this.indices(h, w, c, x0, y0);
    for (let r = 0; r < h; r++) {
      for (let q = 0; q < w; q++) {
        const X = x0 + q * c, Y = y0 + r * c;
        const isCur = cur && cur[0] === r && cur[1] === q;
        bg += `<rect data-cell="${r},${q}" data-x="${r},${q}" x="${X}" y="${Y}" width="${c}" height="${c}" fill="${isCur ? C.added : "#ffffff"}" stroke="${C.grid}" stroke-width="1"/>`;
        fg += this.cellText(X, Y, c, d.x.t[r][q], { bold: isCur, len: d.label_len.x });
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
    const x0 = GUTTER, y0 = TITLE + COLIDX;
    const st = result ? null : d.steps[this.f];
    const title = st ? `${st.value} × K` : "Kernel K";
    const W = this.sizes.k, H = y0 + h * c + 6;
    let bg = "", fg = this.title(title) + this.indices(h, w, c, x0, y0);
    const small = c >= 44;
    for (let u = 0; u < h; u++) {
      for (let v = 0; v < w; v++) {
        const X = x0 + v * c, Y = y0 + u * c;
        bg += `<rect data-cell="${u},${v}" data-k="${u},${v}" x="${X}" y="${Y}" width="${c}" height="${c}" fill="${st ? C.added : "#ffffff"}" stroke="${C.grid}" stroke-width="1"/>`;
        if (st) {
          fg += this.cellText(X, Y, c, st.scaled[u][v], { bold: true, dy: small ? -c * 0.1 : 0, len: d.label_len.k });
          if (small) {
            const p = st.products[u][v];
            const fs = Math.max(9, Math.min(c * 0.22, (c * 0.92) / (0.6 * p.length)));
            fg += `<text x="${X + c / 2}" y="${Y + c - 6}" font-size="${fs.toFixed(1)}" text-anchor="middle" fill="#444">${esc(p)}</text>`;
          }
        } else {
          fg += this.cellText(X, Y, c, d.k.t[u][v], { len: d.label_len.k });
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
    const x0 = GUTTER, y0 = TITLE + COLIDX;
    const oy = padded ? 22 : 0; // room for output indices below/right
    const W = this.sizes.y, H = y0 + rows * c + 6 + oy;
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
        const kind = cell[0];
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
          fg += this.cellText(X, Y, c, label, { bold: isAdded, fill: kind === "crop" ? "#555555" : C.ink, len: d.label_len.canvas });
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
      for (let j = 0; j < right - left; j += indexStep(c)) {
        if (left + j < q0 || left + j >= q0 + cols) continue;
        fg += `<text x="${px(left + j) + c / 2}" y="${y0 + rows * c + 17}" font-size="14" text-anchor="middle" fill="${C.blue}">${j}</text>`;
      }
      for (let i = 0; i < bottom - top; i += indexStep(c)) {
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
    const x0 = GUTTER, y0 = TITLE + COLIDX;
    const padded = d.params.padding[0] || d.params.padding[1];
    const H = y0 + this.view.rows * c + 6 + (padded ? 22 : 0); // as the canvas
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
        fg += this.cellText(X, Y, c, d.output.t[i][j], { bold: true, len: d.label_len.output });
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
      s += `<rect x="${X + 1}" y="${Y + 1}" width="${geo.c - 2}" height="${geo.c - 2}" fill="${opts.fill || C.hoverFill}" stroke="${C.blue}" stroke-width="${opts.width || 3}"/>`;
    }
    g.innerHTML += s;
  }

  applyHover() {
    const e = this.el, d = this.d;
    for (const svg of [e.sx, e.sk, e.sy]) {
      const g = svg.querySelector(".tc-hl");
      if (g) g.innerHTML = "";
    }
    const h = this.hover, n = this.n(), result = this.f >= n;
    if (!h || !d) {
      e.formula.innerHTML = '<span class="tc-hint">Hover an output cell to see its sum written out; hover an input cell to see where it lands.</span>';
      e.numbers.textContent = "";
      this.root.removeAttribute("data-hover");
      return;
    }
    this.root.setAttribute("data-hover", `${h.panel}:${h.r},${h.c}`);
    if (h.panel === "y") {
      const cell = d.cells[h.r] && d.cells[h.r][h.c];
      if (!cell) return;
      const src = cell[3], ins = [], taps = [];
      for (let t = 0; t < src.length; t += 4) {
        ins.push([src[t], src[t + 1]]);
        taps.push([src[t + 2], src[t + 3]]);
      }
      this.mark(e.sx, ins);
      this.mark(e.sk, taps);
      this.mark(e.sy, [[h.r, h.c]], { fill: C.hoverHere, width: 5 });
      e.formula.textContent = cell[1];
      const later = result ? "" : `the final sum, after all ${n} steps`;
      e.numbers.textContent = [cell[2], later].filter(Boolean).join(" — ");
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
      [sw(`<rect x="2" y="2" width="22" height="16" fill="${C.added}" stroke="${C.vermillion}" stroke-width="3"/>`), "this step: the input cell, value × K and the cells it adds to"],
      [sw(`<rect x="2" y="2" width="22" height="16" fill="#fff" stroke="${C.blue}" stroke-width="3"/>`), "output y"],
    ];
    const [ph, pw] = d.params.padding, [ah, aw] = d.params.output_padding;
    if (ph || pw) items.push([sw(`<defs>${hatch(id + "c", "#eeeeee", "#c4c4c4")}</defs><rect x="1" y="1" width="24" height="18" fill="url(#${id}c)" stroke="${C.grid}"/>`), "cropped away by padding"]);
    if (ah || aw) items.push([sw(`<rect x="2" y="2" width="22" height="16" fill="${C.strip}" stroke="${C.green}" stroke-width="3" stroke-dasharray="5 3"/>`), "output_padding strip"]);
    const [[, bottom], [, right]] = d.crop;
    if (bottom > d.full_shape[0] || right > d.full_shape[1]) items.push([sw(`<defs>${hatch(id + "b", "#ffffff", "#9fd9c7")}</defs><rect x="1" y="1" width="24" height="18" fill="url(#${id}b)" stroke="${C.grid}"/>`), "beyond the canvas: 0 (+ b)"]);
    items.push([sw(`<rect x="2" y="2" width="22" height="16" fill="${C.hoverFill}" stroke="${C.blue}" stroke-width="2"/>`), "hover: what feeds an output cell, where an input cell lands"]);
    this.el.legend.innerHTML = items.map(([s, t]) => `<span class="tc-legend-item">${s}${esc(t)}</span>`).join("");
  }
}

export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector(".tc-player");
  if (!root || !data) return undefined;
  const payload = typeof data === "string" ? JSON.parse(data) : data;
  let p = root.__tcPlayer;
  if (!p) {
    p = new Player(root);
    root.__tcPlayer = p;
  }
  p.setData(payload);
  return () => p.pause();
}
