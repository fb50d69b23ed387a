"""The harness's run counter (conftest.RUNS_JS) reads Streamlit's messages right: a run
that ended early for a rerun is told apart from one that finished."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import RUNS_JS


def early_for_rerun(page, message: ForwardMsg) -> bool:
    source = RUNS_JS.split("const earlyForRerun = ")[1].split("  window.WebSocket")[0]
    return page.evaluate(
        "(d) => { const f = " + source + "; return f(new Uint8Array(d).buffer); }",
        list(message.SerializeToString()),
    )


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


def test_other_messages_are_not_a_rerun(page):
    message = ForwardMsg()
    message.session_status_changed.script_is_running = True
    assert early_for_rerun(page, message) is False
    message = ForwardMsg()
    message.delta.new_element.markdown.body = "script_finished 2" * 20
    assert early_for_rerun(page, message) is False
