"""A practice's reuse kit: one ZIP with a one-page summary, the citation and the documents of its live, public
related materials, byte for byte; a size cap that leaves documents out and says so; bounded queries."""

import io
import zipfile

import pytest
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from practices.models import GoodPracticePage, MaterialIndexPage, MaterialPage, PracticeIndexPage
from practices.site.reuse_kit import unique_name
from tests.practices.feed_fixtures import add_page, index_of, make_document, publish

KIT = "/en/practices/youth-parliament-of-brno/reuse-kit.zip"


def download(client, url=KIT):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return response, zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def stored_bytes(document):
    with document.file.open("rb") as file:
        return file.read()


def add_material(locales, title, documents, **fields):
    return add_page(
        index_of(MaterialIndexPage, locales["en"]),
        MaterialPage,
        title,
        material_kind="handbook",
        documents=[{"type": "document", "value": {"document": doc.pk, "language": "en"}} for doc in documents],
        **fields,
    )


def link_materials(practice, materials):
    practice.related_materials.set(materials)
    return publish(practice)


def test_kit_holds_summary_citation_and_the_materials_documents_byte_for_byte(client, feed_content):
    response, kit = download(client)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="youth-parliament-of-brno-reuse-kit.zip"'
    assert kit.testzip() is None
    document = feed_content["document"]
    assert kit.namelist() == [
        "summary.md",
        "summary.html",
        "citation.bib",
        f"documents/future-city-game-guide/{document.file.name.rsplit('/', 1)[-1]}",
    ]
    assert kit.read(kit.namelist()[3]) == stored_bytes(document)


def test_summary_has_title_facts_outcomes_licence_citation_and_source(client, feed_content):
    _response, kit = download(client)

    summary = kit.read("summary.md").decode()
    assert summary.startswith("# Youth parliament of Brno\n\nYouth parliament of Brno: a summary.\n")
    assert f"Source: {feed_content['practice'].get_full_url()}\n" in summary
    assert "- **Budget:** €125,000.00" in summary
    assert "- **Who:** City of Brno, Partnership Foundation, Agora CE" in summary
    assert "- **20** youth forums" in summary
    assert "- **Staff time:** one coordinator half-time" in summary
    assert "Creative Commons Attribution 4.0 (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/" in summary
    assert "Last verified: May 1, 2025 (Jana)" in summary
    assert "City of Brno. (" in summary and ". Youth parliament of Brno. Good Practice Hub. Retrieved " in summary
    assert "- Future City Game guide (Future City Game guide, English): `documents/future-city-game-guide/" in summary
    html = kit.read("summary.html").decode()
    assert '<html lang="en">' in html and "<h1>Youth parliament of Brno</h1>" in html
    assert kit.read("citation.bib").decode().startswith("@misc{city")


def test_czech_practice_kit_is_written_in_czech_numbers_and_dates(client, feed_content):
    _response, kit = download(client, "/cs/dobra-praxe/parlament-mladeze-brno/reuse-kit.zip")

    summary = kit.read("summary.md").decode()
    assert summary.startswith("# Parlament mládeže Brno\n")
    assert "125\xa0000,00\xa0€" in summary
    assert "1. května 2025" in summary


def test_practice_without_materials_gets_a_kit_with_the_summary_alone(client, feed_content):
    _response, kit = download(client, f"{feed_content['practice_bg'].url}reuse-kit.zip")

    assert kit.namelist() == ["summary.md", "summary.html", "citation.bib"]
    assert "# NGO network of Kyustendil" in kit.read("summary.md").decode()


