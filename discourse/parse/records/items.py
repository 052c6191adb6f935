"""Finding a page's comment items: the candidates markup declares (classes, ids, microdata, empty
named anchors), the kind that repeats most, the run of siblings that belongs to each unwrapped item,
and each item's nesting (a level its classes state, the item it sits in or follows). Without comment
markup, :mod:`.regions` looks for repeated children of an element named for comments."""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from discourse.parse.dates import find_date
from discourse.parse.markup import DROP_TAGS
from discourse.parse.records.elements import (
    class_id_tokens,
    class_tokens,
    element_tag,
    has_role,
    has_words,
    in_region,
    item_kind,
    text_words,
)
from discourse.parse.records.regions import region_items
from discourse.parse.records.vocabulary import (
    CANDIDATE_TAGS,
    DIGITS,
    EXCLUDE_TOKENS,
    ITEM_ID,
    ITEM_TAGS,
    MARK_TAGS,
    NESTING_LEVEL,
    NESTING_LEVEL_WORDS,
    NOT_COMMENT_CLASSES,
)


def _attributed(root: etree._Element) -> list[etree._Element]:
    """The elements of ``root`` that carry any attribute, in document order.

    A superset of those with a class, id, name or microdata (the only attributes :func:`candidate_items`
    and :func:`.regions.region_items` read: an element without them yields nothing there), found by
    lxml's element iteration, about twice as fast as the XPath ``//*[@class or @id or ...]``."""
    return [el for el in root.iter(etree.Element) if el.attrib]


#: Elements whose tag keeps a namespace prefix (``o:p``, ``fb:comments``): :func:`element_tag` reads them
#: without it, so a tag-name search cannot find them.
_PREFIXED = etree.XPath("//*[contains(name(), ':')]")
#: Where markup may hold such a tag: "<", characters that can stand in a tag name, ":". A superset
#: (libxml2's HTML5 tokenizer ends a tag name only at whitespace, "/" or ">", its older parser
#: allowed fewer characters); no match, no prefixed element, and the XPath is not run.
_PREFIXED_MARKUP = re.compile(r"<[^\t\n\x0c\r />]*:")


_CANDIDATE_TAG_SET = frozenset(CANDIDATE_TAGS)


def _candidate_nodes(root: etree._Element, markup: str | None = None) -> tuple[list[etree._Element],
                                                                               list[etree._Element]]:
    """The elements the loop of :func:`candidate_items` can use, in document order: item, anchor and marker
    tags that carry attributes; and every attributed element (for :func:`.regions.region_items`), from one
    walk over the page. A page with prefixed tags, which a tag-name test misses, gets every attributed
    element (the loop finds nothing in the others). ``markup`` (the text ``root`` was parsed from)
    rules prefixed tags out without a tree search."""
    attributed = _attributed(root)
    if (markup is None or _PREFIXED_MARKUP.search(markup) is not None) and _PREFIXED(root):
        return attributed, attributed
    # Raw tag names: an HTML parse lowercases them, and they hold no prefix here (as lxml's
    # ``iter(*CANDIDATE_TAGS)`` matches them).
    tags = _CANDIDATE_TAG_SET
    return [el for el in attributed if el.tag in tags], attributed


def candidate_items(root: etree._Element, markup: str | None = None) -> tuple[dict[str, list[etree._Element]], bool]:
    """Comment items by kind; also whether markup declared items that were all excluded."""
    groups: dict[str, list[etree._Element]] = {}
    declared_only = False
    region_cache: dict[etree._Element, tuple[bool, bool]] = {}  # keyed by element: keeps proxies alive
    anchors: list[tuple[etree._Element, bool]] = []
    posts: dict[str, list[etree._Element]] = {}
    # Only elements with a class, id, name or microdata can be marked items (most elements of a
    # page have none), in document order.
    nodes, attributed = _candidate_nodes(root, markup)
    for el in nodes:
        tag = element_tag(el)
        if tag is None or tag in DROP_TAGS:
            continue
        if tag not in ITEM_TAGS and tag != "a":
            nid = (el.get("id") or "").strip()
            if nid and ITEM_ID.match(nid) and tag in MARK_TAGS:
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
        kind = item_kind(el, tag)
        if kind is None:
            if _POST_ID.match(el.get("id") or ""):
                posts.setdefault(tag, []).append(el)  # <article id="post_2">: a forum post, if dated
            continue
        if "#" in kind and not has_words(el, 2):
            anchors.append((el, True))  # an empty element with a comment id only marks where a comment is
            continue
        region, excluded = in_region(el, region_cache)
        own = set(class_tokens(el))
        if own & NOT_COMMENT_CLASSES or not EXCLUDE_TOKENS.isdisjoint(class_id_tokens(el)):
            declared_only = True
            continue
        if excluded:
            continue
        if kind.endswith("?"):
            if not region:
                if _POST_ID.match(el.get("id") or ""):
                    posts.setdefault(tag, []).append(el)  # <div class="post" id="p12">: a forum post, if dated
                continue
            kind = kind[:-1]
        groups.setdefault(kind, []).append(el)
    for kind, items in _anchor_items(anchors).items():
        groups.setdefault(kind, items)
    for tag, items in posts.items():
        if _dated_posts(items):
            groups.setdefault(f"post?:{tag}", items)
    if not groups and not declared_only:
        groups.update(region_items(attributed, region_cache))
    return groups, declared_only


