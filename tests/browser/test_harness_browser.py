"""The harness's run counter (conftest.RUNS_JS) reads Streamlit's messages right: a run's
start, and a run that ended early for a rerun told apart from one that finished."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from classroom.messages import TOP_FIELDS_JS


def top_fields(page, message: ForwardMsg) -> dict:
    return page.evaluate(
        "(d) => { const f = " + TOP_FIELDS_JS + "; return f(new Uint8Array(d).buffer); }",
        list(message.SerializeToString()),
    )


def early_for_rerun(page, message: ForwardMsg) -> bool:
    return top_fields(page, message).get("6") == 2


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ForwardMsg.FINISHED_EARLY_FOR_RERUN, True),
        (ForwardMsg.FINISHED_SUCCESSFULLY, False),
        (ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, False),
    ],
)
def test_a_run_finished_early_for_a_rerun_is_recognised(page, status, expected):
    message = ForwardMsg()
    message.metadata.delta_path.extend([0, 1, 300])  # a length-delimited field before it
    message.script_finished = status
    assert early_for_rerun(page, message) is expected


def test_a_run_start_is_recognised_behind_the_metadata(page):
    message = ForwardMsg()
    message.metadata.delta_path.extend([0, 1, 300])
    message.new_session.page_script_hash = "a" * 32
    assert top_fields(page, message) == {"4": True}


def test_other_messages_are_not_a_rerun(page):
    message = ForwardMsg()
    message.session_status_changed.script_is_running = True
    assert early_for_rerun(page, message) is False
    message = ForwardMsg()
    message.delta.new_element.markdown.body = "script_finished 2" * 20
    assert early_for_rerun(page, message) is False


def test_a_run_that_starts_before_the_previous_one_reports_its_end_is_waited_for(browser):
    """Two runs started back to back with one script_finished (seen when an upload is
    replaced): the page is busy after the second start and idle after the one finish."""
    from tests.browser.conftest import new_context

    context = new_context(browser)
    try:
        pg = context.new_page()
        pg.goto("about:blank")
        start, finish = ForwardMsg(), ForwardMsg()
        start.new_session.page_script_hash = "a" * 32
        finish.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
        feed = """(d) => { const w = window.__tconvRuns;
                           w.receive(new Uint8Array(d).buffer); return w.open; }"""
        assert pg.evaluate(feed, list(start.SerializeToString())) is True
        assert pg.evaluate(feed, list(start.SerializeToString())) is True
        assert pg.evaluate(feed, list(finish.SerializeToString())) is False
        counts = pg.evaluate("() => [window.__tconvRuns.started, window.__tconvRuns.finished]")
        assert counts == [2, 1]
    finally:
        context.close()
