"""The broken-link check of the live knowledge base, run as a background job (practices.tasks.check_links, queued
by ``manage.py check_links`` from cron).

Links checked: every live item's programme record and the outside links of its text (rich-text links and
embedded media), a practice's sources and a video's page. Each URL is asked once, however many items use it:
a HEAD request, confirmed with a GET when HEAD answers 400 or more (many servers refuse or mishandle HEAD),
redirects followed, with a bounded timeout and the hub's User-Agent. Requests go through practices.outgoing, so a
link to an internal address (127.0.0.1, 10.x, 169.254.169.254, a name resolving to one, or a redirect to one) is
never asked: it is stored as "refused: private address", and editors never see what an internal server answers.
Outside sites are treated politely: at most ``LINK_CHECK_PER_HOST`` requests to one host at a time, started at
least ``LINK_CHECK_HOST_INTERVAL`` seconds apart.

The outcome of each URL is stored in ``LinkCheck`` (status, error, the items using it); the dashboard and the
"Broken links" report read it. Requests run in worker threads; the database is read and written only by the
calling thread.
"""

import html
import re
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from practices.models import ITEM_MODELS, GoodPracticePage, LinkCheck, TrainingVideoPage
from practices.outgoing import OutgoingRequestError, fetch

USER_AGENT = "GoodPracticeHub-LinkChecker/1.0 (+{site})"
# An outside link in stored rich text; internal links are <a linktype="page" id="…">, without an href.
RICH_TEXT_LINK = re.compile(r"""<a\b[^>]*\bhref=["'](https?://[^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class LinkOutcome:
    status: int | None = None
    error: str = ""
    final_url: str = ""

    @property
    def is_broken(self):
        return bool(self.error) or self.status is None or self.status >= 400


def text_links(page):
    """The outside URLs of an item's body: links in its paragraphs and the URLs of its embedded media."""
    urls = []
    for block in page.body:
        if isinstance(block.value, RichText):
            urls += [html.unescape(url) for url in RICH_TEXT_LINK.findall(block.value.source)]
        elif block.block_type == "embed" and block.value:
            urls.append(block.value.url)
    return urls


def page_links(page):
    """Every outside URL an item points to."""
    urls = [page.programme_record_url, *text_links(page)]
    if isinstance(page, GoodPracticePage):
        urls += [link.value["url"] for link in page.source_links]
    if isinstance(page, TrainingVideoPage):
        urls.append(page.video_url)
    return [url for url in urls if url and urlsplit(url).scheme in ("http", "https")]


def links_in_use():
    """URL → ids of the live items that use it."""
    usage = defaultdict(set)
    for model in ITEM_MODELS.values():
        for page in model.objects.live().iterator(chunk_size=200):
            for url in page_links(page):
                usage[url].add(page.pk)
    return usage


class HostGate:
    """Limits the requests to each host: ``per_host`` at a time, starts ``interval`` seconds apart."""

    def __init__(self, per_host, interval):
        self.per_host = per_host
        self.interval = interval
        self._lock = threading.Lock()
        self._hosts = {}

    @contextmanager
    def slot(self, host):
        with self._lock:
            semaphore, start_lock, next_start = self._hosts.setdefault(
                host, (threading.Semaphore(self.per_host), threading.Lock(), [0.0])
            )
        with semaphore:
            with start_lock:
                wait = next_start[0] - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                next_start[0] = time.monotonic() + self.interval
            yield


class LinkChecker:
    """Asks outside servers about URLs; ``check`` may be called from several threads at once."""

    def __init__(self):
        self.timeout = settings.LINK_CHECK_TIMEOUT
        self.gate = HostGate(settings.LINK_CHECK_PER_HOST, settings.LINK_CHECK_HOST_INTERVAL)
        self.headers = {"User-Agent": USER_AGENT.format(site=settings.SITE_BASE_URL)}

    def request(self, method, url):
        with self.gate.slot(urlsplit(url).hostname or ""):
            # read_body=False: only the status line and headers are read, never a video's body.
            return fetch(method, url, headers=self.headers, timeout=(self.timeout, self.timeout), read_body=False)

    def check(self, url):
        try:
            response = self.request("HEAD", url)
            if response.status >= 400:
                response = self.request("GET", url)
        except OutgoingRequestError as error:
            return LinkOutcome(error=error.category)
        final_url = response.url if response.url != url else ""
        return LinkOutcome(status=response.status, final_url=final_url)


def check_all_links():
    """Check every URL the live items use, store the outcomes, and forget URLs no live item uses any more.

    Returns the number of URLs checked and how many of them are broken.
    """
    usage = links_in_use()
    urls = sorted(usage)
    checker = LinkChecker()
    with ThreadPoolExecutor(max_workers=settings.LINK_CHECK_WORKERS) as pool:
        outcomes = dict(zip(urls, pool.map(checker.check, urls), strict=True))
    checked_at = timezone.now()
    with transaction.atomic():
        LinkCheck.objects.exclude(url__in=urls).delete()
        for url, outcome in outcomes.items():
            check, _created = LinkCheck.objects.update_or_create(
                url=url,
                defaults={
                    "status": outcome.status,
                    "error": outcome.error,
                    "final_url": outcome.final_url,
                    "is_broken": outcome.is_broken,
                    "checked_at": checked_at,
                },
            )
            check.pages.set(usage[url])
    return len(urls), sum(outcome.is_broken for outcome in outcomes.values())


def broken_links(limit=None):
    """Broken links by URL, each with the live items that use it (two queries)."""
    pages = Prefetch("pages", queryset=Page.objects.select_related("locale").order_by("title"))
    checks = LinkCheck.objects.broken().prefetch_related(pages).order_by("url")
    return list(checks[:limit] if limit else checks)
