"""Sure rules over the block model's labels: what the page's own structure settles.

The model (:mod:`discourse.parse.classifier`) labels each block; these rules then override it where
the page leaves no doubt: a paywall cut, comment-form markers, comment headers and their bodies, a
comment section under bare name heads (:mod:`discourse.parse.names`), comments closed by a footer,
and (HTML) the article's own element. Each rule was kept only where the grouped cross-validation
of the model card showed it helps.
"""

from __future__ import annotations

from typing import Any

from discourse.parse.blocks import Block
from discourse.parse.comments import COMMENT_END_MARKERS, line_kind, name_under_footer
from discourse.parse.features import FIND
from discourse.parse.names import name_comment_region
from discourse.parse.segment import (
    COMMENT_HEADING,
    HEADER_KINDS,
    SENTENCE_END,
    Segmentation,
    find_title,
    header_region,
    is_comment_heading,
    paywall_index,
    rule_comment_region,
    word_count,
)

__all__ = ["apply_sure_rules"]


def apply_sure_rules(blocks: list[Block], labels: list[str], fmt: str, *, header_run: Any = FIND) -> Segmentation:
    """The model's ``labels`` with the sure rules applied: the paywall cut, comment-form markers,
    the text dumps' header sections, bare-named sections and footer layouts, the HTML article's
    own element, comment headers with their name lines and bodies, and the title line."""
    labels = list(labels)
    pay = paywall_index(blocks)
    if pay is not None:
        # Behind a paywall pitch: no article text; comment labels only where comment headers show.
        has_headers = any(
            line_kind(ln) in HEADER_KINDS
            for i in range(pay, len(blocks))
            if labels[i] == "comment"
            for ln in blocks[i].lines[:2]
        )
        for i in range(pay, len(blocks)):
            if labels[i] == "article" or (labels[i] == "comment" and not has_headers):
                labels[i] = "other"
    for i, b in enumerate(blocks):
        if b.lines and COMMENT_END_MARKERS.match(b.lines[0].strip()) and len(b.text) < 200:
            labels[i] = "other"
    # Text dumps only: on HTML the DOM-aware model is better than the header rules (grouped CV).
    region = rule_comment_region(blocks) if fmt == "txt" else None
    if region is not None:
        for i in range(*region):
            labels[i] = "comment"
    footers_close = False
    if fmt == "txt":
        # Comments under a bare name line (no date, no "says:"), or one comment whose header holds its
        # first lines, that the model read as the article's continuation: the section closing the page
        # is comment when the model calls most of it article (a sidebar or footer of short headed
        # lists is "other" to the model, and stays so).
        # The same when the comments the model found all stand inside that section, closing it (it
        # saw the last few and read the rest as article).
        # A long thread of returning names is taken whatever the model called its blocks.
        named = name_comment_region(blocks)
        found = [i for i, lab in enumerate(labels) if lab == "comment"]
        # Inside: most of the model's comment blocks (a stray block in the article does not count).
        inside = named is not None and 2 * sum(named.start <= i < named.end for i in found) >= len(found)
        rest = [i for i in range(named.start, named.end) if labels[i] != "comment"] if inside else []
        if inside and rest and (
            named.proven
            or bool(found)  # the model saw comments there itself: no sidebar list
            or sum(labels[i] == "article" for i in rest) >= NAMED_ARTICLE_SHARE * len(rest)
        ):
            for i in range(named.start, named.end):
                labels[i] = "comment"
        footers_close = _first_body_above_its_footer(blocks, labels)
    if fmt == "html":
        _extend_article_in_its_container(blocks, labels)
    # Repeated comment headers after the article. The models see them as features; on HTML pages
    # where the model found no comment at all (markup it has not seen), they decide alone.
    hr = header_region(blocks) if header_run is FIND else header_run
    rescue = None
    if fmt == "html" and "comment" not in labels:
        # header_region(single=False) is the page's header run (``hr``, single=True), except where that
        # is one lone header: ``single`` only decides that case. Only then is it worked out again.
        rescue = hr if hr is None or len(hr.headers) >= 2 else header_region(blocks, single=False)
    if rescue is not None and (pay is None or rescue.start < pay):
        hr = rescue
        for i in range(rescue.start, rescue.end):
            heading_or_form = is_comment_heading(blocks[i]) or COMMENT_END_MARKERS.match(blocks[i].lines[0].strip())
            labels[i] = "other" if heading_or_form else "comment"

    def taken(h: int) -> bool:  # the model took the header, or the date block under its name block
        return labels[h] == "comment" or (
            h + 1 < len(labels) and labels[h + 1] == "comment" and line_kind(blocks[h + 1].lines[0]) in DATED
        )

    if hr is None or not any(taken(h) for h in hr.headers):
        # No header run says how the comments are grouped: a section closed by a footer has its
        # headers after the bodies ("Posted by: X | DATE" under each comment).
        headers_after = fmt == "txt" and footers_close
    else:
        # How the section's comments are grouped. A run of footers each over the next commenter's
        # name ("Posted by: Ann | DATE" / "Bob Miller") reads as headers before their bodies; a
        # section closed by a footer, whose headers are mostly such footers, says otherwise.
        headers_after = hr.headers_after or (
            fmt == "txt" and footers_close and 5 * sum(_footer(blocks[h]) for h in hr.headers) >= 4 * len(hr.headers)
        )
        first = hr.headers[0]
        if not headers_after and first + 1 < len(labels) and labels[first + 1] == "comment":
            # The first comment's own header (its author's name line) opens it, whatever the model said.
            for i in range(hr.start, first + 1):
                labels[i] = "comment"
        if fmt == "txt" and not headers_after:
            # In text dumps a header the model took opens a comment: its name block ("rusticred" over
            # "1 November 2012 9:37PM"), and the running text under it up to the next header, its
            # body ("thecrus8r • 15 minutes ago" / "Keep dreaming!").
            for k, h in enumerate(hr.headers):
                if not taken(h):
                    continue
                labels[h] = "comment"
                for i in range(h + 1, hr.headers[k + 1] if k + 1 < len(hr.headers) else hr.end):
                    if labels[i] == "comment":
                        continue
                    if labels[i] != "article" or line_kind(blocks[i].lines[0]) != "text":
                        break
                    labels[i] = "comment"
    title = find_title(blocks) if fmt == "txt" else None
    return Segmentation(labels, title=title, truncated=pay is not None, drop_lines={title} if title else set(),
                        headers_after=headers_after)


