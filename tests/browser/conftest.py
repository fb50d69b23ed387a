"""Real-browser harness: `streamlit run` on a free loopback port, driven by Playwright
with Debian's chromium.

Browser tests skip with the reason when chromium or playwright is missing, unless
TCONV_REQUIRE_BROWSER=1 (set by .ci/run), in which case they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from classroom.messages import TOP_FIELDS_JS
from classroom.server import app_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TCONV_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("TCONV_REQUIRE_BROWSER") == "1"
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


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="session")
def browser_ready():
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"browser tests are required (TCONV_REQUIRE_BROWSER=1): {reason}")
        pytest.skip(reason)


@contextlib.contextmanager
def streamlit_server(script: str = "app.py", port: int | None = None):
    """Run `streamlit run <script>` on a loopback port (a free one unless given); yield its
    URL; always stop it (classroom.server's app server, the project's one server start)."""
    with app_server(port=port, script=script) as server:
        yield server.url


@pytest.fixture(scope="session")
def app_url(browser_ready):
    """The app, started once per test session."""
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# Installed in every page before Streamlit's own scripts (see new_context). From the
# websocket it counts
# - the connections opened;
# - the rerun requests the page sends (BackMsg.rerun_script, field 11: first byte 0x5A);
# - the script runs that start (ForwardMsg.new_session, field 4: every run, a fragment's
#   too) and finish (ForwardMsg.script_finished, field 6), and notes a run that finished
#   early for a rerun the server starts itself (script_finished = FINISHED_EARLY_FOR_RERUN,
#   2: st.navigation's first run on a new session, st.rerun). A run can start without
#   the previous one's script_finished: two rerun requests close together (an upload
#   replaced sends two) start two runs and only the second reports its end. So "a run is
#   open" is what the last start or finish said, not a comparison of the two counts;
# and counts animation frames, so that a test waits for the run its input asked for (and
# the one that follows) until the page has drawn it, instead of sleeping. Runs are counted
# from messages, not from stApp's data-test-script-state: a fast run's "running" and
# "notRunning" can land in one React render and never show in the DOM.
RUNS_JS = (
    """
(() => {
  const w = (window.__tconvRuns = { connected: 0, requested: 0, answered: 0, started: 0,
    finished: 0, open: false, rerunning: false, frame: 0, messageFrame: 0 });
  const tick = () => { w.frame += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  // the top-level fields 4 (present) and 6 (its value) of a ForwardMsg
  const topFields = """
    + TOP_FIELDS_JS
    + """;
  const received = (data) => {
    const f = topFields(data);
    if (f[4]) { w.started += 1; w.answered = w.requested; w.rerunning = false; w.open = true; }
    if (6 in f) { w.finished += 1; w.rerunning = f[6] === 2; w.open = false; }
    w.messageFrame = w.frame;
  };
  w.receive = received;  // for the harness's own tests
  window.WebSocket = class extends window.WebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("open", () => { w.connected += 1; });
      this.addEventListener("message", (e) => received(e.data));
    }
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data, 0, 1)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, 1) : null;
    if (bytes && bytes[0] === 0x5a) w.requested += 1;
    return send.apply(this, arguments);
  };
})();
"""
)

# Idle: every rerun the page asked for has started, the newest run has finished and no
# other is announced, two frames have passed since the last message (Streamlit handles
# messages asynchronously, then React draws), the script is not running, no element is
# stale (Streamlit dims the elements of a run in flight) and none waits for its JavaScript
# (a skeleton: an element type's code loads on its first use, e.g. st.html's for the SVG
# grids). ``since``: at least this many runs have started (a run that started after an
# action, see :func:`runs`).
IDLE_JS = """
(since) => {
  const w = window.__tconvRuns;
  if (!w) throw new Error("the page has no run counter: open it with new_context()");
  const app = document.querySelector("[data-testid=stApp]");
  return !!app && app.getAttribute("data-test-script-state") === "notRunning"
    && w.answered >= w.requested && !w.open && !w.rerunning
    && w.started >= since && w.frame - w.messageFrame >= 2
    && !document.querySelector("[data-stale=true], [data-testid=stSkeleton]");
}
"""


def new_context(browser, **options):
    """A browser context whose pages count their script runs (what :func:`wait_idle` reads)."""
    context = browser.new_context(**options)
    context.add_init_script(RUNS_JS)
    return context


@pytest.fixture
def page(browser):
    """A fresh page (1400x1000) that records uncaught page errors in `page.errors`."""
    context = new_context(browser, viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def runs(page) -> int:
    """How many script runs have started in the page so far."""
    return page.evaluate("() => window.__tconvRuns.started")


def connections(page) -> int:
    """How many websocket connections the page has opened so far (a reconnection adds one)."""
    return page.evaluate("() => window.__tconvRuns.connected")


def wait_idle(page, timeout: float = 30_000, since: int | None = None) -> None:
    """Wait until every script run the page asked for has started and finished, and no
    element is stale. ``since``: also wait until more than this many runs have started
    (``runs(page)`` taken before an action that must cause a run; 0 after a navigation).

    Two frames pass first: a widget that commits its value in a React effect sends its
    rerun request after the next paint, not inside the input's event handler."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    next_frame(page)
    try:
        page.wait_for_function(IDLE_JS, arg=0 if since is None else since + 1, timeout=timeout)
    except PlaywrightTimeout as exc:
        raise AssertionError(f"the page did not become idle: {idle_state(page)}") from exc


