"""The benchmark harness itself (not its timings): tables, section choice, a quick run."""

from unittest import mock

import pytest

import bench.idle_section as idle
from bench.__main__ import main
from bench.report import Table, cell


def test_table_markdown_aligns_numbers_right_and_shows_missing_as_a_dash():
    t = Table("T", [("case", "case"), ("ms", "ms")])
    t.add(case="a|b", ms=12.345)
    t.add(case="c", ms=None)
    t.notes = ["note"]
    assert t.markdown().splitlines() == [
        "### T",
        "",
        "| case | ms |",
        "|:--|--:|",
        "| a\\|b | 12.3 |",
        "| c | — |",
        "",
        "note",
    ]
    assert [cell(v) for v in (0.0, 1234.5, 0.5, 0.001234)] == ["0", "1234", "0.50", "1.2e-03"]


def test_an_unknown_section_is_refused(capsys):
    assert main(["nope"]) == 2
    assert "unknown section" in capsys.readouterr().err


def test_idle_table_times_both_libraries_for_each_pause():
    with mock.patch.object(idle, "PAUSES_S", ((0.0, 1), (0.001, 2))):
        table = idle.idle_table()
    assert [r["pause"] for r in table.rows] == ["none (back to back)", "1 ms"]
    for row in table.rows:
        assert row["tconv"] > 0 and row["torch"] >= row["torch_min"] > 0
        assert row["ratio"] == pytest.approx(row["tconv"] / row["torch"])
