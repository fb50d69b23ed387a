"""The scale-out recipe, for real: two replicas behind Debian's nginx (deploy/cluster.py),
driven through the proxy by the classroom harness, under a base path.

Skips with the reason when nginx is missing, unless TCONV_REQUIRE_CLUSTER=1 (set by
.ci/run, which installs nginx), in which case it fails instead. Loopback only; the
cluster fixture stops nginx and both replicas and removes nginx's temp folder.
"""

from __future__ import annotations

import asyncio
import collections
import gzip
import os
import re
import time
import urllib.request

import pytest

from classroom.async_run import run_async
from classroom.client import ProtocolError, Student
from classroom.lesson import plan_for
from classroom.run import run_class
from classroom.server import ROOT
from deploy.cluster import ProxyMissing, cluster, fill, max_upload_mb, nginx_binary, render
from tests.test_classroom import files_changed_since

REQUIRED = os.environ.get("TCONV_REQUIRE_CLUSTER") == "1"
BASE = "tconv"
COOKIE = "tconv_affinity"


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    try:
        nginx_binary()
    except ProxyMissing as e:
        if REQUIRED:
            pytest.fail(f"the cluster test is required (TCONV_REQUIRE_CLUSTER=1): {e}")
        pytest.skip(str(e))
    tmp = tmp_path_factory.mktemp("replica-tmp")
    start = time.time()
    with cluster(2, base_path=BASE, env={"TMPDIR": str(tmp)}) as c:
        c.tmp, c.start = tmp, start
        yield c


def replicas_by_key(c) -> dict[str, set[str]]:
    seen = collections.defaultdict(set)
    for row in c.access_log():
        seen[row["key"]].add(row["upstream"])
    return seen


def test_the_template_is_filled_completely_and_names_what_streamlit_needs(tmp_path):
    conf = render(tmp_path, "127.0.0.1:1", [2, 3], "school/tconv", frozenset({3}), 25)
    assert "${" not in conf
    assert "location /school/tconv/ {" in conf
    assert "client_max_body_size 26m;" in conf
    assert "server 127.0.0.1:3 max_fails=1 fail_timeout=5s down;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "hash $tconv_affinity consistent;" in conf
    assert max_upload_mb() == 25  # .streamlit/config.toml's server.maxUploadSize
    with pytest.raises(KeyError, match="nope"):
        fill("a ${nope} $nginx_variable", other="x")


def test_a_class_through_the_proxy_spreads_over_both_replicas_and_stays_put(running):
    c = running
    result = run_async(
        run_class(c.url, 6, upload_every=3, think=(0.05, 0.2), budget_s=240, action_timeout=90)
    )
    assert result.errors == []
    assert result.isolation_failures == []
    assert result.uploads == 2

    def stream_replicas() -> set[str]:
        """The replicas that served some session's websocket."""
        seen = replicas_by_key(c)
        keys = {r["key"] for r in c.access_log() if "/_stcore/stream" in r["request"]}
        return {u for k in keys for u in seen.get(k, ())}

    async def extra_students(n: int) -> None:  # only if the six landed on one replica
        for i in range(n):
            await asyncio.sleep(0.3)  # nginx logs a websocket when it closes
            if len(stream_replicas()) == 2:  # the condition asserted below
                return
            s = Student(c.url, timeout=60, name=f"extra{i}")
            try:
                await s.open("")
            finally:
                await s.close()

    run_async(extra_students(20))
    time.sleep(0.5)  # nginx logs a websocket when it closes
    seen = replicas_by_key(c)
    # every browser (affinity key) stayed on one replica: page, websocket, uploads
    assert all(len(ups) == 1 for ups in seen.values()), seen
    sessions = {r["key"] for r in c.access_log() if "/_stcore/stream" in r["request"]}
    per_replica = collections.Counter(next(iter(seen[k])) for k in sessions)
    print(f"\nsessions per replica: {dict(per_replica)}")
    assert set(per_replica) == {f"127.0.0.1:{r.port}" for r in c.replicas}
    uploads = [r for r in c.access_log() if r["request"].startswith("PUT ")]
    assert len(uploads) == 2 and all(r["status"] == "204" for r in uploads)
    # nothing per user on disk: replicas' temp folder, nginx's body buffer, the checkout
    assert list(c.tmp.iterdir()) == []
    assert list((c.prefix / "client_body").glob("**/*")) == []
    assert files_changed_since(ROOT, c.start) == []


