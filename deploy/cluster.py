"""``make cluster REPLICAS=3``: several app processes behind nginx, on this machine.

Starts R ``streamlit run app.py`` replicas on free loopback ports (or the ports after
``--first-port``), fills in ``deploy/nginx.conf.template`` (websocket upgrade, cookie
session affinity, ``client_max_body_size`` from ``server.maxUploadSize``, the base path)
and runs Debian's nginx in the foreground with its pid, logs and temp folders in a private
temp folder (no system nginx service is touched; root or not). Every ``--check-every``
seconds it asks each replica's ``/_stcore/health``: a replica that fails is marked
``down`` in the proxy (nginx reloads) until it answers again. Ctrl-C (or SIGTERM) stops
nginx and every replica, and removes the temp folder.

    python -m deploy.cluster --replicas 3 --port 8080 --base-path tconv
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from classroom.server import ROOT, AppServer, app_server, free_port, wait_healthy

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
DEFAULT_MAX_UPLOAD_MB = 200  # Streamlit's default server.maxUploadSize
MAX_REPLICAS = 16


class ProxyMissing(RuntimeError):
    """nginx is not installed."""


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if not found:
        raise ProxyMissing("nginx not found (apt-get install nginx)")
    return found


def max_upload_mb(root: Path = ROOT) -> int:
    """server.maxUploadSize from the app's .streamlit/config.toml (Streamlit's default
    when it is not set)."""
    path = root / ".streamlit" / "config.toml"
    server = tomllib.loads(path.read_text()).get("server", {}) if path.exists() else {}
    return int(server.get("maxUploadSize", DEFAULT_MAX_UPLOAD_MB))


def render(
    prefix: Path,
    listen: str,
    ports: list[int],
    base_path: str = "",
    down: frozenset[int] = frozenset(),
    max_mb: int | None = None,
) -> str:
    """The nginx configuration for these replica ports (``down``: marked down)."""
    base = base_path.strip("/")
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s{' down' if p in down else ''};"
        for p in ports
    )
    mb = max_upload_mb() if max_mb is None else max_mb
    return fill(
        TEMPLATE.read_text(),
        user_line="user nobody nogroup;" if os.geteuid() == 0 else "",
        prefix=str(prefix),
        listen=listen,
        servers=servers,
        location=f"/{base}/" if base else "/",
        redirect=f"        location = /{base} {{ return 301 /{base}/; }}" if base else "",
        max_body=f"{mb + 1}m",
    )


def fill(template: str, **fields: str) -> str:
    """Replace every ``${name}`` of the template (nginx's own ``$name`` stay as they are);
    a field missing from ``fields`` is an error."""

    def one(m: re.Match) -> str:
        if m.group(1) not in fields:
            raise KeyError(f"the template needs {m.group(1)!r}")
        return fields[m.group(1)]

    return re.sub(r"\$\{(\w+)\}", one, template)


@dataclass
class Cluster:
    """Running replicas and their proxy (see :func:`cluster`)."""

    replicas: list[AppServer]
    proxy: subprocess.Popen
    prefix: Path
    port: int
    base_path: str
    down: set[int] = field(default_factory=set)
    conf: Path | None = None
    nginx: str = "nginx"
    lock: threading.Lock = field(default_factory=threading.Lock)
    listen: str = ""

    @property
    def url(self) -> str:
        base = self.base_path.strip("/")
        return f"http://127.0.0.1:{self.port}" + (f"/{base}" if base else "")

    def access_log(self) -> list[dict[str, str]]:
        """The proxy's access log: one dict (key, upstream, status, request) per line; the
        key is the affinity cookie (or, on a first request, the cookie it was given)."""
        rows = []
        path = self.prefix / "access.log"
        for line in path.read_text().splitlines() if path.exists() else []:
            *fields, request = line.split("|", 3)
            row = dict(f.split("=", 1) for f in fields)
            row["request"] = request
            # several addresses when nginx tried more than one: the last one answered
            row["upstream"] = row.get("upstream", "").split(",")[-1].strip()
            rows.append(row)
        return rows

    def mark(self, down: set[int]) -> None:
        """Mark replicas down (or up again) in the proxy and reload it."""
        with self.lock:
            if down == self.down:
                return
            self.down = set(down)
            self.conf.write_text(
                render(
                    self.prefix,
                    self.listen,
                    [r.port for r in self.replicas],
                    self.base_path,
                    frozenset(self.down),
                )
            )
            subprocess.run(
                [
                    self.nginx,
                    "-p",
                    str(self.prefix),
                    "-c",
                    str(self.conf),
                    "-e",
                    str(self.prefix / "error.log"),
                    "-s",
                    "reload",
                ],
                check=True,
                capture_output=True,
                timeout=30,
            )

    def check_health(self) -> dict[int, bool]:
        """Ask every replica's /_stcore/health; mark the failing ones down."""
        healthy = {}
        for r in self.replicas:
            try:
                with urllib.request.urlopen(f"{r.url}/_stcore/health", timeout=2) as resp:
                    healthy[r.port] = resp.status == 200
            except OSError:
                healthy[r.port] = False
        self.mark({p for p, ok in healthy.items() if not ok})
        return healthy


def _start_nginx(binary: str, prefix: Path, conf: Path) -> subprocess.Popen:
    cmd = [
        binary,
        "-p",
        str(prefix),
        "-c",
        str(conf),
        "-e",
        str(prefix / "error.log"),
        "-g",
        "daemon off;",
    ]
    test = subprocess.run([*cmd[:-2], "-t"], capture_output=True, text=True, timeout=30)
    if test.returncode != 0:
        raise RuntimeError(f"nginx refused the configuration:\n{test.stderr}")
    with open(prefix / "nginx.out", "wb") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)


