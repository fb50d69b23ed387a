"""The lesson a simulated student follows, and the checks that each one sees its own data.

Student ``i`` opens a Playground share link with its own input (``x[0, 0] = 10 + i``),
changes stride and padding to its own values, presses through Four views (the Gather
tab, a gather row and column, the Sub-pixel tab and a phase), opens the Photo page with
the sample and moves the stride and zoom sliders; some students then upload a
12-megapixel photo of their own size.
After every action the page must show that student's numbers (never another's), no
exception and no error box.
"""

from __future__ import annotations

import asyncio
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from classroom.client import ProtocolError, Run, Student
from tconv import output_size
from tconv.photo.upsample_kernels import bilinear_kernel, preset_padding
from tconv.views.fourviews import VIEW_TABS

SAMPLE_HW = (600, 512)  # the default sample photo (Grace Hopper), height x width
PHOTO_MAX_SIDE = 1024  # the Photo page's default largest side
GATHER_TAB, SUBPIXEL_TAB = VIEW_TABS[1], VIEW_TABS[3]
ACTIONS, UPLOAD_ACTIONS = 12, 2  # a lesson's actions, and the uploaders' two more


@dataclass
class Action:
    """One learner action: what it was, its page group, its time and its problems."""

    student: int
    name: str
    group: str  # "playground", "views" or "photo"
    ms: float | None
    problems: list[str] = field(default_factory=list)
    isolation: bool = True  # False when the page showed someone else's numbers
    cpu_ms: float | None = None  # the server's CPU time during the action (one student alone)


@dataclass(frozen=True)
class Plan:
    """Student ``index``'s own numbers."""

    index: int
    stride: int
    padding: int
    photo_stride: int
    upload_hw: tuple[int, int] | None  # the 12 Mpx photo's size, or None (no upload)

    @property
    def x(self) -> list[list[int]]:
        return [[10 + self.index, 1, 2], [3, 4, 5], [6, 7, 8]]

    @property
    def x_text(self) -> str:
        return ";".join(",".join(str(v) for v in row) for row in self.x)

    def link(self, stride: int = 1, padding: int = 0) -> str:
        return f"x={self.x_text}&k=1,0,1;0,1,0;1,0,1&s={stride}&p={padding}&a=0&d=1&b=0"


def plan_for(index: int, upload: bool) -> Plan:
    return Plan(
        index=index,
        stride=2 + index % 3,
        padding=1 + index % 2,
        photo_stride=2 + index % 2,
        upload_hw=(3000 + 8 * index, 4000) if upload else None,
    )


