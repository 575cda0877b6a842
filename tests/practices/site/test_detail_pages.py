"""The detail pages of practices, materials and videos: gallery, partners' contacts, related items in the reader's
language, transfer conditions, licence; documents with type, size and language; the embedded player with chapters
and transcript; Open Graph and JSON-LD; and queries that do not grow with the content."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from wagtail.test.utils import WagtailTestUtils

from practices.choices import ContentLanguage
from practices.models import (
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    PracticePartner,
    TrainingVideoPage,
    VideoIndexPage,
)
from practices.representation.video_embeds import embedded_video
from tests.practices import feed_fixtures
from tests.practices.factories import OrganisationFactory
from tests.practices.feed_fixtures import add_page, index_of, make_document, make_image, publish

ENGLISH = "/en/practices/youth-parliament-of-brno/"
CZECH = "/cs/dobra-praxe/parlament-mladeze-brno/"
MATERIAL = "/en/materials/future-city-game-guide/"
VIDEO = "/en/videos/running-a-round-table/"


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return WagtailTestUtils.get_soup(response.content)


def json_ld(soup):
    """The item's own JSON-LD (the page also carries its breadcrumbs' ``BreadcrumbList``)."""
    scripts = [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]
    items = [data for data in scripts if data["@type"] != "BreadcrumbList"]
    assert len(items) == 1
    return items[0]


def meta(soup):
    """{property or name: [content, …]} of the page's Open Graph and Twitter tags."""
    found = {}
    for tag in soup.select("meta[property], meta[name]"):
        found.setdefault(tag.get("property") or tag.get("name"), []).append(tag["content"])
    return found


def as_json(value):
    """A date and time as JSON-LD writes it: ISO 8601 to the millisecond (Django's JSON encoder)."""
    return DjangoJSONEncoder().default(value)


def headings_in_order(soup):
    levels = [int(tag.name[1]) for tag in soup.select("main h1, main h2, main h3, main h4")]
    return all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)) and levels[0] == 1


# --- Practice ----------------------------------------------------------------------------------------------------


