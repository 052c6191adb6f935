"""Turn a page into blocks: paragraphs of a text dump, or block-level DOM elements of HTML.

The HTML walk follows the rules of the shared ``make_textdump.py`` (one block per block-level
element, ``<br>`` = line break, script/style/nav/... and markup-hidden elements dropped), so the
blocks of a page's HTML line up with the paragraphs of its text dump and both input types share
one segmenter. HTML blocks also carry DOM evidence: the class/id tokens of the element and its
ancestors, the tag, the depth, the share of link text and the nearest comment-item ancestor.

The walk is iterative (an explicit stack), so deeply nested markup cannot exhaust Python's
recursion limit, and it stops after ``MAX_BLOCKS`` blocks to keep the time per page bounded.
The same walk gives the text lines of one element (:func:`element_lines`, a comment record's text).
The tag lists it follows live in :mod:`.markup`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from discourse.parse.markup import (
    BLOCK_TAGS,
    COMMENT_ITEM_CLASSES,
    DROP_TAGS,
    ELEMENT_TAGS,
    PRE_TAGS,
    WHITESPACE,
    WHITESPACE_CHARS,
    element_tag,
)

__all__ = ["MAX_BLOCKS", "Block", "element_lines", "html_blocks", "parse_html", "text_blocks"]

#: Pages with more blocks are cut (a hard bound on the work per page; real pages have < 2,000).
MAX_BLOCKS = 3000
#: Longest block kept in full; longer blocks are cut (a 1 MB single line is junk or a data dump).
MAX_BLOCK_CHARS = 20000

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_COMMENT_ID = re.compile(r"^(?:comment|li-comment|reply|cmt|dsq-comment|comment_?id)[-_]?\d+$")
_ITEM_TAGS = frozenset({"li", "div", "article", "section", "dl", "dd", "table", "tr", "td"})
_MAX_ATTR_DEPTH = 40
#: lxml.html's default parser options, with lxml's own element classes, and no table of the id
#: attributes (nothing looks an element up by id: it cost ~15% of the parse and of freeing the tree).
_HTML_PARSER = etree.HTMLParser(collect_ids=False)


@dataclass
class Block:
    """One block of a page.

    Attributes
    ----------
    text : str
        The block's text; lines are separated by ``\\n``.
    index : int
        Position among the page's blocks.
    tag : str
        The block element's tag (``p`` for text dumps).
    depth : int
        DOM depth of the block element (0 for text dumps).
    link_chars : int
        Characters of the block inside ``<a>`` elements.
    attrs : str
        Class/id tokens of the element and its ancestors, innermost first, space-separated.
    item : int or None
        Key of the nearest ancestor that looks like one comment (class/id tokens), for grouping.
    item_parent : int or None
        Key of the comment item enclosing that one (DOM nesting = a reply), if any.
    heading : bool
        The element is (inside) ``h1``-``h6``.
    """

    text: str
    index: int = 0
    tag: str = "p"
    depth: int = 0
    link_chars: int = 0
    attrs: str = ""
    item: int | None = None
    item_parent: int | None = None
    heading: bool = False
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = [ln for ln in self.text.split("\n") if ln.strip()]


def text_blocks(text: str) -> list[Block]:
    """Blocks of a text dump: paragraphs separated by blank lines.

    >>> [b.text for b in text_blocks("Title\\n\\nFirst para.\\nline two\\n\\n\\nEnd")]
    ['Title', 'First para.\\nline two', 'End']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[Block] = []
    for para in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [ln.strip() for ln in para.split("\n")]
        lines = [ln[:MAX_BLOCK_CHARS] for ln in lines if ln]
        if not lines:
            continue
        out.append(Block("\n".join(lines), index=len(out), lines=lines))
        if len(out) >= MAX_BLOCKS:
            break
    return out


