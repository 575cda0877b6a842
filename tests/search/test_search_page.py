"""The public search page (/<locale>/search/): the header's search form on every page, results that link to items
with the matched words marked, facets and their counts, "did you mean", the empty-result suggestions, searching
all languages, the degraded notice while Elasticsearch is down, and a page with a message (never a 500) for every
bad input."""

import copy
import socket

import pytest
from bs4 import BeautifulSoup
from wagtail.contrib.search_promotions.models import Query

from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices.feed_fixtures import (
    add_page,
    index_of,
    locales_by_code,
    make_image,
    young_people_items,
)

PAGE = "/en/search/"


@pytest.fixture(scope="module")
def shared_knowledge_base(module_content):
    with module_content():
        return young_people_items(locales_by_code())


@pytest.fixture
def knowledge_base(shared_knowledge_base, db):
    return copy.deepcopy(shared_knowledge_base)


def page(client, status=200, url=PAGE, **parameters):
    response = client.get(url, parameters)
    assert response.status_code == status, response.content[:2000]
    return BeautifulSoup(response.content, "html.parser")


def result_links(soup):
    return [link["href"] for link in soup.select(".search-results .item h3 a")]


def facet_counts(soup, name):
    """``{label: count}`` of one facet's links."""
    counts = {}
    for link in soup.select(f"#facet-{name} + ul a"):
        label = "".join(link.find_all(string=True, recursive=False)).strip()
        counts[label] = int(link.select_one(".count").get_text())
    return counts


def text_of(soup):
    return " ".join(soup.get_text(" ").split())


# --- The header's form -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/en/", "/cs/", "/en/practices/", PAGE])
def test_every_page_has_a_search_form_in_its_header(client, knowledge_base, url):
    soup = page(client, url=url)
    form = soup.select_one("header form[role=search]")
    assert form["method"] == "get"
    assert form["action"] == f"/{url.split('/')[1]}/search/"
    field = form.select_one("input[name=q]")
    assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)
    assert form["data-suggest-url"] == "/api/feed/v1/search/suggest/"


def test_autocomplete_script_is_served_by_this_site(client, knowledge_base):
    script = page(client, url="/en/").select_one("script[src$='search/autocomplete.js']")
    assert script["src"].startswith("/static/")
    assert script.has_attr("defer")


# --- Results ----------------------------------------------------------------------------------------------------
def test_results_link_to_items_with_matched_words_marked(client, knowledge_base):
    soup = page(client, q="mládeže", locale="cs")
    assert set(result_links(soup)) == {knowledge_base[name].url for name in ("parliament", "festival", "guide")}
    parliament = soup.select_one(f".search-results a[href='{knowledge_base['parliament'].url}']")
    assert parliament.select_one("mark").get_text() == "mládeže"
    assert parliament["lang"] == "cs"
    assert soup.select(".search-results__snippet mark")
    assert "3 results" in text_of(soup.select_one(".results__total"))
    metas = {text_of(meta) for meta in soup.select(".search-results .item__meta")}
    assert metas == {"Good practice · česky", "Methodological material · česky"}


def test_title_says_the_query_and_result_pages_are_not_indexed(client, knowledge_base):
    soup = page(client, q="mládeže", locale="cs")
    assert soup.title.get_text().startswith("Search results for “mládeže”")
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"


def test_the_page_records_the_query_for_the_statistics(client, knowledge_base):
    page(client, q="mládeže", locale="cs")
    page(client, q="mládeže", locale="cs")
    assert Query.get("mládeže").daily_hits.get().hits == 2


def test_results_escape_the_items_text(client, knowledge_base, locales):
    add_page(
        index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Budget <script>x</script> forum", slug="budget"
    )
    soup = page(client, q="budget")
    assert not soup.select(".search-results script")
    assert soup.select_one(".search-results h3 mark").get_text() == "Budget"


def test_facets_count_the_query_and_the_other_filters(client, knowledge_base):
    soup = page(client, q="mladez", locale="cs", theme="youth")
    assert facet_counts(soup, "theme") == {"Kultura": 1, "Mládež": 2}
    assert facet_counts(soup, "type") == {"Good practice": 1, "Methodological material": 1}
    selected = soup.select_one("#facet-theme + ul a[aria-current]")
    assert selected["href"] == "?q=mladez&locale=cs"
    culture = soup.select_one("#facet-theme + ul a:not([aria-current])")
    assert culture["href"] == "?q=mladez&locale=cs&theme=culture"
    assert [link["href"] for link in soup.select(".selected-filters a")] == ["?q=mladez&locale=cs"]


def test_facet_link_narrows_the_results(client, knowledge_base):
    soup = page(client, q="mladez", locale="cs", theme="youth", type="practice")
    assert result_links(soup) == [knowledge_base["parliament"].url]
    assert facet_counts(soup, "country") == {"Czechia": 1}


