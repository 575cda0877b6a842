"""``python -m bench.profile PATH [--items N] [--repeat R]``: profile one path of the benchmark's site with
pyinstrument, in-process through Django's test client against the database of an earlier ``bench.run``, and write
var/bench/profile-<slug>.html and .txt; it also prints the SQL query count of one request and
the CPU time per request.

In-process rather than attached to a gunicorn worker (py-spy needs ptrace, which containers often refuse); the
settings are the benchmark's (debug off), so the code path is the one the load run measured.
"""

import argparse
import os
import re
import time

from bench.run import WORKDIR
from bench.server import site_environment


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="e.g. /api/feed/v1/practices/?page_size=20")
    parser.add_argument("--items", type=int, default=1000, help="the N of the bench.run database to use")
    parser.add_argument("--repeat", type=int, default=20, help="requests to profile")
    arguments = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{WORKDIR / f'bench-{arguments.items}.sqlite3'}"
    os.environ.update(site_environment(database_url, WORKDIR / "static", 80))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as queries:
        status = client.get(arguments.path).status_code  # also warms caches, as the load run's warm-up does
    print(f"GET {arguments.path}: {status}, {len(queries)} SQL queries")
    profiler = Profiler(interval=0.0005)
    cpu_started = time.process_time()
    with profiler:
        for _ in range(arguments.repeat):
            client.get(arguments.path)
    # CPU time of this process (Django and SQLite both run in it) is steadier than wall time on a shared machine.
    print(f"CPU per request: {(time.process_time() - cpu_started) / arguments.repeat * 1000:.1f} ms (with profiler)")
    slug = re.sub(r"[^a-z0-9]+", "-", arguments.path.lower()).strip("-")[:60]
    (WORKDIR / f"profile-{slug}.html").write_text(profiler.output_html())
    text = profiler.output_text(unicode=True, show_all=False)
    (WORKDIR / f"profile-{slug}.txt").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
