"""The practitioners' listings of practices, materials and videos: filters with counts, sorting, pagination,
forgiving handling of bad filter values, and a number of SQL queries that does not grow with the items shown."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from practices.models import GoodPracticePage, PracticeIndexPage
from practices.site.listing import filter_items
from tests.practices import feed_fixtures
from tests.practices.factories import (
    DocumentFactory,
    GoodPracticePageFactory,
    MaterialPageFactory,
    MethodFactory,
    ThemeFactory,
    TrainingVideoPageFactory,
)

PRACTICES = "/en/practices/"


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


def listed_titles(response):
    return [link.get_text(strip=True) for link in soup_of(response).select("ul.items h3 a")]


def facet_counts(response, parameter):
    """{value label: count} of one facet as the page shows it."""
    facet = next(facet for facet in response.context["listing"].facets if facet.parameter == parameter)
    return {value.label: value.count for value in facet.values}


def test_listing_shows_live_practices_of_its_locale_only(client, feed_content):
    response = client.get(PRACTICES)

    assert response.status_code == 200
    assert sorted(listed_titles(response)) == ["NGO network of Kyustendil", "Youth parliament of Brno"]


def test_facets_count_the_live_items_of_each_value(client, feed_content):
    response = client.get(PRACTICES)

    assert facet_counts(response, "country") == {"Bulgaria": 1, "Czechia": 1}
    assert facet_counts(response, "theme") == {"Environment": 1, "Youth": 1}
    assert facet_counts(response, "status") == {"Completed": 1, "Ongoing": 1}
    assert facet_counts(response, "method") == {"Future City Game": 1}
    assert facet_counts(response, "funding_programme") == {"EEA Grants": 1}
    assert facet_counts(response, "year") == {"2021": 1}


def test_facets_are_counted_once_per_content_generation(client, feed_content):
    client.get(PRACTICES)
    cache.clear()
    with CaptureQueriesContext(connection) as counted:
        cold = client.get(PRACTICES)
    # A session makes the page be rendered again rather than read from the page cache (practices.site.page_cache).
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    with CaptureQueriesContext(connection) as cached:
        warm = client.get(PRACTICES)

    # Seven facets, each at least one grouped count: none of them is run again.
    assert len(cached) <= len(counted) - 7
    assert warm.context["listing"].facets == cold.context["listing"].facets


def test_facet_counts_follow_a_change_of_the_content_at_once(client, feed_content):
    assert facet_counts(client.get(PRACTICES), "country") == {"Bulgaria": 1, "Czechia": 1}

    GoodPracticePage.objects.get(title="NGO network of Kyustendil").unpublish()

    assert facet_counts(client.get(PRACTICES), "country") == {"Czechia": 1}


def test_items_that_can_match_nothing_have_empty_facets(feed_content, locales):
    filtered = filter_items(GoodPracticePage.objects.filter(pk__in=[]), GoodPracticePage, QueryDict(), locales["en"])

    assert filtered.facets
    assert all(facet.values == [] for facet in filtered.facets)


def test_cached_facets_are_labelled_in_each_listing_language(client, feed_content):
    client.get(PRACTICES)

    czech = client.get("/cs/dobra-praxe/")

    assert "Mládež" in facet_counts(czech, "theme")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("country=CZ", ["Youth parliament of Brno"], id="country"),
        pytest.param("country=bg", ["NGO network of Kyustendil"], id="country-lowercase"),
        pytest.param("theme=environment", ["NGO network of Kyustendil"], id="theme"),
        pytest.param("target_group=young-people", ["Youth parliament of Brno"], id="target-group"),
        pytest.param("method=future-city-game", ["Youth parliament of Brno"], id="method"),
        pytest.param("funding_programme=eea-grants", ["Youth parliament of Brno"], id="funding-programme"),
        pytest.param("status=ongoing", ["NGO network of Kyustendil"], id="status"),
        pytest.param("year=2021", ["Youth parliament of Brno"], id="year"),
        pytest.param("year=2019", [], id="year-without-items"),
        pytest.param("country=CZ&status=ongoing", [], id="filters-combine"),
    ],
)
def test_filters_narrow_the_list(client, feed_content, query, expected):
    response = client.get(f"{PRACTICES}?{query}")

    assert response.status_code == 200
    assert listed_titles(response) == expected
    assert response.context["listing"].total == len(expected)


def test_a_facet_counts_within_the_other_active_filters(client, feed_content):
    response = client.get(f"{PRACTICES}?status=completed")

    # The status facet ignores its own filter, so the reader can switch to "Ongoing"; the others narrow.
    assert facet_counts(response, "status") == {"Completed": 1, "Ongoing": 1}
    assert facet_counts(response, "country") == {"Czechia": 1}
    assert facet_counts(response, "theme") == {"Youth": 1}


def test_czech_listing_names_terms_in_czech_and_counts_by_shared_slug(client, feed_content):
    response = client.get("/cs/dobra-praxe/?theme=youth")

    # One Czech practice links the English term, the other its Czech translation: both count under "Mládež".
    assert sorted(listed_titles(response)) == ["Parlament mládeže Brno", "Pocitové mapy Jihlava"]
    assert facet_counts(response, "theme") == {"Mládež": 2}


def test_filter_links_keep_the_other_filters_and_selected_value_links_remove_it(client, feed_content):
    response = client.get(f"{PRACTICES}?country=CZ&sort=title&page=1")
    soup = soup_of(response)

    theme_link = soup.select_one("#facet-theme ~ ul a")
    assert theme_link["href"] == "?country=CZ&sort=title&theme=youth"
    selected = soup.select_one('#facet-country ~ ul a[aria-current="true"]')
    assert selected["href"] == "?sort=title"
    assert soup.select_one("a.clear-filters")["href"] == "?sort=title"


def test_sorting_by_title_and_by_newest(client, practice_index):
    now = timezone.now()
    for age, title in enumerate(["Beta", "Alpha", "Gamma"]):
        GoodPracticePageFactory(
            title=title, parent=practice_index, first_published_at=now - datetime.timedelta(days=age)
        )

    assert listed_titles(client.get(PRACTICES)) == ["Beta", "Alpha", "Gamma"]
    assert listed_titles(client.get(f"{PRACTICES}?sort=title")) == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        pytest.param("country=XX", "Unknown country “XX”", id="country"),
        pytest.param("theme=yuoth", "Unknown theme “yuoth”", id="theme"),
        pytest.param("target_group=nobody", "Unknown target group “nobody”", id="target-group"),
        pytest.param("method=%3Cscript%3E", "Unknown method “<script>”", id="method-markup"),
        pytest.param("funding_programme=x", "Unknown funding programme “x”", id="funding-programme"),
        pytest.param("status=finished", "Unknown status “finished”", id="status"),
        pytest.param("year=20x1", "“20x1” is not a year", id="year-not-a-number"),
        pytest.param("year=123456", "“123456” is not a year", id="year-too-long"),
        pytest.param("sort=popular", "Unknown sort order “popular”", id="sort"),
    ],
)
def test_bad_filter_value_is_ignored_with_a_notice(client, feed_content, query, notice):
    response = client.get(f"{PRACTICES}?{query}")

    assert response.status_code == 200
    notices = [p.get_text() for p in soup_of(response).select("p.notice")]
    assert len(notices) == 1
    assert notice in notices[0]
    assert sorted(listed_titles(response)) == ["NGO network of Kyustendil", "Youth parliament of Brno"]
    assert b"<script>" not in response.content.split(b"</head>")[1]


@pytest.mark.parametrize("page", ["0", "x", "999", "-1"])
def test_malformed_page_number_shows_a_page_not_an_error(client, feed_content, page):
    response = client.get(f"{PRACTICES}?page={page}")

    assert response.status_code == 200
    assert len(listed_titles(response)) == 2


def test_pagination_keeps_filters_and_splits_the_list(client, practice_index, monkeypatch):
    monkeypatch.setattr(PracticeIndexPage, "items_per_page", 2)
    theme = ThemeFactory(slug="youth", name="Youth")
    for number in range(5):
        page = GoodPracticePageFactory(title=f"Practice {number}", parent=practice_index)
        page.themes.set([theme])
        page.save()  # a parental many-to-many relation is written when the page is saved
    GoodPracticePageFactory(title="Without theme", parent=practice_index)

    first = client.get(f"{PRACTICES}?theme=youth&sort=title")
    last = client.get(f"{PRACTICES}?theme=youth&sort=title&page=3")

    assert listed_titles(first) == ["Practice 0", "Practice 1"]
    assert soup_of(first).select_one('a[rel="next"]')["href"] == "?theme=youth&sort=title&page=2"
    assert listed_titles(last) == ["Practice 4"]
    assert soup_of(last).select_one('a[rel="prev"]')["href"] == "?theme=youth&sort=title&page=2"
    assert first.context["listing"].total == 5


def test_material_and_video_listings_offer_their_own_filters(client, feed_content):
    materials = client.get("/en/materials/?theme=youth")
    videos = client.get("/en/videos/?funding_programme=eea-grants")

    assert listed_titles(materials) == ["Future City Game guide"]
    assert [facet.parameter for facet in materials.context["listing"].facets] == [
        "kind",
        "theme",
        "target_group",
        "funding_programme",
        "language",
        "year",
    ]
    assert facet_counts(materials, "year") == {"2024": 1}
    assert listed_titles(videos) == ["Running a round table"]


def make_practices(practice_index, count):
    """``count`` live practices with facts, two themes and a method each: the relations a listing counts."""
    themes = [ThemeFactory(), ThemeFactory()]
    method = MethodFactory()
    image = feed_fixtures.make_image("Town hall")
    for number in range(count):
        page = GoodPracticePageFactory(parent=practice_index, with_facts=True)
        page.themes.set(themes)
        page.methods.set([method])
        page.gallery = [{"type": "image", "value": {"image": image.pk, "caption": f"Town hall {number}"}}]
        page.save()


@pytest.mark.parametrize("count", [5, 50])
def test_listing_query_count_does_not_grow_with_items(
    client, practice_index, monkeypatch, count, django_assert_max_num_queries
):
    monkeypatch.setattr(PracticeIndexPage, "items_per_page", 50)
    make_practices(practice_index, count)
    client.get(PRACTICES)  # warm Wagtail's per-site caches, as a running server has them

    # 20 for the listing, 2 for the header's navigation and footer (site_shell) and the breadcrumbs, the page cache's
    # reading of the content generation (practices.site.page_cache), and the cards' faces (practices.site.faces): their
    # themes, their pictures and the pictures' renditions (measured: 27, for 5 items as for 50).
    with django_assert_max_num_queries(27):
        response = client.get(f"{PRACTICES}?country=CZ&sort=title")

    assert len(listed_titles(response)) == count
    assert len(WagtailTestUtils.get_soup(response.content).select(".results ul.items img.face")) == count
    assert GoodPracticePage.objects.live().count() == count


def test_empty_parameters_mean_no_filter_and_the_default_sort(client, feed_content):
    response = client.get(f"{PRACTICES}?country=&theme=&sort=&year=")

    assert response.status_code == 200
    assert not soup_of(response).select("p.notice")
    assert response.context["listing"].sort == "newest"
    assert response.context["listing"].total == 2


# --- Materials and videos: their own filters; sort orders per type; values that are not values ------------------


@pytest.fixture
def materials(material_index):
    """Three live materials: a Czech and English guide from 2023, an English handbook from 2024, a Bulgarian report
    without a date."""
    document = DocumentFactory()

    def documents(*languages):
        return [{"type": "document", "value": {"document": document.pk, "language": code}} for code in languages]

    MaterialPageFactory(
        title="Participatory budgeting guide",
        material_kind="guide",
        publication_date=datetime.date(2023, 5, 1),
        documents=documents("cs", "en"),
    )
    MaterialPageFactory(
        title="Handbook for councils",
        material_kind="handbook",
        publication_date=datetime.date(2024, 2, 1),
        documents=documents("en"),
    )
    MaterialPageFactory(title="Report from Kyustendil", material_kind="report", documents=documents("bg"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("kind=handbook", ["Handbook for councils"], id="kind"),
        pytest.param("language=en", ["Handbook for councils", "Participatory budgeting guide"], id="language"),
        pytest.param("language=bg", ["Report from Kyustendil"], id="language-of-one-document"),
        pytest.param("language=hr", [], id="language-without-documents"),
        pytest.param("year=2023", ["Participatory budgeting guide"], id="year"),
        pytest.param("kind=guide&language=cs", ["Participatory budgeting guide"], id="filters-combine"),
    ],
)
def test_material_filters_narrow_the_list(client, materials, query, expected):
    response = client.get(f"/en/materials/?{query}&sort=title")

    assert response.status_code == 200
    assert listed_titles(response) == expected
    assert response.context["listing"].total == len(expected)


def test_material_facets_count_kinds_document_languages_and_years(client, materials):
    response = client.get("/en/materials/")

    assert [facet.parameter for facet in response.context["listing"].facets] == [
        "kind",
        "theme",
        "target_group",
        "funding_programme",
        "language",
        "year",
    ]
    assert facet_counts(response, "kind") == {"Guide": 1, "Handbook": 1, "Report": 1}
    # A material with documents in two languages counts under both.
    assert facet_counts(response, "language") == {"Bulgarian": 1, "Czech": 1, "English": 2}
    assert facet_counts(response, "year") == {"2023": 1, "2024": 1}
    assert facet_counts(client.get("/en/materials/?kind=guide"), "language") == {"Czech": 1, "English": 1}


def test_video_listing_filters_by_spoken_language(client, video_index):
    TrainingVideoPageFactory(title="Round table in Czech", spoken_language="cs")
    TrainingVideoPageFactory(title="Round table in English", spoken_language="en")
    TrainingVideoPageFactory(title="Another English one", spoken_language="en")

    response = client.get("/en/videos/?language=cs")

    assert listed_titles(response) == ["Round table in Czech"]
    assert [facet.parameter for facet in response.context["listing"].facets] == [
        "theme",
        "target_group",
        "funding_programme",
        "language",
        "year",
    ]
    assert facet_counts(response, "language") == {"Czech": 1, "English": 2}


def test_practices_sort_by_start_date_latest_first_and_undated_last(client, practice_index):
    for title, start in [("Old", datetime.date(2015, 1, 1)), ("Undated", None), ("Recent", datetime.date(2024, 9, 1))]:
        GoodPracticePageFactory(title=title, parent=practice_index, start_date=start)

    response = client.get(f"{PRACTICES}?sort=start_date")

    assert listed_titles(response) == ["Recent", "Old", "Undated"]
    current = soup_of(response).select_one('.sort a[aria-current="true"]')
    assert current.get_text(strip=True) == "Start date"
    assert current["href"] == "?sort=start_date"


@pytest.mark.parametrize(
    ("url", "sorts"),
    [
        pytest.param(PRACTICES, ["Newest", "Title", "Start date"], id="practices"),
        pytest.param("/en/materials/", ["Newest", "Title"], id="materials"),
        pytest.param("/en/videos/", ["Newest", "Title"], id="videos"),
    ],
)
def test_each_section_offers_its_sort_orders(client, locales, url, sorts):
    response = client.get(url)

    assert [link.get_text(strip=True) for link in soup_of(response).select(".sort a")] == sorts


@pytest.mark.parametrize(
    ("url", "query", "notice"),
    [
        pytest.param("/en/materials/", "kind=leaflet", "Unknown kind of material “leaflet”", id="material-kind"),
        pytest.param("/en/materials/", "language=de", "Unknown document language “de”", id="document-language"),
        pytest.param("/en/videos/", "language=EN", "Unknown spoken language “EN”", id="spoken-language"),
        pytest.param("/en/materials/", "sort=start_date", "Unknown sort order “start_date”", id="sort-of-practices"),
        pytest.param(PRACTICES, "theme=%00youth", "Unknown theme “\\x00youth”", id="nul-character"),
        pytest.param(PRACTICES, "method=" + "m" * 101, "Unknown method “" + "m" * 100 + "”", id="too-long"),
        pytest.param(PRACTICES, "sort=%01", "Unknown sort order “\\x01”", id="control-character-sort"),
    ],
)
def test_bad_values_of_every_listing_get_a_notice_never_an_error(client, feed_content, url, query, notice):
    response = client.get(f"{url}?{query}")

    assert response.status_code == 200
    notices = [p.get_text() for p in soup_of(response).select("p.notice")]
    assert len(notices) == 1
    assert notice in notices[0]


def test_listing_says_how_many_items_match_and_offers_to_clear_the_filters(client, feed_content):
    response = client.get(f"{PRACTICES}?country=CZ&sort=title")
    soup = soup_of(response)

    assert soup.select_one(".results__total").get_text(strip=True) == "1 item"
    assert soup.select_one("a.clear-filters")["href"] == "?sort=title"
    assert not soup_of(client.get(PRACTICES)).select("a.clear-filters")


@pytest.mark.parametrize(("url", "has_switch"), [(PRACTICES, True), ("/en/materials/", False), ("/en/videos/", False)])
def test_only_the_practice_listing_links_to_its_map_with_the_same_filters(client, feed_content, url, has_switch):
    response = client.get(f"{url}?theme=youth&sort=title&page=1")
    links = {link.get_text(strip=True): link for link in soup_of(response).select(".view-switch a")}

    if not has_switch:
        assert links == {}
        return
    assert links["Map"]["href"] == "/en/practices/map/?theme=youth"
    assert links["List"]["href"] == "/en/practices/?theme=youth"
    assert links["List"]["aria-current"] == "page"
