"""Browser timings: what a student feels, in headless chromium against a warm server.

Two servers run side by side with the same settings (``streamlit run`` with the flags of
the browser tests, the project's ``.streamlit/config.toml``): the app, and a one-line
Streamlit page (:data:`ONE_LINE`), Streamlit's own floor for a new session. Each is warmed
up (every page visited once) before anything is timed, and the cases alternate run by run
so that both servers share whatever else the machine is doing.

**Interactive** means, measured in the page from the navigation's start (or from the
user's input event for an edit) with ``requestAnimationFrame`` polling:

- the app's script state is ``notRunning`` after a script run that started after the
  navigation or the input (``data-test-script-state`` on ``stApp``);
- no element is stale (``data-stale``: Streamlit dims the elements of a run in flight);
- the page's title (``h1``) is visible (for the one-line page: its text);
- every visible data editor (or dataframe) has drawn its canvas, every component (the
  step player) has drawn into its shadow root, every ``img`` has loaded, every KaTeX
  formula is typeset and no element waits for its JavaScript (``stSkeleton``);
- for an edit, in addition, what the edit changes shows the new value (the case's own
  check, e.g. the result grid's title and the player's payload).

Beside each figure the table prints what the page costs: the server's script time (the
app logs each run when ``TCONV_SCRIPT_TIMES=1``), the number of elements, KaTeX
formulas, data editors, components, and image bytes (inline ``data:`` images and media
files), and when the shell (Streamlit's JavaScript) was ready.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import statistics
import sys
import tomllib
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.app_lessons import BIG
from bench.report import Table
from classroom.messages import TOP_FIELDS_JS
from classroom.server import app_server

# The app served (its directory: app.py, pages/, .streamlit/); TCONV_BENCH_APP points at
# another checkout, e.g. an export of an older commit for a before/after comparison.
ROOT = Path(os.environ.get("TCONV_BENCH_APP") or Path(__file__).resolve().parents[1])
ONE_LINE = str(Path(__file__).resolve().parent / "one_line_page.py")
CHROMIUM = os.environ.get("TCONV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUNS = int(os.environ.get("TCONV_BROWSER_RUNS", "5"))
VIEWPORT = {"width": 1024, "height": 768}  # a classroom projector, sidebar open
TIMEOUT_MS = 60_000
PAGE_RE = re.compile(r'st\.Page\(\s*"pages/\w+\.py"([^)]*)\)')


def app_pages() -> list[tuple[str, str]]:
    """(title, url path) of every page app.py lists, in its order (the default page: "")."""
    pages = []
    for m in PAGE_RE.finditer((ROOT / "app.py").read_text()):
        title = re.search(r'title="([^"]+)"', m.group(1))
        path = re.search(r'url_path="([^"]*)"', m.group(1))
        pages.append((title.group(1) if title else "?", path.group(1) if path else ""))
    return pages


PAGES = app_pages()
TARGET_RATIO = 1.3  # every page within 1.3x the one-line page
TARGET_PAGE_MS = 1500  # ... and within 1.5 s on an idle machine
TARGET_EDIT_MS = 250
TARGET_PHOTO_MS = 1000
TARGET_VIEWS_MS = 2000
SCRIPT_LOG = re.compile(r"^tconv-script (\S+) ([\d.]+) ms$")

# Installed in every page before its own scripts: script-state transitions (and run starts
# read from the websocket) and user input times, both on the page's performance clock.
MARKS_JS = (
    """