def test_only_live_public_materials_and_documents_go_in(client, feed_content, locales):
    public = make_document("Public handbook", "public.pdf", b"%PDF public")
    draft_document = make_document("Draft handbook", "draft.pdf", b"%PDF draft")
    private_page_document = make_document("Members' handbook", "members.pdf", b"%PDF members")
    private_collection = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(collection=private_collection, restriction_type="login")
    secret = make_document("Internal notes", "internal.pdf", b"%PDF internal")
    secret.collection = private_collection
    secret.save()
    live = add_material(locales, "Public handbook", [public, secret])
    draft = add_material(locales, "Draft handbook", [draft_document], live=False)
    members = add_material(locales, "Members handbook", [private_page_document])
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    link_materials(feed_content["practice"], [live, draft, members])

    _response, kit = download(client)

    documents = [name for name in kit.namelist() if name.startswith("documents/")]
    assert documents == ["documents/public-handbook/public.pdf"]
    assert kit.read("documents/public-handbook/public.pdf") == b"%PDF public"


def test_documents_over_the_size_cap_are_left_out_and_listed_with_their_links(client, feed_content, locales, settings):
    small = make_document("Checklist", "checklist.txt", b"x" * 40)
    large = make_document("Full report", "report.pdf", b"y" * 200)
    material = add_material(locales, "Toolkit", [small, large])
    link_materials(feed_content["practice"], [material])
    settings.REUSE_KIT_MAX_BYTES = 100

    _response, kit = download(client)

    assert [name for name in kit.namelist() if name.startswith("documents/")] == ["documents/toolkit/checklist.txt"]
    summary = kit.read("summary.md").decode()
    assert "## Documents not in this kit" in summary
    assert f"- Full report (Toolkit): http://testserver{large.url}" in summary


def test_a_related_material_shown_in_czech_packs_the_czech_documents(client, feed_content, locales):
    czech_document = make_document("Průvodce", "pruvodce.txt", "Průvodce hrou".encode())
    add_page(
        index_of(MaterialIndexPage, locales["cs"]),
        MaterialPage,
        "Průvodce hrou o budoucnost města",
        slug="pruvodce",
        source=feed_content["material"],
        material_kind="guide",
        documents=[{"type": "document", "value": {"document": czech_document.pk, "language": "cs"}}],
    )
    practice_cs = link_materials(feed_content["practice_cs"], [feed_content["material"]])

    _response, kit = download(client, f"{practice_cs.url}reuse-kit.zip")

    assert kit.read("documents/pruvodce/pruvodce.txt") == "Průvodce hrou".encode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/practices/unpublished-draft/reuse-kit.zip",
        "/en/materials/future-city-game-guide/reuse-kit.zip",  # materials have no kit
        "/en/practices/reuse-kit.zip",
    ],
)
def test_kit_of_anything_but_a_live_practice_is_not_found(client, feed_content, path):
    assert client.get(path).status_code == 404


def test_kit_of_a_restricted_practice_asks_for_a_login(client, feed_content):
    PageViewRestriction.objects.create(page=feed_content["practice"], restriction_type="login")

    response = client.get(KIT)

    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={KIT}")


def test_unique_names_inside_the_kit():
    used = {"summary.md"}

    names = [unique_name(name, used) for name in ("documents/a/guide.pdf", "documents/a/guide.pdf", "summary.md")]

    assert names == ["documents/a/guide.pdf", "documents/a/guide-2.pdf", "summary-2.md"]


@pytest.mark.parametrize("count", [2, 20])
def test_kit_download_queries_do_not_grow_with_materials(client, locales, count, django_assert_max_num_queries):
    documents = [make_document(f"Handbook {n}", f"handbook-{n}.pdf", b"%PDF" + bytes([n])) for n in range(count)]
    materials = [add_material(locales, f"Handbook {n}", [documents[n]]) for n in range(count)]
    practice = add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Kit practice")
    practice = link_materials(practice, materials)
    client.get(practice.url)  # warm Wagtail's per-site caches, as a running server has them

    with django_assert_max_num_queries(18):
        response = client.get(f"{practice.url}reuse-kit.zip")
        kit = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert len([name for name in kit.namelist() if name.startswith("documents/")]) == count
