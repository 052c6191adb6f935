"""Comments under bare name lines in text dumps: the heads a reader view leaves of a comment widget.

A clean dump of a page's reader view often shows each comment under its commenter's name alone
("Ann_W", a profile link and a name, a name and a score, a name over a day without a year), with no
date and no "says:" that :mod:`discourse.parse.segment`'s header rules look for. Here: what such a
head looks like (:func:`head_name`), the comment section they make at the end of a page
(:func:`name_comment_region`), and the heads that start each comment record (:func:`bare_name_heads`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from discourse.parse.blocks import Block
from discourse.parse.comments import COMMENT_END_MARKERS, line_kind
from discourse.parse.segment import (
    COMMENT_HEADING,
    HEADER_KINDS,
    SENTENCE_END,
    TEASER_HEADING,
    is_header_block,
    substantial,
    word_count,
)

__all__ = ["NamedSection", "bare_name_heads", "head_kinds", "head_name", "name_comment_region"]


#: A commenter's name on a line of its own: 1-3 words, no sentence punctuation, no colon.
_NAME_LINE = re.compile(r"^[^\s:.!?…|@©·«»#/]{1,24}(?: [^\s:.!?…|@©·«»#/]{1,24}){0,2}$")
#: Most body blocks one bare-named comment holds; more (a long comment) once the walk has seen
#: ``_PROVEN_HEADS`` comments of the section.
_NAME_BODY_BLOCKS = 8
_PROVEN_HEADS = 5
_PROVEN_BODY_BLOCKS = 16


#: A profile link before a commenter's name on its head line ("http://travismonitor.blogspot.com
#: Freedoms Truth": a rendered comment widget links the name to the commenter's site).
_PROFILE_LINK = re.compile(r"^(?:https?://|www\.)\S+\s+(?=\S)")
#: A score after the name ("Montemalone 44 pts", "Ann 3 likes"): votes shown in the head.
_HEAD_SCORE = re.compile(r"(?<!\s)\s+[+-]?\d{1,6}\s*(?:pts?|points?|likes?|votes?|punkte?)\.?$", re.I)


@lru_cache(maxsize=65536)
def head_name(line: str) -> str | None:
    """The commenter's name a bare head line shows ("Ann_W", a profile link then a name, a name
    then its score), or None when the line is not such a head.

    Memoised like :func:`~discourse.parse.comments.line_kind`: the block features, the section walk
    and the record grouping ask it of the same lines."""
    s = line.strip()
    core = _HEAD_SCORE.sub("", _PROFILE_LINK.sub("", s, count=1), count=1)
    return core if _name_text(core) else None


def _name_block(block: Block) -> bool:
    return len(block.lines) == 1 and head_name(block.lines[0]) is not None


def _marked_head(block: Block) -> bool:
    """A one-line name head that shows a profile link or a score ("Montemalone 44 pts"): a comment
    widget's head, which no subheading looks like, so one is enough to open a comment section."""
    if len(block.lines) != 1 or head_name(block.lines[0]) is None:
        return False
    s = block.lines[0].strip()
    return bool(_PROFILE_LINK.match(s) or _HEAD_SCORE.search(s))


def _trailing_head(block: Block) -> bool:
    """A block whose last line is the next comment's head: a dump joins a comment's last paragraph
    and the next commenter's name when the page set them apart only by indentation ("… your plan?"
    / "Viet71")."""
    lines = block.lines
    # The line above ends a sentence: a list of names ("One Girl Circus\nDaniel Hoang") ends in none.
    return (
        len(lines) >= 2
        and line_kind(lines[-2]) == "text"
        and SENTENCE_END.search(lines[-2]) is not None
        and head_name(lines[-1]) is not None
    )


def head_kinds(blocks: list[Block]) -> tuple[np.ndarray, np.ndarray]:
    """Per block, 1.0 where it is a one-line name head, and where its last line is one
    (:func:`_trailing_head`): the block features' view of the heads."""
    one_line = np.array([_name_block(b) for b in blocks], dtype=np.float64)
    trailing = np.array([_trailing_head(b) for b in blocks], dtype=np.float64)
    return one_line, trailing


