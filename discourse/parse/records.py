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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from discourse.parse.blocks import element_lines
from discourse.parse.comments import BOILERPLATE_LINES, RawComment, line_kind
from discourse.parse.dates import ParsedDate, find_date, parse_date
from discourse.parse.markup import COMMENT_ITEM_CLASSES, DROP_TAGS

__all__ = ["MAX_RECORDS", "RecordList", "detach", "find_records"]

#: Comments read from one page at the most (a bound on the work per page, as ``MAX_BLOCKS``).
MAX_RECORDS = 3000

_DIGITS = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")
#: ``id`` values of one comment (WordPress ``comment-12``, Blogger ``c1099…``, Kinja ``reply_1``…).
ITEM_ID = re.compile(
    r"^(?:comment|li-comment|div-comment|comment-body|c|cmt|reply|dsq-comment|comentario|kommentar|"
    r"commentaire|entry-comment|comment_?id|comment-item)[-_]?\d+$",
    re.I,
)
#: Whole class tokens that mark one comment: the block walker's list (without "reply", which
#: counts only inside a comment region here) and the body/wrapper names of more systems.
ITEM_CLASSES = (COMMENT_ITEM_CLASSES - {"reply"}) | {
    "comments-body",
    "comment-body",
    "commentbody",
    "c-comment",
    "fyre-comment-wrapper",
    "h-cite",
    "p-comment",
    "usercomment",
    "kommentar",
    "comentario",
    "commentaire",
}
#: Class tokens of one comment that only count inside a comment region (too common elsewhere).
REGION_ITEM_CLASSES = frozenset({"reply", "post", "message", "item", "entry", "response", "h-entry"})
#: Class/id tokens of a region that holds the comments.
_REGION = re.compile(
    r"(?:^|[-_ ])(?:comments?|commentlist|comment-list|comments-block|replies|responses|discussion|"
    r"disqus|talkback|kommentare|commentaires|comentarios|reactions|livefyre|fyre)(?:$|[-_ ])",
    re.I,
)
#: Ancestors whose items are not this page's comments, or not comments at all (whole class/id tokens).
_EXCLUDE_TOKENS = frozenset(
    {
        "recentcomments",
        "recent-comments",
        "recent_comments",
        "widget_recent_comments",
        "most-commented",
        "sidebar",
        "comment-form",
        "commentform",
        "comment-respond",
        "respond",
        "reply-form",
        "pingbacks",
        "pingback",
        "trackbacks",
        "trackback",
        "pingback-list",
        "trackback-list",
        "related",
        "related-posts",
        "teaser",
    }
)
_NOT_COMMENT = frozenset({"pingback", "trackback"})
#: Inline and heading elements whose comment id marks where a comment starts.
_MARK_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "cite", "header"})
_ITEM_TAGS = frozenset({"li", "div", "article", "section", "dl", "dd", "dt", "table", "tr", "td", "blockquote", "p"})
#: Tags :func:`_candidates` reads: items, anchors (``<a name="c12">``) and marker headings.
_CANDIDATE_TAGS = tuple(sorted(_ITEM_TAGS | _MARK_TAGS | {"a"}))
#: Role tokens inside a record (whole class/id tokens, or after splitting on - and _).
_AUTHOR_TOKENS = frozenset(
    {
        "author",
        "fn",
        "comment-author",
        "commentauthor",
        "comment_author",
        "comment-author-name",
        "username",
        "user-name",
        "user",
        "commenter",
        "commenter-name",
        "poster",
        "postauthor",
        "post-author",
        "name",
        "nick",
        "nickname",
        "author-name",
        "display-name",
        "p-author",
        "h-card",
        "vcard",
    }
)
_DATE_TOKENS = frozenset(
    {
        "date",
        "time",
        "timestamp",
        "published",
        "dt-published",
        "comment-date",
        "comment-time",
        "commentdate",
        "comment-timestamp",
        "datetime",
        "posted-on",
        "postdate",
        "post-date",
        "updated",
    }
)
_META_TOKENS = frozenset(
    {
        "comment-meta",
        "commentmetadata",
        "comment-metadata",
        "comment-footer",
        "comment-data",
        "comment-info",
        "comment-head",
        "comment-header",
        "comments-post",
        "posted",
        "byline",
        "comment-details",
        "meta",
        "metadata",
        "comment-byline",
        "info",
    }
)
_BODY_TOKENS = frozenset(
    {
        "comment-content",
        "comment-body",
        "comment-text",
        "comment_text",
        "commenttext",
        "comment-entry",
        "contenttext",
        "comment_content",
        "comments-body",
        "commentbody",
        "comment-message",
        "postbody",
        "post-body",
        "post-content",
        "reply-content",
        "message",
        "e-content",
        "p-content",
        "text",
        "body",
        "content",
        "entry",
        "fyre-comment",
        "c-comment__content",
    }
)
_CONTROL_TOKENS = frozenset(
    {
        "reply",
        "comment-reply-link",
        "reply-link",
        "comment-reply",
        "edit-link",
        "comment-edit-link",
        "item-control",
        "like",
        "likes",
        "vote",
        "votes",
        "rating",
        "report",
        "share",
        "comment-actions",
        "actions",
        "avatar",
        "comment-awaiting-moderation",
        "screen-reader-text",
    }
)
#: Parts of class tokens of controls and pop-ups inside a comment (follow buttons, hover cards, menus).
_CONTROL_PARTS = ("hovercard", "dropdown", "follow", "tooltip", "popup", "share", "vote", "moderation-tools")
#: Parts of class tokens of the element that names the parent's author ("→ jnovo22", "in reply to X").
_REPLY_TO_PARTS = ("replyto", "reply-to", "in-reply-to", "parent-author", "reply_to")
#: A level written in a comment's classes: ``depth-2``, ``level-3``, ``comment--indented``.
_LEVEL = re.compile(r"(?:^|[-_])(?:depth|level|indent|nest|nested|lvl)[-_]?(\d{1,2})$")
_LEVEL_WORDS = {"toplevel": 1, "top-level": 1, "js-comment-toplevel": 1, "indented": 2, "comment--indented": 2,
                "child": 2, "is-reply": 2, "comment--reply": 2, "reply-comment": 2, "children-comment": 2}
