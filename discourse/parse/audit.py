"""How complete is a captured thread, and when was the page saved?

:func:`audit_completeness` reads what a page says about its own comment section: the count
it declares ("47 Comments", "Comments (12)", "View all 47 comments"), controls that mean
comments were not saved ("Load more comments", "Older comments", pagination) and comment
embeds that were never filled (a Disqus ``#disqus_thread`` placeholder, "Please enable
JavaScript to view the comments"). It gives each thread ``declared_comments``, a ``coverage``
status and a sentence in plain words:

============================  ===============================================================
``complete``                  every comment the page declares was captured, or (with no count)
                              the page's marked comment list was read whole: no "load more"
                              control, no empty embed
``partial``                   fewer comments than declared, or a "load more"/pagination control
``comments_not_captured``     the page has a comment section (count, embed, control) but no
                              comment was captured
``unknown``                   no comments and no sign of a comment section; or comments with no
                              evidence either way (no count, no marked comment list)
============================  ===============================================================

:func:`find_capture_time` finds when a page was saved from the page itself (SingleFile's
"saved date", a capture ``<meta>`` tag, an MHTML ``Date:`` header), so relative dates
("3 hours ago") resolve against the capture, never against the clock of the analysis.
:func:`flag_timestamps` marks timestamps after the capture time or more than a day before the
article's date.

Rules are data: ordered, named, linear-time patterns below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from discourse.model import Thread

__all__ = [
    "DECLARED_COUNT_PATTERNS",
    "LOAD_MORE_PATTERNS",
    "PLACEHOLDER_PATTERNS",
    "CompletenessAudit",
    "audit_completeness",
    "find_capture_time",
    "flag_timestamps",
]

_N = r"(\d{1,3}(?:[,.]\d{3})+|\d{1,6})"
#: A block that is (almost) only a comment count. Anchored: counts inside prose don't count.
DECLARED_COUNT_PATTERNS = (
    re.compile(rf"^\W{{0,3}}{_N}\s+(?:comments?|responses?|replies|reactions|kommentare|commentaires|comentarios)"
               r"(?:\s+(?:to|on|for|so far)\b[^\n]{0,200})?\W{0,3}$", re.I),
    re.compile(rf"^\W{{0,3}}(?:(?:view|show|see|read|all)\s+)?(?:comments?|responses?|discussion|reader comments|"
               rf"kommentare|commentaires|comentarios)\s*[(\[:]\s*{_N}\s*[)\]]?\W{{0,3}}$", re.I),
    re.compile(rf"^\W{{0,3}}(?:view|show|see|read|load)\s+all\s+{_N}\s+comments?\b[^\n]{{0,40}}$", re.I),
    re.compile(rf"^\W{{0,3}}(?:join the discussion|join the conversation)\W{{0,3}}{_N}\s+comments?\W{{0,3}}$", re.I),
)
#: Controls that mean some comments were not on the saved page.
LOAD_MORE_PATTERNS = (
    re.compile(r"^\W{0,3}(?:load|show|view|see|read)\s+(?:\d{1,6}\s+)?(?:more|older|newer|previous|next|all|"
               r"remaining|other)\s+(?:\d{1,6}\s+)?(?:comments?|replies|responses)\b[^\n]{0,40}$", re.I),
    re.compile(r"^\W{0,3}(?:«\s*|‹\s*)?(?:older|newer|previous|next)\s+comments?\W{0,3}(?:»|›)?\W{0,3}$", re.I),
    re.compile(r"^\W{0,3}comments?\s+(?:page\s+)?\d{1,4}\s+of\s+\d{1,4}\W{0,3}$", re.I),
    re.compile(r"^\W{0,3}(?:more comments|continue the discussion|continue reading comments)\W{0,3}$", re.I),
)
#: Comment embeds saved without their comments (text of a page, or its markup).
PLACEHOLDER_PATTERNS = (
    re.compile(r"enable javascript to view the\s+(?:\w+\s+){0,3}comments", re.I),
    re.compile(r"comments powered by\s+(?:disqus|facebook|livefyre|viafoura|coral)", re.I),
    re.compile(r"""id\s*=\s*["']disqus_thread["']""", re.I),
    re.compile(r"""class\s*=\s*["'][^"']{0,200}\b(?:fb-comments|livefyre|viafoura|coral-talk|spot-im)\b""", re.I),
)
# Markup patterns: substrings of their required words, searched in the lowercased page (_lowered). They avoid
# the letters i and s, whose case-insensitive regex matches include characters that str.lower()
# does not map to them (U+0130, U+0131, U+017F), so every regex match contains one of them.
# In the bytes _lowered gives, "spot-im" is looked for as "pot-" + i + "m" with each character
# that re.IGNORECASE matches to "i" (i, U+0130, U+0131 as UTF-8): "pot-" alone ("hotspot-",
# "spot-fed") sent pages to that pattern's slow scan for nothing.
# Each needle is (stem, its completions): the page holds it when it holds the stem and, if there
# are completions, one of them. Every scan of the page costs about 0.1 ms (85 kB on average):
# needles that share a stem are looked for only on the pages that hold it, most pages none.
_MARKUP_NEEDLES: tuple[tuple[tuple[bytes, tuple[bytes, ...]], ...], ...] = (
    ((b"_thread", (b"_thread\"", b"_thread'")),),  # the pattern's "disqus_thread" ends in a quote
    ((b"fb-comment", ()), (b"vefyre", ()), (b"afoura", ()), (b"coral-talk", ()),
     (b"pot-", (b"pot-im", "pot-\u0130m".encode(), "pot-\u0131m".encode()))),
)
_CAPTURE_PATTERNS = (
    # SingleFile: <!-- Page saved with SingleFile url: ... saved date: Wed Aug 28 2013 10:00:00 GMT+0000 (...) -->
    re.compile(r"saved date:\s*(?:\w{3}\s+)?(\w{3}\s+\d{1,2}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?)(?:\s+GMT([+-]\d{4}))?",
               re.I),
    # <meta name="captured-at|capture-date|archived-at|saved-at" content="2013-08-28T10:00:00Z">
    re.compile(r"""<meta\s+(?:name|property)\s*=\s*["'](?:captured[-_]at|capture[-_]date|archived[-_]at|saved[-_]at)"""
               r"""["']\s+content\s*=\s*["']([0-9T:+\-. Z]{10,40})["']""", re.I),
    # MHTML header at the top of the file: Date: Wed, 28 Aug 2013 10:00:00 -0000
    re.compile(r"\A(?:[^\n]{0,200}\n){0,12}?Date:\s*(?:\w{3},\s*)?(\d{1,2}\s+\w{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?)"
               r"(?:\s+([+-]\d{4}))?", re.I),
)


