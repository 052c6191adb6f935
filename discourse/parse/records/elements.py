"""Reading one element for the record reader: its tag without a namespace prefix, its class/id tokens,
the kind of comment item it is, whether it sits in a comment region or an excluded context, its
role inside a comment, and how many words it holds. Memoised: a page repeats its tags and classes."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from discourse.parse.markup import element_tag
from discourse.parse.records.vocabulary import (
    AUTHOR_TOKENS,
    BODY_TOKENS,
    COMMENT_REGION,
    CONTROL_PARTS,
    CONTROL_TOKENS,
    DATE_TOKENS,
    DIGITS,
    EXCLUDE_TOKENS,
    HAS_DIGIT,
    ITEM_CLASSES,
    ITEM_ID,
    ITEM_TAGS,
    ITEMPROP_AUTHOR,
    ITEMPROP_BODY,
    META_TOKENS,
    REGION_ITEM_CLASSES,
    REPLY_TO_PARTS,
)


def class_id_tokens(el: etree._Element) -> list[str]:
    """The class and id tokens of ``el``, lowercased."""
    v = ((el.get("class") or "") + " " + (el.get("id") or "")).strip().lower()
    return v.split() if v else []


def class_tokens(el: etree._Element) -> list[str]:
    """The class tokens of ``el``, lowercased."""
    return (el.get("class") or "").lower().split()


def has_role(tokens: list[str], role: frozenset[str]) -> bool:
    """One of ``tokens`` is one of the ``role`` tokens."""
    return any(t in role for t in tokens)


def _fold_digits(value: str | None) -> str | None:
    """``value`` with each digit run as "0" (memoised: a page repeats its class and id values)."""
    if not value:
        return value
    hit = _FOLDED.get(value)
    if hit is None:
        hit = DIGITS.sub("0", value) if HAS_DIGIT.search(value) else value
        if len(_FOLDED) >= 65536:  # bounded: unique ids pass through it
            _FOLDED.clear()
        _FOLDED[value] = hit
    return hit


_FOLDED: dict[str, str] = {}


def item_kind(el: etree._Element, tag: str) -> str | None:
    """The kind of comment item ``el`` is (its signature), or None."""
    if tag not in ITEM_TAGS:
        return None
    attrib = el.attrib
    nid, cls = attrib.get("id"), attrib.get("class")
    # Most elements have no attributes besides these two: then no microdata either (not looked up).
    if len(attrib) == (nid is not None) + (cls is not None):
        itemtype = itemprop = None
    else:
        itemtype, itemprop = attrib.get("itemtype"), attrib.get("itemprop")
    # Digit runs as "0" (see element_role): numbered ids ("comment-1234") share one cache entry; the
    # kind strips an id's digits anyway, and no item class holds a digit.
    return _cached_item_kind(tag, _fold_digits(nid), _fold_digits(cls), itemtype, itemprop)


@lru_cache(maxsize=8192)
def _cached_item_kind(
    tag: str, nid_raw: str | None, cls: str | None, itemtype_raw: str | None, itemprop: str | None
) -> str | None:
    nid = (nid_raw or "").strip()
    if nid and ITEM_ID.match(nid):
        return f"{tag}#{DIGITS.sub('', nid).rstrip('-_').lower()}"
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


def _own_flags(anc: etree._Element, inherited: tuple[bool, bool]) -> tuple[bool, bool]:
    region, excluded = inherited
    if element_tag(anc) == "form":
        excluded = True
    toks = class_id_tokens(anc)
    if toks:
        if not EXCLUDE_TOKENS.isdisjoint(toks):
            excluded = True
        if COMMENT_REGION.search(" ".join(toks)):
            region = True
    return region, excluded


def in_region(el: etree._Element, cache: dict[etree._Element, tuple[bool, bool]] | None = None) -> tuple[bool, bool]:
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
        if element_tag(anc) in ("form", "nav", "aside", "footer", "header") and element_tag(anc) == "form":
            excluded = True
        toks = class_id_tokens(anc)
        if not toks:
            continue
        if not EXCLUDE_TOKENS.isdisjoint(toks):
            excluded = True
        if COMMENT_REGION.search(" ".join(toks)):
            region = True
    return region, excluded


def has_words(el: etree._Element, n: int) -> bool:
    """``el`` holds at least ``n`` words (stops reading as soon as it does: containers can be large)."""
    count = 0
    for t in el.itertext():
        if isinstance(t, str):
            count += len(t.split())
            if count >= n:
                return True
    return False


def text_words(el: etree._Element) -> int:
    """The words of all text in ``el``."""
    return len(" ".join(t for t in el.itertext() if isinstance(t, str)).split())


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


def element_role(el: etree._Element, tag: str | None) -> str | None:
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


#: Whole class tokens that name the commenter outright, even on a link that opens a pop-up card.
_NAME_CLASSES = frozenset({"username", "user-name", "fn", "author-name", "display-name", "p-author"})


def _role(tokens: list[str], itemprop_raw: str | None, tag: str | None) -> str | None:
    itemprop = (itemprop_raw or "").lower()
    if itemprop in ITEMPROP_AUTHOR:
        return "author"
    if itemprop in ("datecreated", "datepublished", "commenttime"):
        return "date"
    if itemprop in ITEMPROP_BODY:
        return "body"
    if tag == "time":
        return "date"
    if tag == "blockquote":
        return "quote"
    if tag in ("form", "button", "textarea", "input", "select"):
        return "control"
    if not tokens:
        return "author" if tag == "cite" else None
    if has_role(tokens, CONTROL_TOKENS):
        return "control"
    if any(w in t for t in tokens for w in CONTROL_PARTS) and _NAME_CLASSES.isdisjoint(tokens):
        return "control"  # a pop-up or menu; not a name that opens one ("username popupctrl")
    if any(w in t for t in tokens for w in REPLY_TO_PARTS):
        return "reply_to"
    if has_role(tokens, AUTHOR_TOKENS):
        return "author"
    if has_role(tokens, DATE_TOKENS):
        return "date"
    if has_role(tokens, META_TOKENS):
        return "meta"
    if has_role(tokens, BODY_TOKENS):
        return "body"
    if tag == "cite":
        return "author"
    return None