_ITEMPROP_AUTHOR = frozenset({"author", "creator"})
_ITEMPROP_BODY = frozenset({"text", "commenttext", "articlebody", "description"})
#: "says:", "sagt:", "dit :", "dice:", "disse:" and "Comment by", "Posted by", "von" around an author name.
# Each pattern starts at a word or a separator, never with a run of spaces: linear on any text.
_AUTHOR_NOISE = re.compile(
    r"(?i)^(?:(?:(?:comment(?:ed)?|posted|written|submitted|kommentar|geschrieben|commentaire|comentario|"
    r"comentado|publicado|postato|scritto)\s+(?:by|von|par|por|da))|by|par|por)\s*:?(?:\s+|$)|"
    r"\b(?:says|said|wrote|writes|sagt|schreibt|schrieb|meint|dit|écrit|dice|escribió|escreveu|disse|"
    r"diz|scrive|ha scritto)\W{0,4}$"
)
_SEPARATORS = " \t\n-–—|,:;@·•[]\u00a0"
_QUOTE_INTRO = re.compile(r"(?i)^(?:quote:?\s*)?(?:originally posted by |quoting |quote from |zitat von )?"
                          r"(?P<author>.{1,50}?)\s+(?:wrote|said|schrieb|sagte|a écrit|escribió|escreveu):?\s*$")
_CONTROL_LINE = re.compile(
    r"(?i)^(?:reply|antworten|répondre|repondre|responder|rispondi|beantworten|reply to this|"
    r"(?:\d+\s*)?(?:likes?|gefällt mir|j'aime|me gusta)|melden|report|edit|bearbeiten|quote|zitieren|"
    r"permalink|link|#|↑|top|nach oben)\s*[↓↑»›]?$"
)


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


def _tokens(el: etree._Element) -> list[str]:
    v = ((el.get("class") or "") + " " + (el.get("id") or "")).strip().lower()
    return v.split() if v else []


def _class_tokens(el: etree._Element) -> list[str]:
    return (el.get("class") or "").lower().split()


#: Raw ``el.tag`` -> normalised tag (None for comments and processing instructions); a page
#: has few distinct tags and this runs for most of its elements.
_TAG_CACHE: dict[object, str | None] = {}


def _tag(el: etree._Element) -> str | None:
    raw = el.tag
    hit = _TAG_CACHE.get(raw, _UNSEEN)
    if hit is not _UNSEEN:
        return hit
    if not isinstance(raw, str):
        t = None
    else:
        t = raw.lower()
        t = t.rsplit(":", 1)[-1] if ":" in t else t
    if len(_TAG_CACHE) < 4096:
        _TAG_CACHE[raw] = t
    return t


_UNSEEN = object()


def _has_role(tokens: list[str], role: frozenset[str]) -> bool:
    return any(t in role for t in tokens)


def _fold_digits(value: str | None) -> str | None:
    """``value`` with each digit run as "0" (memoised: a page repeats its class and id values)."""
    if not value:
        return value
    hit = _FOLDED.get(value)
    if hit is None:
        hit = _DIGITS.sub("0", value) if _HAS_DIGIT.search(value) else value
        if len(_FOLDED) >= 65536:  # bounded: unique ids pass through it
            _FOLDED.clear()
        _FOLDED[value] = hit
    return hit


_FOLDED: dict[str, str] = {}


def _item_kind(el: etree._Element, tag: str) -> str | None:
    """The kind of comment item ``el`` is (its signature), or None."""
    if tag not in _ITEM_TAGS:
        return None
    attrib = el.attrib
    nid, cls = attrib.get("id"), attrib.get("class")
    # Most elements have no attributes besides these two: then no microdata either (not looked up).
    if len(attrib) == (nid is not None) + (cls is not None):
        itemtype = itemprop = None
    else:
        itemtype, itemprop = attrib.get("itemtype"), attrib.get("itemprop")
    # Digit runs as "0" (see _role_of): numbered ids ("comment-1234") share one cache entry; the
    # kind strips an id's digits anyway, and no item class holds a digit.
    return _cached_item_kind(tag, _fold_digits(nid), _fold_digits(cls), itemtype, itemprop)


@lru_cache(maxsize=8192)
def _cached_item_kind(
    tag: str, nid_raw: str | None, cls: str | None, itemtype_raw: str | None, itemprop: str | None
) -> str | None:
    nid = (nid_raw or "").strip()
    if nid and ITEM_ID.match(nid):
        return f"{tag}#{_DIGITS.sub('', nid).rstrip('-_').lower()}"
    classes = (cls or "").lower().split()
    for c in classes:
        if c in ITEM_CLASSES:
            return f"{tag}.{c}"
    itemtype = (itemtype_raw or "").lower()
    if itemtype.endswith(("/comment", "/usercomments")) or (itemprop or "").lower() == "comment":
        return f"{tag}[comment]"
    for c in classes:
        if c in REGION_ITEM_CLASSES:
            return f"{tag}.{c}?"  # valid only inside a comment region (checked by the caller)
    return None


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


