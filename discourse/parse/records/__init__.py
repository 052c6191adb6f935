"""Comment records from HTML markup: find the comment list, then read every item the same way.

Block labels (:mod:`.segment`) say which *words* are comments; a report needs each comment as
one record with its own author, date and parent. Comment systems print a comment as a repeated
structure: sibling containers of one kind (``li.comment``, ``div#c123``, ``article.reply``),
or a fixed run of siblings (Blogger's ``dt`` author / ``dd`` body / ``dd`` footer). This module

1. finds the elements that markup declares to be one comment: ``id="comment-N"``-style anchors,
   the class conventions of WordPress, Blogger, Movable Type/TypePad, Drupal, Disqus, Kinja,
   Livefyre and forums, schema.org ``Comment`` and microformats;
2. keeps the kind of element that repeats most (ties: the outermost, which carries the nesting),
   and extends unwrapped items to the run of siblings up to the next item, on the side where
   the header sits;
3. reads author, date, body, quote and parent of every record by *role* (``cite``/``.fn``/
   ``.comment-author`` for the author, ``time``/``.comment-date``/``.comment-meta`` for the date,
   ``.comment-content``/``.comment-body`` for the body, nesting for the parent), so an author
   printed after the body ("Posted by X at DATE") belongs to its own comment.

Pingbacks and trackbacks, "recent comments" widgets and comment forms are never records.
When markup declares a comment list, its records are the page's comments, and their elements
are removed before the article is segmented, so no comment can leak into the article.

Here: the public face (:func:`find_records`, :class:`RecordList`, :func:`detach`); what markup
looks like lives in :mod:`.vocabulary`, reading one element in :mod:`.elements`, finding the
items in :mod:`.items` (and :mod:`.regions` without comment markup), reading each record's fields
in :mod:`.fields`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from discourse.parse.comments import RawComment
from discourse.parse.records.fields import (
    RecordFields,
    body_lines,
    header_author,
    inline_reply,
    pick_date,
)
from discourse.parse.records.items import candidate_items, choose_items, enclosing_item, item_runs, stated_level

__all__ = ["MAX_RECORDS", "RecordList", "detach", "find_records"]

#: A reply's subject line: "Re: <thread title>" (German "AW:", Nordic "SV:").
_REPLY_SUBJECT = re.compile(r"(?i)^(?:re|aw|sv)(?:\^\d+|\[\d+\])?\s?:\s*\S")

#: Comments read from one page at the most (a bound on the work per page, as ``MAX_BLOCKS``).
MAX_RECORDS = 3000


def detach(el: etree._Element) -> None:
    """Remove ``el`` from its tree, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


@dataclass
class RecordList:
    """The comment records markup declares on a page.

    Attributes
    ----------
    comments : list of RawComment
        One per record, in page order (``item``/``item_parent`` carry the nesting).
    elements : list of lxml elements
        The elements the records span (removed from the page before the article is read).
    declared : bool
        Markup declares a comment list, even if every item in it was a pingback/trackback.
    opening : RawComment or None
        On a forum thread, the opening post (the thread's article), taken out of ``comments``.
    """

    comments: list[RawComment]
    elements: list[etree._Element]
    declared: bool
    #: A forum thread (posts marked as posts, not comments): its first post is the article.
    opening: RawComment | None = None
    #: Comment items on the page (more than ``comments`` when the page holds over ``MAX_RECORDS``).
    on_page: int = 0


_WORD = re.compile(r"\w")
#: The opening of a pingback/trackback excerpt ("[…] quoted words […]", "[...]").
_PINGBACK = re.compile(r"^\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\))")


