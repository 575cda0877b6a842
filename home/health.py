"""``GET /healthz``: whether this process can serve, for a load balancer or an uptime monitor.

Each part the site needs is tried for real — a query on the database, a write and read through the cache, the
task queue's table (and whether a task has waited so long that no worker can be running), the search service's
cluster when one is configured — and reported as JSON::

    {"status": "ok", "checks": {"database": {"status": "ok"}, "cache": {"status": "ok"},
     "tasks": {"status": "ok", "backend": "database", "waiting": 0},
     "search": {"status": "ok", "backend": "opensearch"}}}

200 when every part answers, 503 naming the one that does not (only its exception's class: the page is public).
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)


def database_status():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {}


def cache_status():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    answered = cache.get(key)
    cache.delete(key)
    if answered != "ok":
        raise RuntimeError("the cache did not return what was written")
    return {}


def tasks_status():
    """The immediate backend runs tasks inside the request; the database queue is healthy while no task that is due
    has waited longer than ``TASK_QUEUE_STALL_SECONDS``, which would mean no ``db_worker`` takes them."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return {"backend": "immediate"}
    ready = DBTaskResult.objects.ready()
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASK_QUEUE_STALL_SECONDS)
    if ready.filter(Q(run_after__lte=cutoff) | Q(run_after=get_date_max(), enqueued_at__lte=cutoff)).exists():
        raise RuntimeError(f"a task has waited over {settings.TASK_QUEUE_STALL_SECONDS} s: is db_worker running?")
    return {"backend": "database", "waiting": ready.count()}


def search_status():
    """A search cluster (OpenSearch or Elasticsearch) is asked for its identity; the embedded backend searches
    inside the database, checked above."""
    backend = get_search_backend()
    client = getattr(backend, "es", None)  # modelsearch's cluster backends keep their client here
    if client is None:
        return {"backend": "database"}
    if hasattr(client, "options"):  # elasticsearch-py 8 and 9 take per-request options this way
        client.options(request_timeout=3).info()
    else:  # opensearch-py takes them as arguments
        client.info(request_timeout=3)
    return {"backend": type(backend).__module__.rsplit(".", 1)[-1]}


CHECKS = {"database": database_status, "cache": cache_status, "tasks": tasks_status, "search": search_status}


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"status": "ok", **check()}
        except Exception as error:  # any failure of a part is that part's status, never a 500
            logger.warning("Health check %s failed: %r", name, error)
            results[name] = {"status": "error", "error": type(error).__name__}
    healthy = all(result["status"] == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
