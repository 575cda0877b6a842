"""The anonymous rate limit of the feed as a production site enforces it: gunicorn with two worker processes, debug
off, no Redis, a new SQLite database (a copy of one migrated once per run, tests/production_site.py). Every request
names a different X-Forwarded-For, as the outside probe did; the limit holds across both workers, because the
counters live in the shared throttle cache and the forged header is dropped (practices.site.client_identity)."""

import pytest

from bench.server import GunicornSite, free_port, site_environment
from tests.production_site import migrated_database

RATE = 20


@pytest.fixture(scope="module")
def two_worker_site(tmp_path_factory, worker_id):
    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    environment = site_environment(
        f"sqlite:///{folder / 'db.sqlite3'}",
        folder / "static",
        port,
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings",  # the production settings, not the test run's
            "FEED_ANON_RATE": f"{RATE}/min",
            "REDIS_URL": "",
            "TRUSTED_PROXIES": "",
            "MEDIA_ROOT": str(folder / "media"),
        },
    )
    migrated_database(tmp_path_factory, worker_id, environment, folder)
    site = GunicornSite(environment, port, workers=2, log_path=folder / "gunicorn.log").start()
    yield site
    site.stop()


def test_forged_forwarded_addresses_do_not_escape_the_limit_across_two_workers(two_worker_site):
    assert len(two_worker_site.worker_pids()) == 2
    # The readiness probe of GunicornSite.start() was the first request of the minute.
    statuses = [
        two_worker_site.get("/api/feed/v1/themes/", {"X-Forwarded-For": f"198.51.100.{n}"})[0] for n in range(2 * RATE)
    ]
    assert statuses.count(200) == RATE - 1
    assert set(statuses[RATE - 1 :]) == {429}
