"""``make bench`` section "classroom": simulated students on one server, at two paces.

Each case gets fresh servers (one ``streamlit run`` on a loopback port, or ``make
cluster``'s replicas behind nginx), each warmed by one student's whole lesson (imports,
first torch call, caches) and left until the warm-up's session has gone, then measured:
per-action p50/p95 (message sent -> script_finished) per page group, errors, isolation
failures, the servers' RSS before the class, at its peak and after every session has
closed (and the disconnected sessions' time to live has passed), and the servers' CPU
time per student.

Two paces (a student's pause between two actions, uniform):

- **stress** (:data:`STRESS_S`, 0.5-1.5 s): every student acts as fast as the page
  answers; a load test, not a class.
- **class** (:data:`CLASS_S`, 3-8 s): a student who reads the result before the next
  action, still brisk (README, "One server for a class", says why).

The cases (:data:`CASES`) include a class with and without one heavy photo user side by
side, and the same class through nginx in front of two processes. The whole table keeps
to :data:`TABLE_BUDGET_S`: a case that would start later is listed as skipped.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from bench.report import Table
from classroom.async_run import run_async
from classroom.client import Student
from classroom.lesson import ACTIONS, UPLOAD_ACTIONS, lesson, photo_jpeg, plan_for
from classroom.run import REAP_WAIT_S, TARGET_P95_MS, ClassResult, memory_met, run_class
from classroom.server import MALLOC_ENV, app_server, cpu_seconds

STRESS_S = (0.5, 1.5)  # a load test: every student acts as soon as the page answered
CLASS_S = (3.0, 8.0)  # a student reads the numbers (and the step player) before acting
SESSION_TTL_S = 10  # server.disconnectedSessionTTL for the bench servers (default 120 s)
SETTLE_S = SESSION_TTL_S + 5
BUDGET_S = 420  # one class at most; unfinished students are cancelled and counted
TABLE_BUDGET_S = 17 * 60  # the whole table (about 15 min idle): later cases are skipped past it


@dataclass(frozen=True)
class Case:
    """One row (or two: ``classes=2`` runs a second class on the same servers)."""

    name: str
    students: int
    think: tuple[float, float]
    heavy: bool = False  # one more student doing the heaviest photo work all along
    replicas: int = 0  # 0: one `streamlit run`; N: N replicas behind nginx (make cluster)
    malloc: bool = True  # the glibc settings of make run (False: glibc's defaults)
    classes: int = 1


CASES = (
    Case("1 student, stress pace", 1, STRESS_S),
    Case("10 students, stress pace", 10, STRESS_S),
    Case("30 students, stress pace", 30, STRESS_S, classes=2),
    Case("30 students, class pace", 30, CLASS_S),
    Case("30 students + 1 heavy photo user, class pace", 30, CLASS_S, heavy=True),
    Case("30 students, class pace, 2 processes behind nginx", 30, CLASS_S, replicas=2),
    Case(
        "30 students + 1 heavy photo user, class pace, 2 processes behind nginx",
        30,
        CLASS_S,
        heavy=True,
        replicas=2,
    ),
    Case("10 students, stress pace, glibc malloc defaults", 10, STRESS_S, malloc=False),
)

COLUMNS = [
    ("class", "case"),
    ("actions", "actions"),
    ("Playground p50 / p95 ms", "playground"),
    ("Four views p50 / p95 ms", "views"),
    ("Photo p50 / p95 ms", "photo"),
    ("errors", "errors"),
    ("isolation failures", "isolation"),
    ("RSS before / peak / after MiB", "rss"),
    ("after / before", "ratio"),
    ("peak MiB per student", "per_student"),
    ("class s", "seconds"),
    ("server CPU s per student", "cpu"),
    ("students per core", "per_core"),
    ("targets met", "met"),
]


def _pair(result: ClassResult, group: str) -> str:
    p50, p95 = result.percentile(group, 50), result.percentile(group, 95)
    if p95 is None:
        return "—"
    return f"{p50:.0f} / {p95:.0f}"


async def _warm_up(url: str) -> None:
    student = Student(url, timeout=120)
    try:
        await lesson(student, plan_for(99, True), think=(0, 0), photo=photo_jpeg(3000, 4000))
    finally:
        await student.close()


class _Servers:
    """The servers of one case: one process, or replicas behind nginx (their RSS and CPU
    summed)."""

    def __init__(self, case: Case):
        self.case = case
        self.options = {"server.disconnectedSessionTTL": SESSION_TTL_S}

    def __enter__(self):
        import contextlib

        self._stack = contextlib.ExitStack()
        malloc = MALLOC_ENV if self.case.malloc else None
        if self.case.replicas:
            from deploy.cluster import cluster

            c = self._stack.enter_context(cluster(self.case.replicas, options=self.options))
            self.url, self.procs = c.url, c.replicas
        else:
            s = self._stack.enter_context(app_server(options=self.options, malloc=malloc))
            self.url, self.procs = s.url, [s]
        return self

    def __exit__(self, *exc):
        self._stack.close()

    def warm_up(self) -> None:
        for p in self.procs:  # each replica directly: the proxy would pick one
            run_async(_warm_up(p.url))

    def rss_mib(self) -> float:
        return sum(p.rss_mib() for p in self.procs)

    def cpu(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.procs)


def measure(case: Case) -> list[tuple[ClassResult, float]]:
    """The case's class(es) on fresh, warmed servers: each result and its CPU seconds."""
    out = []
    with _Servers(case) as servers:
        servers.warm_up()
        time.sleep(1)
        for _ in range(case.classes):
            cpu0 = servers.cpu()
            result = run_async(
                run_class(
                    servers.url,
                    case.students,
                    think=case.think,
                    budget_s=BUDGET_S,
                    rss=servers.rss_mib,
                    heavy_user=case.heavy,
                    settle_s=SETTLE_S,
                    reap=True,
                    settle_before=True,
                    cpu=servers.cpu,
                )
            )
            out.append((result, servers.cpu() - cpu0))
    return out


