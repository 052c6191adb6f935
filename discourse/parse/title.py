"""The title of an HTML page: its ``og:title`` meta tag, else its ``<title>``."""

from __future__ import annotations

from lxml import etree

from discourse.parse.markup import WHITESPACE

__all__ = ["html_title"]


def html_title(root: etree._Element | None) -> str | None:
    """The document's ``<title>`` (or og:title), whitespace-collapsed."""
    if root is None:
        return None
    # One walk over the elements named meta or title (lxml's tag search, in C) instead of two
    # XPath searches; the same first hits. A <title> holding elements gets the XPath reading.
    og = title = None
    for el in root.getroottree().getroot().iter("meta", "title"):
        if el.tag == "meta":
            if og is None and el.get("property") == "og:title" and (content := el.get("content")) is not None:
                og = WHITESPACE.sub(" ", content).strip()
                if og:
                    return og[:500]
                if title is not None:
                    break
        elif title is None:
            if len(el):
                return _html_title_xpath(root)
            if el.text is not None:
                title = el.text
                if og is not None:
                    break
    if title is not None:
        t = WHITESPACE.sub(" ", title).strip()
        if t:
            return t[:500]
    return None


def _html_title_xpath(root: etree._Element) -> str | None:
    """:func:`html_title` by XPath (the first og:title, else the first text of a <title>)."""
    for xp in ('//meta[@property="og:title"]/@content', "//title/text()"):
        try:
            hits = root.xpath(xp)
        except etree.XPathError:
            continue
        for h in hits[:1]:
            t = WHITESPACE.sub(" ", str(h)).strip()
            if t:
                return t[:500]
    return None
