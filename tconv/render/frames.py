"""The step player's frames painted with Pillow: the animated GIF and the final PNG export.

Each frame matches the client-side player (assets/player/): the same three panels (input
x with the current cell outlined, value × K with its numbers, the canvas with the padding
crop hatched, the output_padding strip dashed, the cells just added highlighted and the
running sums), and the same texts (from :func:`tconv.render.player.player_payload`). Where things
go (panel widths, cell sizes, titles, fonts) is decided by the one geometry rule of
:mod:`tconv.render.frames_layout`, the rule the player evaluates too; this module only paints.

Frames 0..n-1 are the n scatter steps; frame n is the "Result" (the cropped output).
:func:`render_frame` draws one frame, :func:`animation_gif` all of them as a GIF and
:func:`final_png` the Result as a PNG.

Why one module over 300 lines: one painter of the player's frames (panels, canvas, legend) that
draws what player.js draws, step by step; the geometry is frames_layout's, shared with the player.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw

from tconv.core.scatter import ScatterPlan
from tconv.render.frames_layout import (
    BEYOND_BG,
    BEYOND_LINE,
    CROP_BG,
    CROP_LINE,
    MARGIN,
    MAX_GIF_WIDTH,
    Layout,
    _font,
    font_size,
    index_step,
    layout,
    pick_title,
)
from tconv.render.palette import (
    ADDED,
    BLUE,
    GREEN,
    GREY,
    GRID,
    INK,
    ORANGE,
    SKY,
    STRIP,
    VERMILLION,
    WHITE,
)
from tconv.render.player import player_payload

# Layout and layout are re-exported: the export's layout is frames_layout's rule for its box.
__all__ = ["Layout", "animation_gif", "final_png", "layout", "render_frame"]


@lru_cache(maxsize=16)
def _hatch_tile(size: int, bg, line) -> Image.Image:
    """A cell-sized tile with 45° stripes (the SVG pattern of the player)."""
    tile = Image.new("RGB", (size, size), bg)
    d = ImageDraw.Draw(tile)
    for k in range(-size, 2 * size, 11):  # 8 px apart across the stripes, as in the SVG
        d.line([(k, size), (k + size, 0)], fill=line, width=3)
    return tile


def _wrap(text: str, font, width: int, widths: dict) -> list[str]:
    """Greedy word wrap; ``widths`` caches each word's pixel width (texts share words)."""

    def w(word: str) -> float:
        if word not in widths:
            widths[word] = font.getlength(word)
        return widths[word]

    space = w(" ")
    lines, cur, cur_w = [], [], 0.0
    for word in text.split(" "):
        ww = w(word)
        if cur and cur_w + space + ww > width:
            lines.append(" ".join(cur))
            cur, cur_w = [word], ww
        else:
            cur_w += (space if cur else 0.0) + ww
            cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return lines


