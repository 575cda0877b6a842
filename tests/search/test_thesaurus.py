"""The concept thesaurus (issue 15): the seeded concepts, query expansion at a lower weight than the query's own
words, across languages and through the taxonomy's translations, "also searched" in the API and on the search
page, and editing concepts in the admin."""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.models import GoodPracticePage, PracticeIndexPage, Theme
from search.engine.query import parse_query
from search.models import Concept, ConceptLabel
from search.thesaurus import also_searched, concept_sets
from tests.practices.feed_fixtures import (
    add_page,
    index_of,
    make_term,
)
from tests.search.api import search


def slugs(data):
    return [item["slug"] for item in data["results"]]


@pytest.fixture
def assemblies(locales):
    """Two English practices with the same shape, one naming a citizens' assembly, one a mini-public; a Czech
    practice about a time bank."""
    english = index_of(PracticeIndexPage, locales["en"])
    czech = index_of(PracticeIndexPage, locales["cs"])
    return {
        "assembly": add_page(english, GoodPracticePage, "Citizens' assembly on the lake", slug="assembly"),
        "mini-public": add_page(english, GoodPracticePage, "Mini-public on the lake", slug="mini-public"),
        "time-bank": add_page(czech, GoodPracticePage, "Časová banka v Brně", slug="casova-banka"),
    }


def test_the_migration_seeds_at_least_150_concepts_in_every_language(db):
    languages = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    concepts = Concept.objects.prefetch_related("labels")
    assert concepts.count() >= 150
    for concept in concepts:
        assert {label.language for label in concept.labels.all()} == languages, concept.slug
    assembly = Concept.objects.get(slug="citizens-assembly")
    assert assembly.preferred_label("cs") == "občanské shromáždění"
    assert assembly.preferred_label("bg") == "гражданска асамблея"
    assert "citizens-jury" in assembly.related.values_list("slug", flat=True)


def test_a_concept_label_in_the_query_adds_the_other_labels_as_expanded_alternatives():
    concepts = [(("en", "time bank"), ("en", "community exchange"), ("cs", "časová banka"))]
    clauses = parse_query("time bank", ["en"], concept_sets=concepts)
    # Each word stays a clause of its own, which the other labels may also meet.
    assert len(clauses) == 2
    for clause, word in zip(clauses, ["time", "bank"], strict=True):
        written, *expanded = clause
        assert (written.words, written.expanded) == ((frozenset({word}),), False)
        assert [(alternative.language, alternative.label) for alternative in expanded] == [
            ("en", "community exchange"),
            ("cs", "časová banka"),
        ]
        assert all(alternative.expanded for alternative in expanded)
    assert also_searched(clauses, ["en"]) == ["community exchange"]
    # With no label in the query's language left, each other language's first label is shown.
    assert also_searched(clauses, ["nb"]) == ["community exchange", "časová banka"]


def test_a_concept_found_in_one_language_expands_only_into_the_languages_searched():
    concepts = [(("en", "time bank"), ("en", "community exchange"), ("cs", "časová banka"), ("nb", "tidsbank"))]
    clauses = parse_query("time bank", ["cs"], concept_sets=concepts, expand_into=["cs"])
    for clause in clauses:
        assert [alternative.label for alternative in clause if alternative.expanded] == ["časová banka"]
    everywhere = parse_query("time bank", ["cs"], concept_sets=concepts)
    assert [alternative.label for alternative in everywhere[0] if alternative.expanded] == [
        "community exchange",
        "časová banka",
        "tidsbank",
    ]


def test_words_outside_every_concept_stay_literal():
    concepts = [(("en", "time bank"), ("cs", "časová banka"))]
    clauses = parse_query("river festival", ["en"], concept_sets=concepts)
    assert len(clauses) == 2
    assert not any(alternative.expanded for clause in clauses for alternative in clause)


def test_a_term_of_a_concept_finds_items_using_another_term(client, assemblies):
    data = search(client, q="deliberative panel", locale="en")
    assert set(slugs(data)) == {"assembly", "mini-public"}
    assert "citizens' assembly" in data["also_searched"]


def test_literal_matches_outrank_expanded_ones(client, assemblies):
    data = search(client, q="mini-public", locale="en")
    assert slugs(data) == ["mini-public", "assembly"]
    literal_score, expanded_score = (item["score"] for item in data["results"])
    assert expanded_score < literal_score
    data = search(client, q="citizens assembly", locale="en")
    assert slugs(data) == ["assembly", "mini-public"]