@dataclass(frozen=True)
class CompletenessAudit:
    """What the page says about its comment section, and what that means for the thread."""

    declared_comments: int | None
    coverage: str
    note: str
    load_more: bool = False
    placeholder: bool = False


@lru_cache(maxsize=1)
def _lowered(text: str) -> bytes:
    """The page as UTF-8 with ASCII letters lowercased, kept for the next call: a page's capture
    time and its markup audit both look for needles in the lowercased page.

    Only for ASCII needles without the letter i (all of this module's): such a needle is in
    ``text.lower()`` exactly when its bytes are in this. Besides A-Z, only U+0130 (to "i" and a
    combining dot) and U+212A, the Kelvin sign (to "k"), lowercase to ASCII; the Kelvin sign is
    turned into "k" first, and every other character is non-ASCII bytes both ways. Lowering the
    bytes skips Unicode case mapping, which cost 0.24 ms a page on average on dragnet (most of
    its pages are not ASCII)."""
    if "\u212a" in text:
        text = text.replace("\u212a", "k")
    return text.encode("utf-8", "surrogatepass").lower()


def _count(text: str) -> int:
    return int(re.sub(r"[,.]", "", text))


def audit_completeness(
    blocks: list[str],
    n_present: int,
    *,
    markup: str | None = None,
    closed_list: bool = False,
    on_page: int | None = None,
    article_headers: int = 0,
) -> CompletenessAudit:
    """Audit one thread: ``blocks`` are the page's text blocks (all of them, boilerplate too).

    ``complete`` needs evidence: the declared count met, or ``closed_list`` (the comments were read
    from a comment list the markup declares) with no "load more" control. ``on_page`` is the number
    of comments the page holds when fewer were read (the parser's per-page bound);
    ``article_headers`` counts lines of the article text that look like comment headers.

    >>> audit_completeness(["12 Comments", "Load more comments"], 5).note
    "5 of 12 comments captured: the page shows a 'Load more comments' control, the rest were not saved."
    >>> audit_completeness(["Share your thoughts"], 4).coverage
    'unknown'
    """
    declared: int | None = None
    control: str | None = None
    placeholder = False
    for block in blocks:
        # A cheap pre-check (speed only, same results): a line can match a count, "load more" or
        # placeholder pattern only if it holds one of the words comment, respons(e), repl(ies),
        # reaction, kommentar, comentario, discussion (every such pattern requires one). It looks
        # for substrings of them without the letters i and s, for the reason _MARKUP_NEEDLES gives
        # (respons -> "re" and "pon", discussion -> "cu" and "on"), so every pattern match passes it.
        low = block.lower()
        if not (
            "comment" in low or "repl" in low or "reac" in low or "komment" in low or "comentar" in low
            or ("pon" in low and "re" in low) or ("cu" in low and "on" in low)
        ):
            continue
        line = " ".join(block.split())
        if len(line) > 300:
            continue
        if declared is None:
            for pattern in DECLARED_COUNT_PATTERNS:
                match = pattern.match(line)
                if match:
                    declared = _count(match.group(1))
                    break
        if control is None and any(p.match(line) for p in LOAD_MORE_PATTERNS):
            control = line
        if not placeholder and any(p.search(line) for p in PLACEHOLDER_PATTERNS[:2]):
            placeholder = True
    if markup is not None and not placeholder:
        low = _lowered(markup)
        placeholder = any(
            any(stem in low and (not full or any(n in low for n in full)) for stem, full in needles)
            and p.search(markup)
            for p, needles in zip(PLACEHOLDER_PATTERNS[2:], _MARKUP_NEEDLES, strict=True)
        )

    audit = _coverage(declared, control, placeholder, n_present, closed_list, on_page)
    if article_headers >= 2:
        audit = CompletenessAudit(audit.declared_comments, audit.coverage, audit.note + (
            f" {article_headers} lines of the article text look like comment headers (a name and a date): some "
            "comments may have been read as article text."), audit.load_more, audit.placeholder)
    return audit


