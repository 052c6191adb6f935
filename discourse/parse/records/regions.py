"""Comment sections without comment markup: repeated children of an element named for comments.

When no element of a page is marked as one comment (:mod:`.items`), the comments may still sit
in an element whose class or id names comments (``div#kommentare``, ``section.reader-responses``):
its children, or theirs a few levels down, that repeat with the same tag and classes, each with
some running text and most with an author or a date, are the comments.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from discourse.parse.dates import find_date
from discourse.parse.markup import DROP_TAGS, element_tag
from discourse.parse.records.elements import class_id_tokens, class_tokens, element_role, in_region
from discourse.parse.records.vocabulary import DIGITS, EXCLUDE_TOKENS, ITEM_TAGS

__all__ = ["region_items"]


#: Words of a class or id that name an element holding reader comments, in several languages.
_REGION_NOUNS = frozenset({"comment", "comments", "commenti", "commento", "kommentar", "kommentare", "comentario",
                           "comentarios", "comentário", "comentários", "commentaire", "commentaires", "commentlist",
                           "reactions", "responses", "replies", "talkback", "guestbook", "gästebuch", "leserbriefe"})
_REGION_STEMS = ("comment", "komment", "coment", "reaction", "respons", "repl", "talkback", "guestbook", "gästebuch",
                  "leserbrief")
#: Any of the stems, in one scan (the region search tests every element with a class or id).
_REGION_STEM = re.compile("|".join(map(re.escape, _REGION_STEMS)))
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _parts(token: str) -> set[str]:
    """The words of a class or id: ``userComments`` -> user, comments; ``comment-list`` -> comment, list."""
    return {p.lower() for p in re.split(r"[-_]+", _CAMEL.sub("-", token)) if p}


def _signed(member: etree._Element, text: str) -> bool:
    """A comment-like item: it names its author or carries a date (not a run of article paragraphs)."""
    if find_date(text[:300]) is not None:
        return True
    return any(
        element_role(d, element_tag(d)) in ("author", "date")
        for d in member.iterdescendants()
        if element_tag(d) is not None
    )
#: How deep below a comment region the repeated comment elements may sit.
_REGION_DEPTH = 4


#: Parts of class names of what sits in a comment section but is no comment: the form, its privacy
#: notice, the comment rules, login and subscription boxes.
_NOT_COMMENTS_PARTS = ("form", "notice", "privacy", "policy", "rules", "guideline", "disclaimer", "terms",
                       "respond", "login", "register", "subscribe", "newsletter", "badge", "tooltip", "tip-",
                       "widget", "recent", "popular", "count")
#: Class names that hide an element by style sheet (badges and tool tips shown on hover).
_HIDDEN = frozenset({"hidden", "hide", "sr-only", "screen-reader-text", "visually-hidden"})


def _signature(el: etree._Element) -> str:
    return f"{element_tag(el)}.{'.'.join(sorted(DIGITS.sub('', c) for c in class_tokens(el)))}"


def region_items(
    attributed: list[etree._Element], region_cache: dict[etree._Element, tuple[bool, bool]] | None = None
) -> dict[str, list[etree._Element]]:
    """Comments without comment markup: inside an element named for comments, the children that
    repeat (same tag and classes, each with some running text) are the comments.

    ``region_cache``: :func:`in_region`'s cache of this page, when the caller has one."""
    best: list[etree._Element] = []
    best_sig = ""
    # Regions nest (a comment list inside a comments box, each comment named "comment" inside it):
    # the walks below them meet the same containers again. A container's groups and each group's
    # verdict depend on that element alone, so they are worked out once (the dict keeps it alive).
    groups_of: dict[etree._Element, tuple[list[etree._Element], list[tuple[str, list[etree._Element]]]] | None] = {}
    verdicts: dict[tuple[int, str], tuple[list[etree._Element], int]] = {}
    if region_cache is None:
        region_cache = {}
    for region in attributed:
        tag = element_tag(region)
        if tag is None or tag in DROP_TAGS or tag in ("form", "a", "span"):
            continue
        raw = ((region.get("class") or "") + " " + (region.get("id") or "")).lower()
        if not _REGION_STEM.search(raw):
            continue  # a cheap test before the word split
        toks = class_id_tokens(region)
        if not toks or not EXCLUDE_TOKENS.isdisjoint(toks) or not any(_REGION_NOUNS.intersection(_parts(t)) for t in
                                                                         ((region.get("class") or "") + " " +
                                                                          (region.get("id") or "")).split()):
            continue
        if in_region(region, region_cache)[1]:
            continue
        frontier = [(region, 0)]
        while frontier:
            container, depth = frontier.pop()
            if container in groups_of:
                found = groups_of[container]
            else:
                found = groups_of[container] = _container_groups(container)
            if found is None:
                continue
            children, groups = found
            if depth + 1 < _REGION_DEPTH:
                frontier.extend((ch, depth + 1) for ch in children)
            for sig, members in groups:
                if len(members) <= len(best):
                    continue  # it cannot pass the test below (len(ok) <= len(members)): its texts are not read
                key = (id(container), sig)
                verdict = verdicts.get(key)
                if verdict is None:
                    verdict = verdicts[key] = _group_verdict(members)
                ok, signed = verdict
                if len(ok) >= 2 and len(ok) * 10 >= len(members) * 8 and signed * 2 >= len(ok) and len(ok) > len(best):
                    best, best_sig = ok, sig
    return {f"region:{best_sig}": best} if best else {}