def bare_name_heads(blocks: list[Block]) -> dict[tuple[int, int], str]:
    """The heads of a text dump's comments shown under bare name lines: ``{(block index, line): name}``.

    ``blocks`` are a comment section's blocks. A head is a one-line name block, or the last line of
    a block (:func:`_trailing_head`), followed by a block of running text. Only where no header line
    (a date, "X says:", a quote opening) shows anywhere in the section: there the header lines group
    the comments. A head at a block's end counts only beside another head (a lone short last line is
    as likely a signature).
    """
    if any(line_kind(ln) in HEADER_KINDS for b in blocks for ln in b.lines):
        return {}
    heads: dict[tuple[int, int], str] = {}
    trailing = 0
    for k, block in enumerate(blocks[:-1]):
        following = blocks[k + 1]
        if line_kind(following.lines[0]) != "text" or word_count(following.text) < 3:
            continue
        if len(block.lines) == 1:
            name = head_name(block.lines[0])
        elif line_kind(block.lines[-2]) == "text":  # a head at the block's end (_trailing_head)
            name = head_name(block.lines[-1])
            trailing += name is not None
        else:
            continue
        if name is not None:
            heads[(block.index, len(block.lines) - 1)] = name
    return heads if len(heads) > trailing or len(heads) >= 2 else {}


#: Lines shaped like a one-word name that are a whole short reply or a subheading instead.
_NOT_NAMES = frozenset(
    "thanks|thank you|cheers|regards|best|agreed|exactly|indeed|yes|no|yep|nope|wow|lol|amen|true|"
    "bravo|congratulations|congrats|update|edit|conclusion|summary|sources|references|notes|disclaimer|"
    "related|share|tags|advertisement|danke|merci|gracias|obrigado|grazie".split("|")
)


def _name_text(s: str) -> bool:
    """A commenter's name ("Subversive", "Ann_W", "Brandon Nater"), not a subheading or a control."""
    if not s or len(s) > 32 or not any(c.isalpha() for c in s):
        return False
    if s.lower() in _NOT_NAMES or s.endswith(","):
        return False  # a short reply, a subheading, a salutation ("Cheers,", "Hi Peter,")
    words = s.split()
    if len(words) > 1 and any(w[0].islower() for w in words):
        return False  # "Messages on top", "Job description": a subheading, not a name
    return bool(_NAME_LINE.match(s)) and line_kind(s) == "text" and not (
        COMMENT_HEADING.match(s) or TEASER_HEADING.match(s)
    )


#: A day without a year under a commenter's name ("November 12th", "12 Nov"): too bare for a date line.
_YEARLESS_DAY = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)$",
    re.I,
)


def _name_over_day(block: Block) -> bool:
    """A two-line head: a name, then a day without a year ("Jason" / "November 12th")."""
    if len(block.lines) != 2:
        return False
    name, day = (ln.strip() for ln in block.lines)
    return _name_text(name) and bool(_YEARLESS_DAY.match(day))


class NamedSection(NamedTuple):
    """A comment section under bare name heads: blocks ``start:end``; ``proven`` when its heads are
    plainly commenters (a name that comes back, or user handles) over a long thread
    (``_PROVEN_HEADS`` heads or more), which no subheadings or sidebar list look like."""

    start: int
    end: int
    proven: bool = False