def _own_flags(anc: etree._Element, inherited: tuple[bool, bool]) -> tuple[bool, bool]:
    region, excluded = inherited
    if _tag(anc) == "form":
        excluded = True
    toks = _tokens(anc)
    if toks:
        if not _EXCLUDE_TOKENS.isdisjoint(toks):
            excluded = True
        if _REGION.search(" ".join(toks)):
            region = True
    return region, excluded


def _in_region(el: etree._Element, cache: dict[etree._Element, tuple[bool, bool]] | None = None) -> tuple[bool, bool]:
    """(inside a comment region, inside an excluded context) from ``el``'s ancestors.

    With ``cache`` (element -> its own flags and its ancestors'), each ancestor is read once per page.
    """
    if cache is not None:
        parent = el.getparent()
        if parent is None:
            return False, False
        chain = []
        node = parent
        while node is not None and node not in cache:
            chain.append(node)
            node = node.getparent()
        flags = cache[node] if node is not None else (False, False)
        for anc in reversed(chain):
            flags = _own_flags(anc, flags)
            cache[anc] = flags
        return flags
    region = excluded = False
    for anc in el.iterancestors():
        if _tag(anc) in ("form", "nav", "aside", "footer", "header") and _tag(anc) == "form":
            excluded = True
        toks = _tokens(anc)
        if not toks:
            continue
        if not _EXCLUDE_TOKENS.isdisjoint(toks):
            excluded = True
        if _REGION.search(" ".join(toks)):
            region = True
    return region, excluded


def _attributed(root: etree._Element) -> list[etree._Element]:
    """The elements of ``root`` that carry any attribute, in document order.

    A superset of those with a class, id, name or microdata (the only attributes :func:`_candidates`
    and :func:`.regions.region_items` read: an element without them yields nothing there), found by
    lxml's element iteration, about twice as fast as the XPath ``//*[@class or @id or ...]``."""
    return [el for el in root.iter(etree.Element) if el.attrib]


#: Elements whose tag keeps a namespace prefix (``o:p``, ``fb:comments``): :func:`_tag` reads them
#: without it, so a tag-name search cannot find them.
_PREFIXED = etree.XPath("//*[contains(name(), ':')]")
#: Where markup may hold such a tag: "<", characters that can stand in a tag name, ":". A superset
#: (libxml2's HTML5 tokenizer ends a tag name only at whitespace, "/" or ">", its older parser
#: allowed fewer characters); no match, no prefixed element, and the XPath is not run.
_PREFIXED_MARKUP = re.compile(r"<[^\t\n\x0c\r />]*:")


_CANDIDATE_TAG_SET = frozenset(_CANDIDATE_TAGS)


def _candidate_nodes(root: etree._Element, markup: str | None = None) -> tuple[list[etree._Element],
                                                                               list[etree._Element]]:
    """The elements the loop of :func:`_candidates` can use, in document order: item, anchor and marker
    tags that carry attributes; and every attributed element (for :func:`.regions.region_items`), from one
    walk over the page. A page with prefixed tags, which a tag-name test misses, gets every attributed
    element (the loop finds nothing in the others). ``markup`` (the text ``root`` was parsed from)
    rules prefixed tags out without a tree search."""
    attributed = _attributed(root)
    if (markup is None or _PREFIXED_MARKUP.search(markup) is not None) and _PREFIXED(root):
        return attributed, attributed
    # Raw tag names: an HTML parse lowercases them, and they hold no prefix here (as lxml's
    # ``iter(*_CANDIDATE_TAGS)`` matches them).
    tags = _CANDIDATE_TAG_SET
    return [el for el in attributed if el.tag in tags], attributed


def _candidates(root: etree._Element, markup: str | None = None) -> tuple[dict[str, list[etree._Element]], bool]:
    """Comment items by kind; also whether markup declared items that were all excluded."""
    groups: dict[str, list[etree._Element]] = {}
    declared_only = False
    region_cache: dict[etree._Element, tuple[bool, bool]] = {}  # keyed by element: keeps proxies alive
    anchors: list[tuple[etree._Element, bool]] = []
    # Only elements with a class, id, name or microdata can be marked items (most elements of a
    # page have none), in document order.
    nodes, attributed = _candidate_nodes(root, markup)
    for el in nodes:
        tag = _tag(el)
        if tag is None or tag in DROP_TAGS:
            continue
        if tag not in _ITEM_TAGS and tag != "a":
            nid = (el.get("id") or "").strip()
            if nid and ITEM_ID.match(nid) and tag in _MARK_TAGS:
                anchors.append((el, True))  # <h3 id="comment1">: a heading that opens one comment
            continue
        if tag == "a":
            name = (el.get("name") or el.get("id") or "").strip()
            if name and not (el.text or "").strip() and len(el) <= 1:
                if ITEM_ID.match(name):
                    anchors.append((el, True))
                elif _POST_ANCHOR.match(name):
                    anchors.append((el, False))
            continue
        kind = _item_kind(el, tag)
        if kind is None:
            continue
        if "#" in kind and not _has_words(el, 2):
            anchors.append((el, True))  # an empty element with a comment id only marks where a comment is
            continue
        region, excluded = _in_region(el, region_cache)
        own = set(_class_tokens(el))
        if own & _NOT_COMMENT or not _EXCLUDE_TOKENS.isdisjoint(_tokens(el)):
            declared_only = True
            continue
        if excluded:
            continue
        if kind.endswith("?"):
            if not region:
                continue
            kind = kind[:-1]
        groups.setdefault(kind, []).append(el)
    for kind, items in _anchor_items(anchors).items():
        groups.setdefault(kind, items)
    if not groups and not declared_only:
        # Its module reads elements with this module's helpers: imported here, not at the top (no cycle).
        from discourse.parse.regions import region_items

        groups.update(region_items(attributed, region_cache))
    return groups, declared_only