def _coverage(declared: int | None, control: str | None, placeholder: bool, n_present: int, closed_list: bool,
              on_page: int | None) -> CompletenessAudit:
    shown = f" the page shows a '{control}' control," if control else ""
    if on_page is not None and on_page > n_present:
        total = max(on_page, declared or 0)
        return CompletenessAudit(declared, "partial", f"{n_present} of {total} comments read: the page holds more "
                                 "comments than the parser reads from one page.", bool(control), placeholder)
    if n_present == 0:
        if declared:
            return CompletenessAudit(declared, "comments_not_captured",
                                     f"0 of {declared} comments captured: the page declares {declared} but none "
                                     "were saved with it.", bool(control), placeholder)
        if placeholder or control:
            what = "an empty comment embed" if placeholder else f"a '{control}' control"
            return CompletenessAudit(declared, "comments_not_captured",
                                     f"No comments captured: the page has {what}, but its comments were not saved.",
                                     bool(control), placeholder)
        return CompletenessAudit(declared, "unknown", "No comment section was found on the page; no comments were "
                                 "captured.")
    if declared is not None and n_present > declared:
        # Never "36 of 35": the count is older than the list, or leaves replies out.
        return CompletenessAudit(declared, "complete", f"{n_present} comments captured; the page declares {declared} "
                                 "(its count may leave replies out or be older than the list).", bool(control),
                                 placeholder)
    if declared is not None and n_present == declared:
        return CompletenessAudit(declared, "complete", f"{n_present} of {declared} comments captured (all the page "
                                 "declares).", bool(control), placeholder)
    if declared is not None:
        tail = f"{shown} the rest were not saved." if control else " the rest were not on the saved page."
        return CompletenessAudit(declared, "partial", f"{n_present} of {declared} comments captured:{tail}",
                                 bool(control), placeholder)
    if control:
        return CompletenessAudit(None, "partial", f"{n_present} comments captured, but{shown} so more were not "
                                 "saved (the page states no total).", True, placeholder)
    if closed_list:
        return CompletenessAudit(None, "complete", f"{n_present} comments captured: the page's comment list, with no "
                                 "'load more' control (the page states no total).", False, placeholder)
    return CompletenessAudit(None, "unknown", f"{n_present} comments captured; the page states no total and marks no "
                             "comment list, so whether all were saved cannot be checked.", False, placeholder)