def _get(url: str, gzip_ok: bool) -> tuple[str | None, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.headers.get("Content-Encoding"), r.read()


def test_the_proxy_compresses_streamlit_s_javascript(running):
    """Streamlit sends its JavaScript bundles uncompressed; through the proxy a browser
    gets them gzipped, and they decompress to the replica's own bytes."""
    c = running
    _, page = _get(c.url + "/", gzip_ok=False)
    bundles = re.findall(r'src="\.?/?(static/js/[^"]+\.js)"', page.decode())
    assert bundles, page[:500]
    encoding, body = _get(f"{c.url}/{bundles[0]}", gzip_ok=True)
    replica = next(r for r in c.replicas if r.proc.poll() is None)
    raw_encoding, raw = _get(f"{replica.url}/{bundles[0]}", gzip_ok=True)
    assert raw_encoding is None  # the replica's own answer: uncompressed
    assert encoding == "gzip" and gzip.decompress(body) == raw
    print(f"\n{bundles[0]}: {len(raw) // 1024} kB from a replica, {len(body) // 1024} kB gzipped")
    assert len(body) < 0.5 * len(raw)


def test_a_killed_replica_s_users_reconnect_to_the_other_with_their_configuration(running):
    c = running
    plan = plan_for(7, False)

    async def go():
        s = Student(c.url, timeout=60, name="survivor")
        await s.open("playground", plan.link())
        await s.set(pg_stride_h=plan.stride)
        await s.set(pg_padding_h=plan.padding)
        key = s.cookies[COOKIE]
        (first,) = replicas_by_key(c)[key]
        victim = next(r for r in c.replicas if first.endswith(f":{r.port}"))
        t0 = time.perf_counter()
        victim.stop(kill=True)  # SIGKILL: no goodbye to the websocket
        run, tries = None, 0
        while run is None:
            tries += 1
            try:
                run = await s.reconnect()
            except (ProtocolError, OSError):
                if time.perf_counter() - t0 > 60:
                    raise
                await asyncio.sleep(0.2)
        seconds = time.perf_counter() - t0
        await s.close()
        return run, seconds, tries, key, first

    run, seconds, tries, key, first = run_async(go())
    # the active health check marks the dead replica down in nginx (and nginx reloads)
    health = c.check_health()
    assert sorted(health.values()) == [False, True]
    dead = next(p for p, ok in health.items() if not ok)
    assert first == f"127.0.0.1:{dead}"
    assert f"server 127.0.0.1:{dead} max_fails=1 fail_timeout=5s down;" in c.conf.read_text()
    assert c.proxy.poll() is None

    async def newcomer():
        s = Student(c.url, timeout=60, name="newcomer")
        try:
            return await s.open("")
        finally:
            await s.close()

    home = run_async(newcomer())  # after the reload, a new student still gets in
    assert home.exceptions == [] and home.status == "FINISHED_SUCCESSFULLY"
    print(f"\nreconnect after a replica was killed: {seconds:.2f} s ({tries} attempt(s))")
    assert run.exceptions == [] and run.errors == []
    # the share link in the URL restored the learner's numbers on the other replica
    shown = run.text()
    assert f"x={plan.x_text}&k=1,0,1;0,1,0;1,0,1&s={plan.stride}&p={plan.padding}&" in shown
    time.sleep(0.5)
    after = replicas_by_key(c)[key] - {first}
    assert len(after) == 1 and after != {first}, replicas_by_key(c)[key]
    assert seconds < 30
