"""The site under gunicorn as the benchmark runs it: 2 sync workers, debug off, on a free port of 127.0.0.1; and the
peak resident memory of its workers, read from the kernel (VmHWM in /proc/<pid>/status)."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(database_url, static_root, port, extra=None):
    """The environment of a production-like site on 127.0.0.1: debug off, no HTTPS redirect (plain HTTP here),
    an anonymous feed rate so high that the throttle counts every request but never refuses one, and search by
    words alone: making the meaning vectors of 10,000 items would take longer than the whole benchmark (search by
    meaning is measured by ``make eval-search`` and its cost per query in docs/performance.md)."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_BASE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "FEED_ANON_RATE": "1000000/s",
        "SEARCH_SEMANTIC": "false",
        **(extra or {}),
    }


class GunicornSite:
    """Start with ``start()``, stop with ``stop()``; ``get_json(path)`` reads one answer from it."""

    def __init__(self, environment, port, workers=2, log_path=None, extra_args=()):
        self.environment = environment
        self.extra_args = list(extra_args)  # more gunicorn options, e.g. ["--access-logfile", path]
        self.port = port
        self.workers = workers
        self.log_path = log_path
        self.process = None

    def start(self, ready_path="/api/feed/v1/themes/", timeout=60):
        log = open(self.log_path or os.devnull, "ab")  # noqa: SIM115 - kept open for the server's life
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--workers", str(self.workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--log-level", "warning", *self.extra_args]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                if self.get(ready_path)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the site did not answer {ready_path} within {timeout} s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def get(self, path, headers=None):
        """One GET: (status, headers, body bytes)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get_json(self, path):
        status, _, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
        return json.loads(body)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def worker_peak_rss_mb(self):
        """Each worker's peak resident set size so far, in MiB (the kernel's high-water mark, so no sampling)."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(round(int(line.split()[1]) / 1024, 1))
        return peaks
