"""From data to threads: ids, text of HTML and XML fragments, comments, the finishing checks.

What every import reader shares once it holds a record: :func:`safe_thread_id`,
:func:`make_comment` (timestamps read by :func:`discourse.parse.dates.data_timestamp`),
:func:`html_text` (comment HTML to text, the block and drop tags of
:mod:`discourse.parse.blocks`) and :func:`keep_threads`; the finishing checks are
:meth:`discourse.model.Thread.check_integrity`.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from discourse.errors import InputError
from discourse.model import Article, Comment, Thread, make_thread_id
from discourse.parse.dates import data_timestamp
from discourse.parse.markup import BLOCK_TAGS, DROP_TAGS
from discourse.text import normalize_text

log = logging.getLogger(__name__)

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


_LINE_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


_MANY_BREAKS = re.compile(r"\n{3,}")


def str_id(value: Any) -> str | None:
    """An id as a string: None for null/empty/NaN, integral floats without ``.0``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return text or None


def safe_thread_id(data_id: str, *, prefix: str = "") -> str:
    """The data's own thread id when it is a safe name, else a slug plus a hash of it."""
    tid = f"{prefix}{data_id}"
    if SAFE_ID.fullmatch(tid) and not tid.endswith("."):
        return tid
    return make_thread_id(tid.replace("/", "-").replace("\\", "-"), tid)


def whole_count(value: Any) -> int | None:
    """A non-negative whole number from the data, or None.

    >>> whole_count("12"), whole_count(3.0), whole_count("many"), whole_count(-1), whole_count(True)
    (12, 3, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value < 10**12 else None


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def make_article(text: str | None, **kw: Any) -> Article:
    text = text or ""
    return Article(text=text, paragraphs=_paragraphs(text), **kw)


def tidy(text: str) -> str:
    """Fold spaces within lines, keep line and paragraph breaks, drop invisible characters."""
    lines = [normalize_text(_LINE_SPACE.sub(" ", line)) for line in text.replace("\r\n", "\n").split("\n")]
    return _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()


def _flatten(root: Any) -> str:
    """Text of an HTML element, with breaks for <br> and block elements."""

    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "br":
                parts.append("\n")
            elif tag in BLOCK_TAGS:
                parts.append("\n\n")
            if tag and el.text:
                parts.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n\n")
            if el is not root and el.tail:
                parts.append(el.tail)
    return tidy("".join(parts))


def html_text(markup: str | None) -> tuple[str, str | None]:
    """(text, quoted text) of an HTML fragment; ``<blockquote>`` contents go to the quote.

    >>> html_text("<p>I agree &amp; more.</p><blockquote>They said</blockquote><p>Yes<br>no</p>")
    ('I agree & more.\\n\\nYes\\nno', 'They said')
    """
    if not markup or not markup.strip():
        return "", None
    if "<" not in markup:
        return tidy(html.unescape(markup)), None

    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError):
        return tidy(html.unescape(re.sub(r"<[^<>]{0,2000}>", " ", markup))), None
    for el in list(root.iter(*DROP_TAGS)):
        el.drop_tree()
    quotes = []
    for el in _outer_blockquotes(root):
        quotes.append(_flatten(el))
        el.drop_tree()
    quoted = "\n\n".join(q for q in quotes if q) or None
    return _flatten(root), quoted


def _outer_blockquotes(root: Any) -> list[Any]:
    """The ``<blockquote>`` elements not inside another one, in document order.

    One walk that does not descend into a quote: checking each quote's ancestors instead is
    quadratic in the nesting depth (38 s on a 4 MB message of nested quotes).
    """
    found, stack = [], list(reversed(root))
    while stack:  # pre-order: elements come off the stack in document order
        el = stack.pop()
        if el.tag == "blockquote":
            found.append(el)
        elif isinstance(el.tag, str):
            stack.extend(reversed(el))
    return found


def xml_text(el: Any) -> str:
    """Text of an XML element, unresolved entity references left out."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):  # entity references and comments have no string tag
            parts.append(xml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def make_comment(
    cid: str,
    text: str,
    *,
    author: Any = None,
    when: Any = None,
    parent: str | None = None,
    absent: bool = False,
    **extra: Any,
) -> Comment:
    iso, raw, precision = data_timestamp(when)
    author_name = str(author).strip() if author is not None and str(author).strip() else None
    return Comment(
        id=cid,
        text=text,
        author=author_name,
        timestamp=iso,
        timestamp_raw=raw,
        timestamp_precision=precision,
        reply_to=parent,
        reply_source="markup" if parent is not None else "none",
        reply_confidence=1.0 if parent is not None else 0.0,
        absent=absent,
        **extra,
    )


def keep_threads(threads: Iterable[Thread], path: Path, what: str) -> list[Thread]:
    """Threads with at least one present comment; InputError when none is left."""
    threads = list(threads)
    kept = [t for t in threads if t.present_comments]
    if len(kept) < len(threads):
        log.info("%s: %d %s without comments left out", path, len(threads) - len(kept), what)
    if not kept:
        raise InputError(path, f"no comments found ({len(threads)} {what} read)")
    return kept