def name_comment_region(blocks: list[Block], *, min_names: int = 2) -> NamedSection | None:
    """A comment section closing a text dump whose headers the header run misses: ``(start, end)`` blocks.

    A clean dump of a reader view often shows each comment under a bare name line ("Subversive",
    "Ann_W") with no date and no "says:", or a name over a day without a year ("Jason" / "November
    12th"), or has a single comment whose header ("Doug on Aug 9 said:", a name over a date) holds
    the comment's first lines itself. A head may also be the last line of the paragraph above it
    (:func:`_trailing_head`). Sure means: after the first real paragraph, from a head to the end of
    the page (or a comment-form marker), every block is a head or running text; each head owns
    1..``_NAME_BODY_BLOCKS`` body blocks (``_PROVEN_BODY_BLOCKS`` once ``_PROVEN_HEADS`` heads are
    seen; its own text lines count as one) with a sentence in them; and there are ``min_names``
    bare names, or one strong head (a comment header block, a name over a day, a name with a
    profile link or a score). A name closing the block right above the next head is a signature,
    not a head. Most of the page's words must stand before the section, a fifth when a name comes
    back or two names are user handles, a twentieth when that holds for ``_PROVEN_HEADS`` heads or
    more (then the section is ``proven``); when the whole walk fails that test, the section from
    its topmost strong head down is tried.
    """
    n = len(blocks)
    first_sub = next((b.index for b in blocks if substantial(b)), None)
    if first_sub is None:
        return None
    end = next((i for i in range(first_sub + 1, n) if blocks[i].lines and COMMENT_END_MARKERS.match(
        blocks[i].lines[0].strip())), n)

    def strong(j: int) -> bool:
        return is_header_block(blocks, j) or _name_over_day(blocks[j]) or _marked_head(blocks[j])

    def head(j: int) -> bool:
        return _name_block(blocks[j]) or strong(j)

    # Walk back from the end: body blocks, each run closed (above) by its head. A head may also be
    # the last line of a body block of the comment above (``carry``: that block's other lines are
    # the body above it).
    i = end - 1
    # A name closing the page heads no body (its comment was not captured): the lines above it are
    # the last comment's body.
    carry = end - 1 > first_sub and _trailing_head(blocks[end - 1])
    steps: list[tuple[int, bool, str]] = []  # the heads, from the last comment up: first block, strong, name
    while i > first_sub:
        j = i - 1 if carry else i
        # A name closing the block right above a head signs that comment ("All the best\nMagnus"):
        # no body stands under it, so it heads nothing and the walk goes on.
        signed = not carry
        while j > first_sub and not head(j) and (not _trailing_head(blocks[j]) or (signed and j == i)) and (
            line_kind(blocks[j].lines[0]) == "text"
        ):
            j -= 1
        trailing = not head(j) and _trailing_head(blocks[j])
        if j <= first_sub or not (head(j) or trailing):
            break
        # a header block may hold the comment's first lines itself ("Doug on Aug 9 said:\nI agree ...")
        own = [ln for ln in blocks[j].lines[1:] if line_kind(ln) == "text"] if strong(j) else []
        body = i - j + (1 if own and word_count(" ".join(own)) >= 3 else 0)
        texts = [blocks[k].text for k in range(j + 1, i + 1)] + [" ".join(own)]
        running = any(word_count(t) >= 5 and SENTENCE_END.search(t) for t in texts)
        longest = _NAME_BODY_BLOCKS if len(steps) < _PROVEN_HEADS else _PROVEN_BODY_BLOCKS
        if body < 1 or body > longest or not running:
            break
        head_line = blocks[j].lines[-1] if trailing else blocks[j].lines[0]
        steps.append((j + 1 if trailing else j, strong(j), head_name(head_line) or ""))
        if trailing:
            i, carry = j, True  # block j's other lines: the body of the comment above
        else:
            i, carry = j - 1, False
    words = [word_count(b.text) for b in blocks]
    section = _accepted(steps, words, end, min_names)
    if section is None:
        # The walk may run on into the article through subheadings glued to the paragraph above
        # ("… never use this client again.\nProtect IP"), which look like trailing heads. Then the
        # section from the topmost strong head down (a header, a name over a day, a marked head).
        top = max((k for k, step in enumerate(steps) if step[1]), default=None)
        if top is not None and top + 1 < len(steps):
            section = _accepted(steps[: top + 1], words, end, min_names)
    return section


def _accepted(steps: list[tuple[int, bool, str]], words: list[int], end: int, min_names: int) -> NamedSection | None:
    """The section the walk's heads make (``steps``: from the last comment up, each head's first
    block, whether it is strong, its name), or None when there are too few names or too few of the
    page's words stand before it."""
    names = sum(min_names if strong else 1 for _, strong, _ in steps)
    if not steps or names < min_names:
        return None
    start = steps[-1][0]
    # Comments follow the article: most of the page's words stand before the section (a listicle's
    # subheadings over short paragraphs start early). Unless the heads are plainly commenters: a name
    # that comes back (a discussion), or several handles ("h4rm0ny", "Ann_W", "intrimazz") that no
    # subheading looks like; then a fifth of the words before the section will do, a twentieth
    # under a long thread (``_PROVEN_HEADS`` heads or more).
    named = [name for _, _, name in steps if name]
    commenters = len(set(named)) < len(named) or sum(map(_handle, named)) >= 2
    proven = commenters and len(named) >= _PROVEN_HEADS
    share = (20 if proven else 5) if commenters else 2
    if sum(words[:start]) * share < sum(words):
        return None
    return NamedSection(start, end, proven)


def _handle(name: str) -> bool:
    """A user name no heading looks like: one token with a digit or "_", or all in lower case."""
    return " " not in name and (any(c.isdigit() or c == "_" for c in name) or name.islower())
