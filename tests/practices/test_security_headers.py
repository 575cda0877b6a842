"""The headers every page carries: an enforced Content-Security-Policy on the public site and in Wagtail's admin
(where only Wagtail's known inline initialisers get the nonce), Permissions-Policy and Referrer-Policy; and no inline
script in the public pages, so the enforced policy breaks nothing."""

import re

import pytest

from practices.editorial.admin_csp import add_nonce_to_known_initialisers, is_known_initialiser

PUBLIC_PAGES = ["/en/", "/en/practices/", "/en/practices/map/", "/en/materials/", "/en/videos/", "/en/search/?q=youth"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def directives(header):
    return {name: values for name, _space, values in (part.strip().partition(" ") for part in header.split(";"))}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_enforce_a_policy_without_inline_scripts(client, feed_content, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["default-src"] == "'self'" and policy["base-uri"] == "'self'"
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html)


def test_a_script_stored_in_an_items_text_is_not_served(client, feed_content):
    """The fixture's body holds ``<script>alert(1)</script>`` written past the editor: the page leaves it out (the
    paragraph is sanitised on the way out), keeps the paragraph's text, and the policy would refuse it anyway."""
    response = client.get(feed_content["practice"].url)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "alert(1)" not in html
    (paragraph,) = [block for block in feed_content["practice"].body if block.block_type == "paragraph"]
    assert "<script>alert(1)</script>" in paragraph.value.source
    assert "<p>Unsafe</p>" in html
    assert re.search(r'<a href="[^"]+"[^>]*>the guide</a>', html)  # links keep working
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"


def test_the_admin_enforces_the_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy-Report-Only" not in response
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"  # Wagtail's scripts insert <style> elements


def test_the_admin_gives_the_nonce_only_to_wagtails_known_initialisers(admin_client, feed_content):
    response = admin_client.get(f"/admin/pages/{feed_content['practice'].pk}/edit/")
    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(response.content)
    (nonce,) = re.findall(r"'nonce-([^']+)'", directives(response["Content-Security-Policy"])["script-src"])
    html = response.content.decode()
    initialisers = re.findall(rf'<script nonce="{re.escape(nonce)}">\s*(new SnippetChooser|initDateChooser)', html)
    assert {"new SnippetChooser", "initDateChooser"} <= set(initialisers)
    assert not re.search(r"<script>\s*(new SnippetChooser|initDate)", html)


@pytest.mark.parametrize(
    "script",
    [
        'new SnippetChooser("id_x", {"modalUrl": "/admin/snippets/choose/practices/organisation/"});',
        'initDateChooser("id_start_date", {"dayOfWeekStart": 0, "format": "Y-m-d"});',
        '(function() {\n var panel = new InlinePanel(JSON.parse("{\\u0022type\\u0022: 1}"));\n })();',
    ],
)
def test_known_initialisers_are_recognised(script):
    assert is_known_initialiser(script)


@pytest.mark.parametrize(
    "script",
    [
        "alert(1)",
        'new SnippetChooser("id_x", {"modalUrl": "/a/"}); alert(1);',
        'initDateChooser("id_x", {"format": alert(1)});',
        'initDateChooser("id_x", {}); fetch("https://attacker.example/");',
        '(function() {\n var panel = new InlinePanel(JSON.parse("{}"+alert(1)+""));\n })();',
    ],
)
def test_other_inline_scripts_get_no_nonce(script):
    assert not is_known_initialiser(script)
    html = f"<p>x</p><script>{script}</script>"
    assert add_nonce_to_known_initialisers(html, "n0nce") == html


@pytest.mark.parametrize("path", ["/en/", "/api/feed/v1/themes/", "/robots.txt", "/admin/login/"])
def test_every_response_sets_permissions_and_referrer_policies(client, locales, path):
    response = client.get(path)
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("card", ["item", "latest"])
def test_embeddable_cards_style_themselves_with_the_policys_nonce(client, feed_content, card):
    path = f"/embed/item/{feed_content['practice'].pk}/" if card == "item" else "/embed/latest/"
    response = client.get(path)
    assert response.status_code == 200
    (nonce,) = re.findall(r"'nonce-([^']+)'", directives(response["Content-Security-Policy"])["style-src"])
    assert f'<style nonce="{nonce}">' in response.content.decode()
