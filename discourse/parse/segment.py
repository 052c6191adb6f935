"""Block labelling: which blocks are title, article, comment section or boilerplate.

Two layers:

* sure rules (this module's constants): repeated title lines, image credits, paywall
  markers (the article is cut there and flagged ``truncated``), comment-form / newsletter
  markers that end a comment section, comment header patterns;
* a learned block classifier (:mod:`discourse.parse.model`) for everything the rules do not
  settle, trained on ``../shared/data/extraction``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from discourse.parse.blocks import Block
from discourse.parse.comments import COMMENT_END_MARKERS, PAYWALL_MARKERS, line_kind

__all__ = ["IMAGE_CREDIT", "LABELS", "Segmentation", "find_title", "segment_rules"]

LABELS = ("other", "article", "comment")
#: Caption/credit lines that are not article text.
IMAGE_CREDIT = re.compile(
    r"^(?:image|photo|picture|photograph|illustration|graphic)s?\s*(?:credit|courtesy|source|by)s?\s*:", re.I
)
_SENT = re.compile(r"[.!?…][\"'”’)]*(?:\s|$)")
HEADER_KINDS = frozenset({"date", "author_date", "says", "quote_open"})


@dataclass
class Segmentation:
    """Labels per block (``other``/``article``/``comment``) plus page-level findings."""

    labels: list[str]
    title: str | None = None
    truncated: bool = False
    drop_lines: set[str] = field(default_factory=set)


def _words(s: str) -> int:
    return len(s.split())


def substantial(block: Block) -> bool:
    """A real paragraph: many words and sentence punctuation."""
    return _words(block.text) >= 25 and bool(_SENT.search(block.text))


def find_title(blocks: list[Block], *, head: int = 12) -> str | None:
    """A short line repeated near the top of a text dump (a page title shown twice)."""
    seen: dict[str, int] = {}
    for b in blocks[:head]:
        for ln in b.lines:
            s = ln.strip()
            if 2 <= len(s) <= 200 and _words(s) >= 2:
                seen[s] = seen.get(s, 0) + 1
    for b in blocks[:head]:
        for ln in b.lines:
            if seen.get(ln.strip(), 0) >= 2:
                return ln.strip()
    return None


def paywall_index(blocks: list[Block]) -> int | None:
    for b in blocks:
        if any(PAYWALL_MARKERS.match(ln.strip()) for ln in b.lines):
            return b.index
    return None


def _is_header_block(blocks: list[Block], i: int) -> bool:
    b = blocks[i]
    kinds = [line_kind(ln) for ln in b.lines[:3]]
    if kinds and kinds[0] in HEADER_KINDS:
        return True
    return len(kinds) >= 2 and kinds[0] == "text" and _words(b.lines[0]) <= 6 and kinds[1] in ("date", "author_date")


def segment_rules(blocks: list[Block]) -> Segmentation:
    """Label blocks with rules only (no model): used for text dumps when no model is shipped,
    and as the source of the sure decisions the model output is reconciled with."""
    n = len(blocks)
    labels = ["other"] * n
    title = find_title(blocks)
    drop = {title} if title else set()
    pay = paywall_index(blocks)
    first_sub = next((b.index for b in blocks if substantial(b)), None)
    if first_sub is None:
        return Segmentation(labels, title=title, truncated=pay is not None, drop_lines=drop)
    # Start of the article: back up over short lead blocks (dek, byline) until a title line / menu.
    start = first_sub
    while start > 0 and start - 1 >= 0:
        prev = blocks[start - 1]
        if (title and title in prev.lines) or _words(prev.text) <= 3 or prev.link_chars > len(prev.text) * 0.5:
            break
        start -= 1
    # Start of the comment section: the first header block after the article started.
    c_start = None
    for i in range(first_sub + 1, n):
        if pay is not None and i >= pay:
            break
        if any(COMMENT_END_MARKERS.match(ln.strip()) for ln in blocks[i].lines):
            break
        if (_is_header_block(blocks, i) or blocks[i].item is not None) and i + 1 < n:
            c_start = i
            break
    a_end = min(x for x in (c_start, pay, n) if x is not None)
    for i in range(start, a_end):
        b = blocks[i]
        if any(COMMENT_END_MARKERS.match(ln.strip()) for ln in b.lines):
            a_end = i
            break
        labels[i] = "article"
    # Trailing short non-sentences after the last paragraph (share bars, tags) are not article.
    j = a_end - 1
    while j > first_sub and labels[j] == "article" and not substantial(blocks[j]) and not _SENT.search(blocks[j].text):
        labels[j] = "other"
        j -= 1
    if c_start is not None:
        for i in range(c_start, n):
            if any(COMMENT_END_MARKERS.match(ln.strip()) for ln in blocks[i].lines):
                break
            labels[i] = "comment"
    return Segmentation(labels, title=title, truncated=pay is not None, drop_lines=drop)


def rule_comment_region(blocks: list[Block], *, min_headers: int = 3) -> tuple[int, int] | None:
    """A comment section the header rules are sure about: ``(start, end)`` block indices.

    Sure means: after the first real paragraph, at least ``min_headers`` comment-header blocks
    (a date line, "author + date", "Name says:", a quote opening), most of them followed by a
    text block, up to a comment-form marker (or the page end) that closes the section.
    """
    n = len(blocks)
    first_sub = next((b.index for b in blocks if substantial(b)), None)
    if first_sub is None:
        return None
    start = None
    for i in range(first_sub + 1, n):
        if any(COMMENT_END_MARKERS.match(ln.strip()) for ln in blocks[i].lines[:1]) or PAYWALL_MARKERS.match(
            blocks[i].lines[0].strip()
        ):
            if start is None:
                return None
            end = i
            break
        if start is None and _is_header_block(blocks, i):
            start = i
    else:
        end = n
    if start is None:
        return None
    headers = [i for i in range(start, end) if _is_header_block(blocks, i)]
    followed = sum(1 for i in headers if i + 1 < end and not _is_header_block(blocks, i + 1))
    # Dense headers: a comment section has a header every few blocks; an article with a dated
    # sidebar block before it does not.
    dense = len(headers) * 4 >= end - start
    if len(headers) < min_headers or followed * 2 < len(headers) or end == n or not dense:
        return None
    return start, end
