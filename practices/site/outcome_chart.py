"""The outcomes of a practice drawn as a horizontal bar chart: the geometry of an inline SVG that the practice page
renders on the server (practices/includes/outcome_chart.html), with no script.

Each outcome is a row: what it counts, wrapped to the chart's width, then a bar as long as its number relative to
the largest, with the number written after the bar. The numbers and labels are SVG text, so readers see them
and can copy them; the SVG's ``aria-label`` says them all to a screen reader. The chart is 320 units wide and
scales with its column, so it fits a 390-pixel phone (hub.css caps its width on wide screens).
"""

import textwrap
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

WIDTH = 320
FONT_SIZE = 13
LINE_HEIGHT = 17
# Characters of a label per line: the chart's width over an average glyph of Latin or Cyrillic text at FONT_SIZE.
LINE_CHARACTERS = 44
BAR_HEIGHT = 16
BAR_GAP = 4  # between a label's last line and its bar
ROW_GAP = 14  # between one row's bar and the next row's label
# Room after the longest bar for its number ("1 234,5" in Czech): the bar's scale ends there.
NUMBER_ROOM = 64
MINIMUM_BAR = 2  # a zero still shows where its bar starts


@dataclass(frozen=True)
class ChartRow:
    value: Decimal
    label: str
    lines: list  # [(y of the line's baseline, text), …]
    bar_y: int
    bar_width: int
    number_x: int
    number_y: int


@dataclass(frozen=True)
class OutcomeChart:
    rows: list
    width: int
    height: int
    font_size: int = FONT_SIZE


def _as_number(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def outcome_chart(outcomes):
    """The chart of a practice's ``outcomes`` StreamField (or a list of ``{"value", "label"}``), or ``None`` when no
    outcome has a number. Outcomes keep the order the editor gave them."""
    values = [outcome.value if hasattr(outcome, "block_type") else outcome for outcome in outcomes]
    measured = [(_as_number(value.get("value")), value.get("label", "")) for value in values]
    measured = [(number, label) for number, label in measured if number is not None and number >= 0]
    if not measured:
        return None
    largest = max(number for number, _label in measured) or Decimal(1)
    scale = WIDTH - NUMBER_ROOM
    rows = []
    y = 0
    for number, label in measured:
        lines = []
        for text in textwrap.wrap(label, LINE_CHARACTERS) or [""]:
            y += LINE_HEIGHT
            lines.append((y - 4, text))  # baseline a little above the line's bottom, for descenders
        bar_y = y + BAR_GAP
        bar_width = max(MINIMUM_BAR, int(number / largest * scale))
        rows.append(
            ChartRow(
                value=number,
                label=label,
                lines=lines,
                bar_y=bar_y,
                bar_width=bar_width,
                number_x=bar_width + 6,
                number_y=bar_y + BAR_HEIGHT - 3,
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return OutcomeChart(rows=rows, width=WIDTH, height=y - ROW_GAP + 2)
