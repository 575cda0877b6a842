"""The practitioners' site as a reader uses it, in headless Chromium over the demo knowledge base: browse from the
home page to a practice, filter a listing, search (also without diacritics), switch language, skip to the content
with the keyboard; axe-core finds no serious or critical violation on any kind of page in English and another
language; and screenshots at phone and desktop widths land in var/screenshots/.

Interface strings are compared with the compiled catalogues (gettext under ``translation.override``), never with
hard-coded translations; the content's own titles and paths come from the database (``public_site.pages``).
"""

import re
import struct
import unicodedata
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from django.utils.translation import get_language_info, gettext
from playwright.sync_api import expect

from practices.models import PracticeIndexPage
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, blocking_violations, describe_violations

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FUTURE_CITY_GAME = ("en", "future-city-game-community-planning")
BULGARIAN_PRACTICES = ["civil-society-capacity-dolna-mitropoliya", "your-municipality-works-for-you-kyustendil"]


def translated(language_code, message):
    with translation.override(language_code):
        return gettext(message)


def language_name(language_code):
    """How the language switcher names a language: in that language ("česky", "български")."""
    return get_language_info(language_code)["name_local"]


def folded(text):
    """``text`` lower-cased without diacritics, as a reader who types "opcina" for "općina" would write it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def query_of(url):
    return parse_qs(urlsplit(url).query)


def shown_titles(tab):
    return tab.locator("main ul.items h3 a").all_inner_texts()


def test_reader_browses_from_the_home_page_to_a_practice(page, public_site):
    practice = public_site.page("en", "citizen-participation-czech-norwegian-healthy-cities")

    page.goto("/en/")
    page.get_by_role("region", name="Newest good practices").get_by_role("link", name=practice.title).click()

    expect(page).to_have_url(public_site.url + practice.path)
    expect(page.get_by_role("heading", level=1)).to_have_text(practice.title)
    facts = page.get_by_role("region", name="At a glance")
    expect(facts.locator("dt")).to_contain_text(["Where", "Who", "Status", "Themes"])
    expect(facts.locator("dd").first).to_contain_text("Czechia")
    assert practice.outcome_labels, "the demo practice should have outcomes"
    # The outcomes' bar chart: an image whose name says every outcome, with each label drawn as text in it.
    chart = page.get_by_role("region", name="Outcomes").get_by_role("img")
    expect(chart).to_have_count(1)
    for label in practice.outcome_labels:
        expect(chart).to_have_accessible_name(re.compile(re.escape(label)))
    drawn = " ".join(chart.locator("text").all_text_contents())
    assert all(word in drawn for label in practice.outcome_labels for word in label.split())


def test_reader_filters_practices_by_country_then_theme(page, public_site):
    listing = public_site.section("en", "PracticeIndexPage")
    english_practices = [
        facts for (code, _slug), facts in public_site.pages.items() if code == "en" and facts.kind == "GoodPracticePage"
    ]
    bulgarian = sorted(public_site.page("en", slug).title for slug in BULGARIAN_PRACTICES)

    page.goto(listing.path)
    total = page.locator("main .results__total")
    expect(total).to_have_text(f"{len(english_practices)} items")
    country = page.locator("aside.filters section.facet", has=page.get_by_role("heading", name="Country"))
    country.get_by_role("link", name=re.compile(r"^Bulgaria\b")).click()

    expect(page).to_have_url(re.compile(r"[?&]country=BG\b"))
    expect(total).to_have_text("2 items")
    assert sorted(shown_titles(page)) == bulgarian
    expect(country.locator("[aria-current]")).to_contain_text("Bulgaria")

    theme = page.locator("aside.filters section.facet", has=page.get_by_role("heading", name="Theme"))
    theme.get_by_role("link", name=re.compile(r"^Advocacy\b")).click()

    expect(total).to_have_text("1 item")
    assert query_of(page.url) == {"country": ["BG"], "theme": ["advocacy"]}
    assert shown_titles(page) == [public_site.page("en", "your-municipality-works-for-you-kyustendil").title]

    page.get_by_role("link", name="Remove all filters").click()
    expect(total).to_have_text(f"{len(english_practices)} items")


def test_reader_pages_through_a_listing(page, public_site, monkeypatch):
    """Two practices a page (the demo has five in English) give three pages; the sort order stays in the links."""
    monkeypatch.setattr(PracticeIndexPage, "items_per_page", 2)
    listing = public_site.section("en", "PracticeIndexPage")

    page.goto(f"{listing.path}?sort=title")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 3")
    first = shown_titles(page)
    pages.get_by_role("link", name="Next").click()

    expect(pages).to_contain_text("Page 2 of 3")
    assert query_of(page.url) == {"sort": ["title"], "page": ["2"]}
    second = shown_titles(page)
    assert len(first) == len(second) == 2
    assert first + second == sorted(first + second, key=str.casefold)


def search_from_the_header(tab, words):
    """Type ``words`` into the site header's search box and submit it, as a reader does on any page."""
    search = tab.locator("header").get_by_role("search")
    box = search.locator("input[name=q]")
    expect(box).to_have_accessible_name(re.compile(r"\S"))
    box.fill(words)
    box.press("Enter")


