"""The 404 and 500 pages: in the visitor's language and the site's design, with debug off as in production; the
500 page renders while the database is unreachable."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.utils import translation

LOCALE_CODES = ["en", "cs", "bg", "hr", "nb"]


def test_debug_is_off_as_in_production():
    assert settings.DEBUG is False  # Django renders its technical pages instead of ours with debug on


def test_missing_czech_page_answers_404_in_czech_in_the_sites_shell(client, locales):
    response = client.get("/cs/no-such-page/")

    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "cs"
    assert soup.h1.get_text() == "Stránka nenalezena"
    assert "Na adrese /cs/no-such-page/ žádná stránka není." in soup.main.get_text()
    assert soup.select_one(".site-header form[role=search]")["action"] == "/cs/search/"
    assert soup.select_one("main a")["href"] == "/cs/"


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_missing_page_answers_404_in_its_locales_language(client, locales, code):
    response = client.get(f"/{code}/no-such-page/")

    assert response.status_code == 404
    with translation.override(code):
        expected = translation.gettext("Page not found")
    assert code == "en" or expected != "Page not found"  # translated in every catalogue
    assert BeautifulSoup(response.content, "html.parser").h1.get_text() == expected


def test_server_error_page_renders_in_czech_without_the_database():
    # No database access is allowed here (no db fixture): the page fails, and the 500 page must not need it either.
    client = Client(raise_request_exception=False)

    response = client.get("/cs/")

    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "cs"
    assert soup.h1.get_text() == "Chyba serveru"
    assert soup.select_one(".site-header a")["href"] == "/cs/"
