from __future__ import annotations

import pytest

from discourse.parse.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("November 25, 2013 at 04:00", "2013-11-25T04:00", "minute"),
        ("July 7, 2012 at 12:27 am", "2012-07-07T00:27", "minute"),
        ("July 7, 2012 at 12:27 pm", "2012-07-07T12:27", "minute"),
        ("28 August 2013 10:00", "2013-08-28T10:00", "minute"),
        ("2013-08-28T10:00:00Z", "2013-08-28T10:00:00", "minute"),
        ("2013-08-28", "2013-08-28", "day"),
        ("08/28/2013 5:01 PM", "2013-08-28T17:01", "minute"),
        ("28.08.2013", "2013-08-28", "day"),
        ("Oct 5th, 2012", "2012-10-05", "day"),
        ("28. August 2013", "2013-08-28", "day"),
        ("28 août 2013 à 10h15", "2013-08-28T10:15", "minute"),
        ("5 de mayo de 2012", "2012-05-05", "day"),
        ("March 2011", "2011-03", "month"),
    ],
)
def test_absolute(text, iso, precision):
    p = parse_date(text)
    assert p is not None and (p.iso, p.precision) == (iso, precision)
    assert p.raw == text


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("3 hours ago", "2013-08-28T07:00", "hour"),
        ("2h ago", "2013-08-28T08:00", "hour"),
        ("5 minutes ago", "2013-08-28T09:55", "minute"),
        ("yesterday", "2013-08-27", "day"),
        ("2 weeks ago", "2013-08-14", "day"),
        ("3 months ago", "2013-05", "month"),
        ("3 yrs ago", "2010", "year"),
    ],
)
def test_relative_resolved_against_capture_time(text, iso, precision):
    p = parse_date(text, captured_at="2013-08-28T10:00")
    assert (p.iso, p.precision) == (iso, precision)


def test_relative_without_capture_time_keeps_raw():
    p = parse_date("3 hours ago")
    assert p.iso is None and p.raw == "3 hours ago" and p.precision == "hour"


def test_not_a_date_and_invalid_dates():
    assert parse_date("The minister spoke on Tuesday about the budget for next year") is None
    assert parse_date("February 31, 2013") is not None and parse_date("February 31, 2013").iso is None
    assert find_date("no date here") is None


def test_find_date_in_header():
    p = find_date("posted on Wednesday, October 24, 2012 at 7:26 PM by Darren")
    assert p.iso == "2012-10-24T19:26"