def _opens(container: etree._Element, anchor: etree._Element) -> bool:
    """No text of ``container`` comes before ``anchor``: the anchor opens it."""
    for event, el in etree.iterwalk(container, events=("start", "end")):
        if event == "start":
            if el is anchor:
                return True
            if el.text and el.text.strip() and isinstance(el.tag, str) and _tag(el) not in DROP_TAGS:
                return False
        elif el is not container and el.tail and el.tail.strip():
            return False
    return False


def _anchor_item(anchor: etree._Element, count: dict[etree._Element, int]) -> etree._Element:
    """The element one anchor marks: its lowest block ancestor with some text (3+ words) that holds no
    other anchor, or that the anchor opens (a comment with its replies nested inside); else the anchor itself,
    whose following siblings are then the comment (``<a name="c1"></a><p>…</p><p>…</p>``)."""
    for anc in anchor.iterancestors():
        tag = _tag(anc)
        if tag in ("body", "html"):
            break
        if tag not in _ITEM_TAGS:
            continue
        if not _has_words(anc, 3):
            continue
        if count.get(anc, 0) == 1:
            return anc
        return anc if _opens(anc, anchor) else anchor
    return anchor


#: Anchors that only mark a post when they repeat and every item they mark carries a date
#: (phpBB's ``<a name="1234">``, ``p1234``); alone they are footnotes or jump marks.
_POST_ANCHOR = re.compile(r"^(?:p|post|msg|m)?[-_]?\d{2,}$", re.I)


def _anchor_items(anchors: list[tuple[etree._Element, bool]]) -> dict[str, list[etree._Element]]:
    """Items marked by empty named anchors: each anchor's highest ancestor that holds no other anchor.

    ``<a id="comment646"></a>`` or phpBB's ``<a name="1234"></a>`` mark where one comment starts
    (in a table row, say); the row is the item, the rows after it up to the next one its run.
    """
    if not anchors:
        return {}
    out: dict[str, list[etree._Element]] = {}
    for strong in (True, False):
        marks = []
        seen: set[str] = set()
        for a, s in anchors:
            if s is not strong:
                continue
            number = "".join(_DIGITS.findall(a.get("name") or a.get("id") or ""))
            if number in seen:
                continue  # <a name="comment-5"> and <p id="comment-5">: two marks of one comment
            seen.add(number)
            marks.append(a)
        if len(marks) < (1 if strong else 2):
            continue
        count: dict[etree._Element, int] = {}
        for a in marks:
            for anc in a.iterancestors():
                count[anc] = count.get(anc, 0) + 1
        items = []
        for a in marks:
            node = _anchor_item(a, count)
            if node is not None and not _in_region(node)[1]:
                items.append(node)
        if not strong:
            dated = sum(1 for el in items if find_date(" ".join(" ".join(el.itertext()).split())[:2000]) is not None)
            if len(items) < 2 or dated * 10 < len(items) * 8:
                continue
        if items:
            out[f"anchor{'' if strong else '?'}:{_tag(items[0])}"] = items
    return out


def _outermost_first(a: list[etree._Element], b: list[etree._Element]) -> bool:
    """True when group ``a``'s first element encloses group ``b``'s first (a is the outer kind)."""
    first_b = b[0]
    return any(anc is a[0] for anc in first_b.iterancestors())


def _choose(groups: dict[str, list[etree._Element]]) -> tuple[str | None, list[etree._Element]]:
    """The item kind that repeats most (ties: the outer kind, then the earlier in the page)."""
    if not groups:
        return None, []
    order: dict[str, int] = {}
    # The page position of each kind's first item breaks ties only: it is looked up (a walk over
    # the whole page) only when two kinds have as many items and are both anchors or both not.
    ranks = [(len(items), k.startswith("anchor")) for k, items in groups.items()]
    if len(set(ranks)) < len(ranks):
        firsts = {groups[k][0]: k for k in groups}  # element -> kind (the dict keeps the proxies alive)
        for i, el in enumerate(groups[next(iter(groups))][0].getroottree().getroot().iter()):
            if el in firsts:
                order[firsts[el]] = i
    best: list[etree._Element] | None = None
    best_kind: str | None = None
    # Classes say more than anchors: an anchor before each ``div.comment`` marks the same comments.
    for kind in sorted(groups, key=lambda k: (-len(groups[k]), k.startswith("anchor"), order.get(k, 0), k)):
        items = groups[kind]
        if best is None:
            best, best_kind = items, kind
            continue
        if len(items) == len(best) and not kind.startswith("anchor") and _outermost_first(items, best):
            best, best_kind = items, kind
    return best_kind, _record_starts(best or [], groups)


def _record_starts(items: list[etree._Element], groups: dict[str, list[etree._Element]]) -> list[etree._Element]:
    """Where unwrapped records start: when another kind of item alternates with ``items`` among the
    same siblings (Blogger's ``dt`` header / ``dd`` body), a record starts at whichever comes first."""
    if not items:
        return items
    parent = items[0].getparent()
    if parent is None:
        return items
    mine = {id(el) for el in items}
    for other in groups.values():
        if other is items or not other:
            continue
        siblings = [el for el in other if el.getparent() is parent]
        if len(siblings) < max(1, len(items) - 1) or len(siblings) > len(items) + 1:
            continue
        theirs = {id(el) for el in siblings}
        first = next((el for el in parent if id(el) in mine or id(el) in theirs), None)
        if first is not None and id(first) in theirs:
            return siblings
    return items


def _has_words(el: etree._Element, n: int) -> bool:
    """``el`` holds at least ``n`` words (stops reading as soon as it does: containers can be large)."""
    count = 0
    for t in el.itertext():
        if isinstance(t, str):
            count += len(t.split())
            if count >= n:
                return True
    return False


