"""Citations of practices, materials and videos: APA, Chicago, BibTeX and RIS, exact to the character, with BibTeX's
special characters escaped and every other letter kept as UTF-8; and the ``.bib`` / ``.ris`` downloads."""

import datetime

import pytest
from django.utils import timezone, translation

from practices.site.citations import Citation, bibtex_escape, citation_for

URL = "https://hub.example.org/en/practices/youth-parliament-of-brno/"
ACCESSED = datetime.date(2025, 5, 1)


def practice_citation(**fields):
    values = {
        "kind": "practice",
        "title": "Youth parliament of Brno",
        "url": URL,
        "website": "Good Practice Hub",
        "accessed": ACCESSED,
        "language": "en",
        "author": "City of Brno",
        "year": 2024,
        **fields,
    }
    return Citation(**values)


def test_apa_names_the_corporate_author_year_title_site_and_retrieval():
    assert practice_citation().apa() == (
        "City of Brno. (2024). Youth parliament of Brno. Good Practice Hub. Retrieved May 1, 2025, from " + URL
    )


def test_chicago_quotes_the_title_and_ends_with_the_url():
    assert practice_citation().chicago() == (
        "City of Brno. “Youth parliament of Brno.” Good Practice Hub, 2024. Accessed May 1, 2025. " + URL + "."
    )


def test_bibtex_entry_braces_the_corporate_author_and_title():
    assert practice_citation().bibtex() == (
        "@misc{city2024youth,\n"
        "  author = {{City of Brno}},\n"
        "  title = {{Youth parliament of Brno}},\n"
        "  year = {2024},\n"
        "  howpublished = {Good Practice Hub},\n"
        f"  url = {{{URL}}},\n"
        "  urldate = {2025-05-01},\n"
        "  note = {Accessed 2025-05-01},\n"
        "  langid = {en}\n"
        "}\n"
    )


def test_ris_record_for_a_reference_manager():
    assert practice_citation().ris() == (
        "TY  - ELEC\r\nAU  - City of Brno\r\nTI  - Youth parliament of Brno\r\nPY  - 2024\r\n"
        f"PB  - Good Practice Hub\r\nUR  - {URL}\r\nY2  - 2025/05/01\r\nLA  - en\r\nER  - \r\n"
    )


def test_material_citation_names_its_kind_and_a_video_without_author_starts_with_its_title():
    material = practice_citation(
        kind="material", title="Future City Game guide", author="Agora CE", description="Guide"
    )
    video = practice_citation(kind="video", title="Running a round table", author="", year=None, description="Video")

    assert material.apa() == (
        "Agora CE. (2024). Future City Game guide [Guide]. Good Practice Hub. Retrieved May 1, 2025, from " + URL
    )
    assert video.apa() == (
        "Running a round table [Video]. (n.d.). Good Practice Hub. Retrieved May 1, 2025, from " + URL
    )
    assert video.chicago() == "“Running a round table.” Good Practice Hub. Accessed May 1, 2025. " + URL + "."
    assert video.bibtex().splitlines()[:3] == [
        "@misc{running,",
        "  title = {{Running a round table}},",
        "  type = {Video},",
    ]
    assert video.ris().startswith("TY  - VIDEO\r\nTI  - Running a round table\r\nPB  - ")


def test_title_ending_a_sentence_gets_no_second_full_stop():
    citation = practice_citation(title="Can youth decide?", author="Agora CE.")

    assert citation.apa().startswith("Agora CE. (2024). Can youth decide? Good Practice Hub.")
    assert "“Can youth decide?”" in citation.chicago()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Q&A", r"Q\&A"),
        ("100% turnout", r"100\% turnout"),
        ("{braces}", r"\{braces\}"),
        ("$5 #1 a_b", r"\$5 \#1 a\_b"),
        ("~ ^ \\", r"\textasciitilde{} \textasciicircum{} \textbackslash{}"),
        ("Příběh z Čakovce — Đurđevac", "Příběh z Čakovce — Đurđevac"),
        ("Мрежа на НПО в Кюстендил", "Мрежа на НПО в Кюстендил"),
    ],
)
def test_bibtex_escapes_tex_specials_and_keeps_letters_as_utf8(text, escaped):
    assert bibtex_escape(text) == escaped


