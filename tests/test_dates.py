"""The one date parser: ISO dates and the phrases people type."""

from datetime import date

import pytest

from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput

SUNDAY = date(2026, 11, 22)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20", date(2026, 11, 20)),
    ("2026-1-5", date(2026, 1, 5)),
    ("today", SUNDAY),
    (" Today ", SUNDAY),
    ("yesterday", date(2026, 11, 21)),
    ("tomorrow", date(2026, 11, 23)),
    ("3 days ago", date(2026, 11, 19)),
    ("1 day ago", date(2026, 11, 21)),
    ("2 weeks ago", date(2026, 11, 8)),
    ("in 6 weeks", date(2027, 1, 3)),
    ("in 3 months", date(2027, 2, 22)),
    ("sunday", SUNDAY),
    ("monday", date(2026, 11, 16)),
    ("Friday", date(2026, 11, 20)),
    ("last sunday", date(2026, 11, 15)),
    ("end of march", date(2027, 3, 31)),
    ("end of november", date(2026, 11, 30)),
    ("end of february", date(2027, 2, 28)),
])
def test_parses(text, expected):
    assert parse_date(text, today=SUNDAY) == expected


def test_months_clamp_to_the_end_of_a_shorter_month():
    assert parse_date("in 1 month", today=date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "someday", "3 days", "in 3 days ago",
                                  "", "end of smarch", "20261120"])
def test_rejects_what_is_not_a_date(text):
    with pytest.raises(BadInput):
        parse_date(text, today=SUNDAY)


def test_impossible_date_says_so():
    with pytest.raises(BadInput, match="not a real date"):
        parse_date("2026-02-30", today=SUNDAY)


def test_any_text_is_a_date_or_a_clear_error():
    import os

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "200")), deadline=None)
    @given(st.text(max_size=30))
    def check(text):
        try:
            assert isinstance(parse_date(text, today=SUNDAY), date)
        except BadInput as e:
            assert e.message

    check()


def test_iso_dates_round_trip():
    import os

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "200")), deadline=None)
    @given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
    def check(day):
        assert parse_date(day.isoformat(), today=SUNDAY) == day

    check()