def _container_groups(
    container: etree._Element,
) -> tuple[list[etree._Element], list[tuple[str, list[etree._Element]]]] | None:
    """(children to look below, the groups of 2+ block children alike by :func:`_signature`, by
    signature) of an element inside a comment region; None for a form, notice or hidden box."""
    if _not_comments_box(container) or not _HIDDEN.isdisjoint(class_tokens(container)):
        return None
    children: list[etree._Element] = []
    by_sig: dict[str, list[etree._Element]] = {}
    for ch in container:
        ctag = element_tag(ch)
        if ctag is None or ctag in DROP_TAGS:
            continue
        children.append(ch)
        if ctag in ITEM_TAGS and ctag != "td":  # comments are blocks, not inline runs or cells
            by_sig.setdefault(_signature(ch), []).append(ch)
    return children, [(sig, members) for sig, members in sorted(by_sig.items()) if len(members) >= 2]


def _group_verdict(members: list[etree._Element]) -> tuple[list[etree._Element], int]:
    """(the members with running text, outside forms and notices; how many of those are signed)."""
    texts = [" ".join(" ".join(m.itertext()).split()) for m in members]
    ok = [
        m
        for m, t in zip(members, texts, strict=True)
        if len(t.split()) >= 3 and _link_share(m) < 0.5 and not _in_form(m) and not _not_comments_box(m)
    ]
    signed = sum(1 for m, t in zip(members, texts, strict=True) if m in ok and _signed(m, t))
    return ok, signed


def _not_comments_box(el: etree._Element) -> bool:
    """A class or id token of ``el`` holds one of :data:`_NOT_COMMENTS_PARTS`."""
    return _holds_not_comments_part(((el.get("class") or "") + " " + (el.get("id") or "")).lower())


@lru_cache(maxsize=8192)
def _holds_not_comments_part(value: str) -> bool:
    # No part holds whitespace: a part is inside one of the tokens of ``value`` exactly when it is
    # inside ``value`` (a page repeats its class names: each is looked at once).
    return any(part in value for part in _NOT_COMMENTS_PARTS)


def _in_form(el: etree._Element) -> bool:
    """Inside a form, or holding one of its fields: a comment form's notes, not comments."""
    return (
        any(element_tag(a) == "form" for a in el.iterancestors())
        or next(el.iter("input", "textarea"), None) is not None
    )


def _link_share(el: etree._Element) -> float:
    total = len("".join(el.itertext()))
    links = sum(len("".join(a.itertext())) for a in el.iter("a"))
    return links / total if total else 1.0