def test_bibtex_title_with_specials_diacritics_and_cyrillic():
    citation = practice_citation(
        title="Q&A: 100% {participation} in Čakovec — Кюстендил",
        author="Udruga Žena & Mladih",
        url="https://hub.example.org/hr/prakse/q-a/?utm=a%20b",
    )

    lines = citation.bibtex().splitlines()

    assert lines[0] == "@misc{udruga2024participation,"
    assert lines[1] == r"  author = {{Udruga Žena \& Mladih}},"
    assert lines[2] == r"  title = {{Q\&A: 100\% \{participation\} in Čakovec — Кюстендил}},"
    assert lines[5] == r"  url = {https://hub.example.org/hr/prakse/q-a/?utm=a\%20b},"


def test_accessed_date_is_written_in_the_readers_language():
    with translation.override("cs"):
        apa = practice_citation().apa()

    assert "1. května 2025" in apa


def test_citation_of_a_published_practice_material_and_video(feed_content, rf):
    practice, material, video = feed_content["practice"], feed_content["material"], feed_content["video"]
    year = practice.first_published_at.year

    practice_citation_ = citation_for(practice, URL, ACCESSED)
    material_citation = citation_for(material, "https://hub.example.org/m/", ACCESSED)
    video_citation = citation_for(video, "https://hub.example.org/v/", ACCESSED)

    assert practice_citation_.apa() == (
        f"City of Brno. ({year}). Youth parliament of Brno. Good Practice Hub. Retrieved May 1, 2025, from {URL}"
    )
    assert material_citation.apa() == (
        "Agora CE. (2024). Future City Game guide [Guide]. Good Practice Hub. Retrieved May 1, 2025, from "
        "https://hub.example.org/m/"
    )
    assert video_citation.apa() == (
        f"Running a round table [Video]. ({video.first_published_at.year}). Good Practice Hub. "
        "Retrieved May 1, 2025, from https://hub.example.org/v/"
    )


def test_czech_practice_cites_the_czech_name_of_its_lead_organisation(feed_content):
    practice_cs = feed_content["practice_cs"]
    practice_cs.lead_organisation = feed_content["brno"]  # the English organisation, as an import may leave it

    with translation.override("cs"):
        citation = citation_for(practice_cs, URL, ACCESSED)

    assert citation.author == "Statutární město Brno"
    assert citation.language == "cs"


def test_practice_page_offers_its_bibtex_and_ris(client, feed_content):
    page_url = feed_content["practice"].url
    full_url = feed_content["practice"].get_full_url()
    today = timezone.localdate().isoformat()

    bib = client.get(f"{page_url}citation.bib")
    ris = client.get(f"{page_url}citation.ris")

    assert bib.status_code == 200
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bib["Content-Disposition"] == 'attachment; filename="youth-parliament-of-brno.bib"'
    text = bib.content.decode()
    assert text.startswith("@misc{city")
    assert f"  url = {{{full_url}}},\n" in text
    assert f"  urldate = {{{today}}},\n" in text
    assert ris["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert ris.content.decode().startswith("TY  - ELEC\r\nAU  - City of Brno\r\n")


def test_material_and_video_pages_offer_citations_too(client, feed_content):
    material = client.get(f"{feed_content['material'].url}citation.bib")
    video = client.get(f"{feed_content['video'].url}citation.ris")

    assert material.status_code == 200
    assert (
        "  author = {{Agora CE}},\n  title = {{Future City Game guide}},\n  type = {Guide},"
        in material.content.decode()
    )
    assert video.content.decode().startswith("TY  - VIDEO\r\nTI  - Running a round table\r\n")


@pytest.mark.parametrize(
    "path",
    [
        "/en/practices/unpublished-draft/citation.bib",
        "/en/practices/no-such-practice/citation.bib",
        "/en/practices/citation.bib",  # the section, not an item
        "/en/practices/youth-parliament-of-brno/citation.pdf",
    ],
)
def test_citation_of_anything_but_a_live_item_is_not_found(client, feed_content, path):
    assert client.get(path).status_code == 404


def test_citation_page_shows_the_three_styles(client, feed_content):
    response = client.get(feed_content["practice"].url)

    content = response.content.decode()
    assert "<summary>APA</summary>" in content
    assert "<summary>Chicago</summary>" in content
    assert "<summary>BibTeX</summary>" in content
    assert 'href="/en/practices/youth-parliament-of-brno/citation.bib"' in content