def test_a_typo_shows_the_corrected_search_and_a_link_to_it(client, knowledge_base):
    soup = page(client, q="festivql", locale="cs")
    assert result_links(soup) == [knowledge_base["festival"].url]
    assert "Nothing matched “festivql”; showing results for “festival”." in text_of(soup)


def test_few_results_offer_did_you_mean(client, knowledge_base):
    # "festiva" still matches "festival" as the query's last word (a prefix), and is corrected to it.
    soup = page(client, q="mladez festiva", locale="cs")
    assert result_links(soup) == [knowledge_base["festival"].url]
    link = soup.select_one(".did-you-mean a")
    assert (link.get_text(), link["href"]) == ("mladez festival", "?q=mladez+festival&locale=cs")


def test_nothing_found_suggests_removing_each_filter_and_all_languages(client, knowledge_base):
    soup = page(client, q="mladez", locale="cs", theme="culture", target_group="students")
    assert result_links(soup) == []
    suggestions = {link.get_text(" ", strip=True): link["href"] for link in soup.select(".no-results a")}
    assert suggestions == {
        "Remove the filter Theme: Kultura": "?q=mladez&locale=cs&target_group=students",
        "Remove the filter Target group: Studenti": "?q=mladez&locale=cs&theme=culture",
        "Search in all languages": "?q=mladez&locale=all&theme=culture&target_group=students",
    }


def test_all_languages_show_each_results_language(client, knowledge_base):
    soup = page(client, q="parliament", locale="all")
    assert set(result_links(soup)) == {knowledge_base["english"].url, knowledge_base["parliament"].url}
    languages = {text_of(meta).split(" · ")[1] for meta in soup.select(".search-results .item__meta")}
    assert languages == {"English", "česky"}
    assert soup.select_one("input[name=locale][value=all]").has_attr("checked")


def test_few_results_are_followed_by_the_other_languages_best_items_with_their_translation(client, knowledge_base):
    soup = page(client, q="youth parliament", locale="cs")
    section = soup.select_one("section.other-language-items")
    assert section.select_one("h2").get_text(strip=True) == "From other languages"
    [card] = section.select("li.offered-item")
    title = card.select_one("h3 a")
    assert (title["href"], title["hreflang"]) == (knowledge_base["english"].url, "en")
    assert card.select_one(".item__language").get_text(strip=True) == "English"
    translation = card.select_one("a.item__translation")
    assert (translation.get_text(strip=True), translation["href"]) == (
        "Read the translation",
        knowledge_base["parliament"].url,
    )
    # Enough matches in the language searched: no other languages.
    assert page(client, q="mladez", locale="cs").select("section.other-language-items") == []


def test_a_search_relaxed_to_some_of_its_words_says_so(client, knowledge_base):
    notice = "No item holds all of your words: these results hold some of them."
    assert notice in text_of(page(client, q="festival kosmonautů xylofonistů", locale="cs"))
    assert notice not in text_of(page(client, q="festival", locale="cs"))


def test_pages_of_results_keep_the_query(client, knowledge_base, settings):
    settings.SEARCH_PAGE_SIZE = 2
    first = page(client, q="mladez", locale="cs")
    assert len(result_links(first)) == 2
    assert first.select_one("a[rel=next]")["href"] == "?q=mladez&locale=cs&page=2"
    second = page(client, q="mladez", locale="cs", page="2")
    assert len(result_links(second)) == 1
    assert second.select_one("a[rel=prev]")["href"] == "?q=mladez&locale=cs"
    beyond = page(client, q="mladez", locale="cs", page="9")
    assert beyond.select_one(".results a")["href"] == "?q=mladez&locale=cs"


def test_language_switcher_keeps_the_search(client, knowledge_base):
    soup = page(client, q="mladez", locale="cs")
    links = {link["hreflang"]: link["href"] for link in soup.select(".languages a")}
    assert links["bg"] == "/bg/search/?q=mladez&locale=cs"


def test_empty_query_shows_the_form_and_ways_to_browse(client, knowledge_base, locales):
    soup = page(client, url="/cs/search/")
    assert soup.select_one("main form[role=search] input[name=q]")["value"] == ""
    sections = {link["href"] for link in soup.select(".search-browse .sections a")}
    assert index_of(PracticeIndexPage, locales["cs"]).url in sections
    assert soup.select_one(".search-browse a[href$='?theme=youth']").get_text() == "Mládež"
    assert not soup.select(".search-results")


def test_page_queries_do_not_depend_on_the_results(client, knowledge_base, locales, django_assert_max_num_queries):
    # Fills the per-process facet maps (of the locale, and of every language for the other languages' items
    # that two matches add) and the vocabulary cache.
    page(client, q="mladez", locale="cs", theme="youth")
    with django_assert_max_num_queries(34):
        page(client, q="mladez", locale="cs", theme="youth")
    czech = index_of(PracticeIndexPage, locales["cs"])
    image = make_image("Obec")
    for number in range(15):
        gallery = [{"type": "image", "value": {"image": image.pk, "caption": "Obec"}}]
        add_page(czech, GoodPracticePage, f"Mládež a obec {number}", slug=f"mladez-{number}", gallery=gallery)
    page(client, q="mladez", locale="cs")  # the cards' rendition is made once, as on a running site
    # Four more for the cards' faces (practices.site.faces), however many results: the themes of the practices and of
    # the materials, and the pictures with their renditions. The new pages are a new content generation, whose
    # thesaurus, facet maps and places (search.places, one query) are read once.
    with django_assert_max_num_queries(35):
        soup = page(client, q="mladez", locale="cs")
    assert len(result_links(soup)) == 18
    pictures = soup.select(".search-results li.item img.face")
    assert len(pictures) == 15
    assert all("fill-240x180" in picture["src"] for picture in pictures)


