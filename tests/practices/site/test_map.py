"""The practice map: the map page with the listing's filters and its list of located practices grouped by country,
the GeoJSON the map script draws (content, filters, strict parameters, bounded size, caching), and the "List" /
"Map" switch."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation
from django_countries import countries
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailTestUtils

from practices.models import GoodPracticePage
from tests.practices.factories import GoodPracticePageFactory, ThemeFactory

MAP = "/en/practices/map/"
GEOJSON = "/en/practices/map/geojson/"


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


def located(title, country, latitude, longitude, **fields):
    return GoodPracticePageFactory(
        title=title, country=country, latitude=Decimal(latitude), longitude=Decimal(longitude), **fields
    )


@pytest.fixture
def map_content(practice_index):
    """Located practices in Czechia, Bulgaria and without a country, one without a location, and a draft."""
    youth = ThemeFactory(slug="youth", name="Youth")
    brno = located("Youth parliament of Brno", "CZ", "49.195060", "16.606837", municipality="Brno")
    brno.themes.set([youth])
    brno.save()
    located("Feeling maps of Jihlava", "CZ", "49.396100", "15.591200", municipality="Jihlava")
    located("NGO network of Kyustendil", "BG", "42.283300", "22.691100", municipality="Kyustendil")
    located("Somewhere in the sea", "", "43.000000", "16.000000")
    GoodPracticePageFactory(title="Practice without a place", country="CZ")
    draft = located("Unpublished practice", "CZ", "50.000000", "14.000000")
    draft.unpublish()
    return {"brno": brno, "youth": youth}


def list_groups(response):
    """{country heading: [practice titles]} of the map page's list."""
    groups = {}
    for section in soup_of(response).select("#map-list section"):
        heading = section.find("h3")
        heading.find("span", class_="count").decompose()
        groups[heading.get_text(strip=True)] = [link.get_text(strip=True) for link in section.select("li a")]
    return groups


def features(response):
    return {feature["properties"]["title"]: feature for feature in json.loads(response.content)["features"]}


# --- The map page -------------------------------------------------------------------------------------------------


def test_map_page_lists_the_located_practices_grouped_by_country(client, map_content):
    response = client.get(MAP)

    assert response.status_code == 200
    assert list_groups(response) == {
        "Bulgaria": ["NGO network of Kyustendil"],
        "Czechia": ["Feeling maps of Jihlava", "Youth parliament of Brno"],
        "Country not given": ["Somewhere in the sea"],
    }
    link = soup_of(response).find("a", string="Youth parliament of Brno")
    assert link["href"] == "/en/practices/youth-parliament-of-brno/"
    assert client.get(link["href"]).status_code == 200
    assert soup_of(response).select_one(".results__total").get_text(strip=True) == "4 practices with a location"


def test_map_page_offers_the_listings_filters_with_the_same_counts(client, map_content):
    on_map = client.get(f"{MAP}?country=CZ")
    in_list = client.get("/en/practices/?country=CZ")

    def facets(response, key):
        return [(facet.parameter, [(v.value, v.count, v.selected) for v in facet.values]) for facet in key(response)]

    assert facets(on_map, lambda r: r.context["filters"].facets) == facets(
        in_list, lambda r: r.context["listing"].facets
    )
    assert list_groups(on_map) == {"Czechia": ["Feeling maps of Jihlava", "Youth parliament of Brno"]}
    assert soup_of(on_map).select_one('#facet-country ~ ul a[aria-current="true"]')["href"] == "?"


