"""``make bench``: one report, measured side by side in one process.

``python -m bench [engine] [idle] [app] [browser] [classroom]`` runs only the named sections.

1. The engine table (:mod:`bench.engine_section`): tconv's fast path, torch and the
   scatter reference, with ratios, peak memory and the difference to torch.
2. The idle table (:mod:`bench.idle_section`): one batched case, each library alone,
   called back to back, every 20 ms and every 200 ms (torch's threads sleep when idle).
3. The app table: every ``bench/app_*.py`` module's ``rows()`` (dicts with the keys
   case, median_ms, target_ms, note). A module that fails shows as a failed row.
4. The browser table (:mod:`bench.browser_section`): headless chromium against a warm
   ``streamlit run``: a new session on every page beside a one-line Streamlit page, a
   Playground edit, the Four views share link, each photo control on a 1024 px photo.
5. The classroom table (:mod:`bench.classroom_section`): simulated students over
   Streamlit's websocket at a stress pace and a class pace, one process and two behind
   nginx, with and without one heavy photo user; bounded by its own time budget.

The report is Markdown, ready for the README's performance section.
"""

from __future__ import annotations

import datetime
import importlib
import os
import pkgutil
import platform
import sys
import time
import traceback
from pathlib import Path

import numpy as np
import torch

import bench
from bench.browser_section import browser_table
from bench.classroom_section import classroom_table
from bench.engine_section import engine_table
from bench.idle_section import idle_table
from bench.report import Table
from tconv.engine.blas import controllable, core_name
from tconv.engine.run import threads

APP_COLUMNS = [
    ("case", "case"),
    ("median ms", "median_ms"),
    ("target ms", "target_ms"),
    ("met", "met"),
    ("note", "note"),
]


def load() -> str:
    """The 1-minute load average: how busy the machine was (other processes included)."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        mem = f"{mem_kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        mem = "RAM unknown"
    blas = np.__config__.CONFIG["Build Dependencies"]["blas"]
    forced = os.environ.get("OPENBLAS_CORETYPE")
    kernels = f"{core_name()} kernels" + (
        f", as OPENBLAS_CORETYPE={forced} in the environment asks" if forced else ""
    )
    return (
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {cpu}, "
        f"{os.cpu_count()} cores, {mem}; Python {platform.python_version()}, "
        f"NumPy {np.__version__} ({blas.get('name')} {blas.get('version')}, {kernels}), "
        f"torch {torch.__version__} with {torch.get_num_threads()} threads; "
        f"tconv engine {threads()} threads, BLAS single-threaded inside them: "
        f"{'yes' if controllable() else 'not controllable'}"
    )


def app_modules() -> list[str]:
    """The names of every ``bench/app_*.py`` module, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("app_"))


def app_table() -> Table:
    table = Table("App: Playground rerun, GIF export, photo page", APP_COLUMNS)
    for name in app_modules():
        print(f"  bench.{name} ...", flush=True)
        try:
            rows = importlib.import_module(f"bench.{name}").rows()
        except Exception as exc:  # one failing module must not kill the report
            traceback.print_exc()
            table.add(case=f"bench.{name}", note=f"FAILED: {type(exc).__name__}: {exc}")
            continue
        for row in rows:
            median, target = row.get("median_ms"), row.get("target_ms")
            met = None
            if isinstance(median, (int, float)) and isinstance(target, (int, float)):
                met = "yes" if median <= target else "NO"
            table.add(
                case=row.get("case", f"bench.{name}"),
                median_ms=median,
                target_ms=target,
                met=met,
                note=row.get("note"),
            )
    if not table.rows:
        table.notes = ["No bench/app_*.py module found."]
    return table


SECTIONS = {
    "engine": engine_table,
    "idle": idle_table,
    "app": app_table,
    "browser": browser_table,
    "classroom": classroom_table,  # simulated students on one server (classroom/)
}


def main(argv: list[str]) -> int:
    """Run the sections named in argv (all by default) and print the Markdown report."""
    names = argv or list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}", file=sys.stderr)
        return 2
    start, load_before = time.perf_counter(), load()
    tables = []
    for name in names:
        print(f"Measuring: {name} ...", flush=True)
        tables.append(SECTIONS[name]())
    elapsed = time.perf_counter() - start
    print()
    print("## Benchmarks (`make bench`)")
    print()
    print(machine())
    print()
    for table in tables:
        print(table.markdown())
        print()
    after, cores = load(), os.cpu_count() or 1
    busy = any(v != "unknown" and float(v) > cores for v in (load_before, after))
    print(
        f"Whole run: {elapsed:.0f} s. Load average (1 min) before / after: "
        f"{load_before} / {after} on {cores} cores"
        + (
            " (above the core count: other processes competed for the CPU, so every "
            "figure is slower than on an idle machine)."
            if busy
            else "."
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
