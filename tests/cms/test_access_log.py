"""gunicorn's access log, as the Procfile's web process writes it (gunicorn.conf.py): the path of each request
without its query string, so that a draft's preview token or a reader's search never lands in the log."""

import pytest

from bench.server import GunicornSite, free_port, site_environment
from tests.production_site import migrated_database

TOKEN = "secret-preview-token-e2122"  # made up: the point is that it is not logged


@pytest.fixture(scope="module")
def access_log(tmp_path_factory, worker_id):
    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    environment = site_environment(
        f"sqlite:///{folder / 'db.sqlite3'}",
        folder / "static",
        port,
        {"DJANGO_SETTINGS_MODULE": "cms.settings", "REDIS_URL": "", "MEDIA_ROOT": str(folder / "media")},
    )
    migrated_database(tmp_path_factory, worker_id, environment, folder)
    log_path = folder / "access.log"
    site = GunicornSite(environment, port, workers=1, extra_args=["--access-logfile", str(log_path)]).start()
    try:
        statuses = [
            site.get(f"/api/feed/v1/preview/?token={TOKEN}")[0],
            site.get(f"/en/search/?q={TOKEN}-query")[0],
        ]
    finally:
        site.stop()
    return statuses, log_path.read_text()


def test_access_log_names_the_path_without_the_query_string(access_log):
    statuses, log = access_log
    assert statuses[0] == 403  # a token that is not valid; what matters is that it reached the server
    assert '"GET /api/feed/v1/preview/ HTTP/1.1" 403' in log
    assert '"GET /en/search/ HTTP/1.1"' in log


def test_access_log_holds_no_token_and_no_search(access_log):
    _statuses, log = access_log
    assert TOKEN not in log
    assert "token=" not in log and "q=" not in log