class _Painter:
    """Draws frames of one payload; static sizes are computed once."""

    def __init__(self, plan: ScatterPlan, payload: dict | None = None):
        self.plan = plan
        self.d = payload or player_payload(plan, formulas=False)
        self.lay = layout(self.d)
        d, lay = self.d, self.lay
        self.geo = d["geometry"]
        self.gx, self.gy = self.geo["origin"]  # a grid's first cell in its panel
        self.xh, self.xw = len(d["x"]["v"]), len(d["x"]["v"][0])
        self.kh, self.kw = len(d["k"]["v"]), len(d["k"]["v"][0])
        self.eh, self.ew = d["ext_shape"]
        (self.top, self.bottom), (self.left, self.right) = d["crop"]
        self.padded = any(d["params"]["padding"])
        self.wx, self.wk, self.wy = (lay.size[p][0] for p in "xky")
        self.pos = lay.pos
        self.panels_h = lay.h
        self.width = lay.w + 2 * MARGIN
        self.width = min(self.width, MAX_GIF_WIDTH)
        self.text_font = _font(18)
        widths: dict[str, float] = {}
        self.lines = [_wrap(t, self.text_font, self.width - 2 * MARGIN, widths) for t in d["texts"]]
        self.header_h = 40 + max(len(lines) for lines in self.lines) * 24 + 12
        self.height = self.header_h + self.panels_h + 44
        self.n = len(d["steps"])

    def canvas_title(self) -> str:
        return pick_title(self.geo["titles"]["canvas"], self.wy)

    def result_title(self) -> str:
        return pick_title(self.geo["titles"]["output"], self.wy)

    # -- primitives ------------------------------------------------------------------------
    def _cell(self, draw, img, x, y, c, fill, hatch=None):
        if hatch is not None:
            img.paste(_hatch_tile(c, *hatch), (x, y))
            draw.rectangle([x, y, x + c, y + c], outline=GRID, width=1)
        else:
            draw.rectangle([x, y, x + c, y + c], fill=fill, outline=GRID, width=1)

    def _text(self, draw, x, y, c, label, panel, bold=False, fill=INK, dy=0.0):
        font = _font(font_size(self.geo, panel, c), bold)
        draw.text((x + c / 2, y + c / 2 + dy), label, font=font, fill=fill, anchor="mm")

    def _indices(self, draw, ox, oy, rows, cols, c):
        f = _font(14)
        x0, y0 = ox + self.gx, oy + self.gy
        every = index_step(self.geo, c)
        for j in range(0, cols, every):
            draw.text((x0 + j * c + c / 2, y0 - 6), str(j), font=f, fill=GREY, anchor="ms")
        for i in range(0, rows, every):
            draw.text((x0 - 6, y0 + i * c + c / 2), str(i), font=f, fill=GREY, anchor="rm")

    def _title(self, draw, ox, oy, text):
        t = self.geo["title"]
        draw.text(
            (ox + t["x"], oy + t["baseline"]),
            text,
            font=_font(t["size"], True),
            fill=INK,
            anchor="ls",
        )

    def _outline(self, draw, x, y, c, colour, width=4):
        draw.rectangle([x + 2, y + 2, x + c - 2, y + c - 2], outline=colour, width=width)

    def _output_frame(self, draw, X, Y, w, h, sh, sw):
        if sh:
            _dashed_rect(draw, X, Y + h - sh, X + w, Y + h, GREEN, 3)
        if sw:
            _dashed_rect(draw, X + w - sw, Y, X + w, Y + h, GREEN, 3)
        draw.rectangle([X, Y, X + w, Y + h], outline=BLUE, width=4)

    # -- frames --------------------------------------------------------------------------
    # A frame = a template (titles, indices, the plain input, the empty canvas, the legend)
    # + the running sums + this step's highlights. ``frames()`` updates the running sums
    # incrementally (only the cells a step touches), which keeps the GIF fast.

    @property
    def base(self) -> tuple[int, int]:
        return (MARGIN, self.header_h)

    def _template(self, with_canvas: bool) -> Image.Image:
        img = Image.new("RGB", (self.width, self.height), WHITE)
        draw = ImageDraw.Draw(img)
        self._panel_x(draw, img, None)
        ox, oy = self._origin(self.base, "k")
        self._indices(draw, ox, oy, self.kh, self.kw, self.lay.ck)
        if with_canvas:
            self._canvas_static(draw, img)
        self._legend(draw, img, MARGIN, self.height - 30)
        return img

    def _header(self, draw, f: int) -> None:
        result = f >= self.n
        counter = "Result" if result else f"Step {f + 1} / {self.n}"
        draw.text((MARGIN, 12), counter, font=_font(22, True), fill=INK, anchor="la")
        for i, line in enumerate(self.lines[f]):
            draw.text((MARGIN, 44 + i * 24), line, font=self.text_font, fill=INK, anchor="la")

    def _decorate(self, img: Image.Image, f: int) -> Image.Image:
        """Draw step f's highlights on a copy of the running-sums image ``img``."""
        img = img.copy()
        draw = ImageDraw.Draw(img)
        self._header(draw, f)
        self._panel_x(draw, img, tuple(self.d["steps"][f]["pos"]))
        self._panel_k(draw, img, self.base, f, False)
        st = self.d["steps"][f]
        for u, R in enumerate(st["rows"]):
            for v, Q in enumerate(st["cols"]):
                self._canvas_cell(draw, img, R, Q, st["after"][u][v], added=True)
        self._canvas_frame(draw)
        x0, y0, c = self._canvas_origin()
        for R in st["rows"]:
            for Q in st["cols"]:
                self._outline(draw, x0 + Q * c, y0 + R * c, c, VERMILLION, 4 if c >= 24 else 3)
        return img

    def frames(self):
        """Every frame in order: the n steps, then the Result."""
        sums = self._template(with_canvas=True)
        draw = ImageDraw.Draw(sums)
        for f, st in enumerate(self.d["steps"]):
            for u, R in enumerate(st["rows"]):
                for v, Q in enumerate(st["cols"]):
                    self._canvas_cell(draw, sums, R, Q, st["after"][u][v], added=False)
            yield self._decorate(sums, f)
        yield self.frame(self.n)

    def frame(self, f: int) -> Image.Image:
        """Frame f alone (0..n-1: step f; n: the Result)."""
        if f >= self.n:
            img = self._template(with_canvas=False)
            draw = ImageDraw.Draw(img)
            self._header(draw, f)
            self._panel_k(draw, img, self.base, f, True)
            self._panel_result(draw, img, self.base)
            return img
        sums = self._template(with_canvas=True)
        draw = ImageDraw.Draw(sums)
        labels: dict[tuple[int, int], str] = {}
        for st in self.d["steps"][: f + 1]:
            for u, R in enumerate(st["rows"]):
                for v, Q in enumerate(st["cols"]):
                    labels[(R, Q)] = st["after"][u][v]
        for (R, Q), label in labels.items():
            self._canvas_cell(draw, sums, R, Q, label, added=False)
        return self._decorate(sums, f)

    def _origin(self, base, name):
        return base[0] + self.pos[name][0], base[1] + self.pos[name][1]

    def _panel_x(self, draw, img, cur):
        """The input panel; with ``cur`` = (r, c), only that cell, highlighted."""
        d, c = self.d, self.lay.cx
        ox, oy = self._origin(self.base, "x")
        x0, y0 = ox + self.gx, oy + self.gy
        if cur is None:
            self._title(draw, ox, oy, pick_title(self.geo["titles"]["x"], self.wx))
            self._indices(draw, ox, oy, self.xh, self.xw, c)
            for r in range(self.xh):
                for q in range(self.xw):
                    X, Y = x0 + q * c, y0 + r * c
                    self._cell(draw, img, X, Y, c, WHITE)
                    self._text(draw, X, Y, c, d["x"]["t"][r][q], "x")
            return
        r, q = cur
        X, Y = x0 + q * c, y0 + r * c
        self._cell(draw, img, X, Y, c, ADDED)
        self._text(draw, X, Y, c, d["x"]["t"][r][q], "x", bold=True)
        self._outline(draw, X, Y, c, VERMILLION)

    def _panel_k(self, draw, img, base, f, result):
        d, c = self.d, self.lay.ck
        ox, oy = self._origin(base, "k")
        st = None if result else d["steps"][f]
        self._title(draw, ox, oy, f"{st['value']} × K" if st else "Kernel K")
        x0, y0 = ox + self.gx, oy + self.gy
        small = c >= 44
        for u in range(self.kh):
            for v in range(self.kw):
                X, Y = x0 + v * c, y0 + u * c
                self._cell(draw, img, X, Y, c, ADDED if st else WHITE)
                if st:
                    self._text(
                        draw, X, Y, c, st["scaled"][u][v], "k", True, dy=-c * 0.1 if small else 0
                    )
                    if small:
                        p = st["products"][u][v]
                        fs = int(max(9, min(c * 0.22, c * 0.92 / (0.6 * len(p)))))
                        draw.text(
                            (X + c / 2, Y + c - 6),
                            p,
                            font=_font(fs),
                            fill=(68, 68, 68),
                            anchor="ms",
                        )
                else:
                    self._text(draw, X, Y, c, d["k"]["t"][u][v], "k")
        if st:
            draw.rectangle(
                [x0 + 1, y0 + 1, x0 + self.kw * c - 1, y0 + self.kh * c - 1],
                outline=VERMILLION,
                width=4,
            )

    def _canvas_origin(self) -> tuple[int, int, int]:
        ox, oy = self._origin(self.base, "y")
        return ox + self.gx, oy + self.gy, self.lay.cy

    def _canvas_cell(self, draw, img, R: int, Q: int, label, added: bool) -> None:
        """One canvas cell: its background (hatched, strip, just added) and its label."""
        cell = self.d["cells"][R][Q]
        if cell is None:
            return
        kind = cell["kind"]
        x0, y0, c = self._canvas_origin()
        X, Y = x0 + Q * c, y0 + R * c
        ah, aw = self.d["params"]["output_padding"]
        in_strip = kind != "crop" and (R >= self.bottom - ah or Q >= self.right - aw)
        if added:
            self._cell(draw, img, X, Y, c, ADDED)
        elif kind == "crop":
            self._cell(draw, img, X, Y, c, None, (CROP_BG, CROP_LINE))
        elif kind == "beyond":
            self._cell(draw, img, X, Y, c, None, (BEYOND_BG, BEYOND_LINE))
        else:
            self._cell(draw, img, X, Y, c, STRIP if in_strip else WHITE)
        if label is not None:
            colour = (85, 85, 85) if kind == "crop" else INK
            self._text(draw, X, Y, c, label, "canvas", bold=added, fill=colour)

    def _canvas_frame(self, draw) -> None:
        """The blue outline of the output and the dashed output_padding strip."""
        x0, y0, c = self._canvas_origin()
        ah, aw = self.d["params"]["output_padding"]
        t, b, lf, r = self.top, self.bottom, self.left, self.right
        self._output_frame(draw, x0 + lf * c, y0 + t * c, (r - lf) * c, (b - t) * c, ah * c, aw * c)

    def _canvas_static(self, draw, img) -> None:
        """Title, canvas and output indices, and the empty cells of the canvas panel."""
        ox, oy = self._origin(self.base, "y")
        x0, y0, c = self._canvas_origin()
        self._title(draw, ox, oy, self.canvas_title())
        self._indices(draw, ox, oy, self.eh, self.ew, c)
        for R in range(self.eh):
            for Q in range(self.ew):
                self._canvas_cell(draw, img, R, Q, None, added=False)
        self._canvas_frame(draw)
        if self.padded:
            fnt = _font(14)
            for j in range(0, self.right - self.left, index_step(self.geo, c)):
                xx = x0 + (self.left + j) * c + c / 2
                draw.text((xx, y0 + self.eh * c + 17), str(j), font=fnt, fill=BLUE, anchor="ms")
            for i in range(0, self.bottom - self.top, index_step(self.geo, c)):
                yy = y0 + (self.top + i) * c + c / 2
                draw.text((x0 + self.ew * c + 6, yy), str(i), font=fnt, fill=BLUE, anchor="lm")

    def _panel_result(self, draw, img, base):
        d, c = self.d, self.lay.cy
        ox, oy = self._origin(base, "y")
        fh, fw = d["full_shape"]
        ah, aw = d["params"]["output_padding"]
        oh, ow = self.bottom - self.top, self.right - self.left
        self._title(draw, ox, oy, self.result_title())
        self._indices(draw, ox, oy, oh, ow, c)
        x0, y0 = ox + self.gx, oy + self.gy
        for i in range(oh):
            for j in range(ow):
                X, Y = x0 + j * c, y0 + i * c
                beyond = i + self.top >= fh or j + self.left >= fw
                in_strip = i >= oh - ah or j >= ow - aw
                if beyond:
                    self._cell(draw, img, X, Y, c, None, (BEYOND_BG, BEYOND_LINE))
                else:
                    self._cell(draw, img, X, Y, c, STRIP if in_strip else WHITE)
                self._text(draw, X, Y, c, d["output"]["t"][i][j], "output", bold=True)
        self._output_frame(draw, x0, y0, ow * c, oh * c, ah * c, aw * c)

    def _legend(self, draw, img, x, y):
        d = self.d
        fnt = _font(15)
        items = [("added", "this step"), ("output", "output y")]
        if any(d["params"]["padding"]):
            items.append(("crop", "cropped by padding"))
        if any(d["params"]["output_padding"]):
            items.append(("strip", "output_padding strip"))
        fh, fw = d["full_shape"]
        if self.bottom > fh or self.right > fw:
            items.append(("beyond", "beyond the canvas: 0 (+ b)"))
        for kind, label in items:
            box = [x, y, x + 24, y + 18]
            if kind == "added":
                draw.rectangle(box, fill=ADDED, outline=VERMILLION, width=3)
            elif kind == "output":
                draw.rectangle(box, fill=WHITE, outline=BLUE, width=3)
            elif kind == "crop":
                img.paste(_hatch_tile(18, CROP_BG, CROP_LINE).resize((24, 18)), (x, y))
                draw.rectangle(box, outline=GRID, width=1)
            elif kind == "strip":
                draw.rectangle(box, fill=STRIP)
                _dashed_rect(draw, *box, GREEN, 3)
            else:
                img.paste(_hatch_tile(18, BEYOND_BG, BEYOND_LINE).resize((24, 18)), (x, y))
                draw.rectangle(box, outline=GRID, width=1)
            draw.text((x + 30, y + 9), label, font=fnt, fill=(51, 51, 51), anchor="lm")
            x += 30 + int(draw.textlength(label, font=fnt)) + 22