# --- Degraded ---------------------------------------------------------------------------------------------------
@pytest.fixture
def elasticsearch_down(settings, knowledge_base):
    """Elasticsearch configured at a closed port on this machine; the items were indexed by the database before."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engine.backends.elasticsearch",
            "URLS": [url],
            "INDEX_PREFIX": "hub_",
            "TIMEOUT": 1,
        },
        "fallback": {"BACKEND": "search.engine.backends.embedded"},
    }


def test_degraded_search_says_so_and_still_answers(client, elasticsearch_down, knowledge_base):
    soup = page(client, q="parlament", locale="cs")
    assert result_links(soup) == [knowledge_base["parliament"].url]
    notice = soup.select_one("p.notice[role=status]")
    assert "simpler mode" in notice.get_text()


def test_search_is_not_degraded_on_the_database_backend(client, knowledge_base):
    soup = page(client, q="parlament", locale="cs")
    assert not [notice for notice in soup.select("p.notice") if "simpler mode" in notice.get_text()]


# --- Bad input --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("parameters", "label"),
    [
        ({"q": "x" * 2000}, "Search words"),
        ({"q": '" * ~ : ( ) [ ] { } / \\'}, "Search words"),
        ({"q": "mládež", "page": "0"}, "Page"),
        ({"q": "mládež", "page": "two"}, "Page"),
    ],
)
def test_bad_input_renders_the_page_with_a_message_naming_it(client, knowledge_base, parameters, label):
    soup = page(client, status=400, **parameters)
    alert = soup.select_one("[role=alert]")
    assert alert.select_one("strong").get_text() == label
    assert soup.select_one("main form[role=search]")


# Forgiving like the listings (practices.filtering): a bad filter value or language is dropped with a notice and the
# search runs without it; it used to be a 400 page that offered a link without the value.
@pytest.mark.parametrize(
    ("parameters", "notice"),
    [
        ({"locale": "de"}, "Unknown language “de”; the filter was ignored."),
        ({"type": "blog"}, "Unknown type “blog”; the filter was ignored."),
        ({"country": "XX"}, "Unknown country “XX”; the filter was ignored."),
        ({"theme": "no-such-theme"}, "Unknown theme “no-such-theme”; the filter was ignored."),
        ({"target_group": "pensioners"}, "Unknown target group “pensioners”; the filter was ignored."),
        ({"method": "telepathy"}, "Unknown method “telepathy”; the filter was ignored."),
    ],
)
def test_a_bad_filter_value_is_dropped_with_a_notice(client, knowledge_base, parameters, notice):
    soup = page(client, q="mládež", **parameters)
    assert notice in [element.get_text() for element in soup.select("p.notice[role=status]")]
    assert not soup.select("[role=alert]")


def test_a_bad_filter_is_left_out_of_the_search(client, knowledge_base):
    soup = page(client, q="mládež", locale="cs", theme="no-such-theme")
    assert soup.select_one("main form[role=search] input[name=theme]") is None
    follow = soup.select(
        "link[rel=alternate][type='application/atom+xml'], link[rel=alternate][type='application/feed+json']"
    )
    assert follow and not [link for link in follow if "no-such-theme" in link["href"]]
    assert result_links(soup) == result_links(page(client, q="mládež", locale="cs"))


@pytest.mark.parametrize(
    "query",
    [
        "mládež AND OR NOT",
        '"mládež',
        "mládež* ~ : ( ) [ ] { } / \\",
        "title:mládež -obec +kraj",
        "'; DROP TABLE hub_search_searchdocument; --",
        "mládež\x00\x07\x1b",
    ],
)
def test_operators_and_control_characters_are_searched_as_words(client, knowledge_base, query):
    soup = page(client, q=query, locale="cs")
    assert set(result_links(soup)) <= {knowledge_base[name].url for name in ("parliament", "festival", "guide")}


def test_unknown_parameters_are_ignored(client, knowledge_base):
    assert result_links(page(client, q="parlament", locale="cs", utm_source="newsletter")) == [
        knowledge_base["parliament"].url
    ]


def test_bad_input_while_degraded_is_never_a_500(client, elasticsearch_down):
    assert client.get(PAGE, {"q": "x" * 2000}).status_code == 400
    assert client.get(PAGE, {"q": "obec\x00", "locale": "cs"}).status_code == 200