def test_an_english_concept_finds_czech_items(client, assemblies):
    data = search(client, q="time bank", locale="cs")
    assert slugs(data) == ["casova-banka"]
    # The Czech labels are what the Czech search also looked for: Czech items are indexed in Czech, so the other
    # languages' labels are not searched.
    assert "časová banka" in data["also_searched"]
    czech = set(ConceptLabel.objects.filter(language="cs").values_list("text", flat=True))
    assert set(data["also_searched"]) <= czech


def test_a_query_in_another_language_reaches_items_through_the_language_fallback(client, assemblies):
    data = search(client, q="banka času", locale="nb")
    assert data["count"] == 0
    assert [item["slug"] for item in data["other_languages"]] == ["casova-banka"]


def test_translations_of_a_theme_are_a_concept(client, locales):
    ageing = make_term(Theme, "ageing", "Ageing", locales["en"])
    make_term(Theme, "ageing", "Stárnutí", locales["cs"], source=ageing)
    add_page(index_of(PracticeIndexPage, locales["cs"]), GoodPracticePage, "Aktivní stárnutí na vsi", slug="starnuti")
    assert (("en", "Ageing"), ("cs", "Stárnutí")) in concept_sets()
    data = search(client, q="ageing", locale="cs")
    assert slugs(data) == ["starnuti"]
    assert data["also_searched"] == ["Stárnutí"]


def test_the_search_page_says_what_was_also_searched(client, assemblies):
    response = client.get("/en/search/", {"q": "mini-public"})
    assert response.status_code == 200
    notice = BeautifulSoup(response.content, "html.parser").select_one(".also-searched")
    assert notice is not None
    assert "Also searched:" in notice.get_text()
    assert "citizens’ assembly" in notice.get_text().replace("'", "’")


def test_a_search_without_concepts_says_nothing_was_also_searched(client, assemblies):
    data = search(client, q="lake", locale="en")
    assert data["also_searched"] == []
    response = client.get("/en/search/", {"q": "lake"})
    assert BeautifulSoup(response.content, "html.parser").select_one(".also-searched") is None


def test_a_concept_added_in_the_admin_applies_to_the_next_query(admin_client, client, assemblies):
    assert search(client, q="lakeside forum", locale="en")["count"] == 0
    url = reverse("wagtailsnippets_hub_search_concept:add")
    response = admin_client.post(
        url,
        {
            "slug": "lakeside-forum",
            "labels-TOTAL_FORMS": "2",
            "labels-INITIAL_FORMS": "0",
            "labels-MIN_NUM_FORMS": "1",
            "labels-MAX_NUM_FORMS": "1000",
            "labels-0-language": "en",
            "labels-0-text": "lakeside forum",
            "labels-0-ORDER": "1",
            "labels-1-language": "en",
            "labels-1-text": "mini-public",
            "labels-1-ORDER": "2",
        },
    )
    assert response.status_code == 302, response.content
    assert ConceptLabel.objects.filter(concept__slug="lakeside-forum").count() == 2
    assert "mini-public" in slugs(search(client, q="lakeside forum", locale="en"))
    listing = admin_client.get(reverse("wagtailsnippets_hub_search_concept:list"), {"q": "lakeside"})
    assert listing.status_code == 200
    assert "lakeside-forum" in listing.content.decode()


def test_a_repeated_search_reads_the_thesaurus_once(client, assemblies):
    search(client, q="mini-public", locale="en")
    with CaptureQueriesContext(connection) as queries:
        data = search(client, q="mini-public", locale="en")

    assert slugs(data) == ["mini-public", "assembly"]
    read = [query["sql"] for query in queries if ConceptLabel._meta.db_table in query["sql"]]
    assert read == []


def test_a_label_changed_applies_to_the_next_search(client, assemblies):
    assert slugs(search(client, q="lakeside forum", locale="en")) == []
    label = ConceptLabel.objects.get(concept__slug="citizens-assembly", language="en", text="mini-public")

    label.text = "lakeside forum"
    label.save()

    assert "assembly" in slugs(search(client, q="lakeside forum", locale="en"))


def test_a_taxonomy_term_translated_applies_to_the_next_search(client, locales):
    ageing = make_term(Theme, "ageing", "Ageing", locales["en"])
    add_page(index_of(PracticeIndexPage, locales["cs"]), GoodPracticePage, "Aktivní stárnutí na vsi", slug="starnuti")
    assert slugs(search(client, q="ageing", locale="cs")) == []

    make_term(Theme, "ageing", "Stárnutí", locales["cs"], source=ageing)

    assert slugs(search(client, q="ageing", locale="cs")) == ["starnuti"]


def test_editors_export_the_thesaurus_with_every_label(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_hub_search_concept:list"), {"export": "jsonl"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = {row["slug"]: row for row in map(json.loads, content.decode().splitlines())}
    assert len(rows) >= 150
    assert "cs: časová banka" in rows["time-bank"]["label_list"]
