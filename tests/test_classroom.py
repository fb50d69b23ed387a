"""The classroom harness: simulated students speaking Streamlit's websocket protocol to a
real ``streamlit run`` on a loopback port (no browser).

The quick class (three students, one 12 Mpx upload) must finish with no error, every
student seeing only its own numbers, and nothing left on disk by the server: its temp
folder (TMPDIR) stays empty and no file in the checkout changes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bench.__main__ import SECTIONS
from bench.classroom_section import row
from classroom.async_run import run_async
from classroom.client import ProtocolError, Run, Student, widget_state
from classroom.lesson import Action, expect, lesson, photo_jpeg, plan_for
from classroom.run import ClassResult, run_class
from classroom.server import ROOT, app_server

SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"}


def files_changed_since(root: Path, since: float) -> list[str]:
    changed = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            path = Path(dirpath, name)
            try:
                if path.stat().st_mtime >= since:
                    changed.append(str(path.relative_to(root)))
            except FileNotFoundError:
                pass
    return changed


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server-tmp")
    with app_server(env={"TMPDIR": str(tmp)}) as srv:
        srv.tmp = tmp
        yield srv


def test_a_small_class_runs_without_error_and_each_student_sees_its_own_numbers(server):
    start = time.time()
    before = sorted(p.name for p in server.tmp.iterdir())
    result = run_async(
        run_class(
            server.url, 3, upload_every=3, think=(0.05, 0.2), budget_s=240, rss=server.rss_mib
        )  # fmt: skip
    )
    assert result.errors == []
    assert result.isolation_failures == []
    assert result.uploads == 1
    assert len(result.actions) == result.expected_actions() == 38
    assert {a.student for a in result.actions} == {0, 1, 2}
    for group in ("playground", "views", "photo"):
        assert result.percentile(group, 95) > 0
    assert result.rss_peak >= result.rss_before > 0
    # nothing per user on disk: the server's temp folder and the checkout are unchanged
    assert sorted(p.name for p in server.tmp.iterdir()) == before
    assert files_changed_since(ROOT, start) == []


def test_a_share_link_from_another_student_is_caught_as_an_isolation_failure(server):
    """The checks are real: a student opening student 1's link sees 1's numbers, and the
    lesson's check for student 0 flags it."""

    async def go():
        s = Student(server.url, timeout=60)
        try:
            run = await s.open("playground", plan_for(1, False).link())
        finally:
            await s.close()
        return run

    run = run_async(go())
    mine, theirs = plan_for(0, False).link(), plan_for(1, False).link()
    assert expect(run.text("share_link"), f"?{theirs}") == []
    assert expect(run.text("share_link"), f"?{mine}") != []


def test_a_missing_widget_and_a_wrong_option_are_reported(server):
    async def go():
        s = Student(server.url, timeout=60)
        try:
            await s.open("views")
            with pytest.raises(ProtocolError, match="no widget with key 'nope'"):
                await s.set(nope=1)
            with pytest.raises(ProtocolError, match="is not one of"):
                await s.set(views_config="no such configuration")
        finally:
            await s.close()

    run_async(go())


def test_widget_states_are_encoded_as_the_frontend_sends_them():
    assert widget_state("i", "number_input", None, 3).double_value == 3.0
    assert list(widget_state("i", "slider", None, 2).double_array_value.data) == [2.0]
    assert widget_state("i", "selectbox", None, "a").string_value == "a"
    assert list(widget_state("i", "button_group", None, "Upload").string_array_value.data) == [
        "Upload"
    ]
    assert widget_state("i", "checkbox", None, True).bool_value is True
    with pytest.raises(ProtocolError, match="not implemented"):
        widget_state("i", "data_editor", None, 1)


def test_run_texts_and_problems_come_from_the_elements():
    run = Run(ms=1.0, texts=[("markdown", "a"), ("code", "b"), ("markdown", "c")])
    assert run.text("markdown") == "a\nc"
    assert expect("x and y", "x", "z") == ["expected 'z' on the page, not found"]


def test_one_lesson_records_every_action_with_its_page_group(server):
    async def go():
        s = Student(server.url, timeout=90)
        try:
            return await lesson(s, plan_for(4, True), think=(0, 0), photo=photo_jpeg(300, 400))
        finally:
            await s.close()

    actions = run_async(go())
    # the upload's check expects a 12 Mpx photo's size, so this small one is flagged
    assert [a.group for a in actions] == ["playground"] * 3 + ["views"] * 6 + ["photo"] * 5
    assert [a.isolation for a in actions] == [True] * 13 + [False]
    assert "Downscaled from 3032×4000" in actions[-1].problems[0]


