"""Every public page type in every language, at a phone's and a desktop's width (issue 19): the page never scrolls
sideways, a listing shows its count and first result on the phone's first screen, axe-core finds no serious or
critical violation, the headings form one outline (one h1, no skipped level), every card and detail page shows a
face (the item's picture or its theme's illustration, loaded and sized), and a screenshot of each lands in
var/screenshots/<type>-<language>-<width>.png for reviewers. A practice page also keeps to its weight budget.

One test per language and width walks all the page types in one tab and reports every failure at once, so the
110 page loads share one browser and the report says which page and what broke.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, blocking_violations, describe_violations

LANGUAGES = ["en", "cs", "bg", "hr", "nb"]
WIDTHS = [("phone", PHONE), ("desktop", DESKTOP)]
LISTINGS = ("practices", "materials", "videos", "map", "search")
# A practice page, HTML, CSS and scripts, without its images (the budget of issue 19).
PRACTICE_PAGE_BUDGET = 150 * 1024


def first_of_kind(site, language_code, kind, fallback="en"):
    """The path of the first page (by slug) of ``kind`` in a language, or in English when the language has none
    (the Croatian demo has no materials of its own)."""
    for code in (language_code, fallback):
        slugs = sorted(
            slug for (page_code, slug), facts in site.pages.items() if page_code == code and facts.kind == kind
        )
        if slugs:
            return site.page(code, slugs[0]).path
    raise AssertionError(f"the demo has no {kind}")


def page_paths(site, language_code):
    """``{page type: path}`` of the public pages of one language."""
    practices = site.section(language_code, "PracticeIndexPage").path
    return {
        "home": f"/{language_code}/",
        "practices": practices,
        "materials": site.section(language_code, "MaterialIndexPage").path,
        "videos": site.section(language_code, "VideoIndexPage").path,
        "practice": first_of_kind(site, language_code, "GoodPracticePage"),
        "material": first_of_kind(site, language_code, "MaterialPage"),
        "video": first_of_kind(site, language_code, "TrainingVideoPage"),
        "map": f"{practices}map/",
        "search": f"/{language_code}/search/?q=a",
        "about": first_of_kind(site, language_code, "InformationPage"),
        "404": f"/{language_code}/no-such-page/",
    }


def scrolls_sideways(tab):
    return tab.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")


def heading_problems(tab):
    """What is wrong with the page's outline: not exactly one h1, or a level skipped on the way down."""
    levels = tab.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((heading) => Number(heading.tagName[1]))"
    )
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements")
    for previous, level in zip(levels, levels[1:], strict=False):
        if level > previous + 1:
            problems.append(f"h{previous} followed by h{level}")
    return problems


def first_result_problems(tab):
    """On a listing, the count and the first result must be on the first screen (top of the page, no scrolling); on
    the map page the first result is the map, which must start there, and an empty listing's message stands in for
    the first result."""
    boxes = tab.evaluate(
        """() => {
            const box = (selector) => {
                const element = document.querySelector(selector);
                return element ? element.getBoundingClientRect().bottom : null;
            };
            return {
                count: box("main .results__total"),
                first: document.querySelector("#practice-map:not([hidden])")
                    ? document.querySelector("#practice-map").getBoundingClientRect().top
                    : box("main .items .item a, main .items .item h3, main .results__empty"),
                height: window.innerHeight,
            };
        }"""
    )
    problems = []
    if boxes["count"] is None or boxes["count"] > boxes["height"]:
        problems.append(f"result count below the first screen ({boxes['count']} > {boxes['height']})")
    if boxes["first"] is None or boxes["first"] > boxes["height"]:
        problems.append(f"first result below the first screen ({boxes['first']} > {boxes['height']})")
    return problems


# The pages whose cards or whose own top show items' faces (practices.site.faces); a video with a player shows that.
FACES = ("home", "practices", "materials", "videos", "practice", "material", "search")
# Every card of every list (practices/includes/card.html): listings, home, other languages, related items, search.
CARDS = "main .items > li, main .offered-items > li, main .cards > li"