#: Least share of a bare-named comment section (:func:`segment.name_comment_region`) the model must have
#: labelled article for the section to become comment (text dumps, when the model found no comment).
NAMED_ARTICLE_SHARE = 0.8

#: Most blocks added to either end of an article by :func:`_extend_article_in_its_container`.
ARTICLE_TAIL_BLOCKS = 3


def _footer(block: Block) -> bool:
    """A comment's footer on its own: "Posted by: Ann | October 9, 2012 at 2:45 AM", perhaps with the
    next commenter's name under it (a widget printing the name above each comment: any short line
    without a sentence's end, "ugg australia" too)."""
    lines = block.lines
    return (
        0 < len(lines) <= 2
        and line_kind(lines[0]) in DATED
        and all(name_under_footer(ln) for ln in lines[1:])
    )


def _sentence(text: str) -> bool:
    return word_count(text) >= 5 and SENTENCE_END.search(text) is not None


def _first_body_above_its_footer(blocks: list[Block], labels: list[str]) -> bool:
    """Text dumps whose comments close with a footer (author and date under the body): what stands
    between two footers is a comment's body, and the first comment's body stands above the first
    footer, where the model tends to read it as the article's last paragraph.

    The footer layout shows when the last comment block closes the section with a footer. The
    footers above it form a chain (each at most ``FOOTER_BODY_BLOCKS`` blocks of running text above
    the next); the chain is comment, and so is the running-text block right above its top (or above
    the model's first comment block, when that is a footer higher up). One
    block only: how far the first body reaches is not known, and a second block is as likely the
    article's. True when the section closes with a footer.
    """
    found = [i for i, lab in enumerate(labels) if lab == "comment"]
    if not found or not _footer(blocks[found[-1]]) or any(lab != "other" for lab in labels[found[-1] + 1 :]):
        return False
    top = j = found[-1]
    while j > 0 and top - j <= FOOTER_BODY_BLOCKS:
        j -= 1
        if _footer(blocks[j]):
            top = j
        elif line_kind(blocks[j].lines[0]) != "text" or is_comment_heading(blocks[j]):
            break
    if top > found[0]:  # the model's comments reach above the chain: from its first footer, if it is one
        top = found[0] - 1 if found[0] > 0 and _footer(blocks[found[0] - 1]) else found[0]
        if not _footer(blocks[top]):
            return True
    above = top - 1
    if (
        above < 1
        # the article keeps a sentence of its own above it
        or not any(labels[i] == "article" and _sentence(blocks[i].text) for i in range(above))
        or labels[above] != "article"
        or line_kind(blocks[above].lines[0]) != "text"
        or word_count(blocks[above].text) < 3
    ):
        return True
    for i in range(above, found[-1] + 1):
        labels[i] = "comment"
    return True


#: Line kinds of a date header line.
DATED = ("date", "author_date")

#: Most blocks of running text between two comment footers (:func:`_first_body_above_its_footer`).
FOOTER_BODY_BLOCKS = 8


def _plain_text_block(block: Block) -> bool:
    """Running text, not a control, heading of a list, or link row."""
    first = block.lines[0].strip() if block.lines else ""
    return (
        bool(first)
        and line_kind(first) not in ("boiler", "end")
        and block.link_chars <= 0.5 * len(block.text)
        and not block.heading
        and not COMMENT_HEADING.match(first)
    )


def _extend_article_in_its_container(blocks: list[Block], labels: list[str]) -> None:
    """Article blocks the model missed inside the article's own element (HTML): a short opening or
    closing line of the body ("And he'd be dealing with him again in another week."), or a paragraph
    between two article paragraphs of the same element."""
    art = [i for i, lab in enumerate(labels) if lab == "article"]
    if not art:
        return
    first, last = art[0], art[-1]
    for i in range(first + 1, last):  # gaps between article blocks of one element
        if labels[i] == "other" and blocks[i].attrs and blocks[i].attrs == blocks[i - 1].attrs and labels[
            i - 1
        ] == "article" and _plain_text_block(blocks[i]):
            labels[i] = "article"
    for edge, step in ((last, 1), (first, -1)):  # the end of the body, then its opening lines
        context = blocks[edge].attrs
        if not context:
            continue
        i = edge + step
        while 0 <= i < len(blocks) and abs(i - edge) <= ARTICLE_TAIL_BLOCKS:
            if labels[i] != "other" or blocks[i].attrs != context or not _plain_text_block(blocks[i]):
                break
            labels[i] = "article"
            i += step