@pytest.mark.parametrize(
    ("language_code", "words", "slug", "marked"),
    [
        ("en", "Kyustendil", "your-municipality-works-for-you-kyustendil", "kyustendil"),
        ("cs", "mladez", "zapojovani-verejnosti-cesko-norska-spoluprace", "mlad"),
        ("cs", "obci", "zapojovani-verejnosti-cesko-norska-spoluprace", "obc"),
        ("hr", "opcina", "pokrenimo-kok-kultura-u-opcini-kravarsko", "opcin"),
    ],
    ids=["english", "czech-mladez", "czech-obci", "croatian-opcina"],
)
def test_search_finds_items_and_highlights_the_words(page, public_site, language_code, words, slug, marked):
    item = public_site.page(language_code, slug)

    page.goto(f"/{language_code}/")
    search_from_the_header(page, words)

    expect(page).to_have_url(re.compile(rf"/{language_code}/search/\?"))
    assert query_of(page.url)["q"] == [words]
    expect(page.locator(f'main a[href="{item.path}"]').first).to_be_visible()
    marks = [folded(text) for text in page.locator("main mark").all_inner_texts()]
    assert any(mark.startswith(marked) for mark in marks), marks


def test_language_switch_leads_from_english_to_the_czech_translation(page, public_site):
    czech = public_site.page("cs", "future-city-game-komunitni-planovani")
    at_a_glance = translated("cs", "At a glance")
    assert at_a_glance != "At a glance", "compile the catalogues first (manage.py compilemessages)"

    page.goto(public_site.page(*FUTURE_CITY_GAME).path)
    page.get_by_role("navigation", name="Languages").get_by_role("link", name=language_name("cs")).click()

    expect(page).to_have_url(public_site.url + czech.path)
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.get_by_role("heading", level=1)).to_have_text(czech.title)
    expect(page.get_by_role("heading", name=at_a_glance)).to_be_visible()
    expect(page.get_by_role("navigation", name=translated("cs", "Languages"))).to_be_visible()


def test_language_switch_leads_from_bulgarian_to_the_english_translation(page, public_site):
    english = public_site.page("en", "your-municipality-works-for-you-kyustendil")

    page.goto(public_site.page("bg", "tvoyata-obshtina-raboti-za-teb").path)
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    page.get_by_role("navigation", name=translated("bg", "Languages")).get_by_role(
        "link", name=language_name("en")
    ).click()

    expect(page).to_have_url(public_site.url + english.path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(english.title)
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()


def test_language_switch_without_a_translation_lands_on_that_languages_home_with_a_notice(page, public_site):
    """The Croatian practice has an English translation but no Czech one."""
    page.goto(public_site.page("en", "pokrenimo-kok-culture-in-kravarsko").path)
    page.get_by_role("navigation", name="Languages").get_by_role("link", name=language_name("cs")).click()

    expect(page).to_have_url(re.compile(r"/cs/\?untranslated=1$"))
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    notice = translated(
        "cs", "The page you came from is not available in this language yet, so here is this language's home page."
    )
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(notice)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page, public_site):
    page.goto(public_site.page(*FUTURE_CITY_GAME).path)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "the next Tab stop should be in main"


