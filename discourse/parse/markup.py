"""What HTML markup means to the parser, shared by the block walk (:mod:`.blocks`), the comment
records (:mod:`.records`) and the export readers (:mod:`.sources`): the tags that are dropped, that
make a block or keep their whitespace, the class names of one comment, and the whitespace collapsed
between words."""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["BLOCK_TAGS", "COMMENT_ITEM_CLASSES", "DROP_TAGS", "PRE_TAGS", "WHITESPACE", "WHITESPACE_CHARS"]

#: Elements left out with everything inside them (not text a reader sees).
DROP_TAGS = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "select",
        "math",
        "frameset",
        "frame",
        "applet",
        "map",
        "audio",
        "video",
        "source",
        "track",
        "link",
        "meta",
    }
)
#: Block-level elements: each starts and ends a block of text.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "ul",
        "noframes",
        "option",
        "optgroup",
        "textarea",
        "listing",
        "plaintext",
        "xmp",
        "multicol",
        "layer",
        "ilayer",
    }
)
#: Elements whose text keeps its whitespace.
PRE_TAGS = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
#: Whitespace characters (with no-break and zero-width spaces).
WHITESPACE_CHARS = " \t\n\r\f\v\u00a0\u200b"
WHITESPACE = re.compile(f"[{WHITESPACE_CHARS}]+")  # a run of these -> one space (an all-whitespace text -> " ")
#: Class names that mark one comment (an item of a comment list) -- whole class names.
COMMENT_ITEM_CLASSES = frozenset(
    {
        "comment",
        "comment-item",
        "commentlist-item",
        "dsq-comment",
        "comment-entry",
        "single-comment",
        "comment-container",
        "comment-wrapper",
        "comment-thread-item",
        "reply",
        "commentitem",
        "js-comment",
    }
)


#: Raw ``el.tag`` -> normalised tag (None for comments and processing instructions), filled by
#: :func:`element_tag`: a page has few distinct tags and this runs for most of its elements (the
#: block walker reads the dict itself, a lookup cheaper than the call).
ELEMENT_TAGS: dict[object, str | None] = {}


def element_tag(el: etree._Element) -> str | None:
    """The tag of ``el``, lowercased, without a namespace prefix (None for comments and PIs)."""
    raw = el.tag
    hit = ELEMENT_TAGS.get(raw, False)
    if hit is not False:
        return hit
    if not isinstance(raw, str):
        t = None
    else:
        t = raw.lower()
        t = t.rsplit(":", 1)[-1] if ":" in t else t
    if len(ELEMENT_TAGS) < 4096:
        ELEMENT_TAGS[raw] = t
    return t