def find_records(root: etree._Element | None, markup: str | None = None) -> RecordList | None:
    """The comment records markup declares on a parsed page, or None when it declares none.

    ``markup``, the text ``root`` was parsed from, only saves work (see :func:`.items.candidate_items`)."""
    if root is None:
        return None
    groups, declared_only = candidate_items(root, markup)
    kind, items = choose_items(groups)
    if not items:
        return RecordList([], [], True) if declared_only else None
    # Records are keyed by their position among the items (``items`` keeps the proxies, so id() is
    # stable here); the keys, not id() values, go into the RawComments.
    key_of = {id(el): k for k, el in enumerate(items)}
    runs = item_runs(items)
    # The items below each item (its nested records), from each item's ancestors: one walk up per
    # item instead of one walk over each item's whole subtree, which grows with a thread's depth.
    nested_of: dict[int, set[int]] = {}
    for el in items:
        for anc in el.iterancestors():
            if id(anc) in key_of:
                nested_of.setdefault(id(anc), set()).add(id(el))
    comments: list[RawComment] = []
    elements: list[etree._Element] = []
    last_at_level: dict[int, int] = {}  # level -> the last item seen at it (flat lists with levels)
    authors: list[tuple[str, int]] = []  # (author, item) in page order, for "in reply to X"
    extra_key = len(items)
    for n_run, run in enumerate(runs):
        if n_run >= MAX_RECORDS:
            elements.extend(run)  # removed from the article all the same; not read (bounded work)
            continue
        head = run[0]
        key = key_of[id(head)]
        nested = nested_of.get(id(head), set())
        parent_item = enclosing_item(head, key_of)
        level = stated_level(head)
        if level is not None:
            if parent_item is None and level > 1:
                parent_item = next((last_at_level[k] for k in range(level - 1, 0, -1) if k in last_at_level), None)
            last_at_level[level] = key
            for k in [k for k in last_at_level if k > level]:
                del last_at_level[k]
        rec = RecordFields(run, nested)
        rec.scan()
        if parent_item is None and rec.reply_to_author:
            wanted = rec.reply_to_author.casefold()
            parent_item = next((item for name, item in reversed(authors) if name.casefold() == wanted), None)
        header, body, quoted_author = body_lines(rec)
        if (rec.author is None or rec.date is None) and rec.body_els:
            # Header text around the body element (an unwrapped record's dt, a footer line).
            header = header + [ln for ln in rec.lines(run, also_cut=rec.body_els + rec.reply_els) if ln.strip()]
        if rec.date is None:
            rec.date = pick_date(header + rec.meta_text)
        author = rec.author or header_author(header + rec.meta_text, rec.date)
        if author:
            authors.append((author, key))
        quote = [ln for q in rec.quote_els for ln in rec.lines([q]) if ln.strip()]
        if not any(_WORD.search(ln) for ln in body) and quote:
            body, quote, quoted_author = quote, [], None  # the post's content is a blockquote (vBulletin)
        elements.extend(run)
        if not any(_WORD.search(ln) for ln in body + quote):
            continue  # no words at all ("“ ”", an empty quote box)
        if _PINGBACK.match(body[0]):
            continue  # a pingback/trackback: another blog's excerpt of this post, not a reader's comment
        if author is None and rec.date is None and all(len(ln.split()) <= 3 for ln in body + quote):
            continue  # no author, no date, only labels ("Share your voice", "Tags"): not a comment
        comments.append(RawComment(author=author, date=rec.date, header=header, body=body,
                                   quoted_author=quoted_author, quote=quote, item=key, item_parent=parent_item))
        for reply in rec.reply_els:
            answer = inline_reply(rec, reply, extra_key, key)
            extra_key += 1
            if answer is not None:
                comments.append(answer)
    _subjects_to_headers(comments)
    # Only the outermost elements need removing from the page (nested ones go with them).
    elements = [el for el in elements if not any(id(a) in key_of for a in el.iterancestors())]
    # Numbered post anchors or post ids (phpBB and kin) mark a forum thread: the opening post is its article.
    forum = kind is not None and kind.startswith(("anchor?", "post?"))
    opening = comments.pop(0) if forum and len(comments) >= 2 else None
    return RecordList(comments, elements, True, opening, on_page=len(runs))


def _subjects_to_headers(comments: list[RawComment]) -> None:
    """A first body line "Re: <subject>" that two or more records share is the forum posts' subject
    line, a header (one record's "Re: the ERE name…" is its commenter's own words)."""
    firsts = Counter(c.body[0] for c in comments if len(c.body) > 1 and _REPLY_SUBJECT.match(c.body[0]))
    shared = {line for line, n in firsts.items() if n >= 2}
    for c in comments:
        if len(c.body) > 1 and c.body[0] in shared:
            c.header.append(c.body.pop(0))