def test_the_first_gallery_image_is_the_pages_picture_with_renditions_alt_text_and_caption(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    image = soup.select_one("figure.hero img")
    assert image["alt"] == "Voting"
    # At the top of the page, so fetched at once rather than lazily.
    assert "loading" not in image.attrs
    widths = [candidate.split()[-1] for candidate in image["srcset"].split(", ")]
    assert widths == ["480w", "960w", "1200w"]  # the 1,200-pixel original is not enlarged to 1,600
    assert image["src"].endswith(".width-960.png")
    assert soup.select_one("figure.hero figcaption").get_text() == "Voting"
    # The gallery would only repeat it.
    assert not soup.select(".gallery img")


def test_the_rest_of_the_gallery_loads_lazily_with_alt_text(client, practice_index):
    images = [make_image("Town hall meeting"), make_image("Youth council")]
    page = add_page(
        practice_index,
        GoodPracticePage,
        "Two pictures",
        gallery=[{"type": "image", "value": {"image": image.pk, "caption": image.title}} for image in images],
    )

    soup = soup_of(client.get(page.url))

    assert soup.select_one("figure.hero img")["alt"] == "Town hall meeting"
    gallery = soup.select(".gallery img")
    assert [(image["alt"], image["loading"]) for image in gallery] == [("Youth council", "lazy")]


def test_gallery_image_without_caption_takes_the_image_title_as_alt(client, practice_index):
    image = make_image("Town hall meeting")
    page = add_page(
        practice_index, GoodPracticePage, "Uncaptioned", gallery=[{"type": "image", "value": {"image": image.pk}}]
    )

    soup = soup_of(client.get(page.url))

    assert soup.select_one("figure.hero img")["alt"] == "Town hall meeting"
    assert not soup.select("figure.hero figcaption")


def test_partners_show_their_contacts(client, feed_content):
    practice = feed_content["practice"]
    contact = OrganisationFactory(name="Youth Council", email="info@youth.example.org", phone="+420 123 456 789")
    PracticePartner.objects.create(page=practice, organisation=contact, role="host", sort_order=5)

    soup = soup_of(client.get(ENGLISH))

    last = soup.select("ul.partners li")[-1]
    links = [(a.get_text(), a["href"]) for a in last.select("a")]
    assert links == [
        ("Youth Council", contact.website),
        ("info@youth.example.org", "mailto:info@youth.example.org"),
        ("+420 123 456 789", "tel:+420123456789"),
    ]


def test_related_material_and_video_are_shown_as_cards(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    materials = soup.select("section[aria-labelledby=related-materials] .card a")
    videos = soup.select("section[aria-labelledby=related-videos] .card a")
    assert [(a.get_text(), a["href"]) for a in materials] == [("Future City Game guide", MATERIAL)]
    assert [(a.get_text(), a["href"]) for a in videos] == [("Running a round table", VIDEO)]
    assert not materials[0].has_attr("lang")


def test_czech_practice_shows_the_czech_translation_of_a_related_material(client, feed_content, locales):
    czech = add_page(
        index_of(MaterialIndexPage, locales["cs"]),
        MaterialPage,
        "Průvodce hrou",
        slug="pruvodce",
        source=feed_content["material"],
        material_kind="guide",
    )
    practice_cs = feed_content["practice_cs"]
    practice_cs.related_materials.set([feed_content["material"]])
    practice_cs.related_videos.set([feed_content["video"]])
    publish(practice_cs)

    soup = soup_of(client.get(CZECH))

    material = soup.select_one("section[aria-labelledby=related-materials] .card a")
    assert (material.get_text(), material["href"]) == ("Průvodce hrou", czech.url)
    assert not material.has_attr("lang")
    video = soup.select_one("section[aria-labelledby=related-videos] .card")
    assert video.select_one("a")["lang"] == "en"  # no Czech version: shown in English, and marked so
    assert video.select_one("a")["href"] == VIDEO


def test_unpublished_related_material_is_not_shown(client, feed_content):
    feed_content["material"].unpublish()

    soup = soup_of(client.get(ENGLISH))

    assert not soup.select("section[aria-labelledby=related-materials]")


def test_transfer_conditions_answer_can_this_work_in_your_municipality(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    section = soup.select_one("section.transfer")
    assert section.h2.get_text() == "Can this work in your municipality?"
    rows = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in section.select("dt")}
    assert rows == {
        "Cost": "Low (under €5,000)",
        "Staff time": "one coordinator half-time",
        "Suits municipalities": "Large (over 50,000 inhabitants)",
        "What must be in place": "A council that listens.",
    }


def test_licence_links_its_deed_and_last_verified_names_who(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    licence = soup.select_one("dl.item-meta a[rel=license]")
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.get_text() == "Creative Commons Attribution 4.0 (CC BY 4.0)"
    assert soup.select_one("dl.item-meta time")["datetime"] == "2025-05-01"


def test_practice_offers_its_reuse_kit_and_citation(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    assert soup.select_one("section.reuse a")["href"] == f"{ENGLISH}reuse-kit.zip"
    styles = [summary.get_text() for summary in soup.select("section.cite details summary")]
    assert styles == ["APA", "Chicago", "BibTeX"]
    assert soup.select_one("section.cite pre").get_text().startswith("City of Brno. (")
    assert headings_in_order(soup)


def test_practice_open_graph_and_twitter_card(client, feed_content):
    soup = soup_of(client.get(ENGLISH))

    tags = meta(soup)
    assert tags["og:title"] == ["Youth parliament of Brno"]
    assert tags["og:description"] == ["Youth parliament of Brno: a summary."]
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [feed_content["practice"].get_full_url()]
    assert tags["og:locale"] == ["en_US"]
    assert tags["og:locale:alternate"] == ["cs_CZ"]
    assert tags["og:image"][0].startswith("http://testserver/media/images/")
    assert tags["og:image"][0].endswith(".fill-1200x630.png")
    assert tags["twitter:card"] == ["summary_large_image"]
    assert soup.select_one("link[rel=canonical]")["href"] == feed_content["practice"].get_full_url()


def test_practice_json_ld_is_an_article(client, feed_content):
    practice = feed_content["practice"]

    data = json_ld(soup_of(client.get(ENGLISH)))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == data["name"] == "Youth parliament of Brno"
    assert data["url"] == practice.get_full_url()
    assert data["inLanguage"] == "en"
    assert data["author"] == {"@type": "Organization", "name": "City of Brno", "url": "https://brno.example.org/"}
    assert data["datePublished"] == as_json(practice.first_published_at)
    assert data["dateModified"] == as_json(practice.last_published_at)
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["about"] == [{"@type": "Thing", "name": "Youth"}]
    assert data["spatialCoverage"] == {
        "@type": "Place",
        "name": "Brno, South Moravian Region, Czechia",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Brno",
            "addressRegion": "South Moravian Region",
            "addressCountry": "CZ",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": "49.195060", "longitude": "16.606837"},
    }
    assert data["funder"] == {"@type": "Organization", "name": "EEA Grants"}
    assert [partner["name"] for partner in data["contributor"]] == ["Partnership Foundation", "Agora CE"]


def test_czech_practice_json_ld_and_open_graph_speak_czech(client, feed_content):
    soup = soup_of(client.get(CZECH))

    assert json_ld(soup)["inLanguage"] == "cs"
    assert meta(soup)["og:locale"] == ["cs_CZ"]
    assert meta(soup)["og:locale:alternate"] == ["en_US"]
    assert "og:image" not in meta(soup)  # the translation has no gallery of its own


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, practice_index):
    title = "Budgets </script><script>alert(1)</script> & more"
    page = add_page(practice_index, GoodPracticePage, title, slug="script-title")

    response = client.get(page.url)

    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(soup_of(response))["name"] == title


# --- Material ----------------------------------------------------------------------------------------------------


def test_material_lists_documents_with_type_size_and_language(client, feed_content):
    soup = soup_of(client.get(MATERIAL))

    document = soup.select_one("li.document")
    assert document.a.get_text() == "Future City Game guide"
    assert document.a["href"] == feed_content["document"].url
    assert document.select_one(".document__meta").get_text() == "PDF, 14 byte, English"


def test_czech_material_writes_sizes_the_czech_way(client, feed_content, locales):
    document = make_document("Příručka", "prirucka.pdf", b"%" * 1_234_567)
    page = add_page(
        index_of(MaterialIndexPage, locales["cs"]),
        MaterialPage,
        "Příručka",
        slug="prirucka",
        material_kind="handbook",
        documents=[{"type": "document", "value": {"document": document.pk, "language": "cs"}}],
    )

    soup = soup_of(client.get(page.url))

    with translation.override("cs"):
        expected_language = str(ContentLanguage.CS.label)
    assert soup.select_one(".document__meta").get_text() == f"PDF, 1,2 MB, {expected_language}"


def test_material_shows_the_practices_that_use_it(client, feed_content):
    soup = soup_of(client.get(MATERIAL))

    practices = soup.select("section[aria-labelledby=related-practices] .card a")
    assert [(a.get_text(), a["href"]) for a in practices] == [("Youth parliament of Brno", ENGLISH)]
    assert headings_in_order(soup)


def test_material_json_ld_is_a_learning_resource_with_its_documents(client, feed_content):
    document = feed_content["document"]

    data = json_ld(soup_of(client.get(MATERIAL)))

    assert data["@type"] == "LearningResource"
    assert data["learningResourceType"] == "Guide"
    assert data["datePublished"] == "2024-09-01"
    assert data["author"]["name"] == "Agora CE"
    media = {
        "@type": "MediaObject",
        "name": "Future City Game guide",
        "contentUrl": f"http://testserver{document.url}",
        "encodingFormat": "application/pdf",
        "contentSize": "14 B",
        "inLanguage": "en",
    }
    assert data["encoding"] == data["associatedMedia"] == [media]
    assert meta(soup_of(client.get(MATERIAL)))["og:type"] == ["article"]


# --- Video -------------------------------------------------------------------------------------------------------


def test_video_player_loads_only_when_the_reader_asks_in_a_privacy_enhanced_titled_frame(client, feed_content):
    """No frame of the platform in the page: a button loads it (player.js; tests/e2e/test_csp.py clicks it)."""
    response = client.get(VIDEO)
    soup = soup_of(response)

    assert not soup.select("iframe")
    consent = soup.select_one(".player .player-consent")
    assert consent["data-embed-url"] == "https://www.youtube-nocookie.com/embed/round-table"
    assert consent["data-title"] == "Video: Running a round table"
    assert consent.select_one("button.player-load").get_text(strip=True) == "Load the video"
    assert "www.youtube.com" in consent.p.get_text()
    # Nothing the site sends forbids the frame: the Content-Security-Policy lets https players be framed.
    (frame_src,) = [part.split() for part in response["Content-Security-Policy"].split(";") if "frame-src" in part]
    assert "https:" in frame_src or "https://www.youtube-nocookie.com" in frame_src


def test_video_chapters_duration_speakers_and_transcript(client, feed_content):
    soup = soup_of(client.get(VIDEO))

    chapter = soup.select_one("ol.chapters a")
    assert chapter.get_text(" ", strip=True) == "0:00 Welcome"
    assert chapter["href"] == "https://www.youtube.com/watch?v=round-table&t=0s"
    assert chapter["data-player-url"] == "https://www.youtube-nocookie.com/embed/round-table?start=0&autoplay=1"
    duration = soup.find("dt", string="Duration").find_next_sibling("dd").time
    assert (duration.get_text(), duration["datetime"]) == ("12:34", "PT12M34S")
    assert soup.find("dt", string="Subtitles").find_next_sibling("dd").get_text() == "Czech, Bulgarian"
    assert soup.select_one("ul.speakers li").get_text() == "Jana Nováková – Facilitator"
    assert "Welcome to the round table." in soup.select_one("section.transcript").get_text()
    assert headings_in_order(soup)


def test_uploaded_video_plays_in_a_video_element_with_seekable_chapters(client, locales):
    video_file = make_document("Round table recording", "round-table.mp4", b"\x00\x00\x00\x18ftypmp42")
    page = add_page(
        index_of(VideoIndexPage, locales["en"]),
        TrainingVideoPage,
        "Recorded workshop",
        video_file=video_file,
        duration_seconds=3725,
        chapters=[
            {"type": "chapter", "value": {"start_seconds": 0, "title": "Opening"}},
            {"type": "chapter", "value": {"start_seconds": 75, "title": "Mapping"}},
        ],
    )

    soup = soup_of(client.get(page.url))

    source = soup.select_one(".player video source")
    assert source["src"] == f"http://testserver{video_file.url}"
    assert source["type"] == "video/mp4"
    links = [(a.get_text(" ", strip=True), a["href"]) for a in soup.select("ol.chapters a")]
    assert links == [
        ("0:00 Opening", f"http://testserver{video_file.url}#t=0"),
        ("1:15 Mapping", f"http://testserver{video_file.url}#t=75"),
    ]
    assert soup.find("dt", string="Duration").find_next_sibling("dd").get_text() == "1:02:05"
    data = json_ld(soup)
    assert data["contentUrl"] == f"http://testserver{video_file.url}"
    assert "embedUrl" not in data
    assert [clip["endOffset"] for clip in data["hasPart"]] == [75, 3725]


def test_video_json_ld_is_a_video_object(client, feed_content):
    video = feed_content["video"]

    soup = soup_of(client.get(VIDEO))
    data = json_ld(soup)

    assert data["@type"] == "VideoObject"
    assert data["name"] == "Running a round table"
    assert data["description"] == "Running a round table: a summary."
    assert data["thumbnailUrl"] == "https://i.ytimg.com/vi/round-table/hqdefault.jpg"
    assert data["uploadDate"] == as_json(video.first_published_at)
    assert data["duration"] == "PT12M34S"
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/round-table"
    assert data["transcript"] == "Welcome to the round table."
    assert data["hasPart"] == [
        {
            "@type": "Clip",
            "name": "Welcome",
            "startOffset": 0,
            "endOffset": 754,
            "url": "https://www.youtube.com/watch?v=round-table&t=0s",
        }
    ]
    tags = meta(soup)
    assert tags["og:type"] == ["video.other"]
    assert tags["og:image"] == ["https://i.ytimg.com/vi/round-table/hqdefault.jpg"]


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=abc123&list=x", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://youtu.be/abc123?t=5", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://www.youtube.com/embed/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://www.youtube.com/shorts/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.youtube.com/watch", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://vimeo.com/channels/staffpicks", None),
        ("https://example.org/video.mp4", None),
        ("http://[::1", None),
        ("", None),
    ],
)
def test_video_urls_become_privacy_enhanced_embeds(url, embed):
    video = embedded_video(url)

    assert (video.embed_url if video else None) == embed


def test_vimeo_chapters_deep_link_with_a_fragment():
    video = embedded_video("https://vimeo.com/76979871")

    assert video.watch_url_at(90) == "https://vimeo.com/76979871#t=90s"
    assert video.embed_url_at(90) == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1#t=90s"
    assert video.thumbnail_url is None


# --- Queries -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_practice_queries_do_not_grow_with_gallery_and_related_items(
    client, locales, count, django_assert_max_num_queries
):
    images = [make_image(f"Image {n}") for n in range(count)]
    # Each related material has a picture of its own (its story's first image), each video its theme's illustration.
    materials = [
        add_page(
            index_of(MaterialIndexPage, locales["en"]),
            MaterialPage,
            f"Guide {n}",
            material_kind="guide",
            body=[{"type": "image", "value": {"image": images[n].pk, "caption": f"Cover {n}"}}],
        )
        for n in range(count)
    ]
    videos = [
        add_page(
            index_of(VideoIndexPage, locales["en"]),
            TrainingVideoPage,
            f"Video {n}",
            video_url=f"https://youtu.be/video{n}",
        )
        for n in range(count)
    ]
    practice = add_page(
        index_of(feed_fixtures.PracticeIndexPage, locales["en"]),
        GoodPracticePage,
        "Rich practice",
        gallery=[{"type": "image", "value": {"image": image.pk, "caption": image.title}} for image in images],
        relations={"related_materials": materials, "related_videos": videos},
    )
    client.get(practice.url)  # warm Wagtail's per-site caches and create the renditions, as a running site has

    # 24 for the page, its gallery and the related items; 4 for the cards' faces (practices.site.faces): the themes of
    # the materials and of the videos, and the pictures with their renditions.
    with django_assert_max_num_queries(28):
        response = client.get(practice.url)

    soup = soup_of(response)
    assert len(soup.select("figure.hero img")) == 1
    assert len(soup.select(".gallery img")) == count - 1
    material_cards = soup.select("section[aria-labelledby=related-materials] .card")
    assert len(material_cards) == count
    assert all("fill-240x180" in card.select_one("img.face")["src"] for card in material_cards)
    video_cards = soup.select("section[aria-labelledby=related-videos] .card")
    assert all(card.select_one(".face--illustration") for card in video_cards)


@pytest.mark.parametrize("count", [3, 30])
def test_material_queries_do_not_grow_with_documents_and_linking_practices(
    client, locales, count, django_assert_max_num_queries
):
    documents = [make_document(f"Chapter {n}", f"chapter-{n}.pdf", b"%PDF") for n in range(count)]
    material = add_page(
        index_of(MaterialIndexPage, locales["en"]),
        MaterialPage,
        "Big handbook",
        material_kind="handbook",
        documents=[{"type": "document", "value": {"document": doc.pk, "language": "en"}} for doc in documents],
    )
    for number in range(min(count, 12)):
        add_page(
            index_of(feed_fixtures.PracticeIndexPage, locales["en"]),
            GoodPracticePage,
            f"User {number}",
            relations={"related_materials": [material]},
        )
    client.get(material.url)

    with django_assert_max_num_queries(22):
        response = client.get(material.url)

    assert len(soup_of(response).select("li.document")) == count


def test_video_page_queries_are_bounded(client, feed_content, django_assert_max_num_queries):
    client.get(VIDEO)

    # 20, and 4 for the faces of its related material and practices (practices.site.faces).
    with django_assert_max_num_queries(24):
        response = client.get(VIDEO)

    assert response.status_code == 200