def _pre_text(text: str) -> str:
    """Text inside ``<pre>``-like elements: line breaks unified, tabs as spaces, nothing collapsed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")


class _Lines:
    """The lines of one block of a comment record's text (:class:`_Walker` with ``contexts=False``):
    all that is read of it, without building a :class:`Block`."""

    __slots__ = ("lines",)

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines


class _Walker:
    """make_textdump's walk, iterative, recording DOM evidence per block."""

    def __init__(self, contexts: bool = True) -> None:
        # contexts=False: lines only (a comment record's text); the class/id context of each
        # block, which costs a step per element with attributes, is not worked out.
        self.contexts = contexts
        self.blocks: list[Block] | list[_Lines] = []  # _Lines with contexts=False
        self.buf: list[str] = []
        self.link_buf = 0
        self.open_blocks: list[etree._Element] = []
        self.anchors = 0
        self.headings = 0
        # Context of each open block element (parallel to open_blocks), computed during the walk.
        self.open_ctx: list[tuple[str, int | None, int | None]] = []
        self.items_alive: list[etree._Element] = []  # comment items: their id() is their key
        self.own_cache: dict[tuple[str, str | None, str | None], tuple[str, bool]] = {}

    def _context(self, el: etree._Element) -> tuple[str, int | None, int | None]:
        """(class/id tokens innermost first, comment item key, enclosing item key) of ``el``,
        folded from the root down with :meth:`_child_context` (the walk's start: its ancestors)."""
        base: tuple[str, int | None, int | None] = ("", None, None)
        for node in reversed([el, *el.iterancestors()]):
            cls, nid = node.get("class"), node.get("id")
            if cls or nid:
                base = self._child_context(base, node, element_tag(node), cls, nid)
        return base

    def _child_context(
        self, base: tuple[str, int | None, int | None], node: etree._Element, tag: str, cls: str | None, nid: str | None
    ) -> tuple[str, int | None, int | None]:
        """:meth:`_context` of ``node`` from its parent's context ``base`` (one step of its loop)."""
        key = (tag, cls, nid)
        hit = self.own_cache.get(key)  # a page repeats its class/id values
        if hit is None:
            v = ((cls or "") + " " + (nid or "")).lower()
            own = _TOKEN_SPLIT.sub(" ", v).strip() if v.strip() else ""
            is_item = bool(own) and tag in _ITEM_TAGS and (
                bool(_COMMENT_ID.match((nid or "").lower()))
                or not COMMENT_ITEM_CLASSES.isdisjoint((cls or "").lower().split())
            )
            hit = self.own_cache[key] = (own, is_item)
        own, is_item = hit
        if not own:
            return base
        attrs, item, parent_item = base
        attrs = own + " " + attrs if attrs else own
        if len(attrs) > 400:
            attrs = attrs[:400].rsplit(" ", 1)[0]
        if is_item:
            item, parent_item = id(node), item
            self.items_alive.append(node)
        return (attrs, item, parent_item)

    def flush(self) -> None:
        if not self.buf:
            return
        text = "".join(self.buf)
        link = self.link_buf
        self.buf.clear()  # in place: walk() holds a reference to the buffer
        self.link_buf = 0
        if text.isspace():  # most flushes: the whitespace between two blocks (no line survives)
            return
        if "\n" in text:
            lines = [ln.strip(" ") for ln in text.split("\n")]
            lines = [ln[:MAX_BLOCK_CHARS] for ln in lines if ln.strip()]
        else:  # one line (most blocks): the same, without the list passes
            line = text.strip(" ")
            lines = [line[:MAX_BLOCK_CHARS]] if line.strip() else []
        if not lines or len(self.blocks) >= MAX_BLOCKS:
            return
        if not self.contexts:  # a comment record's text (element_lines reads the lines only)
            self.blocks.append(_Lines(lines))
            return
        owner = self.open_blocks[-1] if self.open_blocks else None
        attrs, item, parent_item = self.open_ctx[-1] if owner is not None else ("", None, None)
        depth = 0
        if owner is not None:
            depth = len(self.open_blocks)
        self.blocks.append(
            Block(
                "\n".join(lines),
                index=len(self.blocks),
                tag=element_tag(owner) or "div" if owner is not None else "div",
                depth=depth,
                link_chars=link,
                attrs=attrs,
                item=item,
                item_parent=parent_item,
                heading=self.headings > 0,
                lines=lines,
            )
        )

    def add(self, text: str | None, pre: bool) -> None:
        if not text:
            return
        s = _pre_text(text) if pre else WHITESPACE.sub(" ", text)
        self.buf.append(s)
        if self.anchors:
            self.link_buf += len(s.strip())

    def walk(self, root: etree._Element, cut: set[int] | None = None) -> None:
        # lxml's iterwalk visits the tree in C: "start"/"end" per element, "comment"/"pi" events
        # for the other nodes (only their tail text counts). A dropped, hidden or <br> element
        # is skipped at its start event; its end event, which follows at once, adds its tail.
        # ``pre`` counts the open <pre>-like elements: text inside one keeps its whitespace.
        # The text handling of add() and the empty-buffer check of flush() are inlined: this
        # loop runs for every element of the page.
        # ``cut``: id() values of elements below ``root`` to leave out as if removed from the tree
        # with their tail kept (records.detach), without copying the tree: their tail then joins
        # the text before them, so a space on both sides of the cut is one space, as in the copy.
        if element_tag(root) is None:
            return
        tags = ELEMENT_TAGS
        blocks, buf, open_blocks, open_ctx = self.blocks, self.buf, self.open_blocks, self.open_ctx
        # The class/id context of the open elements, innermost last (see _context).
        parent = root.getparent()
        contexts = self.contexts
        ctx_stack = [self._context(parent) if parent is not None and contexts else ("", None, None)]
        tag_stack: list[str] = []  # tags of the open elements (their end events pop them)
        child_context = self._child_context
        ws_sub = WHITESPACE.sub
        # Half the texts of a page are plain: printable (no tab, line break, no-break or zero-width
        # space: those are not) with no two spaces in a row. The whitespace collapse would leave
        # them as they are, after a slower regex scan; these two checks in C skip it.
        plain = str.isprintable
        pre = 0
        skipped = None
        was_cut = False  # the skipped element is one of ``cut``
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        skip = walker.skip_subtree
        for event, el in walker:
            if len(blocks) >= MAX_BLOCKS:
                return
            if event == "start":
                raw_tag = el.tag
                tag = tags.get(raw_tag, False)
                if tag is False:
                    tag = element_tag(el)
                attrib = el.attrib
                n_attrs = len(attrib)
                if cut and el is not root and id(el) in cut:
                    skip()
                    skipped, was_cut = el, True
                    continue
                if tag in DROP_TAGS:
                    skip()
                    skipped = el
                    continue
                cls = nid = None
                if n_attrs:
                    if contexts:
                        cls, nid = attrib.get("class"), attrib.get("id")
                        n_attrs -= (cls is not None) + (nid is not None)
                    # Hidden (tested inline: this runs for every element with attributes): a "hidden"
                    # attribute, a hiding style, a hidden input. Half the elements with attributes
                    # have only a class and an id: none of these (each lookup costs as much as a read).
                    if n_attrs and (
                        "hidden" in attrib
                        or ((st := attrib.get("style")) is not None and st and _HIDDEN_STYLE.search(st) is not None)
                        or (raw_tag == "input" and (attrib.get("type") or "").lower() == "hidden")
                    ):
                        skip()
                        skipped = el
                        continue
                if tag == "br":
                    buf.append("\n")
                    skip()
                    skipped = el
                    continue
                if tag in PRE_TAGS:
                    pre += 1
                ctx = child_context(ctx_stack[-1], el, tag, cls, nid) if cls or nid else ctx_stack[-1]
                ctx_stack.append(ctx)
                tag_stack.append(tag)
                if tag in BLOCK_TAGS:
                    if buf:
                        # Most block boundaries hold only the " " between two tags: flush()
                        # would drop it (no line survives, and it added no link characters).
                        if len(buf) == 1 and buf[0] == " ":
                            buf.clear()
                        else:
                            self.flush()
                    open_blocks.append(el)
                    open_ctx.append(ctx)
                elif tag == "input" and el.get("value") and (el.get("type") or "").lower() in (
                    "submit",
                    "button",
                    "reset",
                ):
                    buf.append(" " + el.get("value") + " ")
                if tag == "a":
                    self.anchors += 1
                elif tag in _HEADINGS:
                    self.headings += 1
                text = el.text  # the element's own text, read below like a tail
            elif event == "end":
                text = el.tail
                if el is skipped:
                    skipped = None
                    if was_cut:
                        was_cut = False
                        if text and not pre and text[0] in WHITESPACE_CHARS and _cut_joins_space(el, cut):
                            # The tail joins the text before the cut, which ends in a space.
                            text = text.lstrip(WHITESPACE_CHARS)
                            if not text:
                                continue
                else:
                    tag = tag_stack.pop()
                    if tag in BLOCK_TAGS:
                        if buf:
                            if len(buf) == 1 and buf[0] == " ":  # as at the start event
                                buf.clear()
                            else:
                                self.flush()
                        open_blocks.pop()
                        open_ctx.pop()
                    ctx_stack.pop()
                    if tag == "a":
                        self.anchors -= 1
                    elif tag in _HEADINGS:
                        self.headings -= 1
                    if tag in PRE_TAGS:
                        pre -= 1
                if el is root:
                    continue
            else:
                text = el.tail  # end of an element, or a comment / processing instruction
            if text:
                if pre:
                    t = _pre_text(text)
                elif plain(text) and "  " not in text:
                    t = text
                else:
                    t = ws_sub(" ", text) if text.strip(WHITESPACE_CHARS) else " "
                buf.append(t)
                if self.anchors:
                    self.link_buf += len(t.strip())