def idle_state(page) -> dict:
    """What :data:`IDLE_JS` reads, for a message when the page does not become idle."""
    return page.evaluate(
        """() => {
             const w = window.__tconvRuns || {};
             const app = document.querySelector("[data-testid=stApp]");
             return {
               script: app && app.getAttribute("data-test-script-state"),
               requested: w.requested, answered: w.answered, started: w.started,
               finished: w.finished, open: w.open, rerunning: w.rerunning,
               framesSinceMessage: w.frame - w.messageFrame,
               stale: document.querySelectorAll("[data-stale=true]").length,
               skeletons: document.querySelectorAll("[data-testid=stSkeleton]").length,
             };
           }"""
    )


def expect(*args, **kwargs):
    """Playwright's ``expect`` (imported late: without playwright the tests skip), waiting
    as long as the pages' default (30 s) instead of its own 5 s: a loaded machine is slow."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    return expect(*args, **kwargs)


def next_frame(page, frames: int = 2) -> None:
    """Wait until the browser has painted ``frames`` more frames (handlers of an input
    that change the page synchronously have been drawn by then)."""
    page.evaluate(
        """(n) => new Promise((done) => {
             const tick = () => (n-- > 0 ? requestAnimationFrame(tick) : done());
             tick();
           })""",
        frames,
    )


def enter_text(page, field, text: str) -> None:
    """Type ``text`` into the input ``field``, press Enter and wait for the run it causes.

    The run is awaited by its start (``since``), not only by an idle moment: a text or
    number input commits on Enter, and CI once saw the page idle before that run began
    (the worksheet link still showed the old seed). No run is awaited when the field
    already held ``text`` (Streamlit does not rerun for an unchanged value)."""
    changed = field.input_value() != text
    before = runs(page)
    field.fill(text)
    expect(field).to_have_value(text)
    next_frame(page)  # the widget has taken the typed value before Enter commits it
    field.press("Enter")
    wait_idle(page, since=before if changed else None)


def open_tab(page, name: str) -> None:
    """Click the tab ``name`` (st.tabs: no script run) and wait until it is shown."""
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    next_frame(page)


def open_page(page, app_url: str, path: str = "", query: str = "") -> None:
    """Navigate to a page of the app (url path such as 'playground') and wait for it."""
    page.goto(f"{app_url}/{path}{('?' + query) if query else ''}")
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page, since=0)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']"
    ).first.inner_text()
