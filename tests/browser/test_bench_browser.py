"""The browser section of `make bench` (its harness, not its timings): a tiny run of every
case, and the parts that need no browser."""

import re

import pytest

from bench import browser_section as bs


def test_script_time_lines_are_read_from_the_server_log(tmp_path):
    log = (tmp_path / "log").open("w+b")
    log.write(b"noise\ntconv-script playground 12.5 ms\ntconv-script home 3.0 ms\n")
    server = bs.Server("http://x", log)
    assert server.script_runs() == [("playground", 12.5), ("home", 3.0)]
    assert server.script_runs() == []  # only what came since the last call
    log.write(b"tconv-script views 7.0 ms\n")
    assert server.script_runs() == [("views", 7.0)]


def test_every_page_of_the_app_is_timed():
    app = (bs.ROOT / "app.py").read_text()
    assert len(bs.PAGES) == app.count("st.Page(") >= 7
    assert bs.PAGES[0] == ("Home", "") and ("Four views", "views") in bs.PAGES


def test_the_cost_column_names_what_the_page_carries():
    cost = {"elements": 40, "katex": 3, "editors": 2, "components": 1, "image_kb": 12.0,
            "js_kb": 900.0, "long_ms": 300.0, "shell_ms": 800.0, "run_start_ms": 900.0,
            "run_end_ms": 1000.0}  # fmt: skip
    text = bs._dominant([bs.Sample(2000.0, 55.0, 1, cost), bs.Sample(2100.0, 65.0, 1, cost)])
    for part in ("script 60 ms", "40 elements", "3 KaTeX", "2 data editors", "1 component",
                 "images 12 kB", "JavaScript 900 kB", "long tasks 300 ms", "shell 800 ms",
                 "run 900–1000 ms"):  # fmt: skip
        assert part in text, (part, text)


@pytest.mark.timeout(900)
def test_a_tiny_run_measures_every_case(browser):
    # the tests' browser: a second Playwright sync API in this process would be refused
    # once another test has started the shared one
    table = bs.browser_table(runs=1, pages=[("Home", "")], browser=browser)
    failed = [r for r in table.rows if "FAILED" in str(r.get("cost"))]
    assert not failed, failed
    cases = [r["case"] for r in table.rows]
    assert cases[0].startswith("One-line Streamlit page") and cases[1].startswith("Home:")
    assert any(c.startswith("Playground") for c in cases)
    assert any(c.startswith("Four views share link") for c in cases)
    photo = [r for r in table.rows if r["case"].startswith("Photo")]
    assert len(photo) == len(bs._photo_actions(None))
    for row in table.rows:
        assert row["median_ms"] > 0, row
    for row in photo:  # interactive again only once the run the input caused has ended
        run = re.search(r"run (\d+)–(\d+) ms", row["cost"])
        assert run and int(run.group(2)) <= row["median_ms"] + 1, row
    home = table.rows[1]
    assert home["ratio"] == pytest.approx(home["median_ms"] / table.rows[0]["median_ms"])
    assert "script —" not in home["cost"], home  # the app logged its script time
    views = next(r for r in table.rows if r["case"].startswith("Four views"))
    assert "elements" in views["cost"]
    assert "| case | median ms |" in table.markdown()