def _text_words(el: etree._Element) -> int:
    return len(" ".join(t for t in el.itertext() if isinstance(t, str)).split())


def _runs(items: list[etree._Element]) -> list[list[etree._Element]]:
    """Each item with the siblings that belong to it when items are not wrapped.

    When every item's next sibling up to the next item carries no item of its own (Blogger's
    ``dt`` author + ``dd`` body + ``dd`` footer), those siblings belong to the item. Items whose
    siblings are items of the same list are wrapped: they stand alone.
    """
    # ``items`` keeps the element proxies alive, so their id() is stable while this runs.
    ids = {id(el) for el in items}
    runs: list[list[etree._Element]] = []
    for el in items:
        run = [el]
        if el.getparent() is not None:
            sib = el.getnext()
            while sib is not None and id(sib) not in ids:
                tag = _tag(sib)
                if tag is not None and tag not in DROP_TAGS:
                    if any(id(d) in ids for d in sib.iterdescendants()):
                        break
                    if _has_role(_class_tokens(sib), _RUN_STOP) or tag in ("form", "h1", "h2", "h3", "h4"):
                        break
                    run.append(sib)
                sib = sib.getnext()
        runs.append(run)
    # A run that only follows the *last* item (the comment form, "Leave a reply") is not part of
    # it: siblings after the last item are kept only when every earlier item has the same shape.
    if len(runs) >= 2:
        shape = Counter(len(r) for r in runs[:-1]).most_common(1)[0][0]
        runs[-1] = runs[-1][: max(1, shape)]
    else:
        runs[-1] = [r for r in runs[-1] if r is runs[-1][0] or _text_words(r) <= 40]
    return runs


_RUN_STOP = frozenset({"navigation", "comment-navigation", "pagination", "nav-links", "comment-respond", "respond"})


def _role_tokens_of(cls: str | None, nid: str | None) -> list[str]:
    """Class/id tokens with their role part: BEM elements (``comment-meta__date`` -> ``date``) and
    the rest after a ``comment-`` prefix (``comment-author`` -> ``author``)."""
    out = []
    v = ((cls or "") + " " + (nid or "")).strip().lower()
    for t in v.split():
        out.append(t)
        if "__" in t:
            t = t.rsplit("__", 1)[1].split("--", 1)[0]
            out.append(t)
        for prefix in ("comment-", "comment_", "comments-", "reply-", "post-"):
            if t.startswith(prefix) and len(t) > len(prefix):
                out.append(t[len(prefix):])
        last = re.split(r"[-_]", t)[-1]
        if last != t and last in _ROLE_WORDS:
            out.append(last)
    return out


#: Role words that name a part's role as the last piece of a compound class (``acs_name``, ``post-time``).
_ROLE_WORDS = frozenset({"name", "author", "user", "username", "nick", "date", "time", "timestamp", "text", "body",
                         "content", "message"})


def _role_of(el: etree._Element, tag: str | None) -> str | None:
    """The role of ``el`` inside a comment (``author``, ``date``, ``body``, ``meta``, ``control``, ...)."""
    attrib = el.attrib
    if not attrib:
        return _cached_role(tag, None, None, None)
    cls, nid = attrib.get("class"), attrib.get("id")
    # No other attribute (most elements): no itemprop either, not looked up.
    itemprop = None if len(attrib) == (cls is not None) + (nid is not None) else attrib.get("itemprop")
    # Digit runs as "0": ids and classes that number each comment ("comment-1234", "depth-2") then
    # share one cache entry. No role word holds a digit, so every role test (whole token, prefix,
    # last part, substring) gives the same answer on the folded value.
    return _cached_role(tag, _fold_digits(cls), _fold_digits(nid), itemprop)



@lru_cache(maxsize=8192)
def _cached_role(tag: str | None, cls: str | None, nid: str | None, itemprop: str | None) -> str | None:
    # A page repeats its class names: the role of one (tag, class, id, itemprop) is worked out once.
    tokens = _role_tokens_of(cls, nid)
    return _role(tokens, itemprop, tag)


def _role(tokens: list[str], itemprop_raw: str | None, tag: str | None) -> str | None:
    itemprop = (itemprop_raw or "").lower()
    if itemprop in _ITEMPROP_AUTHOR:
        return "author"
    if itemprop in ("datecreated", "datepublished", "commenttime"):
        return "date"
    if itemprop in _ITEMPROP_BODY:
        return "body"
    if tag == "time":
        return "date"
    if tag == "blockquote":
        return "quote"
    if tag in ("form", "button", "textarea", "input", "select"):
        return "control"
    if not tokens:
        return "author" if tag == "cite" else None
    if _has_role(tokens, _CONTROL_TOKENS) or any(w in t for t in tokens for w in _CONTROL_PARTS):
        return "control"
    if any(w in t for t in tokens for w in _REPLY_TO_PARTS):
        return "reply_to"
    if _has_role(tokens, _AUTHOR_TOKENS):
        return "author"
    if _has_role(tokens, _DATE_TOKENS):
        return "date"
    if _has_role(tokens, _META_TOKENS):
        return "meta"
    if _has_role(tokens, _BODY_TOKENS):
        return "body"
    if tag == "cite":
        return "author"
    return None