def test_map_container_is_named_configured_and_hidden_until_the_script_draws_it(client, map_content, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = '&copy; <a href="https://example.org/">Example tiles</a>'

    soup = soup_of(client.get(f"{MAP}?theme=youth&sort=title"))
    container = soup.select_one("#practice-map")

    assert container["role"] == "region"
    assert container["aria-label"] == "Map of the practices listed below"
    assert container.has_attr("hidden")
    assert container["data-tile-url"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert container["data-tile-attribution"] == '&copy; <a href="https://example.org/">Example tiles</a>'
    assert container["data-geojson-url"] == "/en/practices/map/geojson/?theme=youth"
    assert soup.select_one("a.skip-map")["href"] == "#map-list"
    scripts = [script["src"] for script in soup.select("script[src]")]
    assert "/static/vendor/leaflet/leaflet.js" in scripts
    assert "/static/practices/map.js" in scripts
    assert soup.select_one('link[href="/static/vendor/leaflet/leaflet.css"]')


def test_leaflet_and_the_map_script_are_served_by_the_site():
    for asset in ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/leaflet/images/marker-icon.png"):
        assert finders.find(asset), asset
    assert "practice-map" in Path(finders.find("practices/map.js")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("tile_url", "origin"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("https://maps.example.org:8443/tiles/{z}/{x}/{y}.png?key=abc", "https://maps.example.org:8443"),
    ],
)
def test_map_page_loads_images_only_from_the_site_and_the_configured_tile_server(
    client, map_content, settings, tile_url, origin
):
    settings.MAP_TILE_URL = tile_url
    response = client.get(MAP)
    policy = dict(part.strip().partition(" ")[::2] for part in response["Content-Security-Policy"].split(";"))
    assert policy["img-src"] == f"'self' data: {origin}"
    assert "openstreetmap" not in response["Content-Security-Policy"]


def test_map_page_without_a_tile_server_loads_images_from_the_site_only(client, map_content, settings):
    settings.MAP_TILE_URL = ""
    response = client.get(MAP)
    policy = dict(part.strip().partition(" ")[::2] for part in response["Content-Security-Policy"].split(";"))
    assert policy["img-src"] == "'self' data:"


def test_map_without_a_tile_server_draws_the_country_outlines_the_site_serves(client, map_content, settings):
    settings.MAP_TILE_URL = ""

    soup = soup_of(client.get(MAP))
    container = soup.select_one("#practice-map")

    assert container["data-tile-url"] == ""
    outlines = container["data-outlines-url"]
    assert outlines == "/static/vendor/world-atlas/countries-110m.json"
    topology = json.loads(Path(finders.find(outlines.removeprefix("/static/"))).read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and topology["objects"]["countries"]["geometries"]
    assert "naturalearthdata.com" in container["data-outlines-attribution"]
    scripts = [script["src"] for script in soup.select("script[src]")]
    assert "/static/vendor/topojson-client/topojson-client.min.js" in scripts


def test_map_with_a_tile_server_draws_no_outlines(client, map_content, settings):
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

    soup = soup_of(client.get(MAP))

    assert not soup.select_one("#practice-map").has_attr("data-outlines-url")
    assert "/static/vendor/topojson-client/topojson-client.min.js" not in [s["src"] for s in soup.select("script[src]")]


def test_no_tile_server_is_configured_by_default(settings):
    assert settings.MAP_TILE_URL == ""


def test_map_and_list_link_to_each_other_keeping_the_filters(client, map_content):
    soup = soup_of(client.get(f"{MAP}?country=CZ&page=2"))
    links = {link.get_text(strip=True): link for link in soup.select(".view-switch a")}

    assert links["List"]["href"] == "/en/practices/?country=CZ"
    assert links["Map"]["href"] == "/en/practices/map/?country=CZ"
    assert links["Map"]["aria-current"] == "page"


def test_map_without_located_practices_says_so_and_loads_no_map(client, practice_index):
    GoodPracticePageFactory(title="Practice without a place", country="CZ")

    response = client.get(MAP)
    soup = soup_of(response)

    assert response.status_code == 200
    assert not soup.select("#practice-map")
    assert not soup.select('script[src$="map.js"]')
    assert "No practice here has a location yet." in soup.get_text()
    filtered = soup_of(client.get(f"{MAP}?country=BG")).get_text()
    assert "No practice with a location matches these filters." in filtered


def test_map_page_ignores_a_bad_filter_with_a_notice(client, map_content):
    response = client.get(f"{MAP}?country=XX&year=20x1")

    assert response.status_code == 200
    notices = [p.get_text() for p in soup_of(response).select("p.notice")]
    assert len(notices) == 2
    assert "Unknown country “XX”" in notices[0]
    assert len(list_groups(response)) == 3


def test_map_page_in_czech_names_countries_in_czech(client, feed_content):
    response = client.get("/cs/dobra-praxe/map/")

    with translation.override("cs"):
        czechia = str(countries.name("CZ"))
    assert list_groups(response) == {czechia: ["Parlament mládeže Brno"]}


def test_map_page_stops_at_the_most_practices_and_says_so(client, map_content, settings):
    settings.MAP_MAX_PRACTICES = 2

    response = client.get(MAP)

    assert sum(len(titles) for titles in list_groups(response).values()) == 2
    assert "Only the first 2 practices are shown" in soup_of(response).select_one("p.notice").get_text()


# --- The GeoJSON --------------------------------------------------------------------------------------------------


def test_geojson_holds_the_located_live_practices_with_their_facts(client, map_content):
    response = client.get(GEOJSON)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert collection["total"] == 4
    assert collection["truncated"] is False
    brno = features(response)["Youth parliament of Brno"]
    assert brno == {
        "type": "Feature",
        "id": map_content["brno"].pk,
        "geometry": {"type": "Point", "coordinates": [16.606837, 49.19506]},
        "properties": {
            "title": "Youth parliament of Brno",
            "url": "/en/practices/youth-parliament-of-brno/",
            "summary": "What Youth parliament of Brno did and why it worked.",
            "country": "CZ",
            "country_name": "Czechia",
            "municipality": "Brno",
        },
    }
    assert features(response)["Somewhere in the sea"]["properties"]["country"] is None
    assert "Practice without a place" not in features(response)
    assert "Unpublished practice" not in features(response)


def test_geojson_of_another_locale_is_written_in_its_language(client, feed_content):
    response = client.get("/cs/dobra-praxe/map/geojson/")

    (practice,) = features(response).values()
    with translation.override("cs"):
        czechia = str(countries.name("CZ"))
    assert practice["properties"]["title"] == "Parlament mládeže Brno"
    assert practice["properties"]["url"] == "/cs/dobra-praxe/parlament-mladeze-brno/"
    assert practice["properties"]["country_name"] == czechia


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("country=CZ", ["Feeling maps of Jihlava", "Youth parliament of Brno"], id="country"),
        pytest.param("country=bg", ["NGO network of Kyustendil"], id="country-lowercase"),
        pytest.param("theme=youth", ["Youth parliament of Brno"], id="theme"),
        pytest.param("theme=youth&country=BG", [], id="filters-combine"),
        pytest.param("country=&theme=", None, id="empty-means-no-filter"),
    ],
)
def test_geojson_follows_the_listings_filters(client, map_content, query, expected):
    response = client.get(f"{GEOJSON}?{query}")

    assert response.status_code == 200
    if expected is None:
        expected = ["Feeling maps of Jihlava", "NGO network of Kyustendil", "Somewhere in the sea"]
        expected.append("Youth parliament of Brno")
    assert sorted(features(response)) == expected


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        # The GeoJSON is an API: the partner feed's words (practices.filtering), not the listing page's notices.
        pytest.param("country=XX", "country", "Unknown country code “XX”", id="country"),
        pytest.param("theme=nothing", "theme", "Unknown theme “nothing”", id="theme"),
        pytest.param("status=finished", "status", "Unknown status “finished”; use one of", id="status"),
        pytest.param("year=20x1", "year", "Expected a whole number from 1000 to 9999", id="year"),
        pytest.param("theme=youth&theme=culture", "theme", "Give this parameter once.", id="repeated"),
        pytest.param("theme=%00", "theme", "Unknown theme “\\x00”", id="nul-character"),
        pytest.param("sort=title", "sort", "Unknown parameter; this list accepts country, theme", id="sort"),
        pytest.param("bbox=1,2,3,4", "bbox", "Unknown parameter", id="unknown-parameter"),
    ],
)
def test_geojson_rejects_a_bad_parameter_naming_it(client, map_content, query, parameter, message):
    response = client.get(f"{GEOJSON}?{query}")

    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert list(errors) == [parameter]
    assert message in errors[parameter][0]