(() => {
  const m = (window.__tc = { states: [], inputs: [] });
  const seen = (s) => { if (m.states.length === 0 || m.states[m.states.length - 1].s !== s)
    m.states.push({ s, t: performance.now() }); };
  new MutationObserver((records) => {
    for (const r of records) {
      const name = r.attributeName;
      if (name === "data-test-script-state") seen(r.target.getAttribute(name));
      else for (const n of r.addedNodes) if (n.nodeType === 1) {
        const app = n.matches("[data-testid=stApp]") ? n : n.querySelector("[data-testid=stApp]");
        if (app) seen(app.getAttribute("data-test-script-state"));
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true,
                         attributeFilter: ["data-test-script-state"] });
  // a run's start and end from its messages too (ForwardMsg.new_session, field 4, and
  // script_finished, field 6): a fast run's "running" and "notRunning" can land in one React
  // render and never show in the DOM
  const topFields = """
    + TOP_FIELDS_JS
    + """;
  window.WebSocket = class extends window.WebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        const f = topFields(e.data);
        if (f[4]) m.states.push({ s: "running", t: performance.now() });
        else if (6 in f) m.states.push({ s: "notRunning", t: performance.now() });
      });
    }
  };
  for (const type of ["pointerdown", "keydown", "change"])
    addEventListener(type, (e) => m.inputs.push(e.timeStamp), true);
  m.long = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries())
      m.long.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
})();
"""
)

# The readiness test: returns performance.now() once the page is interactive, else false.
# ``since``: a script run must start after this time; ``check``: a case's own test.
READY_JS = """
([since, check]) => {
  const m = window.__tc, app = document.querySelector("[data-testid=stApp]");
  if (!m || !app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const ran = m.states.findIndex((x) => x.s === "running" && x.t >= since);
  if (ran < 0) return false;
  // that run (or a later one) has ended: the DOM's state may not have flipped to running yet
  if (m.states[m.states.length - 1].s !== "notRunning") return false;
  if (document.querySelector("[data-testid=stException]")) return -1;
  if (document.querySelector("[data-stale=true], [data-testid=stSkeleton]")) return false;
  const main = document.querySelector("[data-testid=stMain]");
  const title = main && (main.querySelector("h1")
    || main.querySelector("[data-testid=stMarkdown]"));
  if (!title || title.getBoundingClientRect().height === 0) return false;
  for (const df of main.querySelectorAll("[data-testid=stDataFrame]"))
    if (df.getClientRects().length && !df.querySelector("canvas")) return false;  // shown
  for (const img of document.querySelectorAll("img")) if (!img.complete) return false;
  for (const host of main.querySelectorAll("[data-testid=stBidiComponentIsolated]")) {
    const root = host.shadowRoot || host;
    const svg = root.querySelector(".tc-svg-y");
    if (svg ? svg.childElementCount === 0 : root.childElementCount === 0) return false;
  }
  for (const el of main.querySelectorAll("[data-testid=stMarkdownContainer]"))
    if (/\\$\\$|\\\\\\(|\\\\\\[/.test(el.textContent) && !el.querySelector(".katex")) return false;
  if (check && !new Function("return (" + check + ")")()) return false;
  return performance.now();
}
"""

# What a page costs the browser (counted once it is interactive); times relative to
# ``since`` (the navigation's start or the input event).
COST_JS = """
(since) => {
  const main = document.querySelector("[data-testid=stMain]");
  let bytes = 0;
  for (const img of main.querySelectorAll("img"))
    if (img.src.startsWith("data:")) bytes += img.src.length * 0.75;
  for (const r of performance.getEntriesByType("resource"))
    if (new URL(r.name).pathname.startsWith("/media/"))
      bytes += r.encodedBodySize || r.transferSize;
  let js = 0;
  for (const r of performance.getEntriesByType("resource"))
    if (r.startTime >= since && r.name.endsWith(".js")) js += r.encodedBodySize || r.transferSize;
  const nav = performance.getEntriesByType("navigation")[0];
  const m = window.__tc, i = m.states.findIndex((x) => x.s === "running" && x.t >= since);
  const done = m.states.slice(i).find((x) => x.s === "notRunning");
  return {
    elements: main.querySelectorAll("[data-testid=stElementContainer]").length,
    katex: main.querySelectorAll(".katex").length,
    editors: main.querySelectorAll("[data-testid=stDataFrame]").length,
    components: main.querySelectorAll("[data-testid=stBidiComponentIsolated]").length,
    image_kb: bytes / 1024,
    js_kb: js / 1024,
    long_ms: m.long.filter(([t]) => t >= since).reduce((a, [, d]) => a + d, 0),
    shell_ms: since === 0 && nav ? nav.domContentLoadedEventEnd : null,
    run_start_ms: i >= 0 ? m.states[i].t - since : null,
    run_end_ms: done ? done.t - since : null,
  };
}
"""


@dataclass
class Server:
    """A running ``streamlit run`` and the script-time lines of its log."""

    url: str
    log: io.BufferedRandom
    offset: int = 0

    def script_runs(self) -> list[tuple[str, float]]:
        """(page, ms) of every script run logged since the last call."""
        self.log.seek(self.offset)
        text = self.log.read().decode(errors="replace")
        self.offset += len(text.encode())
        return [
            (m.group(1), float(m.group(2)))
            for m in map(SCRIPT_LOG.match, text.splitlines())
            if m is not None
        ]


@contextlib.contextmanager
def serve(script: str, root: Path | None = None) -> Iterator[Server]:
    """``streamlit run script`` on a free loopback port: the project's one server start
    (classroom.server), with glibc's default malloc, as the bench has always measured."""
    env = {"TCONV_SCRIPT_TIMES": "1"}
    # another checkout (--before) is served with this one's watcher settings: only the code
    # differs between the two columns
    server = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"]
    watch = {f"server.{k}": str(server[k]).lower() for k in ("fileWatcherType", "runOnSave")}
    with app_server(
        script=script, root=root or ROOT, options=watch, env=env, malloc=None, timeout=60
    ) as app:
        yield Server(app.url, app.log)


@dataclass
class Sample:
    """One timed run: milliseconds, the server's script time, the page's costs."""

    ms: float
    script_ms: float | None = None
    runs: int = 0
    cost: dict = field(default_factory=dict)


def _wait_ready(page, since: float, check: str | None = None) -> float:
    handle = page.wait_for_function(READY_JS, arg=[since, check], polling="raf", timeout=TIMEOUT_MS)
    ms = float(handle.json_value())
    if ms < 0:
        text = page.locator("[data-testid=stException]").first.inner_text()
        raise RuntimeError(f"the page shows an exception: {text[:500]}")
    return ms


def _script(server: Server) -> tuple[float | None, int]:
    runs = server.script_runs()
    return (sum(ms for _, ms in runs) if runs else None), len(runs)


def new_session(browser, server: Server, path: str, check: str | None = None) -> Sample:
    """Open ``path`` in a new browser context (a new session); time to interactive."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(MARKS_JS)
        server.script_runs()  # skip what came before
        page.goto(f"{server.url}/{path}")
        ms = _wait_ready(page, 0.0, check)
        page.wait_for_timeout(50)  # the last run's log line
        script_ms, runs = _script(server)
        return Sample(ms, script_ms, runs, page.evaluate(COST_JS, 0.0))
    finally:
        context.close()


def edit(page, server: Server, act: Callable[[], None], check: str | None) -> Sample:
    """Do ``act`` (a user's input) in an interactive page; time from the input event to
    interactive again with ``check`` true."""
    page.wait_for_timeout(100)  # let the previous run's events settle
    n_inputs = page.evaluate("() => window.__tc.inputs.length")
    server.script_runs()
    act()
    page.wait_for_function("n => window.__tc.inputs.length > n", arg=n_inputs, timeout=TIMEOUT_MS)
    start = page.evaluate("() => window.__tc.inputs[window.__tc.inputs.length - 1]")
    end = _wait_ready(page, start, check)
    page.wait_for_timeout(50)
    script_ms, runs = _script(server)
    return Sample(end - start, script_ms, runs, page.evaluate(COST_JS, start))


def _median(samples: list[Sample], attr: str = "ms") -> float | None:
    values = [getattr(s, attr) for s in samples if getattr(s, attr) is not None]
    return statistics.median(values) if values else None


def _dominant(samples: list[Sample]) -> str:
    """What the page costs, from the medians of the samples' counts."""
    cost = {
        k: statistics.median(s.cost.get(k) or 0 for s in samples)
        for k in ("elements", "katex", "editors", "components", "image_kb")
    }
    marks = {
        k: _median([Sample(s.cost[k]) for s in samples if s.cost.get(k) is not None])
        for k in ("shell_ms", "run_start_ms", "run_end_ms", "js_kb", "long_ms")
    }
    script = _median(samples, "script_ms")
    runs = statistics.median(s.runs for s in samples)
    parts = [
        f"script {script:.0f} ms" + (f" in {runs:g} runs" if runs != 1 else "")
        if script is not None
        else "script —",
        f"{cost['elements']:.0f} elements",
    ]
    if cost["katex"]:
        parts.append(f"{cost['katex']:.0f} KaTeX")
    if cost["editors"]:
        parts.append(f"{cost['editors']:.0f} data editors")
    if cost["components"]:
        parts.append(f"{cost['components']:.0f} component")
    if cost["image_kb"] >= 1:
        parts.append(f"images {cost['image_kb']:.0f} kB")
    if marks["js_kb"]:
        parts.append(f"JavaScript {marks['js_kb']:.0f} kB")
    if marks["long_ms"]:
        parts.append(f"long tasks {marks['long_ms']:.0f} ms")
    if marks["shell_ms"]:
        parts.append(f"shell {marks['shell_ms']:.0f} ms")
    if marks["run_start_ms"] is not None and marks["run_end_ms"] is not None:
        parts.append(f"run {marks['run_start_ms']:.0f}–{marks['run_end_ms']:.0f} ms")
    return "; ".join(parts)


COLUMNS = [
    ("case", "case"),
    ("median ms", "median_ms"),
    ("one-line page ms", "floor_ms"),
    ("ratio", "ratio"),
    ("target", "target"),
    ("met", "met"),
    ("what it costs (medians)", "cost"),
]


def _photo_jpeg(seed: int) -> bytes:
    from bench.app_photo import _jpeg

    return _jpeg(1024, 1024, seed=seed)


def _launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _page_rows(browser, app: Server, floor: Server, runs: int, pages) -> list[dict]:
    samples: dict[str, list[Sample]] = {path: [] for _, path in pages}
    floors: list[Sample] = []
    for _ in range(runs):
        floors.append(new_session(browser, floor, ""))
        for _, path in pages:
            samples[path].append(new_session(browser, app, path))
    floor_ms = _median(floors)
    rows = [
        {
            "case": "One-line Streamlit page (st.write), new session",
            "median_ms": floor_ms,
            "floor_ms": floor_ms,
            "ratio": 1.0,
            "cost": _dominant(floors),
        }
    ]
    for name, path in pages:
        ms = _median(samples[path])
        ratio = ms / floor_ms
        rows.append(
            {
                "case": f"{name}: new session, time to interactive",
                "median_ms": ms,
                "floor_ms": floor_ms,
                "ratio": ratio,
                "target": f"≤ {TARGET_RATIO}× and ≤ {TARGET_PAGE_MS} ms idle",
                "met": "yes" if ratio <= TARGET_RATIO else "NO",
                "cost": _dominant(samples[path]),
            }
        )
    return rows


def _views_row(browser, app: Server, runs: int) -> dict:
    from urllib.parse import urlencode

    from tconv.core.params import output_size

    query = urlencode(BIG, safe=",;")
    o = output_size(8, 5, stride=4, padding=int(BIG["p"]), output_padding=int(BIG["a"]),
                    dilation=3)  # fmt: skip
    check = f"document.querySelector(\"svg[aria-label^='the answer {o}×{o}']\") !== null"
    samples = [new_session(browser, app, f"views?{query}", check) for _ in range(runs)]
    ms = _median(samples)
    return {
        "case": "Four views share link: 8x8 input, 5x5 kernel, stride 4, dilation 3 (new session)",
        "median_ms": ms,
        "target": f"≤ {TARGET_VIEWS_MS} ms",
        "met": "yes" if ms <= TARGET_VIEWS_MS else "NO",
        "cost": _dominant(samples),
    }


# The player's payload and the result grid's title, read in the page (the player lives in
# an open shadow root).
PLAYGROUND_STATE = """
(() => {
  const host = document.querySelector("[data-testid=stBidiComponentIsolated]");
  const root = host && (host.shadowRoot || host).querySelector(".tc-player");
  const d = root && root.__tcPlayer && root.__tcPlayer.d;
  const out = document.querySelector("svg[aria-label^='output y (']");
  return (d ? d.params.stride[0] : "") + "|" + (out ? out.getAttribute("aria-label") : "");
})()
"""


PLAYGROUND_LINK = {"x": BIG["x"], "k": BIG["k"], "s": "2"}  # 8x8 input, 5x5 kernel


def _playground_row(browser, app: Server, runs: int) -> dict:
    """Stride up and down on the Playground (8x8 input, 5x5 kernel, stride 2 <-> 3): the
    player's payload and the result grid's title must both show the new output."""
    from urllib.parse import urlencode

    context = browser.new_context(viewport=VIEWPORT)
    samples = []
    try:
        page = context.new_page()
        page.add_init_script(MARKS_JS)
        page.goto(f"{app.url}/playground?{urlencode(PLAYGROUND_LINK, safe=',;')}")
        _wait_ready(page, 0.0)
        stride = page.get_by_role("spinbutton", name="stride s", exact=True)

        def set_stride(value: int) -> None:
            stride.fill(str(value))
            stride.press("Enter")  # the input event timed: Enter's keydown

        for n in range(runs):
            s = 3 if n % 2 == 0 else 2
            o = 7 * s + 5  # (8 - 1)·s + (5 - 1) + 1
            check = f"{PLAYGROUND_STATE.strip()} === '{s}|output y ({o}×{o})'"
            samples.append(edit(page, app, lambda s=s: set_stride(s), check))
    finally:
        context.close()
    ms = _median(samples)
    return {
        "case": "Playground, 8x8 input, 5x5 kernel: stride 2 ↔ 3, player and result updated",
        "median_ms": ms,
        "target": f"≤ {TARGET_EDIT_MS} ms",
        "met": "yes" if ms <= TARGET_EDIT_MS else "NO",
        "cost": _dominant(samples),
    }


def _photo_actions(page) -> list[tuple[str, Callable[[], None]]]:
    """Each photo control, changed once (every value differs from the one before)."""

    def number(label: str):
        def act():
            box = page.get_by_role("spinbutton", name=label, exact=True)
            box.fill(str(int(box.input_value()) + 1))
            box.press("Enter")

        return act

    def slider(label: str, key: str = "ArrowRight"):
        def act():
            thumb = page.get_by_role("slider", name=label)
            thumb.focus()
            page.keyboard.press(key)

        return act

    def select(label: str, option: str):
        def act():
            page.get_by_role("combobox", name=label).click()
            page.get_by_role("option", name=option).click()

        return act

    return [  # stride last: every other change at the default stride 2 (2048x2048 out)
        ("padding +1", number("Padding p")),
        ("dilation 1 → 2", number("Dilation d")),
        ("output_padding 0 → 1", number("output_padding a")),
        ("channels: full mixing", lambda: page.get_by_text("Full mixing (groups = 1)").click()),
        ("kernel: nearest", select("Kernel", "Nearest (k = s, ones)")),
        ("normalise on", lambda: page.get_by_text("Normalise by the overlap").click()),
        ("zoom across +1 %", slider("Zoom: across (%)")),
        ("stride 2 → 3 (3072×3072 out)", slider("Stride s")),
    ]


def _photo_rows(browser, app: Server, runs: int) -> list[dict]:
    """A fresh session per run uploads its own 1024x1024 JPEG (new bytes: nothing cached),
    then changes each control once."""
    per_action: dict[str, list[Sample]] = {}
    for n in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.add_init_script(MARKS_JS)
            page.goto(f"{app.url}/photo")
            _wait_ready(page, 0.0)
            page.get_by_role("radio", name="Upload", exact=True).click()
            upload = page.locator("[data-testid=stFileUploaderDropzoneInput]")
            upload.wait_for(state="attached", timeout=TIMEOUT_MS)
            data = _photo_jpeg(seed=1000 + n)
            sizes = "document.body.innerText.includes('1024×1024 → ')"
            file = {"name": f"photo_{n}.jpg", "mimeType": "image/jpeg", "buffer": data}
            edit(page, app, lambda up=upload, f=file: up.set_input_files(f), sizes)
            for label, act in _photo_actions(page):
                per_action.setdefault(label, []).append(edit(page, app, act, None))
        finally:
            context.close()
    rows = []
    for label, samples in per_action.items():
        ms = _median(samples)
        rows.append(
            {
                "case": f"Photo, 1024×1024 upload: {label}",
                "median_ms": ms,
                "target": f"≤ {TARGET_PHOTO_MS} ms",
                "met": "yes" if ms <= TARGET_PHOTO_MS else "NO",
                "cost": _dominant(samples),
            }
        )
    return rows


def browser_table(
    runs: int = RUNS,
    pages=PAGES,
    cases=("pages", "playground", "views", "photo"),
    browser=None,
):
    """The browser table: new sessions on every page beside the one-line page, the
    Playground edit, the Four views link, each photo control.

    ``browser``: a Playwright browser to use (the tests' own: one process may run only one
    Playwright sync API at a time); None launches chromium here and closes it after."""
    table = Table("Browser: what a student feels (headless chromium, warm server)", COLUMNS)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        table.notes = ["Skipped: playwright is not installed."]
        return table
    if not (Path(CHROMIUM).exists()):
        table.notes = [f"Skipped: no chromium at {CHROMIUM}."]
        return table
    with serve("app.py") as app, serve(ONE_LINE) as floor, contextlib.ExitStack() as own:
        if browser is None:
            browser = _launch(own.enter_context(sync_playwright()))
            own.callback(browser.close)
        for _, path in pages:  # warm-up: imports, caches, first torch call
            new_session(browser, app, path)
        new_session(browser, floor, "")
        jobs = {
            "pages": lambda: _page_rows(browser, app, floor, runs, pages),
            "playground": lambda: [_playground_row(browser, app, max(runs, 2))],
            "views": lambda: [_views_row(browser, app, runs)],
            "photo": lambda: _photo_rows(browser, app, runs),
        }
        for name in cases:
            print(f"  browser: {name} ...", flush=True)
            try:
                table.rows += jobs[name]()
            except Exception as exc:  # one failing case must not lose the others
                traceback.print_exc()
                table.add(case=f"browser: {name}", cost=f"FAILED: {type(exc).__name__}")
    table.notes = [
        f"Viewport {VIEWPORT['width']}×{VIEWPORT['height']}; medians of {runs} runs (new "
        "sessions alternate with the one-line page's). Interactive: script state "
        "notRunning after a run that started after the navigation or the input, no stale "
        "element, the title visible, data editors drawn, the step player drawn, images "
        "loaded, formulas typeset (and, for an edit, the new value shown). Edits are timed "
        "from the input event. 'script' is the server's time in the page script (all runs "
        "of the case); 'shell ready' is DOMContentLoaded (Streamlit's JavaScript loaded); "
        "'run started' is when the page saw the script start."
    ]
    return table


COMPARE_COLUMNS = [
    ("case", "case"),
    ("before ms", "before"),
    ("after ms", "after"),
    ("after / before", "gain"),
    ("one-line page ms", "floor_ms"),
    ("target", "target"),
    ("met after", "met"),
]


def compare_table(before: Path, runs: int = 3) -> Table:
    """The same cases on two checkouts served side by side (``before``, then this one):
    new sessions alternate run by run (before, after, the one-line page); the edits and
    the photo controls run on one server right after the other."""
    from playwright.sync_api import sync_playwright

    table = Table(f"Browser, before ({before.name}) and after, side by side", COMPARE_COLUMNS)
    with (
        serve("app.py", root=before) as old,
        serve("app.py") as new,
        serve(ONE_LINE) as floor,
        sync_playwright() as pw,
    ):
        browser = _launch(pw)
        apps = {"before": old, "after": new}
        try:
            for _, path in PAGES:
                for app in apps.values():
                    new_session(browser, app, path)
            new_session(browser, floor, "")
            samples = {(tag, path): [] for tag in apps for _, path in PAGES}
            floors = []
            for _ in range(runs):
                floors.append(new_session(browser, floor, ""))
                for _, path in PAGES:
                    for tag, app in apps.items():
                        samples[tag, path].append(new_session(browser, app, path))
            floor_ms = _median(floors)
            table.add(case="One-line Streamlit page, new session", floor_ms=floor_ms)
            for name, path in PAGES:
                b, a = _median(samples["before", path]), _median(samples["after", path])
                table.add(
                    case=f"{name}: new session", before=b, after=a, gain=a / b,
                    floor_ms=floor_ms, target=f"≤ {TARGET_RATIO}× one-line",
                    met=f"{'yes' if a / floor_ms <= TARGET_RATIO else 'NO'} ({a / floor_ms:.2f}×)",
                )  # fmt: skip
            for job in (
                lambda app: [_playground_row(browser, app, max(runs, 2))],
                lambda app: [_views_row(browser, app, runs)],
                lambda app: _photo_rows(browser, app, runs),
            ):
                try:
                    pairs = zip(job(old), job(new), strict=True)
                except Exception as exc:  # one failing case must not lose the others
                    traceback.print_exc()
                    table.add(case=f"FAILED: {type(exc).__name__}")
                    continue
                for b, a in pairs:
                    table.add(
                        case=a["case"], before=b["median_ms"], after=a["median_ms"],
                        gain=a["median_ms"] / b["median_ms"], target=a.get("target"),
                        met=a.get("met"),
                    )  # fmt: skip
        finally:
            browser.close()
    table.notes = [
        f"Medians of {runs} runs; viewport {VIEWPORT['width']}×{VIEWPORT['height']}; "
        "'interactive' as in the browser table."
    ]
    return table


if __name__ == "__main__":  # python -m bench.browser_section [runs] [case ...]
    args = sys.argv[1:]
    if args and args[0] == "--before":  # --before DIR [runs]: a before/after table
        n = int(args[2]) if len(args) > 2 else 3
        print(compare_table(Path(args[1]).resolve(), n).markdown())
        sys.exit(0)
    n = int(args.pop(0)) if args and args[0].isdigit() else RUNS
    print(
        browser_table(n, cases=tuple(args) or ("pages", "playground", "views", "photo")).markdown()
    )
