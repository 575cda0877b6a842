"""A practice's public page: key facts at a glance, outcomes as a bar chart, the story, lessons learned, partners,
the other languages, licence and "last verified" date, with dates, numbers and the budget written per locale."""

import pytest
from wagtail.test.utils import WagtailTestUtils

from practices.models import GoodPracticePage, PracticePartner
from tests.practices.factories import GoodPracticePageFactory, OrganisationFactory, ThemeFactory

ENGLISH = "/en/practices/youth-parliament-of-brno/"
CZECH = "/cs/dobra-praxe/parlament-mladeze-brno/"
NBSP = "\xa0"


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


def facts(soup):
    """{term: description} of the "at a glance" list."""
    terms = soup.select("dl.facts dt")
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in terms}


def test_practice_shows_its_key_facts_at_a_glance(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    assert facts(soup) == {
        "Where": "Brno, South Moravian Region, Czechia",
        "Who": "City of Brno and 2 partners",
        "When": "March 1, 2021 – June 30, 2023",
        "Status": "Completed",
        "Budget": "€125,000.00",
        "Funding": "EEA Grants (CZ-ACTIVE-0042)",
        "Target groups": "Young people",
        "Methods": "Future City Game",
        "Themes": "Youth",
    }


def test_czech_page_writes_dates_and_budget_the_czech_way(client, feed_content):
    soup = soup_of(client.get(CZECH))

    shown = facts(soup)  # labelled in Czech too
    assert shown["Rozpočet"] == f"125{NBSP}000,00{NBSP}€"
    assert shown["Kdy"] == "1. března 2021 – 30. června 2023"


def test_outcomes_story_lessons_and_partners_are_shown(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    outcome = soup.select_one(".outcome-chart .outcome-chart__row")
    assert outcome.select_one(".outcome-chart__number").get_text() == "20"
    assert "youth forums" in outcome.get_text()
    assert soup.select_one("section.story h2") and "How it started" in soup.select_one("section.story").get_text()
    assert "Start with the school parliament" in soup.select_one("section[aria-labelledby=lessons]").get_text()
    partners = [(a.get_text(), a["href"]) for a in soup.select("ul.partners a")]
    assert partners == [
        ("Partnership Foundation", "https://partnerstvi.example.org/"),
        ("Agora CE", "https://agora.example.org/"),
    ]


def test_large_outcome_numbers_are_grouped_per_locale(client, practice_index):
    page = GoodPracticePageFactory(
        parent=practice_index,
        slug="big-numbers",
        outcomes=[{"type": "outcome", "value": {"value": "12500.5", "label": "residents reached"}}],
    )

    soup = soup_of(client.get(page.url))

    assert soup.select_one(".outcome-chart__number").get_text() == "12,500.5"


def test_practice_links_its_other_languages_and_shows_licence_and_last_verified(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    other = [(a["lang"], a["href"]) for a in soup.select("ul.other-languages a")]
    assert other == [("cs", CZECH)]
    meta = soup.select_one("dl.item-meta").get_text(" ", strip=True)
    assert "Creative Commons Attribution 4.0 (CC BY 4.0)" in meta
    assert "May 1, 2025 (Jana)" in meta
    czech = soup_of(client.get(CZECH))
    assert [a["lang"] for a in czech.select("ul.other-languages a")] == ["en"]
    assert "1. května 2025" in czech.select_one("dl.item-meta").get_text()


def test_practice_without_facts_shows_no_empty_rows(client, practice_index):
    page = GoodPracticePageFactory(parent=practice_index, slug="bare")

    response = client.get(page.url)

    assert response.status_code == 200
    assert facts(soup_of(response)) == {}
    assert not soup_of(response).select("ul.other-languages")


@pytest.mark.parametrize("count", [5, 50])
def test_detail_query_count_does_not_grow_with_taxonomy_and_partners(
    client, practice_index, count, django_assert_max_num_queries
):
    page = GoodPracticePageFactory(parent=practice_index, slug="rich", with_facts=True)
    page.themes.set([ThemeFactory() for _number in range(count)])
    for number in range(count):
        page.partners.create(organisation=OrganisationFactory(), role="partner", sort_order=number)
    page.save()
    client.get(page.url)  # warm Wagtail's per-site caches, as a running server has them

    # 18 for the page and its facts, and 3 for the detail page's extras (tests/practices/site/test_detail_pages.py): its
    # locale (JSON-LD, Open Graph, citation), related materials and related videos.
    with django_assert_max_num_queries(21):
        response = client.get(page.url)

    assert len(soup_of(response).select("ul.partners li")) == count
    assert GoodPracticePage.objects.get(pk=page.pk).themes.count() == count


def test_editors_preview_shows_partners_not_yet_saved(practice_index):
    """The admin's preview renders the page from its unsaved form data, where partners are not in the database."""
    page = GoodPracticePageFactory(parent=practice_index, slug="preview-me")
    page.partners = [PracticePartner(organisation=OrganisationFactory(name="Unsaved partner"), role="host")]

    response = page.make_preview_request()

    assert response.status_code == 200
    assert [li.get_text(" ", strip=True) for li in soup_of(response).select("ul.partners li")] == [
        "Unsaved partner – host"
    ]
