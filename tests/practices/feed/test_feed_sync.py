"""The promise of the change log: a partner that copies the lists once and then follows only
/api/feed/v1/changes/ holds exactly the published set, whatever editors, translators and imports do meanwhile."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail_localize.operations import TranslationCreator

from practices.models import (
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    PracticeIndexPage,
    TrainingVideoPage,
    VideoIndexPage,
)
from tests.practices.feed_fixtures import FEED, add_page, index_of, publish

LISTS = ("practices", "materials", "videos")
ITEM_TYPES = {"practice", "material", "video"}


class PartnerReplica:
    """A partner site's copy of the knowledge base, keyed as partners must key it: (translation_key, locale)."""

    def __init__(self, client):
        self.client = client
        self.items = {}
        self.cursor = None

    def get(self, url):
        response = self.client.get(url)
        assert response.status_code in (200, 404), response.content
        return response.json() if response.status_code == 200 else None

    def store(self, item):
        self.items[(item["translation_key"], item["locale"])] = {"title": item["title"], "url": item["url"]}

    def copy(self, changes_during_copy=None):
        """Note the log's head, then copy every list page by page."""
        self.cursor = self.get(f"{FEED}changes/head/")["cursor"]
        if changes_during_copy:
            changes_during_copy()
        for name in LISTS:
            url = f"{FEED}{name}/?page_size=2"
            while url:
                page = self.get(url)
                for item in page["results"]:
                    self.store(item)
                url = page["next"]

    def follow_changes(self):
        """Replay the log from the remembered cursor: fetch what changed, drop what went."""
        page = {"has_more": True, "next": f"{FEED}changes/?since={self.cursor}&limit=3"}
        while page["has_more"]:
            page = self.get(page["next"])
            for change in page["results"]:
                if change["type"] not in ITEM_TYPES:
                    continue
                key = (change["translation_key"], change["locale"])
                if change["api_url"] is None:
                    self.items.pop(key, None)
                    continue
                item = self.get(change["api_url"])
                if item is not None:  # gone again since; a later change in the log says so
                    self.store(item)
            self.cursor = page["next"].split("since=")[1].split("&")[0]


def published_set():
    """What the site publishes, read from the database rather than through the feed."""
    published = {}
    for model in (GoodPracticePage, MaterialPage, TrainingVideoPage):
        for page in model.objects.live().filter(last_published_at__isnull=False).select_related("locale"):
            published[(str(page.translation_key), page.locale.language_code)] = {
                "title": page.title,
                "url": f"http://testserver{page.get_url()}",
            }
    return published


@pytest.fixture
def knowledge_base(locales):
    en = locales["en"]
    practices = index_of(PracticeIndexPage, en)
    return {
        "parliament": add_page(practices, GoodPracticePage, "Youth parliament"),
        "budget": add_page(practices, GoodPracticePage, "Participatory budget"),
        "forum": add_page(practices, GoodPracticePage, "Citizens forum"),
        "guide": add_page(index_of(MaterialIndexPage, en), MaterialPage, "Guide", material_kind="guide"),
        "handbook": add_page(index_of(MaterialIndexPage, en), MaterialPage, "Handbook", material_kind="handbook"),
        "video": add_page(
            index_of(VideoIndexPage, en), TrainingVideoPage, "Round table", video_url="https://youtu.be/x"
        ),
        "draft": add_page(practices, GoodPracticePage, "Draft", live=False),
    }


def test_replica_built_from_lists_and_kept_by_changes_equals_the_published_set(
    client, knowledge_base, locales, admin_user, home_pages, django_capture_on_commit_callbacks, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    kb = knowledge_base
    replica = PartnerReplica(client)

    # An edit between reading the head and copying the lists is in the copy and in the log: nothing is lost.
    def edit_during_copy():
        kb["forum"].title = "Citizens' forum"
        publish(kb["forum"])

    replica.copy(changes_during_copy=edit_during_copy)
    assert replica.items == published_set()

    # Creates and edits.
    add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Neighbourhood council")
    kb["parliament"].title = "Youth parliament of Brno"
    publish(kb["parliament"])
    publish(kb["draft"])
    # Translations made with wagtail-localize start as drafts; the log shows them once a reviewer publishes them.
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(admin_user, [locales["cs"], locales["bg"]]).create_translations(kb["budget"])
    replica.follow_changes()
    assert replica.items == published_set()
    for code in ("cs", "bg"):
        with django_capture_on_commit_callbacks(execute=True):
            kb["budget"].get_translation(locales[code]).get_latest_revision().publish()
    replica.follow_changes()
    assert replica.items == published_set()

    # Unpublishing an item and a whole section; moves; deleting an item and whole sections.
    practices_en = index_of(PracticeIndexPage, locales["en"])
    Page.objects.get(pk=kb["guide"].pk).specific.unpublish()
    Page.objects.get(pk=index_of(VideoIndexPage, locales["en"]).pk).unpublish()
    archive = PracticeIndexPage(title="Archive", slug="archive")
    home_pages["en"].add_child(instance=archive)
    Page.objects.get(pk=kb["forum"].pk).move(archive, pos="last-child")
    section = Page.objects.get(pk=practices_en.pk).specific
    section.slug = "case-studies"  # every practice left in it gets a new URL
    section.save_revision().publish()
    Page.objects.get(pk=kb["parliament"].pk).delete()
    czech_index = index_of(PracticeIndexPage, locales["cs"])
    Page.objects.get(pk=czech_index.pk).delete()
    Page.objects.get(pk=index_of(MaterialIndexPage, locales["en"]).pk).delete()
    replica.follow_changes()
    assert replica.items == published_set()

    # An import: a new practice, a changed one and one taken off the site, written without Wagtail's signals.
    lines = [
        {"type": "practice", "slug": "open-data-day", "locale": "en", "title": "Open data day", "summary": "S.",
         "live": True},
        {"type": "practice", "slug": "neighbourhood-council", "locale": "en", "title": "Neighbourhood councils",
         "summary": "S.", "live": True},
        {"type": "practice", "slug": "draft", "locale": "en", "title": "Draft", "summary": "Draft: a summary.",
         "live": False},
    ]  # fmt: skip
    path = tmp_path / "kb.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    call_command("import_kb", str(path), "--no-progress", stdout=StringIO())
    replica.follow_changes()

    expected = published_set()
    assert replica.items == expected
    titles = {item["title"] for item in expected.values()}
    assert {"Open data day", "Neighbourhood councils", "Citizens' forum"} <= titles
    assert "Draft" not in titles and "Guide" not in titles and "Round table" not in titles
    assert any(locale == "bg" for _key, locale in expected)


def test_replaying_the_whole_log_from_zero_gives_the_published_set(client, knowledge_base):
    kb = knowledge_base
    kb["budget"].unpublish()
    kb["forum"].delete()
    replica = PartnerReplica(client)
    replica.cursor = "0"

    replica.follow_changes()

    assert replica.items == published_set()