def test_server_paths_resolve_below_the_base_path_as_the_frontend_does():
    s = Student("http://127.0.0.1:1/school/tconv")
    assert s._relative("/school/tconv/_stcore/upload_file/a/b") == "/_stcore/upload_file/a/b"
    assert s._relative("/_stcore/upload_file/a/b") == "/_stcore/upload_file/a/b"
    assert s._relative("media/x.jpg") == "/media/x.jpg"
    assert s._relative("/school/tconvx/y") == "/school/tconvx/y"
    assert Student("http://127.0.0.1:1")._relative("/media/x.jpg") == "/media/x.jpg"


def _result(ms: float, after: float) -> ClassResult:
    r = ClassResult(students=2, uploads=0, rss_before=500.0, rss_peak=700.0, rss_after=after)
    r.seconds = 40.0
    for student in (0, 1):
        for group in ("playground", "views", "photo"):
            r.actions.append(Action(student, "a", group, ms))
    return r


def test_the_classroom_row_holds_the_targets_to_account():
    ok = row("2 students", _result(200.0, 540.0), cpu=4.0)
    assert ok["met"] == "yes" and ok["ratio"] == 1.08 and ok["per_student"] == 100.0
    assert ok["playground"] == "200 / 200" and ok["cpu"] == 2.0 and ok["per_core"] is None
    alone = _result(200.0, 540.0)
    alone.students = 1  # a student alone: 40 s of lesson for 4 s of server CPU
    assert row("1 student", alone, cpu=4.0)["per_core"] == 10.0
    assert row("slow", _result(1500.0, 540.0), cpu=4.0)["met"] == "NO"
    assert row("memory kept", _result(200.0, 600.0), cpu=4.0)["met"] == "NO"
    assert row("heavy", _result(200.0, 600.0), cpu=4.0, memory_check=False)["met"] == "yes"
    failed = _result(200.0, 540.0)
    failed.actions[0].problems.append("error: boom")
    assert row("error", failed, cpu=4.0)["met"] == "NO"
    assert "classroom" in SECTIONS


def test_the_harness_stays_on_this_machine_and_bounded():
    with pytest.raises(ValueError, match="only talks to this machine"):
        run_async(run_class("http://example.org:8501", 1))
    with pytest.raises(ValueError, match="students must be 1 to 60"):
        run_async(run_class("http://127.0.0.1:1", 61))


def test_the_bench_runs_each_class_at_its_stated_pace_and_lets_sessions_go(monkeypatch):
    """measure() hands run_class the case's think time, the latecomer and the CPU clock
    (a reformatting once dropped them silently while the notes still claimed them), and
    runs a second class on the same server when the case asks for it."""
    import contextlib
    from types import SimpleNamespace

    import bench.classroom_section as section

    seen = []

    async def fake_run_class(url, students, **kwargs):
        seen.append(kwargs)
        return ClassResult(students, 0)

    async def no_warm_up(url):
        return None

    started = []

    @contextlib.contextmanager
    def fake_server(**kwargs):
        started.append(kwargs)
        yield SimpleNamespace(url="http://127.0.0.1:1", pid=os.getpid(), rss_mib=lambda: 1.0)

    monkeypatch.setattr(section, "run_class", fake_run_class)
    monkeypatch.setattr(section, "_warm_up", no_warm_up)
    monkeypatch.setattr(section, "app_server", fake_server)
    monkeypatch.setattr(section.time, "sleep", lambda s: None)
    results = section.measure(section.Case("two classes", 3, section.CLASS_S, classes=2))
    assert len(results) == 2 and len(started) == 1  # both classes on one server
    for kwargs in seen:
        assert kwargs["think"] == section.CLASS_S
        assert kwargs["reap"] is True and kwargs["settle_s"] == section.SETTLE_S
        assert kwargs["cpu"]() > 0
    section.measure(section.Case("defaults", 1, section.STRESS_S, malloc=False))
    assert started[-1]["malloc"] is None and seen[-1]["think"] == section.STRESS_S


def test_the_bench_table_keeps_to_its_time_budget_and_survives_a_case_that_fails(monkeypatch):
    import bench.classroom_section as section

    def no_proxy(case):
        raise RuntimeError("nginx is missing")

    monkeypatch.setattr(section, "measure", no_proxy)
    cases = [section.Case("behind nginx", 30, section.CLASS_S, replicas=2)]
    table = section.classroom_table(cases)
    assert "not measured (RuntimeError: nginx is missing)" in table.rows[0]["case"]
    table = section.classroom_table(cases, table_budget_s=-1)
    assert "skipped" in table.rows[0]["case"]
    names = [c.name for c in section.CASES]
    assert any("class pace" in n and "heavy" in n for n in names)
    assert any("class pace" in n and "nginx" in n for n in names)
    assert any("stress pace" in n for n in names)


def test_the_client_knows_the_share_link_components_name():
    from classroom.client import SHARE_LINK
    from tconv.ui.sharing import COMPONENT_NAME

    assert SHARE_LINK == COMPONENT_NAME