def test_geojson_names_every_bad_parameter_at_once(client, map_content):
    response = client.get(f"{GEOJSON}?country=XX&year=0&page=2")

    assert response.status_code == 400
    assert sorted(json.loads(response.content)["errors"]) == ["country", "page", "year"]


def test_geojson_stops_at_the_most_practices_and_says_so(client, map_content, settings):
    settings.MAP_MAX_PRACTICES = 3

    collection = json.loads(client.get(GEOJSON).content)

    assert len(collection["features"]) == 3
    assert collection["total"] == 3
    assert collection["truncated"] is True


def test_geojson_may_be_cached_and_revalidated(client, map_content):
    response = client.get(GEOJSON)

    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    again = client.get(GEOJSON, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    located("A new practice", "HR", "45.815000", "15.981900")
    changed = client.get(GEOJSON, headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200
    assert "A new practice" in features(changed)


def test_geojson_of_a_private_section_is_not_public(admin_client, map_content, practice_index):
    PageViewRestriction.objects.create(page=practice_index, restriction_type=PageViewRestriction.LOGIN)

    anonymous = Client()
    assert anonymous.get(GEOJSON).status_code == 302  # to the login page, as Wagtail answers for the section itself
    response = admin_client.get(GEOJSON)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


# --- Cost -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 40])
def test_map_queries_do_not_grow_with_practices(client, practice_index, count, django_assert_max_num_queries):
    theme = ThemeFactory()
    for number in range(count):
        page = located(f"Practice {number}", "CZ", "49.000000", f"{14 + number / 100:.6f}")
        page.themes.set([theme])
        page.save()
    client.get(MAP)  # warm Wagtail's per-site caches, as a running server has them

    # 20 for the map and the header's navigation, and the page cache's own reading of the content generation
    # (practices.site.page_cache), which the map's ETag reads again.
    with django_assert_max_num_queries(21):
        page = client.get(f"{MAP}?country=CZ")
    with django_assert_max_num_queries(12):
        geojson = client.get(f"{GEOJSON}?country=CZ")

    assert sum(len(titles) for titles in list_groups(page).values()) == count
    assert len(features(geojson)) == count
    assert GoodPracticePage.objects.live().count() == count