def face_problems(tab):
    """Cards without a face, and faces (pictures or illustrations) not loaded, without width and height, or a
    picture without a text alternative."""
    return tab.evaluate(
        """(cards) => {
            const problems = [];
            for (const card of document.querySelectorAll(cards)) {
                if (!card.querySelector("img.face, .face--illustration img")) {
                    problems.push(`card without a face: ${card.querySelector("h3").textContent.trim()}`);
                }
            }
            const faces = document.querySelectorAll("main img.face, main .face--illustration img, main .hero img");
            if (!faces.length) problems.push("no face at all");
            for (const img of faces) {
                if (!img.complete || !img.naturalWidth) problems.push(`not loaded: ${img.src}`);
                if (!img.getAttribute("width") || !img.getAttribute("height")) problems.push(`unsized: ${img.src}`);
                const decorative = img.closest("[aria-hidden=true]");
                if (!decorative && !img.getAttribute("alt")) problems.push(`picture without alt: ${img.src}`);
            }
            return problems;
        }""",
        CARDS,
    )


def load_lazy_images(tab):
    """Scroll through the page so that the lazily loaded pictures load, then wait for them."""
    tab.evaluate(
        """async () => {
            for (const img of document.querySelectorAll("img[loading=lazy]")) img.loading = "eager";
            await Promise.all([...document.images].map((img) => img.complete ? null : img.decode().catch(() => null)));
        }"""
    )


