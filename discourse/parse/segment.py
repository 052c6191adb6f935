"""Block labelling: which blocks are title, article, comment section or boilerplate.

Two layers:

* sure rules (this module's constants): repeated title lines, image credits, paywall
  markers (the article is cut there and flagged ``truncated``), comment-form / newsletter
  markers that end a comment section, comment header patterns;
* a learned block classifier (:mod:`discourse.parse.classifier`) for everything the rules do not
  settle, trained on ``../shared/data/extraction``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from discourse.parse.blocks import Block
from discourse.parse.comments import COMMENT_END_MARKERS, PAYWALL_MARKERS, line_kind

__all__ = [
    "IMAGE_CREDIT",
    "LABELS",
    "HeaderRegion",
    "Segmentation",
    "complete_article",
    "find_title",
    "header_region",
    "segment_rules",
    "split_at_headers",
]

LABELS = ("other", "article", "comment")
#: Caption/credit lines that are not article text.
IMAGE_CREDIT = re.compile(
    r"^(?:image|photo|picture|photograph|illustration|graphic)s?\s*(?:credit|courtesy|source|by)s?\s*:", re.I
)
#: Where a sentence ends: its punctuation, closing quotes or brackets, then a space or the end.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(?:\s|$)")
HEADER_KINDS = frozenset({"date", "author_date", "says", "quote_open"})


@dataclass
class Segmentation:
    """Labels per block (``other``/``article``/``comment``) plus page-level findings."""

    labels: list[str]
    title: str | None = None
    truncated: bool = False
    drop_lines: set[str] = field(default_factory=set)
    #: The comment headers (author, date) follow each comment's body ("Posted by X at DATE").
    headers_after: bool = False


def word_count(s: str) -> int:
    """Words in ``s``, split at whitespace."""
    return len(s.split())


def substantial(block: Block) -> bool:
    """A real paragraph: many words and sentence punctuation."""
    return word_count(block.text) >= 25 and bool(SENTENCE_END.search(block.text))


def _opens_comment(lines: list[str], j: int) -> bool:
    """Line ``j`` opens a comment: a header ("X says:", "X on DATE", "Posted by X"), or a short name
    line right before a date line."""
    kind = line_kind(lines[j])
    if kind in ("says", "author_date"):
        return True
    return (
        kind == "text"
        and j + 1 < len(lines)
        and word_count(lines[j]) <= 5
        and not SENTENCE_END.search(lines[j])
        and line_kind(lines[j + 1]) == "date"
        and len(lines[j + 1]) <= 60
    )


def split_at_headers(blocks: list[Block]) -> list[Block]:
    """Text-dump paragraphs cut where a comment header starts inside them.

    A dump copied from a reader view often runs one comment's last line, the next comment's
    author and date and its first line together in one paragraph ("Thanks!\nDougC says:\non
    October 31, 2012"). Cut there, every comment starts a block, as on an HTML page.
    """
    out: list[Block] = []
    for b in blocks:
        lines = b.lines
        cuts = [j for j in range(1, len(lines)) if _opens_comment(lines, j)] if len(lines) > 1 else []
        # the name line of a "name / date" pair is the start, not the date line after it
        cuts = [j for j in cuts if j - 1 not in cuts or not _opens_comment(lines, j - 1)]
        if not cuts:
            out.append(Block(b.text, index=len(out), lines=list(lines)))
            continue
        for lo, hi in zip([0, *cuts], [*cuts, len(lines)], strict=True):
            part = lines[lo:hi]
            if part:
                out.append(Block("\n".join(part), index=len(out), lines=list(part)))
    return out


def find_title(blocks: list[Block], *, head: int = 12) -> str | None:
    """A short line repeated near the top of a text dump (a page title shown twice)."""
    seen: dict[str, int] = {}
    for b in blocks[:head]:
        for ln in b.lines:
            s = ln.strip()
            if 2 <= len(s) <= 200 and word_count(s) >= 2:
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


def is_header_block(blocks: list[Block], i: int) -> bool:
    """Block ``i`` opens a comment: a date, "X says:" or quote line first, or a short name over a date."""
    b = blocks[i]
    kinds = [line_kind(ln) for ln in b.lines[:3]]
    if kinds and kinds[0] in HEADER_KINDS:
        return True
    return (
        len(kinds) >= 2 and kinds[0] == "text" and word_count(b.lines[0]) <= 6 and kinds[1] in ("date", "author_date")
    )


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
        if (title and title in prev.lines) or word_count(prev.text) <= 3 or prev.link_chars > len(prev.text) * 0.5:
            break
        start -= 1
    # Start of the comment section: the first header block after the article started.
    c_start = None
    for i in range(first_sub + 1, n):
        if pay is not None and i >= pay:
            break
        if any(COMMENT_END_MARKERS.match(ln.strip()) for ln in blocks[i].lines):
            break
        if (is_header_block(blocks, i) or blocks[i].item is not None) and i + 1 < n:
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
    while (
        j > first_sub
        and labels[j] == "article"
        and not substantial(blocks[j])
        and not SENTENCE_END.search(blocks[j].text)
    ):
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
        if start is None and is_header_block(blocks, i):
            start = i
    else:
        end = n
    if start is None:
        return None
    headers = [i for i in range(start, end) if is_header_block(blocks, i)]
    followed = sum(1 for i in headers if i + 1 < end and not is_header_block(blocks, i + 1))
    # Dense headers: a comment section has a header every few blocks; an article with a dated
    # sidebar block before it does not.
    dense = len(headers) * 4 >= end - start
    if len(headers) < min_headers or followed * 2 < len(headers) or end == n or not dense:
        return None
    return start, end


#: A heading that opens a comment section ("12 Comments", "Kommentare", "Reader comments", "3 Responses to …").
COMMENT_HEADING = re.compile(
    r"^(?:\d+\s+|one\s+|no\s+)?(?:reader\s+|user\s+|leser)?(?:comments?|kommentare?|responses?|reactions?|replies|"
    r"commentaires?|comentarios?|comentários?|commenti|diskussion|discussion|antworten|réponses?|respuestas?|"
    r"respostas?|feedback)\b(?:\s*\(\d+\))?(?:\s+(?:to|on|zu|für|sur|a|em|en|so far)\b.{0,120})?[:.]?$",
    re.I,
)
#: A heading over a list of other articles (their bylines and dates look like comment headers).
TEASER_HEADING = re.compile(
    r"^(?:related(?: posts| articles| stories)?|more (?:from|stories|posts|articles)|recommended(?: for you)?|"
    r"you (?:may|might) also like|read (?:more|next)|popular(?: posts)?|(?:recent|latest) (?:posts|articles)|"
    r"also in this series|ähnliche (?:beiträge|artikel)|das könnte dich auch interessieren|mehr zum thema|"
    r"weitere artikel|articles similaires|à lire aussi|artículos relacionados|artigos relacionados|"
    r"articoli correlati)\b.{0,40}$",
    re.I,
)
#: Largest gap (in blocks) between two comment headers of one section: a comment of many paragraphs.
MAX_HEADER_GAP = 15


@dataclass(frozen=True)
class HeaderRegion:
    """A comment section found by its repeated header lines: blocks ``start``..``end`` (exclusive)."""

    start: int
    end: int
    headers: tuple[int, ...]
    headers_after: bool


def is_comment_heading(block: Block) -> bool:
    """A one-line block that heads the comments ("12 Comments", "Kommentare", "3 Responses to …"),
    not a reply's header ("Response to CraigSummers, 1 November 2012 9:59PM")."""
    return (
        len(block.lines) == 1
        and word_count(block.text) <= 12
        and bool(COMMENT_HEADING.match(block.lines[0].strip()))
        and line_kind(block.lines[0]) not in ("date", "author_date")
    )


def _header_blocks(blocks: list[Block], lo: int) -> list[int]:
    """Indices (from ``lo``) of blocks that open with a comment header, or a name block before a date block."""
    out = []
    n = len(blocks)
    for i in range(lo, n):
        if is_header_block(blocks, i):
            out.append(i)
        elif (
            i + 1 < n
            and len(blocks[i].lines) == 1
            and word_count(blocks[i].text) <= 5
            and not SENTENCE_END.search(blocks[i].text)
            and line_kind(blocks[i].lines[0]) == "text"
            and line_kind(blocks[i + 1].lines[0]) in ("date", "author_date")
            and len(blocks[i + 1].lines[0]) <= 60
        ):
            out.append(i)  # "Fabio" / "Jul 23 2012" / body: the name block starts the comment
    # A name block and the date block right after it are one header.
    return [h for k, h in enumerate(out) if not (k and out[k - 1] == h - 1 and word_count(blocks[h - 1].text) <= 5
                                                 and line_kind(blocks[h].lines[0]) in ("date", "author_date"))]


def _lone_comment(blocks: list[Block], h: int, first_sub: int) -> bool:
    """One comment with a strong header ("X says:", "X on DATE", a name over a date) in the last part
    of the page, after the article's paragraphs, followed by its body."""
    n = len(blocks)
    kinds = [line_kind(ln) for ln in blocks[h].lines[:2]]
    strong = kinds[0] in ("says", "author_date") or (len(kinds) > 1 and kinds[1] in ("date", "author_date")) or (
        h + 1 < n and line_kind(blocks[h + 1].lines[0]) in ("date", "author_date")
    )
    body = next((b for b in blocks[h + 1 : h + 3] if line_kind(b.lines[0]) == "text"), None)
    # A body of three words, or a shorter one closing the page ("Keep dreaming!", "Yay! :)").
    closing = body is not None and all(line_kind(b.lines[0]) in ("boiler", "end") for b in blocks[body.index + 1 :])
    return (
        strong
        and body is not None
        and (word_count(body.text) >= 3 or (closing and word_count(body.text) >= 1))
        and h > first_sub + 1
        and h >= 0.5 * n
    )


def header_region(blocks: list[Block], *, single: bool = True) -> HeaderRegion | None:
    """The comment section of a page whose comments each carry a header line (author, date, "says:").

    Comment headers repeat with a short period after the article. The section is the densest run
    of headers after the first real paragraph (gaps of at most ``MAX_HEADER_GAP`` blocks) with at
    least two headers, or one header right after a comment heading ("1 Comment"). Whether the
    headers stand before or after their bodies is read from the section's ends: a body after the
    last header means before; the last header closing the page (and no heading right before the
    first) means after ("Posted by X at DATE" under each comment).
    """
    n = len(blocks)
    first_sub = next((b.index for b in blocks if substantial(b)), None)
    if first_sub is None:
        return None
    end_marks = [
        i
        for i in range(first_sub + 1, n)
        if blocks[i].lines and COMMENT_END_MARKERS.match(blocks[i].lines[0].strip()) and len(blocks[i].text) < 200
    ]
    headers = _header_blocks(blocks, first_sub + 1)
    if not headers:
        return None
    runs: list[list[int]] = [[headers[0]]]
    for h in headers[1:]:
        if h - runs[-1][-1] <= MAX_HEADER_GAP and not any(runs[-1][-1] < e < h for e in end_marks):
            runs[-1].append(h)
        else:
            runs.append([h])
    run = max(runs, key=lambda r: (len(r), r[0]))
    # A "Reader comments" heading inside the run: the headers before it belong to the article.
    inner = [j for j in range(run[0] + 1, run[-1]) if is_comment_heading(blocks[j])]
    if inner:
        run = [h for h in run if h > inner[-1]] or run
    h0, last = run[0], run[-1]
    heading = next((j for j in range(h0 - 1, max(first_sub, h0 - 4), -1) if is_comment_heading(blocks[j])), None)
    if len(run) < 2 and heading is None and not (single and _lone_comment(blocks, h0, first_sub)):
        return None
    gaps = [b - a for a, b in pairwise(run)]
    stop = next((e for e in end_marks if e > last), n)
    after_last = [i for i in range(last + 1, stop) if line_kind(blocks[i].lines[0]) not in ("boiler", "end")]
    with_body = sum(1 for h in run if len(blocks[h].lines) > 1 and line_kind(blocks[h].lines[-1]) == "text")
    headers_after = not after_last and heading != h0 - 1 and with_body * 2 < len(run)
    if headers_after:
        span = min(gaps) - 1 if gaps else 1
        start = heading + 1 if heading is not None else max(first_sub + 1, h0 - max(1, span))
        end = last + 1
    else:
        start = h0
        if heading is None and h0 - 1 > first_sub and word_count(blocks[h0 - 1].text) <= 4 and not SENTENCE_END.search(
            blocks[h0 - 1].text
        ) and line_kind(blocks[h0 - 1].lines[0]) == "text":
            start = h0 - 1  # the author's name on its own line above the date header
        end = min(stop, last + 1 + (max(gaps) if gaps else MAX_HEADER_GAP))
    if not _bodies_are_comments(blocks, run, start, end, headers_after):
        return None
    return HeaderRegion(start, end, tuple(run), headers_after)


def _bodies_are_comments(blocks: list[Block], run: list[int], start: int, end: int, headers_after: bool) -> bool:
    """Most headers own a body of running text, not a link (a teaser list: title, date, title, date)."""
    if any(TEASER_HEADING.match(blocks[i].lines[0].strip()) for i in range(max(0, run[0] - 3), run[0] + 1)):
        return False  # "Related posts", "More from …": a teaser list with bylines and dates
    titled = 0
    good = 0
    for k in range(len(run)):
        if headers_after:  # the body is between the previous header and this one
            lo, hi = (start if k == 0 else run[k - 1] + 1), run[k]
        else:  # the header block and what follows, up to the next header
            lo, hi = run[k], (run[k + 1] if k + 1 < len(run) else end)
        body = blocks[lo:hi]
        text_words = links = chars = 0
        for b in body:
            for ln in b.lines:
                if line_kind(ln) == "text":
                    text_words += word_count(ln)
            links += b.link_chars
            chars += len(b.text)
        # a lone comment may be a short reply ("Keep dreaming!"; _lone_comment checked it closes the page)
        if (text_words >= 4 or (len(run) == 1 and text_words >= 1)) and links < 0.5 * max(chars, 1):
            good += 1
        # a headline: a block that is all link, 3+ words (a teaser's title; comments link no titles)
        if any(
            b.link_chars >= 0.9 * len(b.text) and word_count(b.text) >= 3 and line_kind(b.lines[0]) == "text"
            for b in body
            if b.index not in run
        ):
            titled += 1
    return good * 10 >= len(run) * 6 and titled * 2 < len(run)


#: Class words of an embedded post's container (``blockquote.twitter-tweet``, ``instagram-media``,
#: ``tiktok-embed``, ``wp-block-embed``), after the block walker splits class names into words.
#: Share buttons ("twitter", "facebook") are not embeds: their words are not here.
_EMBED_WORDS = frozenset({"tweet", "instagram", "tiktok", "embed", "oembed"})
#: Most list items one gap in a body list adds to the article.
_COMPLETION_RUN = 6


def _embedded_in(block: Block, context: str) -> bool:
    """``block`` sits in an embed container directly inside the element whose context is ``context``:
    its class words are an embed's own words, then that context (cut at the walker's 400 characters)."""
    if not context or not block.attrs or block.attrs == context:
        return False
    words = block.attrs.split()
    for k in range(1, min(6, len(words))):
        rest = " ".join(words[k:])
        if context.startswith(rest) and len(rest) * 2 >= len(context):
            return not _EMBED_WORDS.isdisjoint(words[:k])
    return False


def complete_article(blocks: list[Block], labels: list[str]) -> None:
    """Article blocks the labels leave out inside the article's own element (HTML), by failure class.

    * Embedded posts (tweets, Instagram posts) in the body: every embed of one container kind
      inside the article's element is read the same way, so when most of their blocks are article,
      all are. Embeds are link-heavy (handles, hashtags, "pic.twitter.com/..."), so block labels
      drop some, most of all the last one, which ends the article. (Where the labels call most
      embeds of a page "other", as on pages that quote tweets as asides, they stay so.)
    * A list read whole: a list item with running text of its own between an article item of the
      same list and a later article block of the same element (a link-heavy item of a body list:
      "ELKI contains t-SNE, with Barnes-Hut approximation. https://...").
    """
    art = [i for i, lab in enumerate(labels) if lab == "article"]
    if not art:
        return
    n = len(blocks)
    contexts = {blocks[i].attrs for i in art if blocks[i].attrs}
    embeds: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        if labels[i] != "comment" and any(_embedded_in(block, c) for c in _context_candidates(block, contexts)):
            embeds.setdefault(block.attrs, []).append(i)
    for members in embeds.values():
        if sum(1 for i in members if labels[i] == "article") * 2 > len(members):
            for i in members:
                labels[i] = "article"
    for i in range(1, n - 1):
        prev, block = blocks[i - 1], blocks[i]
        if labels[i] != "other" or labels[i - 1] != "article" or block.tag != "li" or prev.tag != "li":
            continue
        if not block.attrs or block.attrs != prev.attrs:
            continue
        end = i
        while end < n and end - i < _COMPLETION_RUN and labels[end] == "other" and blocks[end].tag == "li" and (
            blocks[end].attrs == block.attrs and len(blocks[end].text) - blocks[end].link_chars >= _OWN_TEXT_CHARS
        ):
            end += 1
        if end > i and end < n and labels[end] == "article" and blocks[end].attrs == block.attrs:
            for k in range(i, end):
                labels[k] = "article"


#: Characters outside links that make a list item running text, not a link (a post title, a nav entry).
_OWN_TEXT_CHARS = 25


def _context_candidates(block: Block, contexts: set[str]) -> list[str]:
    """The article contexts ``block``'s class words could end with (a cheap test before _embedded_in)."""
    attrs = block.attrs
    # Substring tests in C first ("oembed" holds "embed"): most blocks name no embed at all.
    if not attrs or not ("embed" in attrs or "tweet" in attrs or "instagram" in attrs or "tiktok" in attrs):
        return []
    if _EMBED_WORDS.isdisjoint(attrs.split()[:5]):
        return []
    return [c for c in contexts if c[:20] in block.attrs]
