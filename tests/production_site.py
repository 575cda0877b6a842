"""A SQLite database migrated as a production site's (the production settings, its cache table) for the tests that
run the site under gunicorn: migrated once per test run and copied into each site's folder, since migrating takes
20–50 s and the copy a few milliseconds. The xdist workers of one run share it through a lock file; a run without
workers keeps it in its own temporary folder, so a later run with other migrations never reads it."""

import fcntl
import shutil
import subprocess
import sys

from bench.server import ROOT

TEMPLATE = "production-site.sqlite3"


def migrated_database(tmp_path_factory, worker_id, environment, folder):
    """Copy the migrated database to ``folder / "db.sqlite3"`` (the path ``environment``'s DATABASE_URL names),
    migrating it first if no test of this run has."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base
    template = shared / TEMPLATE
    with open(shared / f"{TEMPLATE}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            partial = shared / f"{TEMPLATE}.partial"
            partial.unlink(missing_ok=True)
            building = {**environment, "DATABASE_URL": f"sqlite:///{partial}"}
            for command in (["migrate", "--no-input"], ["createcachetable"]):
                subprocess.run(
                    [sys.executable, "manage.py", *command], cwd=ROOT, env=building, check=True, capture_output=True
                )
            partial.rename(template)
    shutil.copyfile(template, folder / "db.sqlite3")