def _clean_author(text: str) -> str | None:
    """A display name from an author element's or header's text, or None.

    Dates and times are cut out, the rest is split at separators (dashes, bars, "@", a comma
    before "at"), and the first piece that is a name once "says:", "Posted by" and role badges
    are stripped wins ("At 4/19/2005 07:14 PM, Anonymous said..." -> "Anonymous").
    """
    s = " ".join(text.split())
    if not s:
        return None
    date = find_date(s)
    if date is not None and date.raw in s:
        s = s.replace(date.raw, " | ")
    s = _TIME.sub(" | ", s)
    for piece in _name_pieces(s):
        for _ in range(2):
            piece = _AUTHOR_NOISE.sub("", piece).strip(_SEPARATORS)
            piece = _BADGE.sub("", piece).strip(_SEPARATORS)
            piece = _FILLER_EDGE.sub("", piece).strip(_SEPARATORS)
        if piece.count("(") != piece.count(")"):
            piece = piece.strip("()")
        if not piece or len(piece) > 60 or len(piece.split()) > 6 or not any(ch.isalpha() for ch in piece):
            continue
        if BOILERPLATE_LINES.match(piece) or _CONTROL_LINE.match(piece):
            continue
        return piece
    return None


_TIME = re.compile(r"(?i)\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|uhr|h)?(?!\w)")
_FILLER_EDGE = re.compile(
    r"(?i)^(?:at|on|um|am|le|el|il|em|às|posted|by|von|\d+\.)(?:\s+|$)|(?<=\s)(?:at|on|um|am|le|el|il|em|às)$"
)


#: Where a name ends inside a header: a dash, bar or bullet between spaces, or "@ " before a time.
_NAME_END = re.compile(r"[—–|•·]|(?<=\s)[-@](?=\s)|,(?=\s)")
#: What follows a name in a header rather than belonging to it ("Anonymous, at", "Daniel — 17.07.").
_AFTER_NAME = re.compile(r"(?i)^\s*(?:\||\d|(?:at|on|um|am|le|el|il|em|às|said|says|wrote|sagt|dit|dice)\b)")


def _name_pieces(s: str) -> list[str]:
    """``s`` cut where a name ends: at a bar, or at a dash, comma or "@" followed by a date, a time or
    "at"/"on"/"says". "Jed - East Sussex" and "Kuldip Sokhi, Enfield" stay whole (a place is part of
    the name as shown); "Anonymous, at 1:53 PM" and "Daniel — 17.07., 13:10" are cut."""
    pieces: list[str] = []
    cut_from = 0
    for m in _NAME_END.finditer(s):
        rest = s[m.end():]
        strong = "|" in m.group(0)
        if strong or _AFTER_NAME.match(rest) or not rest.strip(_SEPARATORS):
            pieces.append(s[cut_from:m.start()])
            cut_from = m.end()
    pieces.append(s[cut_from:])
    return pieces
#: Role badges printed after a name ("Autor", "Author", "Admin").
_BADGE = re.compile(r"(?i)(?<=\s)(?:post )?(?:author|autor|autorin|admin|administrator|moderator|mod|verfasser|"
                    r"staff|editor|redaktion)$")


