"""Block digits of any height for the slides: their size, their separators, how they fit."""

from __future__ import annotations

from tui.widgets.bigdigits import (
    fit_grid,
    fit_rows,
    render_lines,
    text_rows,
    text_width,
)


def test_digits_are_as_tall_as_asked_and_keep_their_proportions():
    for rows in (3, 5, 10, 24):
        lines = render_lines("3.119", rows)
        assert len(lines) == rows
        assert {len(line) for line in lines} == {text_width("3.119", rows)}
    # Twice as tall is about twice as wide.
    assert 1.6 <= text_width("2023", 20) / text_width("2023", 10) <= 2.4


def test_the_vietnamese_separators_are_told_apart():
    """3.119 (thousands) and 18,7 (a decimal): the comma has a tail below the line."""
    dot, comma = render_lines("1.1", 6), render_lines("1,1", 6)
    assert text_rows("1.1", 6) == 6 and text_rows("1,1", 6) == 7
    assert dot != comma[:6] or len(comma) > len(dot)
    assert comma[-1].strip()  # the tail


def test_every_digit_has_its_own_shape():
    shapes = {d: tuple(render_lines(d, 7)) for d in "0123456789"}
    assert len(set(shapes.values())) == 10
    assert all(any(line.strip() for line in shape) for shape in shapes.values())


def test_figures_fit_the_room_they_are_given():
    rows = fit_rows(["237", "220", "107,7"], 116, 30)
    width = sum(text_width(v, rows) for v in ("237", "220", "107,7")) + 2 * 3
    assert width <= 116 and text_rows("107,7", rows) <= 30
    assert sum(text_width(v, rows + 1) for v in ("237", "220", "107,7")) + 6 > 116  # the tallest that fits
    # A label wider than the digits keeps its width.
    assert fit_rows(["4"], 20, 30, widths=[25]) == 3


def test_fewer_to_a_line_when_that_makes_the_figures_taller():
    columns, rows = fit_grid(["237", "220", "107,7"], 246, 60, line_rows=2)
    assert columns < 3 and rows > fit_rows(["237", "220", "107,7"], 246, 58)
    # On a wide, short screen they stay in one line.
    assert fit_grid(["237", "220", "107,7"], 246, 14, line_rows=2)[0] == 3