@contextlib.contextmanager
def cluster(
    replicas: int = 2,
    port: int | None = None,
    base_path: str = "",
    options: dict | None = None,
    first_port: int | None = None,
    env: dict | None = None,
    address: str = "127.0.0.1",
):
    """Start ``replicas`` app processes and nginx in front; yield a :class:`Cluster`;
    always stop everything and remove the temp folder."""
    if not 1 <= replicas <= MAX_REPLICAS:
        raise ValueError(f"replicas must be 1 to {MAX_REPLICAS}")
    binary = nginx_binary()
    port = port or free_port()
    prefix = Path(tempfile.mkdtemp(prefix="tconv-cluster-"))
    if os.geteuid() == 0:
        prefix.chmod(0o755)  # nginx's workers (user nobody) use its temp folders
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, prefix, ignore_errors=True)
        servers = []
        for i in range(replicas):
            rport = first_port + i if first_port else None
            servers.append(stack.enter_context(app_server(rport, base_path, options, env)))
        conf = prefix / "nginx.conf"
        conf.write_text(render(prefix, f"{address}:{port}", [s.port for s in servers], base_path))
        proxy = _start_nginx(binary, prefix, conf)

        def stop_proxy():
            if proxy.poll() is None:
                proxy.terminate()
                try:
                    proxy.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proxy.kill()
                    proxy.wait(timeout=10)

        stack.callback(stop_proxy)
        c = Cluster(
            servers,
            proxy,
            prefix,
            port,
            base_path,
            conf=conf,
            nginx=binary,
            listen=f"{address}:{port}",
        )
        try:
            wait_healthy(c.url, timeout=30)
        except RuntimeError:
            err = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
            raise RuntimeError(f"the proxy at {c.url} did not answer:\n{err[-2000:]}") from None
        yield c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--replicas",
        type=int,
        default=max(1, min(MAX_REPLICAS, os.cpu_count() or 2)),
        help="app processes (default: one per core)",
    )
    ap.add_argument(
        "--address",
        default="127.0.0.1",
        help="where nginx listens (0.0.0.0: every interface); replicas stay on 127.0.0.1",
    )
    ap.add_argument("--port", type=int, default=8080, help="nginx's port")
    ap.add_argument(
        "--first-port",
        type=int,
        default=None,
        help="replica ports: this one and the next ones (default: free ports)",
    )
    ap.add_argument(
        "--base-path",
        default=os.environ.get("BASE_PATH", ""),
        help="serve the app under /BASE_PATH/ (server.baseUrlPath)",
    )
    ap.add_argument("--check-every", type=float, default=5.0)
    args = ap.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        with cluster(
            args.replicas,
            args.port,
            args.base_path,
            first_port=args.first_port,
            address=args.address,
        ) as c:
            print(
                f"{args.replicas} replicas on ports "
                f"{', '.join(str(r.port) for r in c.replicas)}; nginx: {c.url}/  "
                f"(logs in {c.prefix}; Ctrl-C stops everything)",
                flush=True,
            )
            while not stop.wait(args.check_every):
                health = c.check_health()
                if c.proxy.poll() is not None:
                    print("nginx stopped", file=sys.stderr)
                    return 1
                bad = [p for p, ok in health.items() if not ok]
                if bad:
                    print(f"{time.strftime('%H:%M:%S')} replicas down: {bad}", flush=True)
    except ProxyMissing as e:
        print(e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