def row(name: str, result: ClassResult, cpu: float, memory_check: bool = True) -> dict:
    met = [
        (p95 := result.percentile(g, 95)) is None or p95 <= TARGET_P95_MS[g] for g in TARGET_P95_MS
    ]
    ratio = result.rss_after / result.rss_before
    met.append(not result.errors and not result.isolation_failures)
    if memory_check:
        met.append(memory_met(result.rss_before, result.rss_after))
    return {
        "case": name,
        "actions": f"{len(result.actions)} of {result.expected_actions()}",
        "playground": _pair(result, "playground"),
        "views": _pair(result, "views"),
        "photo": _pair(result, "photo"),
        "errors": len(result.errors),
        "isolation": len(result.isolation_failures),
        "rss": f"{result.rss_before:.0f} / {result.rss_peak:.0f} / {result.rss_after:.0f}",
        "ratio": round(ratio, 2),
        "per_student": round((result.rss_peak - result.rss_before) / result.students, 1),
        "seconds": round(result.seconds),
        "cpu": round(cpu / result.students, 2),
        # only a student alone sets the pace (in a class, waiting stretches the lesson)
        "per_core": round(result.seconds / cpu, 1) if cpu > 0 and result.students == 1 else None,
        "met": "yes" if all(met) else "NO",
    }


def _heavy_note(case: Case, result: ClassResult) -> str:
    heavy_ms = sorted(a.ms for a in result.heavy if a.ms is not None)
    where = f"{case.replicas} processes" if case.replicas else "one process"
    return (
        f"Heavy user ({where}): a 12 Mpx upload at the largest side of 2048 px, an 8×8 "
        "random kernel mixing colours, stride 2, padding 3 (output 4096 px, the page's "
        "limit), normalised, "
        f"then new kernels until the class ends: {len(heavy_ms)} actions, "
        + (f"median {heavy_ms[len(heavy_ms) // 2]:.0f} ms, " if heavy_ms else "")
        + f"{sum(bool(a.problems) for a in result.heavy)} with a problem. Its server memory "
        "is not held to the 10% target (its own session holds the largest images)."
    )