# (name, language, how to find the page's path); the search page is looked at with results.
AXE_PAGES = [
    ("home", "en", lambda site: "/en/"),
    ("practices", "en", lambda site: site.section("en", "PracticeIndexPage").path),
    ("practice", "en", lambda site: site.page(*FUTURE_CITY_GAME).path),
    ("search", "en", lambda site: "/en/search/?q=participation"),
    ("video", "en", lambda site: site.page("en", "how-to-run-a-future-city-game").path),
    ("material", "en", lambda site: site.page("en", "future-city-game-guide").path),
    ("home", "bg", lambda site: "/bg/"),
    ("practices", "bg", lambda site: site.section("bg", "PracticeIndexPage").path),
    ("practice", "bg", lambda site: site.page("bg", "tvoyata-obshtina-raboti-za-teb").path),
    ("search", "bg", lambda site: "/bg/search/?q=Кюстендил"),
    ("videos", "bg", lambda site: site.section("bg", "VideoIndexPage").path),
    ("material", "bg", lambda site: site.page("bg", "swot-analiz-npo-oblast-kyustendil").path),
    ("video", "cs", lambda site: site.page("cs", "jak-usporadat-future-city-game").path),
    ("untranslated-notice", "cs", lambda site: "/cs/?untranslated=1"),
]


@pytest.mark.parametrize(("name", "language_code", "path_of"), AXE_PAGES, ids=[f"{n}-{c}" for n, c, _ in AXE_PAGES])
def test_axe_finds_no_serious_or_critical_violations(axe_page, public_site, name, language_code, path_of):
    response = axe_page.goto(path_of(public_site))

    assert response.status == 200
    expect(axe_page.locator("html")).to_have_attribute("lang", language_code)
    violations = blocking_violations(axe_page)
    assert not violations, describe_violations(axe_page.url, violations)


def test_axe_check_reports_what_breaks_a_page(page):
    """The check above can fail: on a page with an unlabelled field and an image without a text alternative, axe
    reports both as blocking, and the message names the rule, the element and the help page."""
    page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )

    violations = blocking_violations(page)

    assert {violation["id"] for violation in violations} >= {"image-alt", "label"}
    message = describe_violations("about:blank", violations)
    assert "\n    img" in message and "\n    input" in message
    assert "https://dequeuniversity.com/rules/axe/" in message


def wider_than_the_window(tab):
    """The innermost elements that stick out on the right of the window (a page a reader has to scroll sideways),
    as ``["tag.class (right edge px)", …]``; empty when the page fits."""
    return tab.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const outside = [...document.body.querySelectorAll("*")].filter(
                (element) => element.getBoundingClientRect().right > width + 1
            );
            return outside
                .filter((element) => !outside.some((other) => other !== element && element.contains(other)))
                .map((element) => {
                    const right = Math.round(element.getBoundingClientRect().right);
                    return `${element.tagName.toLowerCase()}.${element.className} (${right}px)`;
                });
        }"""
    )


SCREENSHOT_PAGES = [
    ("home", lambda site: "/en/"),
    ("practice", lambda site: site.page(*FUTURE_CITY_GAME).path),
    ("search", lambda site: "/en/search/?q=participation"),
]


@pytest.mark.parametrize(("width_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)], ids=["phone", "desktop"])
@pytest.mark.parametrize(("name", "path_of"), SCREENSHOT_PAGES, ids=[name for name, _ in SCREENSHOT_PAGES])
def test_screenshots_at_phone_and_desktop_widths(open_tab, public_site, name, path_of, width_name, viewport):
    """Whole-page screenshots for reviewers; the page must fit the width (no sideways scrolling on a phone)."""
    target = SCREENSHOTS / f"{name}-en-{width_name}.png"
    target.unlink(missing_ok=True)
    tab = open_tab(viewport, is_mobile=width_name == "phone")
    tab.goto(path_of(public_site))
    too_wide = wider_than_the_window(tab)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=target, full_page=True)

    assert not too_wide, f"{name} scrolls sideways at {viewport['width']}px; too wide: {too_wide}"
    data = target.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert width == viewport["width"]
    assert height >= viewport["height"] // 2
    assert len(data) > 10_000