def _opens(container: etree._Element, anchor: etree._Element) -> bool:
    """No text of ``container`` comes before ``anchor``: the anchor opens it."""
    for event, el in etree.iterwalk(container, events=("start", "end")):
        if event == "start":
            if el is anchor:
                return True
            if el.text and el.text.strip() and isinstance(el.tag, str) and element_tag(el) not in DROP_TAGS:
                return False
        elif el is not container and el.tail and el.tail.strip():
            return False
    return False


def _anchor_item(anchor: etree._Element, count: dict[etree._Element, int]) -> etree._Element:
    """The element one anchor marks: its lowest block ancestor with some text (3+ words) that holds no
    other anchor, or that the anchor opens (a comment with its replies nested inside); else the anchor itself,
    whose following siblings are then the comment (``<a name="c1"></a><p>…</p><p>…</p>``)."""
    for anc in anchor.iterancestors():
        tag = element_tag(anc)
        if tag in ("body", "html"):
            break
        if tag not in ITEM_TAGS:
            continue
        if not has_words(anc, 3):
            continue
        if count.get(anc, 0) == 1:
            return anc
        return anc if _opens(anc, anchor) else anchor
    return anchor


#: Anchors that only mark a post when they repeat and every item they mark carries a date
#: (phpBB's ``<a name="1234">``, ``p1234``); alone they are footnotes or jump marks.
_POST_ANCHOR = re.compile(r"^(?:p|post|msg|m)?[-_]?\d{2,}$", re.I)


#: The ``id`` of a forum post's element (phpBB 3 ``p1234``, vBulletin ``post_1234``, XenForo
#: ``js-post-1234``, Discourse ``post_2``): a post when they repeat and each carries a date.
_POST_ID = re.compile(r"^(?:js-)?(?:p|post|msg|message)[-_]?\d+$", re.I)


def _dated_posts(items: list[etree._Element]) -> bool:
    """Two or more posts, none inside another, at least 80% of them with a date and with text of
    their own beyond links (a list of teasers, ``<div id="p20377464">`` with a linked headline and
    "21 hours ago", is no thread)."""
    if len(items) < 2:
        return False
    members = {id(el) for el in items}
    if any(id(anc) in members for el in items for anc in el.iterancestors()):
        return False
    dated = sum(1 for el in items if _post_date_shown(el))
    written = sum(1 for el in items if _unlinked_words(el) >= _POST_WORDS)
    return dated * 10 >= len(items) * 8 and written * 10 >= len(items) * 8


#: Words outside links a forum post shows at least (its author's name and date included).
_POST_WORDS = 8


def _unlinked_words(el: etree._Element) -> int:
    """Words of ``el``'s text outside ``<a>`` elements."""
    linked = sum(len(" ".join(a.itertext()).split()) for a in el.iter("a"))
    return len(" ".join(el.itertext()).split()) - linked


def _dated_text(el: etree._Element) -> bool:
    """A date in the first 2,000 characters of ``el``'s text."""
    return find_date(" ".join(" ".join(el.itertext()).split())[:2000]) is not None


def _post_date_shown(el: etree._Element) -> bool:
    """A date in the post's text, a ``<time>`` element, or a date in a title (a relative date's tooltip)."""
    if _dated_text(el):
        return True
    return any(
        element_tag(d) == "time" or find_date(d.get("title") or "") is not None
        for d in el.iter()
        if isinstance(d.tag, str) and (d.get("datetime") or d.get("title"))
    )


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
            number = "".join(DIGITS.findall(a.get("name") or a.get("id") or ""))
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
            if node is not None and not in_region(node)[1]:
                items.append(node)
        if not strong:
            dated = sum(map(_dated_text, items))
            if len(items) < 2 or dated * 10 < len(items) * 8:
                continue
        if items:
            out[f"anchor{'' if strong else '?'}:{element_tag(items[0])}"] = items
    return out


def _outermost_first(a: list[etree._Element], b: list[etree._Element]) -> bool:
    """True when group ``a``'s first element encloses group ``b``'s first (a is the outer kind)."""
    first_b = b[0]
    return any(anc is a[0] for anc in first_b.iterancestors())


def choose_items(groups: dict[str, list[etree._Element]]) -> tuple[str | None, list[etree._Element]]:
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


def item_runs(items: list[etree._Element]) -> list[list[etree._Element]]:
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
                tag = element_tag(sib)
                if tag is not None and tag not in DROP_TAGS:
                    if any(id(d) in ids for d in sib.iterdescendants()):
                        break
                    if has_role(class_tokens(sib), _RUN_STOP) or tag in ("form", "h1", "h2", "h3", "h4"):
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
        runs[-1] = [r for r in runs[-1] if r is runs[-1][0] or text_words(r) <= 40]
    return runs


_RUN_STOP = frozenset({"navigation", "comment-navigation", "pagination", "nav-links", "comment-respond", "respond"})


def stated_level(el: etree._Element) -> int | None:
    """The nesting level a comment's classes state (1 = top level), or None."""
    for t in class_tokens(el):
        m = NESTING_LEVEL.search(t)
        if m:
            return max(1, int(m.group(1)) + (1 if m.group(1) == "0" else 0))
        if t in NESTING_LEVEL_WORDS:
            return NESTING_LEVEL_WORDS[t]
    return None


def enclosing_item(head: etree._Element, item_ids: dict[int, int]) -> int | None:
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
