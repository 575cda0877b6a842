"""Search behaviour on a real OpenSearch cluster (tests/live/conftest.py): inflected, diacritic-free, misspelt and
synonym queries in the five languages, locale filtering, and a clean rebuild behind the alias."""

import copy
import io
import socket

import pytest
from django.core.management import call_command
from wagtail.models import Page

from practices.models import GoodPracticePage, PracticeIndexPage
from search.engine.backends import ranked_matches
from search.models import PendingIndexUpdate, SynonymSet
from tests.home.test_health import healthz_in_a_process
from tests.practices.feed_fixtures import add_page, index_of


def build_knowledge_base(locales):
    pages = {}
    for language, title, slug in [
        ("cs", "Participace mládeže v obcích", "participace-mladeze"),
        ("hr", "Sudjelovanje mladih u općinama", "sudjelovanje-mladih"),
        ("bg", "Младежко участие в общините", "mladezhko-uchastie"),
        ("nb", "Ungdomsmedvirkning i kommunene", "ungdomsmedvirkning"),
        ("en", "Youth participation in municipalities", "youth-participation"),
        ("en", "Support for non-profit organisations", "non-profit-support"),
    ]:
        pages[slug] = add_page(index_of(PracticeIndexPage, locales[language]), GoodPracticePage, title, slug=slug)
    SynonymSet.objects.create(locale=locales["en"], terms="NGO\nnon-profit organisation")
    call_command("update_index", stdout=io.StringIO())  # creates the index with the synonyms and refreshes it
    return pages


@pytest.fixture
def knowledge_base(live_opensearch, locales):
    """Built and indexed for a test that changes it or its index."""
    return build_knowledge_base(locales)


@pytest.fixture(scope="module")
def shared_knowledge_base(indexed_once):
    """Built and indexed once for the tests that only search it."""
    return indexed_once(build_knowledge_base)


@pytest.fixture
def searched_knowledge_base(shared_knowledge_base, module_opensearch, db):
    return copy.deepcopy(shared_knowledge_base)


def found(query, locale, locales):
    queryset = GoodPracticePage.objects.live().filter(locale=locales[locale])
    ranked, degraded = ranked_matches(query, queryset, languages=[locale])
    assert not degraded
    slugs = dict(GoodPracticePage.objects.filter(pk__in=[pk for pk, _ in ranked]).values_list("pk", "slug"))
    return [slugs[pk] for pk, _score in ranked]


@pytest.mark.parametrize(
    "locale, query, slug",
    [
        ("cs", "obec", "participace-mladeze"),  # inflected: "obcích"
        ("cs", "mladez", "participace-mladeze"),  # without diacritics
        ("cs", "partycipace", "participace-mladeze"),  # typo
        ("hr", "općina", "sudjelovanje-mladih"),  # Croatian lemma of "općinama", through the normalised field
        ("hr", "opcina", "sudjelovanje-mladih"),
        ("bg", "община", "mladezhko-uchastie"),
        ("bg", "obshtina", "mladezhko-uchastie"),  # Latin transliteration
        ("nb", "kommune", "ungdomsmedvirkning"),
        ("en", "municipality", "youth-participation"),
        ("en", "NGO", "non-profit-support"),  # synonym filter
    ],
)
def test_query_finds_item(searched_knowledge_base, locales, locale, query, slug):
    assert found(query, locale, locales)[:1] == [slug]


def test_results_stay_in_the_requested_locale(searched_knowledge_base, locales):
    assert found("participation", "cs", locales) in ([], ["participace-mladeze"])
    assert "youth-participation" not in found("participace", "cs", locales)


def test_rebuild_leaves_one_index_behind_the_alias(knowledge_base, live_opensearch):
    call_command("update_index", stdout=io.StringIO())
    prefix = live_opensearch.index_prefix
    indices = live_opensearch.es.indices.get_alias(index=f"{prefix}wagtailcore_page*")
    assert len(indices) == 1
    assert f"{prefix}wagtailcore_page" in next(iter(indices.values()))["aliases"]


def test_a_new_synonym_set_takes_effect_when_the_index_is_rebuilt(knowledge_base, locales):
    SynonymSet.objects.create(locale=locales["en"], terms="xyzzyplatz\nmunicipality")
    assert found("xyzzyplatz", "en", locales) == []
    call_command("update_index", stdout=io.StringIO())
    assert found("xyzzyplatz", "en", locales) == ["youth-participation"]


def test_edits_made_while_the_engine_is_unreachable_are_replayed(knowledge_base, live_opensearch, settings, locales):
    reachable = settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    with socket.socket() as probe:  # a port nothing listens on: the engine as seen while it is down
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"] = [closed]
    edited = knowledge_base["youth-participation"]
    edited.title = "Youth councils in municipalities"
    edited.save_revision().publish()
    knowledge_base["non-profit-support"].delete()
    added = add_page(index_of(PracticeIndexPage, locales["nb"]), GoodPracticePage, "Lekeplass i kommunen")
    assert PendingIndexUpdate.objects.count() >= 3

    settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"] = reachable
    call_command("replay_index_updates", stdout=io.StringIO())
    assert not PendingIndexUpdate.objects.exists()
    live_opensearch.get_index_for_model(Page).refresh()
    assert found("councils", "en", locales) == ["youth-participation"]
    assert found("NGO", "en", locales) == []
    assert found("lekeplass", "nb", locales) == [added.slug]


def test_healthz_asks_the_engine(opensearch_url, tmp_path):
    status, body = healthz_in_a_process(tmp_path, OPENSEARCH_URL=opensearch_url)
    assert status == 200
    assert body["checks"]["search"] == {"status": "ok", "backend": "opensearch"}