def _cut_joins_space(el: etree._Element, cut: set[int]) -> bool:
    """The text before the cut element ``el`` ends in whitespace, as it reads once ``el`` and the cut
    siblings right before it are removed: the tails of those siblings, after the tail of the sibling
    before them, or after the parent's own text."""
    prev = el.getprevious()
    while prev is not None and id(prev) in cut:
        tail = prev.tail
        if tail:
            return tail[-1] in WHITESPACE_CHARS
        prev = prev.getprevious()
    before = prev.tail if prev is not None else el.getparent().text
    return bool(before) and before[-1] in WHITESPACE_CHARS


def parse_html(text: str) -> etree._Element | None:
    """The lxml document of ``text`` (None when nothing can be parsed)."""
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        return None
    try:
        # lxml.html.document_fromstring with a plain HTMLParser: the same libxml2 parse and tree,
        # without lxml.html's Python element-class lookup, which ran for every element we visit.
        root = etree.fromstring(text, _HTML_PARSER)
        if root is None:
            raise etree.ParserError("Document is empty")
        return root
    except (etree.ParserError, ValueError):
        try:
            return lxml.html.fromstring(text)
        except Exception:  # lxml raises several types on garbage; nothing usable then
            return None


def html_blocks(root: etree._Element | None) -> list[Block]:
    """Blocks of a parsed HTML document (see :func:`parse_html`)."""
    if root is None:
        return []
    w = _Walker()
    body = root.find("body")
    if body is None:
        body = root
    w.walk(body)
    for sib in body.itersiblings():
        w.add(getattr(sib, "tail", None), False)
        w.walk(sib)
    w.flush()
    return w.blocks


def element_lines(el: etree._Element, cut: set[int] | None = None) -> list[str]:
    """The text lines of one element, cut into blocks as a page is (its tail left out), without the
    elements below it whose id() is in ``cut`` (a comment record's text, without its nested records)."""
    walker = _Walker(contexts=False)
    walker.walk(el, cut)
    walker.flush()
    return [ln for b in walker.blocks for ln in b.lines]