def _dashed_rect(draw, x0, y0, x1, y1, colour, width, dash=8, gap=5):
    for (ax, ay), (bx, by) in (
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x1, y1), (x0, y1)),
        ((x0, y1), (x0, y0)),
    ):
        length = max(abs(bx - ax), abs(by - ay))
        if length == 0:
            continue
        ux, uy = (bx - ax) / length, (by - ay) / length
        t = 0
        while t < length:
            e = min(t + dash, length)
            draw.line(
                [(ax + ux * t, ay + uy * t), (ax + ux * e, ay + uy * e)], fill=colour, width=width
            )
            t += dash + gap


def render_frame(plan: ScatterPlan, step_index: int) -> Image.Image:
    """Frame ``step_index`` (0..n-1: the steps; n: the Result) as an RGB image."""
    n = len(plan.steps)
    if not 0 <= step_index <= n:
        raise IndexError(f"step_index must be in 0..{n}, got {step_index}")
    return _Painter(plan).frame(step_index)


def _palette_image() -> Image.Image:
    """A fixed 256-colour palette: the player's colours plus a grey ramp for anti-aliasing."""
    colours = [WHITE, INK, GREY, GRID, BLUE, ORANGE, VERMILLION, SKY, GREEN, ADDED, STRIP]
    colours += [CROP_BG, CROP_LINE, BEYOND_LINE, (68, 68, 68), (51, 51, 51), (85, 85, 85)]
    # blends of each accent with white and with the light fills (anti-aliased edges)
    for accent in (BLUE, VERMILLION, GREEN, ORANGE, SKY, BEYOND_LINE, CROP_LINE):
        for bg in (WHITE, ADDED, STRIP, CROP_BG):
            for t in (0.25, 0.5, 0.75):
                colours.append(
                    tuple(round(a * t + b * (1 - t)) for a, b in zip(accent, bg, strict=True))
                )
    for bg in (WHITE, ADDED, STRIP, CROP_BG):
        for t in range(1, 10):
            colours.append(
                tuple(round(i * t / 10 + b * (1 - t / 10)) for i, b in zip(INK, bg, strict=True))
            )
    colours = list(dict.fromkeys(colours))[:256]
    flat = [v for col in colours for v in col]
    flat += [0] * (768 - len(flat))
    pal = Image.new("P", (1, 1))
    pal.putpalette(flat)
    return pal


def animation_gif(plan: ScatterPlan, ms_per_frame: int = 800, last_frame_ms: int = 3000) -> bytes:
    """Every frame of the player as an animated GIF (loops; at most 1460 px wide)."""
    painter = _Painter(plan)
    pal = _palette_image()
    frames = [im.quantize(palette=pal, dither=Image.Dither.NONE) for im in painter.frames()]
    durations = [ms_per_frame] * painter.n + [last_frame_ms]
    buf = io.BytesIO()
    frames[0].save(
        buf,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=0,
        optimize=True,
    )
    return buf.getvalue()


def final_png(plan: ScatterPlan) -> bytes:
    """The last frame of the player (the cropped output) as a PNG."""
    painter = _Painter(plan)
    buf = io.BytesIO()
    painter.frame(painter.n).save(buf, format="PNG", optimize=False)
    return buf.getvalue()
