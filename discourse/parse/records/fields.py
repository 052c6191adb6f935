"""Reading one comment record's fields: author, date, body, quote and the "in reply to" name, first by
the role of its elements (:class:`RecordFields`), then from its header and meta lines ("Posted by X
at DATE"); an answer printed inside a comment (a blog owner's reply box) is a comment of its own."""

from __future__ import annotations

import re

from lxml import etree

from discourse.parse.blocks import element_lines
from discourse.parse.comments import BOILERPLATE_LINES, SAYS_LINE, RawComment, author_from_header, line_kind
from discourse.parse.dates import ParsedDate, find_date, parse_date
from discourse.parse.markup import DROP_TAGS, element_tag
from discourse.parse.records.elements import class_id_tokens, element_role
from discourse.parse.records.vocabulary import AUTHOR_NOISE, CONTROL_LINE, NAME_SEPARATORS, QUOTE_INTRO, REPLY_TO_PARTS


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
            piece = AUTHOR_NOISE.sub("", piece).strip(NAME_SEPARATORS)
            piece = _BADGE.sub("", piece).strip(NAME_SEPARATORS)
            piece = _FILLER_EDGE.sub("", piece).strip(NAME_SEPARATORS)
        if piece.count("(") != piece.count(")"):
            piece = piece.strip("()")
        if not piece or len(piece) > 60 or len(piece.split()) > 6 or not any(ch.isalpha() for ch in piece):
            continue
        if BOILERPLATE_LINES.match(piece) or CONTROL_LINE.match(piece):
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
        if strong or _AFTER_NAME.match(rest) or not rest.strip(NAME_SEPARATORS):
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
            tag = element_tag(ch)
            if tag is not None and tag not in DROP_TAGS and element_role(ch, tag) not in (
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
        tag = element_tag(sub)
        if tag is None or tag in DROP_TAGS:
            continue
        role = element_role(sub, tag)
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
    d = _attribute_date(el)
    if d is not None:
        return d
    text = " ".join(" ".join(el.itertext()).split())
    d = find_date(text) if text and len(text) <= 200 else None
    if d is not None and d.iso is not None:
        return d
    # A relative date shown ("May '19", "3 days ago") with the full one in a tooltip inside.
    inner = next((x for x in map(_attribute_date, el.iterdescendants()) if x is not None), None)
    return inner or d


def _attribute_date(el: etree._Element) -> ParsedDate | None:
    """A date an element states in an attribute (``datetime``, a ``title`` tooltip, ``content``)."""
    for attr in ("datetime", "title", "content"):
        v = el.get(attr)
        if v and any(ch.isdigit() for ch in v):
            d = parse_date(v.strip()) or find_date(v)
            if d is not None:
                return d
    return None


class RecordFields:
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
        nested, drop, tag_of, role_of = self.nested, DROP_TAGS, element_tag, element_role
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
                        w in t for t in class_id_tokens(sub) for w in REPLY_TO_PARTS
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
                stack.extend((ch, False) for ch in reversed(node) if element_tag(ch) not in (None,))
                if self.date is None:
                    d = _date_of(node)
                    if d is not None and role == "meta":
                        self.date = d
                continue
            if (  # a marked reply: read the class tokens only for a second body element
                role == "body"
                and self.body_els
                and any("reply" in t or "antwort" in t for t in class_id_tokens(node))
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
            if id(el) in cut and el not in self.run and el not in self.quote_els:
                continue  # a quote asked for is read (without the other quotes inside it)
            # The walker leaves out what ``cut`` names below ``el`` (as if removed, tails kept).
            out.extend(element_lines(el, cut))
        return out


def body_lines(rec: RecordFields) -> tuple[list[str], list[str], str | None]:
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
        if kind in ("boiler", "end") or CONTROL_LINE.match(s):
            continue
        if author_norm and s.lower() == author_norm and not body:
            header.append(s)
            continue
        body.append(s)
    # Trailing header lines ("Posted by X at DATE | #" after the body)
    while len(body) > 1 and (line_kind(body[-1]) in ("date", "author_date") or _dated_short(body[-1])):
        header.append(body.pop())
    quoted_author = None
    if body and QUOTE_INTRO.match(body[0]) and rec.quote_els:
        quoted_author = QUOTE_INTRO.match(body[0]).group("author").strip(" @:")
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


def pick_date(lines: list[str]) -> ParsedDate | None:
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


def header_author(lines: list[str], date: ParsedDate | None) -> str | None:
    """An author named in header or meta lines ("By X, at 1:53 PM", "Posted by: X | date", "X says:")."""
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
            a = author_from_header(ln, find_date(ln))
            if a:
                return _clean_author(a)
    for ln in lines:  # a bare name line among the header lines
        words = ln.split()
        if 0 < len(words) <= 4 and ":" not in ln and not any(ch.isdigit() for ch in ln):
            name = _clean_author(ln)
            if name:
                return name
    return None


def inline_reply(rec: RecordFields, reply: etree._Element, key: int, parent: int) -> RawComment | None:
    """The answer printed inside a comment (a blog owner's reply box): a comment of its own."""
    lines = [ln.strip() for ln in rec.lines([reply], also_cut=[]) if ln.strip()]
    header = [ln for ln in lines if find_date(ln) is not None and len(ln.split()) <= 12]
    body = [ln for ln in lines if ln not in header and not CONTROL_LINE.match(ln)]
    if not body:
        return None
    date = pick_date(header)
    return RawComment(author=header_author(header, date), date=date, header=header, body=body,
                      item=key, item_parent=parent)
