"""The outcomes of a practice as a bar chart (practices.site.outcome_chart, issue 19): an inline SVG drawn on the server
whose numbers and labels are text, with an accessible name that says them all, and bars in proportion."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from wagtail.test.utils import WagtailTestUtils

from practices.site.outcome_chart import MINIMUM_BAR, NUMBER_ROOM, WIDTH, outcome_chart

HEALTHY_CITIES = [
    {"value": Decimal("55"), "label": "consultations with the public"},
    {"value": Decimal("40"), "label": "municipalities in the Czech Healthy Cities network"},
    {"value": Decimal("0"), "label": "complaints"},
]


def render_chart(outcomes, language="en"):
    with translation.override(language):
        html = Template("{% load detail_tags %}{% outcome_chart outcomes %}").render(Context({"outcomes": outcomes}))
    return WagtailTestUtils.get_soup(html)


def test_the_numbers_and_labels_are_text_of_the_chart():
    svg = render_chart(HEALTHY_CITIES).select_one("figure.outcome-chart svg")

    numbers = [text.get_text() for text in svg.select("text.outcome-chart__number")]
    assert numbers == ["55", "40", "0"]
    labels = " ".join(text.get_text() for text in svg.select("text:not(.outcome-chart__number)"))
    assert "consultations with the public" in labels
    assert "municipalities in the Czech Healthy Cities network" in labels


def test_the_chart_is_an_image_whose_name_says_every_outcome():
    svg = render_chart(HEALTHY_CITIES).select_one("svg")

    assert svg["role"] == "img"
    assert svg["aria-label"] == (
        "Bar chart of the outcomes: 55 consultations with the public; "
        "40 municipalities in the Czech Healthy Cities network; 0 complaints"
    )


def test_numbers_are_written_the_readers_way():
    svg = render_chart([{"value": Decimal("1234.5"), "label": "hours volunteered"}], language="cs").select_one("svg")

    assert svg.select_one("text.outcome-chart__number").get_text() == "1\xa0234,5"
    assert "1\xa0234,5 hours volunteered" in svg["aria-label"]


def test_bars_are_in_proportion_to_the_largest_and_a_zero_still_shows():
    chart = outcome_chart(HEALTHY_CITIES)

    widths = [row.bar_width for row in chart.rows]
    assert widths[0] == WIDTH - NUMBER_ROOM
    assert widths[1] == int(Decimal(40) / Decimal(55) * (WIDTH - NUMBER_ROOM))
    assert widths[2] == MINIMUM_BAR
    # Every number fits inside the chart's width, after its bar.
    assert all(row.number_x + 6 * len(str(row.value)) < WIDTH + NUMBER_ROOM for row in chart.rows)


def test_long_labels_wrap_onto_lines_and_rows_do_not_overlap():
    long_label = "общини, в които работят участващите граждански структури и техните партньори от региона"
    chart = outcome_chart([{"value": 25, "label": long_label}, {"value": 12, "label": "месеца"}])

    first, second = chart.rows
    assert len(first.lines) > 1
    assert " ".join(text for _y, text in first.lines) == long_label
    assert second.lines[0][0] > first.bar_y + 16
    assert chart.height > second.bar_y + 16


@pytest.mark.parametrize("outcomes", [[], [{"value": None, "label": "not counted"}]])
def test_no_chart_without_a_number(outcomes):
    assert outcome_chart(outcomes) is None
    assert render_chart(outcomes).select_one("svg") is None


def test_the_practice_page_draws_its_outcomes(client, feed_content):
    soup = WagtailTestUtils.get_soup(client.get(feed_content["practice"].url).content)

    svg = soup.select_one("section[aria-labelledby=outcomes] svg[role=img]")
    assert svg.select_one("text.outcome-chart__number").get_text() == "20"
    assert "20 youth forums" in svg["aria-label"]