def _text_without_controls(node: etree._Element) -> str:
    """The text of ``node`` without its controls (follow buttons, menus, hover cards); iterative."""
    parts: list[str] = []
    stack: list[etree._Element | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if item.text:
            parts.append(item.text)
        for ch in reversed(item):
            if ch.tail:
                stack.append(ch.tail)
            tag = _tag(ch)
            if tag is not None and tag not in DROP_TAGS and _role_of(ch, tag) not in (
                "control",
                "reply_to",
            ):
                stack.append(ch)
    return " ".join(" ".join(parts).split())


def _author_of(node: etree._Element) -> str | None:
    """The name in an author element: a link, heading or emphasised child's text first, then the whole.

    Controls (follow buttons, hover cards) and the "in reply to" name inside it are skipped.
    """
    stack = list(reversed(node))
    while stack:
        sub = stack.pop()
        tag = _tag(sub)
        if tag is None or tag in DROP_TAGS:
            continue
        role = _role_of(sub, tag)
        if role in ("control", "reply_to"):
            continue
        if tag in _NAME_TAGS:
            name = _clean_author(_text_without_controls(sub))
            if name is not None:
                return name
        stack.extend(reversed(sub))
    return _clean_author(_text_without_controls(node))


_NAME_TAGS = frozenset({"a", "span", "strong", "b", "cite", "h3", "h4", "h5", "h6"})


def _date_of(el: etree._Element) -> ParsedDate | None:
    for attr in ("datetime", "title", "content"):
        v = el.get(attr)
        if v and any(ch.isdigit() for ch in v):
            d = parse_date(v.strip()) or find_date(v)
            if d is not None:
                return d
    text = " ".join(" ".join(el.itertext()).split())
    return find_date(text) if text and len(text) <= 200 else None


class _Record:
    """Reads one record's roles from its elements, skipping nested records."""

    def __init__(self, run: list[etree._Element], nested: set[int]) -> None:
        self.run, self.nested = run, nested
        self.author: str | None = None
        self.author_el: etree._Element | None = None
        self.date: ParsedDate | None = None
        self.body_els: list[etree._Element] = []
        self.strip: list[etree._Element] = []  # author/date/meta/control elements cut from the body
        self.quote_els: list[etree._Element] = []
        self.meta_text: list[str] = []
        self.reply_to_author: str | None = None
        self.reply_els: list[etree._Element] = []  # answers printed inside the comment

    def scan(self) -> None:
        for top in self.run:
            self._visit(top, top is self.run[0])

    def _visit(self, el: etree._Element, is_root: bool) -> None:
        stack = [(el, is_root)]
        nested, drop, tag_of, role_of = self.nested, DROP_TAGS, _tag, _role_of
        while stack:
            node, root = stack.pop()
            tag = tag_of(node)
            if tag is None or tag in drop:
                continue
            if not root and id(node) in nested:
                continue
            role = None if root else role_of(node, tag)
            if role is None:  # most elements: no role, read on below them (as at the end)
                stack.extend([(ch, False) for ch in reversed(node)])
                continue
            if role == "author":
                if self.author is None:
                    name = _author_of(node)
                    if name is not None:
                        self.author, self.author_el = name, node
                if self.date is None:
                    d = _date_of(node)
                    if d is not None:
                        self.date = d
                for sub in node.iterdescendants():  # "Patrick Allan → jnovo22" in one author element
                    if self.reply_to_author is None and any(
                        w in t for t in _tokens(sub) for w in _REPLY_TO_PARTS
                    ):
                        self.reply_to_author = _clean_author(" ".join(sub.itertext()))
                self.strip.append(node)
                continue
            if role == "reply_to":
                if self.reply_to_author is None:
                    self.reply_to_author = _clean_author(" ".join(node.itertext()))
                self.strip.append(node)
                continue
            if role == "date":
                if self.date is None:
                    self.date = _date_of(node)
                self.strip.append(node)
                continue
            if role in ("meta", "control"):
                self.strip.append(node)
                self.meta_text.append(" ".join(" ".join(node.itertext()).split()))
                # the author and date may sit inside the meta line
                stack.extend((ch, False) for ch in reversed(node) if _tag(ch) not in (None,))
                if self.date is None:
                    d = _date_of(node)
                    if d is not None and role == "meta":
                        self.date = d
                continue
            if (  # a marked reply: read the class tokens only for a second body element
                role == "body"
                and self.body_els
                and any("reply" in t or "antwort" in t for t in _tokens(node))
                and not any(b in node.iterancestors() for b in self.body_els)
            ):
                self.reply_els.append(node)  # a second body marked as a reply: the owner's answer
                self.strip.append(node)
                continue
            if role == "body" and not any(b is node or b in node.iterancestors() for b in self.body_els):
                self.body_els.append(node)
            if role == "quote":
                self.quote_els.append(node)
                continue
            stack.extend((ch, False) for ch in reversed(node))

    def lines(self, els: list[etree._Element], also_cut: list[etree._Element] = ()) -> list[str]:
        """Text lines of ``els`` (block-separated) without nested records, role elements and ``also_cut``."""
        out: list[str] = []
        cut = {id(x) for x in self.strip} | self.nested | {id(x) for x in self.quote_els} | {id(x) for x in also_cut}
        for el in els:
            if id(el) in cut and el not in self.run:
                continue
            # The walker leaves out what ``cut`` names below ``el`` (as if removed, tails kept).
            out.extend(element_lines(el, cut))
        return out


def _body_lines(rec: _Record) -> tuple[list[str], list[str], str | None]:
    """(header lines, body lines, quoted author) of a record."""
    bodies = [b for b in rec.body_els if b not in rec.strip]
    # The largest body element wins when one body role element holds another
    lines = rec.lines(bodies) if bodies else rec.lines(rec.run)
    header: list[str] = []
    body: list[str] = []
    if not bodies:
        # No element says which part is the body: the short lines before it are its header
        # (a name, "Subject: ...", "posted: DATE"), when a date among them marks them so.
        lead = 0
        while lead < len(lines) - 1 and _header_like(lines[lead]):
            lead += 1
        if lead and any(find_date(ln) is not None for ln in lines[:lead]):
            header, lines = [ln.strip() for ln in lines[:lead]], lines[lead:]
    author_norm = (rec.author or "").lower()
    for ln in lines:
        s = ln.strip()
        kind = line_kind(s)
        if not body and kind in ("date", "author_date", "says"):
            header.append(s)
            continue
        if kind in ("boiler", "end") or _CONTROL_LINE.match(s):
            continue
        if author_norm and s.lower() == author_norm and not body:
            header.append(s)
            continue
        body.append(s)
    # Trailing header lines ("Posted by X at DATE | #" after the body)
    while len(body) > 1 and (line_kind(body[-1]) in ("date", "author_date") or _dated_short(body[-1])):
        header.append(body.pop())
    quoted_author = None
    if body and _QUOTE_INTRO.match(body[0]) and rec.quote_els:
        quoted_author = _QUOTE_INTRO.match(body[0]).group("author").strip(" @:")
        body = body[1:]
    elif rec.quote_els:
        for q in rec.quote_els:
            cite = q.find(".//cite")
            if cite is not None and cite.text:
                quoted_author = _clean_author(cite.text)
                break
    return header, body, quoted_author


#: Dates that are not the comment's: a member's join date, a last edit.
_NOT_POST_DATE = re.compile(r"(?i)\b(?:joined|registered|member since|dabei seit|registriert|mitglied seit|inscrit|"
                            r"registrado|iscritto|last edited|zuletzt bearbeitet|edited)\b")
_POST_DATE = re.compile(r"(?i)\b(?:posted|post|date|datum|verfasst|geschrieben|publié|publicado|pubblicato|on|am)\b")


def _pick_date(lines: list[str]) -> ParsedDate | None:
    """The comment's date among header lines: a "Posted:" line first, never a join or edit date."""
    found = []
    for ln in lines:
        if _NOT_POST_DATE.search(ln):
            continue
        d = find_date(ln)
        if d is not None:
            found.append((0 if _POST_DATE.search(ln) else 1, len(found), d))
    return min(found, key=lambda t: (t[0], t[1]))[2] if found else None


def _dated_short(line: str) -> bool:
    """A short line that is mostly a date ("Posted on May 3, 2005 10:25 AM | #")."""
    d = find_date(line)
    return d is not None and len(line.replace(d.raw, " ").split()) <= 6


def _header_like(line: str) -> bool:
    """A short header line: a date, a name, or "Label: value" (not a sentence)."""
    s = line.strip()
    words = s.split()
    if not words or len(words) > 20:
        return False
    if find_date(s) is not None or line_kind(s) in ("date", "author_date", "says", "boiler"):
        return True
    if len(words) > 12:
        return False
    if ":" in " ".join(words[:3]) and len(words) <= 12:
        return True
    return len(words) <= 4 and not re.search(r"[.!?]$", s)


_BY = re.compile(r"(?i)(?:^|\s)(?:by|von|par|por)\s*:?\s+(?P<author>.+)$")


def _header_author(lines: list[str], date: ParsedDate | None) -> str | None:
    """An author named in header or meta lines ("By X, at 1:53 PM", "Posted by: X | date", "X says:")."""
    from discourse.parse.comments import SAYS_LINE, _author_from_header

    for ln in lines:
        d = find_date(ln)
        rest = ln.replace(d.raw, " ") if d is not None and d.raw in ln else ln
        m = _BY.search(rest)
        if m:
            name = _clean_author(m.group("author"))
            if name:
                return name
        m = SAYS_LINE.match(ln)
        if m:
            return _clean_author(m.group("author"))
        kind = line_kind(ln)
        if kind == "author_date":
            a = _author_from_header(ln, find_date(ln))
            if a:
                return _clean_author(a)
    for ln in lines:  # a bare name line among the header lines
        words = ln.split()
        if 0 < len(words) <= 4 and ":" not in ln and not any(ch.isdigit() for ch in ln):
            name = _clean_author(ln)
            if name:
                return name
    return None


_WORD = re.compile(r"\w")
#: The opening of a pingback/trackback excerpt ("[…] quoted words […]", "[...]").
_PINGBACK = re.compile(r"^\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\))")


def _level(el: etree._Element) -> int | None:
    """The nesting level a comment's classes state (1 = top level), or None."""
    for t in _class_tokens(el):
        m = _LEVEL.search(t)
        if m:
            return max(1, int(m.group(1)) + (1 if m.group(1) == "0" else 0))
        if t in _LEVEL_WORDS:
            return _LEVEL_WORDS[t]
    return None


def _parent_item(head: etree._Element, item_ids: dict[int, int]) -> int | None:
    """The record ``head`` answers: the nearest enclosing item, or the item right before the
    container that holds ``head`` (Drupal's ``div.indented`` and similar reply boxes that follow
    their parent instead of sitting inside it)."""
    for anc in head.iterancestors():
        if id(anc) in item_ids:
            return item_ids[id(anc)]
        prev = anc.getprevious()
        while prev is not None and not isinstance(prev.tag, str):  # HTML comments between them
            prev = prev.getprevious()
        if prev is not None and id(prev) in item_ids:
            return item_ids[id(prev)]
    return None


def find_records(root: etree._Element | None, markup: str | None = None) -> RecordList | None:
    """The comment records markup declares on a parsed page, or None when it declares none.

    ``markup``, the text ``root`` was parsed from, only saves work (see :func:`_candidate_nodes`)."""
    if root is None:
        return None
    groups, declared_only = _candidates(root, markup)
    kind, items = _choose(groups)
    if not items:
        return RecordList([], [], True) if declared_only else None
    # Records are keyed by their position among the items (``items`` keeps the proxies, so id() is
    # stable here); the keys, not id() values, go into the RawComments.
    key_of = {id(el): k for k, el in enumerate(items)}
    runs = _runs(items)
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
        parent_item = _parent_item(head, key_of)
        level = _level(head)
        if level is not None:
            if parent_item is None and level > 1:
                parent_item = next((last_at_level[k] for k in range(level - 1, 0, -1) if k in last_at_level), None)
            last_at_level[level] = key
            for k in [k for k in last_at_level if k > level]:
                del last_at_level[k]
        rec = _Record(run, nested)
        rec.scan()
        if parent_item is None and rec.reply_to_author:
            wanted = rec.reply_to_author.casefold()
            parent_item = next((item for name, item in reversed(authors) if name.casefold() == wanted), None)
        header, body, quoted_author = _body_lines(rec)
        if (rec.author is None or rec.date is None) and rec.body_els:
            # Header text around the body element (an unwrapped record's dt, a footer line).
            header = header + [ln for ln in rec.lines(run, also_cut=rec.body_els + rec.reply_els) if ln.strip()]
        if rec.date is None:
            rec.date = _pick_date(header + rec.meta_text)
        author = rec.author or _header_author(header + rec.meta_text, rec.date)
        if author:
            authors.append((author, key))
        quote = []
        for q in rec.quote_els:
            quote.extend(ln for ln in rec.lines([q]) if ln.strip())
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
            answer = _inline_reply(rec, reply, extra_key, key)
            extra_key += 1
            if answer is not None:
                comments.append(answer)
    # Only the outermost elements need removing from the page (nested ones go with them).
    elements = [el for el in elements if not any(id(a) in key_of for a in el.iterancestors())]
    # Numbered post anchors (phpBB and kin) mark a forum thread: the opening post is its article.
    opening = comments.pop(0) if kind is not None and kind.startswith("anchor?") and len(comments) >= 2 else None
    return RecordList(comments, elements, True, opening, on_page=len(runs))


def _inline_reply(rec: _Record, reply: etree._Element, key: int, parent: int) -> RawComment | None:
    """The answer printed inside a comment (a blog owner's reply box): a comment of its own."""
    lines = [ln.strip() for ln in rec.lines([reply], also_cut=[]) if ln.strip()]
    header = [ln for ln in lines if find_date(ln) is not None and len(ln.split()) <= 12]
    body = [ln for ln in lines if ln not in header and not _CONTROL_LINE.match(ln)]
    if not body:
        return None
    date = _pick_date(header)
    return RawComment(author=_header_author(header, date), date=date, header=header, body=body,
                      item=key, item_parent=parent)
