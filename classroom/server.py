"""Start the app with ``streamlit run`` on a free loopback port, watch its memory, stop it.

The one place that starts a Streamlit server: used by the classroom harness, its tests,
the cluster script, the browser tests (tests/browser/conftest.py) and the browser bench.
Every server started here is stopped on exit (terminate, then kill after a grace
period), whatever happened.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# glibc malloc settings for a server that many sessions share (make run and make cluster
# use the same): two arenas instead of eight per core, and blocks over 128 KiB (NumPy
# arrays) mapped and unmapped directly, so memory freed after a class goes back to the
# system. Measured with 10 students: RSS after the class +64% over before with glibc's
# defaults, +14% with these (README, "Deployment").
MALLOC_ENV = {
    "MALLOC_ARENA_MAX": "2",
    "MALLOC_MMAP_THRESHOLD_": "131072",
    "MALLOC_TRIM_THRESHOLD_": "131072",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise OSError(f"no VmRSS for {pid}")


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become healthy")
        time.sleep(0.25)


@dataclass
class AppServer:
    """One running ``streamlit run app.py`` (see :func:`app_server`)."""

    proc: subprocess.Popen
    port: int
    base_path: str
    log: object

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}" + (f"/{self.base_path}" if self.base_path else "")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_mib(self) -> float:
        return rss_mib(self.proc.pid)

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self, kill: bool = False) -> None:
        if self.proc.poll() is None:
            (self.proc.kill if kill else self.proc.terminate)()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def command(
    port: int, base_path: str = "", options: dict | None = None, script: str = "app.py"
) -> list[str]:
    opts = {
        "server.address": "127.0.0.1",
        "server.port": port,
        "server.headless": "true",
        "browser.gatherUsageStats": "false",
    }  # the rest as .streamlit/config.toml says (no file watcher): what `make run` serves
    if base_path:
        opts["server.baseUrlPath"] = base_path
    opts.update(options or {})
    # the app through its launcher (libraries frozen before any session: tconv/ui/serve.py),
    # any other script (the one-line page, test apps) through streamlit itself
    launcher = "tconv.ui.serve" if script == "app.py" else "streamlit"
    args = [sys.executable, "-m", launcher, "run", script]
    for k, v in opts.items():
        args += [f"--{k}", str(v)]
    return args


@contextlib.contextmanager
def app_server(
    port: int | None = None,
    base_path: str = "",
    options: dict | None = None,
    env: dict | None = None,
    malloc: dict | None = MALLOC_ENV,
    script: str = "app.py",
    root: Path = ROOT,
    timeout: float = 90,
):
    """Run ``streamlit run script`` (in ``root``) on a loopback port; yield an
    :class:`AppServer` once it answers its health check; always stop it.

    ``malloc``: the glibc settings of :data:`MALLOC_ENV` (None: glibc's defaults).
    Raises ``RuntimeError`` with the end of the server's log when it does not start."""
    port = port or free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        command(port, base_path, options, script),
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(malloc or {}), **(env or {})},
    )
    server = AppServer(proc, port, base_path.strip("/"), log)
    try:
        try:
            wait_healthy(server.url, proc, timeout)
        except RuntimeError as e:
            raise RuntimeError(f"{e}:\n{server.output()[-3000:]}") from None
        yield server
    finally:
        server.stop()
        log.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
