"""The bad-input catalogue: every kind of input the outside probe answered with a 500 (Unicode digits, numbers wider
than a database column, huge offsets, date-times with far offsets, NUL bytes), sent to every public endpoint that
reads parameters — the feed, API v2 and v3, oEmbed, listings, the map, search and the followable feeds. None may
be a 500; the APIs answer a 400 naming the parameter (practices.parameters), pages stay forgiving."""

import base64

import pytest

SUPERSCRIPT_TWO = "%C2%B2"  # "²": str.isdigit() and the old checks accepted it, int() refuses it
THIRTY_DIGITS = "123456789012345678901234567890"
HUGE_OFFSET = "99999999999999999999"
NUL = "%00"
HUGE_CURSOR = base64.b64encode(b"o=99999999999999999999999&p=%C2%B2").decode()

# (path and query, expected status, the parameter the 400 names — None where the answer is a page or a 404)
CATALOGUE = [
    # The partner feed.
    (f"/api/feed/v1/practices/?page_size={SUPERSCRIPT_TWO}", 400, "page_size"),
    (f"/api/feed/v1/practices/?page_size={THIRTY_DIGITS}", 400, "page_size"),
    (f"/api/feed/v1/organisations/?page_size={SUPERSCRIPT_TWO}", 400, "page_size"),
    ("/api/feed/v1/practices/?updated_since=2025-06-01T12:00:00%2B14:00", 200, None),
    ("/api/feed/v1/practices/?updated_since=2025-06-01T12:00:00-12:00", 200, None),
    ("/api/feed/v1/practices/?updated_since=9999-12-31T23:59:59-14:00", 400, "updated_since"),
    ("/api/feed/v1/practices/?updated_since=0001-01-01T00:00:00%2B14:00", 400, "updated_since"),
    (f"/api/feed/v1/practices/{THIRTY_DIGITS}/", 404, None),
    (f"/api/feed/v1/practices/{SUPERSCRIPT_TWO}/", 404, None),
    (f"/api/feed/v1/themes/{THIRTY_DIGITS}/", 404, None),
    (f"/api/feed/v1/practices/?theme={NUL}", 400, "theme"),
    (f"/api/feed/v1/practices/?cursor={HUGE_CURSOR}", 400, "cursor"),
    (f"/api/feed/v1/search/?q=youth{NUL}", 400, "q"),
    (f"/api/feed/v1/search/?q=youth&page_size={SUPERSCRIPT_TWO}", 400, "page_size"),
    (f"/api/feed/v1/search/suggest/?q=you&limit={SUPERSCRIPT_TWO}", 400, "limit"),
    (f"/api/feed/v1/changes/?limit={THIRTY_DIGITS}", 400, "limit"),
    # API v2.
    (f"/api/v2/pages/?limit={SUPERSCRIPT_TWO}", 400, "limit"),
    (f"/api/v2/pages/?offset={HUGE_OFFSET}", 400, "offset"),
    (f"/api/v2/pages/?offset={SUPERSCRIPT_TWO}", 400, "offset"),
    (f"/api/v2/pages/?child_of={SUPERSCRIPT_TWO}", 400, "child_of"),
    (f"/api/v2/pages/?child_of={THIRTY_DIGITS}", 400, "child_of"),
    (f"/api/v2/pages/?descendant_of={THIRTY_DIGITS}", 400, "descendant_of"),
    (f"/api/v2/pages/?translation_of={SUPERSCRIPT_TWO}", 400, "translation_of"),
    (f"/api/v2/pages/?search=youth{NUL}", 400, "search"),
    (f"/api/v2/pages/find/?html_path=/en/{NUL}/", 400, "html_path"),
    (f"/api/v2/pages/{THIRTY_DIGITS}/", 404, None),
    (f"/api/v2/images/?offset={HUGE_OFFSET}", 400, "offset"),
    (f"/api/v2/documents/?limit={SUPERSCRIPT_TWO}", 400, "limit"),
    # API v3.
    (f"/api/v3/pages/?limit={SUPERSCRIPT_TWO}", 400, "limit"),
    (f"/api/v3/pages/?offset={HUGE_OFFSET}", 400, "offset"),
    (f"/api/v3/pages/?type=practices.GoodPracticePage{NUL}", 400, "type"),
    (f"/api/v3/pages/{THIRTY_DIGITS}/", 404, None),
    # oEmbed.
    (f"/api/oembed/?url=http://testserver/en/practices/&maxwidth={SUPERSCRIPT_TWO}", 400, "maxwidth"),
    (f"/api/oembed/?url=http://testserver/en/practices/&maxheight={THIRTY_DIGITS}", 400, "maxheight"),
    (f"/api/oembed/?url=http://testserver/en/{NUL}", 400, "url"),
    (f"/embed/item/{THIRTY_DIGITS}/", 404, None),
    # Listings, the map, search and the feeds that follow them: forgiving pages, never a 500.
    (f"/en/practices/?year={SUPERSCRIPT_TWO}", 200, None),
    (f"/en/practices/?year={SUPERSCRIPT_TWO * 4}", 200, None),
    (f"/en/practices/?page={SUPERSCRIPT_TWO}", 200, None),
    (f"/en/practices/?page={THIRTY_DIGITS}", 200, None),
    (f"/en/practices/?theme={NUL}", 200, None),
    (f"/en/materials/?year={SUPERSCRIPT_TWO * 4}", 200, None),
    (f"/en/videos/?year={SUPERSCRIPT_TWO * 4}&page={SUPERSCRIPT_TWO}", 200, None),
    (f"/en/practices/map/?year={SUPERSCRIPT_TWO * 4}", 200, None),
    (f"/en/practices/map/geojson/?year={SUPERSCRIPT_TWO * 4}&theme={NUL}", 400, "year"),
    (f"/en/search/?q=youth{NUL}&page={SUPERSCRIPT_TWO}", 400, None),  # the page, naming the parameter
    (f"/en/search/?q=youth&page={THIRTY_DIGITS}&year={SUPERSCRIPT_TWO * 4}", 400, None),
    (f"/en/feeds/listing/practice.atom?year={SUPERSCRIPT_TWO * 4}", 400, None),
    (f"/en/feeds/search.json?q=youth&limit={SUPERSCRIPT_TWO}", 400, None),
    (f"/en/feeds/search.json?q=youth&limit={THIRTY_DIGITS}", 400, None),
]


@pytest.mark.parametrize(("url", "status", "parameter"), CATALOGUE)
def test_bad_input_is_never_a_server_error(client, feed_content, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    if parameter is not None:
        body = response.json()
        named = body.get("errors", {}).keys() | {body.get("message", "").split(":")[0]}
        named |= {body.get("detail", "").split(":")[0]}
        assert parameter in named, body