def classroom_table(cases=CASES, table_budget_s: float = TABLE_BUDGET_S) -> Table:
    table = Table("Classroom: simulated students on one server (websocket, no browser)", COLUMNS)
    start = time.monotonic()
    for case in cases:
        if time.monotonic() - start > table_budget_s:
            table.add(case=f"{case.name}: skipped (the table's {table_budget_s:.0f} s were up)")
            continue
        print(f"  classroom: {case.name} ...", flush=True)
        try:
            results = measure(case)
        except Exception as exc:  # e.g. nginx missing: the row says so, the table goes on
            table.add(case=f"{case.name}: not measured ({type(exc).__name__}: {exc})"[:200])
            continue
        for k, (result, cpu) in enumerate(results):
            name = case.name + (", the same server's next class" if k else "")
            name += f", {result.uploads} upload(s)"
            table.add(**row(name, result, cpu, memory_check=not case.heavy))
            for err in result.errors[:5]:
                print(f"    {err}", flush=True)
        result, cpu = results[0]
        if case.students == 1:
            per = {g: result.cpu_ms(g) for g in TARGET_P95_MS}
            table.notes.append(
                "Server CPU per action, one student alone (median): "
                + ", ".join(f"{g} {ms:.0f} ms" for g, ms in per.items() if ms is not None)
                + ": what each action costs the one core a server's Python runs on."
            )
        if case.heavy:
            for a in result.heavy:
                for problem in a.problems:
                    print(f"    heavy user, {a.name}: {problem}", flush=True)
            table.notes.append(_heavy_note(case, result))
    table.notes += [
        f"Targets: p95 ≤ {TARGET_P95_MS['playground']} ms for Playground and Four views "
        f"actions, ≤ {TARGET_P95_MS['photo']} ms for photo actions, no error, no student "
        "seeing another's numbers, RSS after the class within 10% of before it.",
        f"Paces: stress = {STRESS_S[0]:g}–{STRESS_S[1]:g} s between two actions of a "
        f"student (a load test), class = {CLASS_S[0]:g}–{CLASS_S[1]:g} s (a student who "
        "reads the result first). Each case: fresh servers, each warmed by one whole "
        f"lesson; students start within 1 s of each other ({ACTIONS} actions, "
        f"+{UPLOAD_ACTIONS} for uploaders: every fifth student uploads a 12 Mpx JPEG). "
        "Time = message sent → "
        "script_finished (an upload: from the upload-URL request). RSS 'after': all "
        f"sessions closed, {SETTLE_S} s later (server.disconnectedSessionTTL = "
        f"{SESSION_TTL_S} s), and one latecomer's session opened and closed: Streamlit "
        "lets closed sessions go (state, uploads, images) at the next session activity "
        f"after their time to live; {REAP_WAIT_S:g} s more for the server's periodic "
        "collection (tconv/ui/memory_return.py). RSS 'before' is measured the same way once the "
        "warm-up lesson's session has gone (the level a class finds on a warm server). "
        "2 processes behind nginx: `make cluster`'s recipe "
        "(deploy/cluster.py), the students speak to the proxy, RSS and CPU are the "
        f"replicas' sums. {os.cpu_count()} cores; the harness runs on the same machine.",
        "Servers run with MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072, "
        "MALLOC_TRIM_THRESHOLD_=131072 (as make run and make cluster do), except the row "
        "marked glibc malloc defaults.",
        "Peak MiB per student = (peak − before) / students. Students per core (class of "
        "one) = the lesson's length / the server CPU time it took: how many students doing "
        "this lesson at this pace one core keeps up with (a server's Python runs on one "
        "core at a time); a slower pace (students reading) raises it in proportion.",
    ]
    return table


if __name__ == "__main__":
    print(classroom_table().markdown())
