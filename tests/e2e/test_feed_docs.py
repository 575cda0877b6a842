"""The partner feed's served docs in a browser, as a partner developer first meets them: Swagger UI lists every
operation under the getting-started text, Redoc renders the same document, and /embed/ explains the widget.
Screenshots land in var/screenshots/."""

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, SCREENSHOTS

FEED = "/api/feed/v1/"


def screenshot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=target, full_page=False)
    assert target.stat().st_size > 0


def test_swagger_ui_shows_getting_started_and_every_operation(open_tab, public_site):
    tab = open_tab(DESKTOP)
    tab.goto(f"{FEED}docs/")

    expect(tab.get_by_role("heading", name="Staying in sync")).to_be_visible()
    expect(tab.locator(".opblock").first).to_be_visible()
    assert tab.locator(".opblock").count() >= 45
    expect(tab.locator(".opblock-summary-path", has_text="/api/feed/v1/changes/").first).to_be_visible()
    screenshot(tab, "feed-docs-swagger")


def test_redoc_renders_the_same_document(open_tab, public_site):
    tab = open_tab(DESKTOP)
    tab.goto(f"{FEED}docs/redoc/")

    expect(tab.get_by_role("heading", name="Staying in sync").first).to_be_visible(timeout=20_000)
    expect(tab.get_by_text("Good Practice Hub partner feed").first).to_be_visible()
    screenshot(tab, "feed-docs-redoc")


def test_embed_page_explains_the_widget(open_tab, public_site):
    tab = open_tab(DESKTOP)
    tab.goto("/embed/")

    expect(tab.get_by_role("heading", name="Embed the newest good practices on your site")).to_be_visible()
    expect(tab.locator("pre code").first).to_contain_text("/embed/widget.js")
    screenshot(tab, "embed-help")