def photo_jpeg(h: int, w: int, seed: int = 0) -> bytes:
    """A photo-like JPEG (colour gradients plus grain) of h x w pixels, about 1 byte per
    pixel at quality 90, like a phone's photo; made in well under a second."""
    rng = np.random.default_rng(seed)
    r = np.linspace(0, 255, h, dtype=np.float32)[:, None]
    c = np.linspace(0, 255, w, dtype=np.float32)[None, :]
    grain = rng.integers(-24, 25, (256, 256, 3), dtype=np.int16)
    reps = (-(-h // 256), -(-w // 256), 1)
    img = np.stack(
        [np.broadcast_to(c, (h, w)), np.broadcast_to(r, (h, w)), np.full((h, w), 128, np.float32)],
        2,
    )
    img = np.clip(img + np.tile(grain, reps)[:h, :w], 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def photo_out(i: int, s: int) -> int:
    """Output size of the Photo page's default layer (bilinear kernel, its padding)."""
    k = bilinear_kernel(s).shape[0]
    return output_size(i, k, stride=s, padding=preset_padding("bilinear", s))


class Recorder:
    """Runs a student's actions, timing each one and checking what the page showed."""

    def __init__(self, student: Student, index: int, think: tuple[float, float], cpu=None):
        self.student, self.index, self.think, self.cpu = student, index, think, cpu
        self.actions: list[Action] = []
        self.rng = random.Random(index)

    async def do(self, name: str, group: str, step, check: Callable[[Run], list[str]]) -> Run:
        if self.think[1] > 0 and self.actions:
            await asyncio.sleep(self.rng.uniform(*self.think))
        cpu0 = self.cpu() if self.cpu else None
        try:
            run = await step
        except (ProtocolError, OSError, TimeoutError) as e:
            self.actions.append(Action(self.index, name, group, None, [f"{type(e).__name__}: {e}"]))
            raise
        problems = [f"exception: {e}" for e in run.exceptions] + [f"error: {e}" for e in run.errors]
        try:  # the images, as a browser loads them (not part of the action's time)
            await self.student.fetch_media(run)
        except (ProtocolError, OSError) as e:
            problems.append(f"{type(e).__name__}: {e}")
        cpu_ms = (self.cpu() - cpu0) * 1e3 if self.cpu else None
        isolation = check(run)
        self.actions.append(
            Action(self.index, name, group, run.ms, problems + isolation, not isolation, cpu_ms)
        )
        return run


def expect(text: str, *needles: str) -> list[str]:
    """The isolation problems: every needle must be in the text."""
    return [f"expected {n!r} on the page, not found" for n in needles if n not in text]


async def lesson(
    student: Student,
    plan: Plan,
    *,
    think: tuple[float, float] = (0.5, 1.5),
    photo: bytes | None = None,
    cpu=None,
) -> list[Action]:
    """Run the whole lesson for one student; returns its actions (timed and checked).

    A failed action ends the lesson (the student would be stuck too); it is recorded.
    ``cpu`` (the server's CPU seconds so far), when given, times each action's server
    work too (meaningful when this student is the server's only one).
    """
    rec = Recorder(student, plan.index, think, cpu)
    s, p = plan.stride, plan.padding
    x_cell = f"x={plan.x_text}".replace(",", "%2C").replace(";", "%3B")
    try:
        await rec.do(
            "open a Playground share link",
            "playground",
            student.open("playground", plan.link()),
            lambda r: expect(r.text("share_link"), f"?{plan.link()}"),
        )
        await rec.do(
            "Playground: change stride",
            "playground",
            student.set(pg_stride_h=s),
            lambda r: expect(r.query_string or "", x_cell, f"&s={s}&p=0&"),
        )
        await rec.do(
            "Playground: change padding",
            "playground",
            student.set(pg_padding_h=p),
            lambda r: expect(r.query_string or "", x_cell, f"&s={s}&p={p}&"),
        )
        line = f"stride ({s}, {s}), padding ({p}, {p})"
        await rec.do(
            "open Four views",
            "views",
            student.goto("views"),
            lambda r: expect(r.text("markdown"), "input **3×3**", line),
        )
        # only the open tab is built (pages/views.py): a learner opens Gather, then Sub-pixel
        await rec.do(
            "Four views: open the Gather tab",
            "views",
            student.set(view=GATHER_TAB),
            lambda r: expect(r.text("markdown"), line, "**y[0, 0]**"),
        )
        await rec.do(
            "Four views: follow a gather row",
            "views",
            student.set(views_gather_r=1),
            lambda r: expect(r.text("markdown"), line, "**y[1, 0]**"),
        )
        await rec.do(
            "Four views: follow a gather column",
            "views",
            student.set(views_gather_c=2),
            lambda r: expect(r.text("markdown"), line, "**y[1, 2]**"),
        )
        await rec.do(
            "Four views: open the Sub-pixel tab",
            "views",
            student.set(view=SUBPIXEL_TAB),
            lambda r: expect(r.text("markdown"), line, f"{s * s} phases"),
        )
        phases = list(student.widget("views_phase")[2].options)
        await rec.do(
            "Four views: highlight a sub-pixel phase",
            "views",
            student.set(views_phase=phases[-1]),
            lambda r: expect(r.text("markdown"), line, f"{s * s} phases"),
        )
        h, w = SAMPLE_HW
        await rec.do(
            "open Photo (sample)",
            "photo",
            student.goto("photo"),
            lambda r: expect(r.text("heading"), f"{h}×{w} → {photo_out(h, 2)}×"),
        )
        ps = plan.photo_stride
        sizes = f"{h}×{w} → {photo_out(h, ps)}×{photo_out(w, ps)}"
        await rec.do(
            "Photo: move the stride slider",
            "photo",
            student.set(photo_stride=ps),
            lambda r: expect(r.text("heading"), sizes),
        )
        await rec.do(
            "Photo: move the zoom slider",
            "photo",
            student.set(photo_zoom_x=10 + plan.index % 80),
            lambda r: expect(r.text("heading"), sizes),
        )
        if plan.upload_hw is not None and photo is not None:
            uh, uw = plan.upload_hw
            await rec.do(
                "Photo: switch to Upload", "photo", student.set(photo_source="Upload"), lambda r: []
            )
            scale = PHOTO_MAX_SIDE / max(uh, uw)
            dh, dw = round(uh * scale), round(uw * scale)
            await rec.do(
                "Photo: upload a 12 Mpx photo",
                "photo",
                student.upload("photo_upload", f"student{plan.index}.jpg", photo, "image/jpeg"),
                lambda r: expect(r.text("alert"), f"Downscaled from {uh}×{uw} to {dh}×{dw}"),
            )
    except (ProtocolError, OSError, TimeoutError):
        pass  # recorded by Recorder.do
    return rec.actions


async def heavy_lesson(
    student: Student, photo: bytes, stop: asyncio.Event, record: list[Action] | None = None
) -> list[Action]:
    """The heaviest thing the Photo page allows, repeated:
    a 12 Mpx upload at the largest side of 2048 px, an 8x8 random kernel mixing all
    colours at stride 2 (padding 3 keeps the output at the 4096 px limit), normalised; then
    new random kernels (every one a full recomputation) until ``stop`` is set. ``record``
    collects the actions as they finish (kept if the lesson is cancelled)."""
    rec = Recorder(student, -1, (0.0, 0.0))
    if record is not None:
        rec.actions = record
    try:
        await rec.do("heavy: open Photo", "heavy", student.open("photo"), lambda r: [])
        await rec.do("heavy: Upload", "heavy", student.set(photo_source="Upload"), lambda r: [])
        await rec.do(
            "heavy: upload 12 Mpx",
            "heavy",
            student.upload("photo_upload", "heavy.jpg", photo, "image/jpeg"),
            lambda r: [],
        )
        for key, value in (
            ("photo_max_side", 2048),
            ("photo_preset", "Random (positive)"),
            ("photo_mixing", "Full mixing (groups = 1)"),
            ("photo_kernel_size", 8),
            ("photo_padding", 3),
            ("photo_normalise", True),
        ):
            await rec.do(f"heavy: {key}", "heavy", student.set(**{key: value}), lambda r: [])
        seed = 0
        while not stop.is_set():
            seed += 1
            await rec.do(
                "heavy: new random kernel", "heavy", student.set(photo_seed=seed), lambda r: []
            )
    except (ProtocolError, OSError, TimeoutError):
        pass
    return rec.actions