@pytest.mark.parametrize(("width_name", "viewport"), WIDTHS, ids=[name for name, _ in WIDTHS])
@pytest.mark.parametrize("language_code", LANGUAGES)
def test_every_page_type_fits_reads_and_outlines(open_tab, public_site, language_code, width_name, viewport):
    tab = open_tab(viewport, is_mobile=width_name == "phone", bypass_csp=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = []
    for kind, path in page_paths(public_site, language_code).items():
        response = tab.goto(path)
        expected_status = 404 if kind == "404" else 200
        where = f"{kind} {path} at {viewport['width']}px"
        if response.status != expected_status:
            failures.append(f"{where}: status {response.status}")
            continue
        if tab.get_attribute("html", "lang") != path.split("/")[1]:
            failures.append(f"{where}: html lang is {tab.get_attribute('html', 'lang')}")
        if scrolls_sideways(tab):
            failures.append(f"{where}: scrolls sideways")
        failures.extend(f"{where}: {problem}" for problem in heading_problems(tab))
        if width_name == "phone" and kind in LISTINGS:
            failures.extend(f"{where}: {problem}" for problem in first_result_problems(tab))
        violations = blocking_violations(tab)
        if violations:
            failures.append(describe_violations(tab.url, violations))
        if kind in FACES:
            load_lazy_images(tab)
            failures.extend(f"{where}: {problem}" for problem in face_problems(tab))
        tab.screenshot(path=SCREENSHOTS / f"{kind}-{language_code}-{width_name}.png", full_page=True)

    assert not failures, "\n".join(failures)


def test_a_czech_visitor_who_mistypes_an_address_reads_czech(page, public_site):
    response = page.goto("/cs/dobra-praxe/neexistuje/")

    assert response.status == 404
    with translation.override("cs"):
        not_found = gettext("Page not found")
    assert page.locator("h1").inner_text() == not_found != "Page not found"
    assert page.get_attribute("html", "lang") == "cs"


def test_a_practice_page_keeps_to_its_weight_budget_and_sizes_its_images(page, public_site):
    page.goto(first_of_kind(public_site, "en", "GoodPracticePage"))
    page.wait_for_load_state("load")

    transferred = page.evaluate(
        """() => performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
            .filter((entry) => entry.initiatorType !== "img")
            .reduce((total, entry) => total + (entry.transferSize || entry.encodedBodySize), 0)"""
    )
    assert 0 < transferred < PRACTICE_PAGE_BUDGET, f"{transferred} bytes transferred"
    unsized = page.evaluate(
        "[...document.querySelectorAll('img')]"
        ".filter((img) => !img.getAttribute('width') || !img.getAttribute('height')).map((img) => img.src)"
    )
    assert not unsized, f"images without width and height (they shift the layout as they load): {unsized}"


# Collects the page's layout shifts from its first paint on (``buffered`` hands over those before the observer
# existed), as Lighthouse's Cumulative Layout Shift counts them: shifts right after the reader's input are not.
LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""
# "Good" CLS is at most 0.1 (web.dev); a page whose images and fonts are all sized before they load scores 0.
NO_LAYOUT_SHIFT = 0.001


def scroll_through(tab):
    """Scroll down the page a screen at a time, as a reader does, so that each lazily loaded picture loads while it
    is in view, and back to the top once all have loaded."""
    tab.evaluate(
        """async () => {
            const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
            for (let top = 0; top < document.scrollingElement.scrollHeight; top += window.innerHeight / 2) {
                window.scrollTo(0, top);
                await pause();
            }
            await Promise.all([...document.images].map((img) => img.complete ? null : img.decode().catch(() => null)));
            await pause();
        }"""
    )


def practice_with_related_items(language_code):
    """The path of a live practice in a language whose page shows cards of related materials or videos."""
    from practices.models import GoodPracticePage

    practices = GoodPracticePage.objects.live().filter(locale__language_code=language_code).order_by("path")
    practice = next(page for page in practices if page.related_materials.exists() or page.related_videos.exists())
    return practice.get_url()


@pytest.mark.parametrize(
    ("language_code", "width_name", "viewport"), [("bg", "phone", PHONE), ("en", "desktop", DESKTOP)]
)
def test_pages_with_cards_do_not_shift_as_they_load(open_tab, public_site, language_code, width_name, viewport):
    """A practice page with cards of related items, a listing and a page of search results: no layout shift while
    they load and their lazy pictures come in (every image is sized by its width and height), and no font arrives
    late, since the site uses the reader's system fonts (hub.css) and declares no web font."""
    tab = open_tab(viewport, is_mobile=width_name == "phone")
    tab.add_init_script(LAYOUT_SHIFTS)
    practice = practice_with_related_items(language_code)
    (title,) = [facts.title for facts in public_site.pages.values() if facts.path == practice]
    word = max(title.split(), key=len)  # the practice's longest word finds it, among others
    pages = {
        "practice-related": practice,
        "listing": public_site.section(language_code, "PracticeIndexPage").path,
        "search-results": f"/{language_code}/search/?q={word}",
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = []
    for name, path in pages.items():
        tab.goto(path)
        tab.wait_for_load_state("load")
        scroll_through(tab)
        shift, unsized, cards, fonts = tab.evaluate(
            """(cards) => [
                window.layoutShift,
                [...document.images].filter((img) => !img.getAttribute("width") || !img.getAttribute("height"))
                    .map((img) => img.src),
                document.querySelectorAll(cards).length,
                [...document.fonts].map((font) => font.family),
            ]""",
            CARDS,
        )
        where = f"{name} {path} at {viewport['width']}px"
        if shift is None:
            failures.append(f"{where}: the layout shifts were not observed")
        elif shift > NO_LAYOUT_SHIFT:
            failures.append(f"{where}: layout shift {shift:.4f}")
        if unsized:
            failures.append(f"{where}: images without width and height: {unsized}")
        if not cards:
            failures.append(f"{where}: no cards")
        if fonts:
            failures.append(f"{where}: web fonts that may arrive late: {fonts}")
        tab.screenshot(path=SCREENSHOTS / f"{name}-{language_code}-{width_name}.png", full_page=True)

    assert not failures, "\n".join(failures)