def _to_iso(stamp: str, offset: str | None) -> str | None:
    stamp = " ".join(stamp.split())
    for fmt in ("%b %d %Y %H:%M:%S", "%b %d %Y %H:%M", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M"):
        try:
            value = datetime.strptime(stamp, fmt)
            break
        except ValueError:
            continue
    else:
        try:
            value = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return None
    if offset and value.tzinfo is None:
        sign = 1 if offset[0] == "+" else -1
        value = value.replace(tzinfo=timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))))
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="minutes")


def find_capture_time(text: str) -> str | None:
    """When the page was saved, if the page says so (ISO 8601, UTC when a zone is given).

    >>> find_capture_time("<!-- Page saved with SingleFile url: x saved date: Wed Aug 28 2013 10:00:00 GMT+0000 -->")
    '2013-08-28T10:00'
    >>> find_capture_time('<meta name="captured-at" content="2013-08-28T10:00:00Z">')
    '2013-08-28T10:00'
    """
    head = text[:200_000]
    # Needles without i/s (see _MARKUP_NEEDLES) that a match must hold: "saved date:" holds
    # "aved date:"; the capture <meta> names hold "captur", "ved-at" or "ved_at". No needle, no
    # scan. They are looked for in the whole page (head.lower() is a prefix of text.lower()).
    low = _lowered(text)
    needed = (b"aved date:" in low, b"captur" in low or b"ved-at" in low or b"ved_at" in low, True)
    for k, pattern in enumerate(_CAPTURE_PATTERNS):
        if not needed[k]:
            continue
        match = pattern.search(head)
        if match:
            iso = _to_iso(match.group(1), match.group(2) if match.lastindex and match.lastindex > 1 else None)
            if iso:
                return iso
    return None


def flag_timestamps(thread: Thread, *, article_date: str | None = None) -> int:
    """Flag comments dated after the capture or more than a day before the article; return how many."""
    def parse(value: str | None) -> datetime | None:
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed

    captured, published = parse(thread.captured_at), parse(article_date or thread.article.published)
    flagged = 0
    for comment in thread.comments:
        when = parse(comment.timestamp)
        if when is None:
            continue
        if captured is not None and when > captured + timedelta(minutes=1):
            comment.timestamp_flag = "after_capture"
        elif published is not None and when < published - timedelta(days=1):
            comment.timestamp_flag = "before_article"
        else:
            continue
        flagged += 1
    return flagged
