"""The practitioners' listings of practices, materials and videos: filters with counts, sorting, pagination,
forgiving handling of bad filter values, and a number of SQL queries that does not grow with the items shown."""

import datetime

import pytest
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices import feed_fixtures
from tests.practices.factories import GoodPracticePageFactory, MethodFactory, ThemeFactory

empty_cache = feed_fixtures.empty_cache
media_root = feed_fixtures.media_root
feed_content = feed_fixtures.feed_content

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
        "theme",
        "target_group",
        "funding_programme",
        "year",
    ]
    assert facet_counts(materials, "year") == {"2024": 1}
    assert listed_titles(videos) == ["Running a round table"]


def make_practices(practice_index, count):
    """``count`` live practices with facts, two themes and a method each: the relations a listing counts."""
    themes = [ThemeFactory(), ThemeFactory()]
    method = MethodFactory()
    for _number in range(count):
        page = GoodPracticePageFactory(parent=practice_index, with_facts=True)
        page.themes.set(themes)
        page.methods.set([method])
        page.save()


@pytest.mark.parametrize("count", [5, 50])
def test_listing_query_count_does_not_grow_with_items(
    client, practice_index, monkeypatch, count, django_assert_max_num_queries
):
    monkeypatch.setattr(PracticeIndexPage, "items_per_page", 50)
    make_practices(practice_index, count)
    client.get(PRACTICES)  # warm Wagtail's per-site caches, as a running server has them

    with django_assert_max_num_queries(20):
        response = client.get(f"{PRACTICES}?country=CZ&sort=title")

    assert len(listed_titles(response)) == count
    assert GoodPracticePage.objects.live().count() == count


def test_empty_parameters_mean_no_filter_and_the_default_sort(client, feed_content):
    response = client.get(f"{PRACTICES}?country=&theme=&sort=&year=")

    assert response.status_code == 200
    assert not soup_of(response).select("p.notice")
    assert response.context["listing"].sort == "newest"
    assert response.context["listing"].total == 2
