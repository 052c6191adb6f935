"""Timestamps in comment headers: find them, parse them to ISO 8601 with a precision.

Absolute dates in the common English styles ("August 28, 2013 at 01:53", "July 7, 2012 at
12:27 am", "28 August 2013 10:00", "2013-08-28T10:00:00Z", "08/28/2013 5:01 PM") and month
names of a few more locales (de, fr, es, it, nl, pt) are parsed; relative ones ("3 hours ago",
"2h ago", "yesterday") are resolved only against a capture time that is passed in, never
against the clock of the analysis. Every pattern is linear-time (no nested quantifiers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

__all__ = ["DATE_PATTERN", "MAY_HOLD_DATE", "ParsedDate", "find_date", "is_date_line", "may_hold_date", "parse_date"]

_MONTHS = {
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # German
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
    "okt": 10,
    "dez": 12,
    # French
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    # Spanish / Portuguese / Italian / Dutch
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "janeiro": 1,
    "fevereiro": 2,
    "março": 3,
    "maio": 5,
    "junho": 6,
    "julho": 7,
    "setembro": 9,
    "outubro": 10,
    "novembro": 11,
    "dezembro": 12,
    "gennaio": 1,
    "febbraio": 2,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mei": 5,
    "augustus": 8,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[ap]\.?\s?m\.?)?"
_SEP = r"(?:,?\s*(?:at|um|à|a las|às|alle|om|@|-|–|—|\|)?\s*)"
# Month-name styles: "August 28, 2013", "Aug 28th 2013", "28 August 2013", "28. August 2013", "de".
_MDY = rf"(?P<mon1>{_MONTH_ALT})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
_DMY = rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.|º)?\s+(?:de\s+)?(?P<mon2>{_MONTH_ALT})\.?,?\s+(?:de\s+)?(?P<y2>\d{{4}})"
_ISO = (
    # not inside a URL path ("/2004/12/30/stories/")
    r"(?<![/.])(?P<y3>\d{4})(?P<sep3>[-/.])(?P<mo3>\d{1,2})(?P=sep3)(?P<d3>\d{1,2})(?![/\d])"
    r"(?:[T ](?P<h3>\d{2}):(?P<mi3>\d{2})(?::(?P<s3>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_NUM = r"(?P<a4>\d{1,2})[/.](?P<b4>\d{1,2})[/.](?P<y4>\d{4}|\d{2})\b"
_MY = rf"(?P<mon5>{_MONTH_ALT})\.?,?\s+(?P<y5>\d{{4}})"
# A month and day without a year count only with a time ("November 1 at 2:57 pm", "July 23, @08:25PM").
_MD_TIME = (
    rf"(?P<mon6>{_MONTH_ALT})\.?\s+(?P<d6>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?:at|um|à|@|-|–|\|)?\s*"
    r"(?P<h6>\d{1,2})[:.](?P<mi6>\d{2})\s*(?P<ap6>[ap]\.?\s?m\.?)?"
)
_REL = (
    r"(?P<n>\d{1,3}|an?|one)\s*(?P<unit>seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|"
    r"months?|mos?|years?|yrs?|y)\.?\s+ago"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

# A numeric date glued to the name before it ("Wesley Fryer10/8/12 8:26 PM"): slashes only.
_GLUED = (
    r"(?<=[^\W\d_])(?P<a7>\d{1,2})/(?P<b7>\d{1,2})/(?P<y7>\d{4}|\d{2})\b"
    r"(?:\s*(?P<h7>\d{1,2}):(?P<mi7>\d{2})\s*(?P<ap7>[ap]\.?\s?m\.?)?)?"
)
DATE_PATTERN = re.compile(
    rf"\b{_WEEKDAY}(?:(?:{_MDY}|{_DMY}|{_ISO}|{_NUM}|{_MY})(?:{_SEP}{_TIME})?|{_MD_TIME})|{_GLUED}"
    rf"|\b{_REL}\b|\b(?P<yday>yesterday|today|just now)\b",
    re.IGNORECASE,
)

#: Cheap pre-check: a piece that every match of DATE_PATTERN holds, branch by branch (same flags, so
#: \s and \d mean the same): a year after whitespace (month-name styles: "August 28, 2013", "28 de
#: agosto de 2013", "Aug 2013"), an ISO year with its separator ("2013-08"), d/m/y digits ("1/2/13",
#: glued ones too), a time (the month-day-time style: "12:27"), " ago" (relative), or the day words.
#: It rejects lines such as "by vlm (69642)" or "(202) 724-8105" that the big scan would try in vain.
#: The pieces are grouped by their first character (a digit, a space), so that each position of a
#: line costs two tests there instead of five: \d\d{3}[-/.]\d, \d[/.]\d\d?[/.]\d\d, \d[:.]\d\d,
#: \s\d{4}, \sago\b.
MAY_HOLD_DATE = re.compile(
    r"\d(?:\d{3}[-/.]\d|[/.]\d\d?[/.]\d\d|[:.]\d\d)|\s(?:\d{4}|ago\b)|yesterday|today|just now", re.IGNORECASE
)
_ANY_DIGIT = re.compile(r"\d")
#: Substrings of MAY_HOLD_DATE's words without the letter s (IGNORECASE also matches U+017F there,
#: which str.lower() leaves alone): every match of the pattern holds a digit or one of these.
_DAY_WORDS = ("ago", "terday", "today", "t now")


def may_hold_date(text: str) -> bool:
    """``MAY_HOLD_DATE.search(text) is not None``, skipping the scan when a plain check rules it out."""
    if _ANY_DIGIT.search(text) is None:
        low = text.lower()
        if not any(w in low for w in _DAY_WORDS):
            return False
    return MAY_HOLD_DATE.search(text) is not None

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass(frozen=True)
class ParsedDate:
    """A timestamp found in text.

    Attributes
    ----------
    iso : str or None
        ISO 8601 (``2013-08-28T01:53``, ``2013-08-28``, ``2013-08``); None when relative and no
        capture time was given.
    precision : str or None
        ``minute``, ``hour``, ``day``, ``month`` or ``year``.
    raw : str
        The matched text.
    start, end : int
        Span of the match in the searched text.
    """

    iso: str | None
    precision: str | None
    raw: str
    start: int
    end: int


def _year(y: str) -> int:
    v = int(y)
    return v + (2000 if v < 70 else 1900) if len(y) == 2 else v


def _hour(h: str | None, ap: str | None) -> int | None:
    if h is None:
        return None
    v = int(h)
    if ap:
        pm = ap.lower().startswith("p")
        if v == 12:
            v = 0
        if pm:
            v += 12
    return v


def _build(y: int, mo: int, d: int | None, h: int | None, mi: str | None, s: str | None) -> tuple[str, str] | None:
    try:
        if d is None:
            datetime(y, mo, 1)
            return f"{y:04d}-{mo:02d}", "month"
        if h is None:
            datetime(y, mo, d)
            return f"{y:04d}-{mo:02d}-{d:02d}", "day"
        dt = datetime(y, mo, d, h, int(mi or 0), int(s or 0))
    except ValueError:
        return None
    if s:
        return dt.isoformat(timespec="seconds"), "minute"
    return dt.isoformat(timespec="minutes"), "minute"


def _relative(m: re.Match[str], captured_at: str | None) -> tuple[str | None, str | None]:
    word = (m.group("yday") or "").lower()
    if word:
        if captured_at is None:
            return None, "day" if word != "just now" else "minute"
        base = _parse_capture(captured_at)
        if base is None:
            return None, None
        if word == "just now":
            return base.isoformat(timespec="minutes"), "minute"
        delta = 1 if word == "yesterday" else 0
        return (base - timedelta(days=delta)).date().isoformat(), "day"
    n_raw = m.group("n").lower()
    n = 1 if n_raw in ("a", "an", "one") else int(n_raw)
    unit = m.group("unit").lower()
    if unit.startswith("mo"):
        key, prec = "mo", "month"
    elif unit.startswith("y"):
        key, prec = "y", "year"
    else:
        key = unit[0]
        prec = {"s": "minute", "m": "minute", "h": "hour", "d": "day", "w": "day"}[key]
    if captured_at is None:
        return None, prec
    base = _parse_capture(captured_at)
    if base is None:
        return None, prec
    if key == "mo":
        y, mo = divmod(base.year * 12 + base.month - 1 - n, 12)
        return f"{y:04d}-{mo + 1:02d}", prec
    if key == "y":
        return f"{base.year - n:04d}", prec
    dt = base - timedelta(seconds=n * _UNIT_SECONDS[key])
    if prec == "day":
        return dt.date().isoformat(), prec
    if prec == "hour":
        return dt.replace(minute=0, second=0).isoformat(timespec="minutes"), prec
    return dt.isoformat(timespec="minutes"), prec


def _parse_capture(captured_at: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(captured_at.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.replace(tzinfo=None)


def _from_match(m: re.Match[str], captured_at: str | None) -> ParsedDate:
    g = m.groupdict()
    raw = m.group(0).strip()
    if g.get("n") or g.get("yday"):
        iso, prec = _relative(m, captured_at)
        return ParsedDate(iso, prec, raw, m.start(), m.end())
    h = _hour(g.get("h"), g.get("ap"))
    mi, s = g.get("mi"), g.get("s")
    out = None
    if g.get("mon1"):
        out = _build(int(g["y1"]), _MONTHS[g["mon1"].lower()], int(g["d1"]), h, mi, s)
    elif g.get("mon2"):
        out = _build(int(g["y2"]), _MONTHS[g["mon2"].lower()], int(g["d2"]), h, mi, s)
    elif g.get("y3"):
        if g.get("h3"):
            h, mi, s = int(g["h3"]), g["mi3"], g.get("s3")
        out = _build(int(g["y3"]), int(g["mo3"]), int(g["d3"]), h, mi, s)
    elif g.get("y4"):
        a, b = int(g["a4"]), int(g["b4"])
        # US order unless the first number cannot be a month, or dots (European style) are used.
        european = a > 12 or "." in m.group(0)[: m.end("b4") - m.start()]
        mo, d = (b, a) if european else (a, b)
        if mo <= 12:
            out = _build(_year(g["y4"]), mo, d, h, mi, s)
    elif g.get("y7"):
        a, b = int(g["a7"]), int(g["b7"])
        mo, d = (b, a) if a > 12 else (a, b)
        if mo <= 12:
            out = _build(_year(g["y7"]), mo, d, _hour(g.get("h7"), g.get("ap7")), g.get("mi7"), None)
    elif g.get("mon6"):
        return ParsedDate(None, None, raw, m.start(), m.end())  # no year: shown, not placed in time
    elif g.get("mon5"):
        out = _build(int(g["y5"]), _MONTHS[g["mon5"].lower()], None, None, None, None)
    if out is None:
        return ParsedDate(None, None, raw, m.start(), m.end())
    return ParsedDate(out[0], out[1], raw, m.start(), m.end())


def find_date(text: str, *, captured_at: str | None = None) -> ParsedDate | None:
    """The first timestamp in ``text`` (only the first 400 characters are searched).

    >>> find_date("China have all the money August 28, 2013 at 01:53").iso
    '2013-08-28T01:53'
    >>> find_date("Raechel — July 18th, 2012, 8:12 pm").iso
    '2012-07-18T20:12'
    """
    head = text[:400]
    if captured_at is None:
        return _find_date_uncaptured(head)
    m = DATE_PATTERN.search(head) if may_hold_date(head) else None
    return None if m is None else _from_match(m, captured_at)


@lru_cache(maxsize=4096)
def _find_date_uncaptured(head: str) -> ParsedDate | None:
    """:func:`find_date` without a capture time, memoised: the parser asks about one header line
    several times (author, date, line kind), two thirds of the calls on dragnet pages were repeats.
    Its result depends on ``head`` alone, and a ParsedDate is immutable."""
    m = DATE_PATTERN.search(head) if may_hold_date(head) else None
    return None if m is None else _from_match(m, None)


def parse_date(text: str, *, captured_at: str | None = None) -> ParsedDate | None:
    """Parse ``text`` when it is (essentially) one timestamp, else None.

    >>> p = parse_date("November 25, 2013 at 04:00"); (p.iso, p.precision)
    ('2013-11-25T04:00', 'minute')
    >>> parse_date("3 hours ago", captured_at="2013-08-28T10:00").iso
    '2013-08-28T07:00'
    """
    s = text.strip()
    if not s or len(s) > 80 or not may_hold_date(s):
        return None
    return parse_found_date(s, DATE_PATTERN.search(s), captured_at=captured_at)


def parse_found_date(s: str, m: re.Match[str] | None, *, captured_at: str | None = None) -> ParsedDate | None:
    """:func:`parse_date` of a stripped ``s`` that :func:`may_hold_date`, given ``DATE_PATTERN.search(s)``.

    For callers that need the match anyway (one scan instead of two).
    """
    if not s or len(s) > 80 or m is None:
        return None
    rest = (s[: m.start()] + s[m.end() :]).strip(" ,.|-–—:()[]\u00a0")
    if len(rest) > 12:
        return None
    return _from_match(m, captured_at)


def is_date_line(text: str) -> bool:
    """True when ``text`` is a line holding little more than a timestamp."""
    return parse_date(text) is not None


# --------------------------------------------------------------------------------------
# Timestamps as data files state them (import formats: Unix seconds, ISO 8601, RFC 2822)
# --------------------------------------------------------------------------------------
# Kept together at the end of the module (imports included) so that this addition stays one block.

import email.utils  # noqa: E402
import math  # noqa: E402
from datetime import date, timezone  # noqa: E402
from typing import Any  # noqa: E402

#: Unix times beyond this are taken as milliseconds (1e11 s is the year 5138).
_DATA_MILLISECONDS_FROM = 1e11
_DATA_NUMBER = re.compile(r"[+-]?\d{1,16}(?:\.\d+)?")
_DATA_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _data_iso(value: datetime) -> str | None:
    """UTC ISO 8601; None when the value has no UTC equivalent (``9999-12-31T23:59:59-12:00``)."""
    if value.tzinfo is not None:
        try:
            value = value.astimezone(timezone.utc)
        except (OverflowError, ValueError):
            return None
    return value.isoformat(timespec="seconds")


def _data_unix(seconds: float) -> str | None:
    if abs(seconds) >= _DATA_MILLISECONDS_FROM:
        seconds /= 1000.0
    try:
        return _data_iso(datetime.fromtimestamp(seconds, tz=timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def data_timestamp(value: Any) -> tuple[str | None, str | None, str | None]:
    """(ISO 8601, raw text, precision) of a timestamp value from the data.

    >>> data_timestamp(1376099580)
    ('2013-08-10T01:53:00+00:00', '1376099580', 'minute')
    >>> data_timestamp("2013-08-10")
    ('2013-08-10', '2013-08-10', 'day')
    >>> data_timestamp("last week")
    (None, 'last week', None)
    """
    if value is None or isinstance(value, bool):
        return None, None, None
    if isinstance(value, datetime):
        iso = _data_iso(value)
        return iso, value.isoformat(), "minute" if iso else None
    if isinstance(value, date):
        return value.isoformat(), value.isoformat(), "day"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None, None, None
        raw = str(int(value)) if float(value).is_integer() else str(value)
        iso = _data_unix(float(value))
        return iso, raw, "minute" if iso else None
    raw = str(value).strip()
    if not raw:
        return None, None, None
    if len(raw) > 64:
        return None, raw[:64], None
    if re.fullmatch(r"\d{4}", raw):  # a year, not 2013 seconds after 1970
        return raw, raw, "year"
    if _DATA_NUMBER.fullmatch(raw):
        iso = _data_unix(float(raw))
        return iso, raw, "minute" if iso else None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        if len(raw) == 10:  # YYYY-MM-DD
            return parsed.date().isoformat(), raw, "day"
        iso = _data_iso(parsed)  # None out of range: the value is kept as raw text, the rest of the file read
        return iso, raw, "minute" if iso else None
    match = _DATA_YEAR_MONTH.fullmatch(raw)
    if match and 1 <= int(match.group(2)) <= 12:
        return raw, raw, "month"
    try:
        parsed = email.utils.parsedate_to_datetime(raw)  # RFC 2822 (RSS pubDate)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        iso = _data_iso(parsed)
        return iso, raw, "minute" if iso else None
    return None, raw, None
