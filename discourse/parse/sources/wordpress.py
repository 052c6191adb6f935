"""WordPress exports (WXR: RSS with the ``wp:`` namespace): ``<item>`` = post, ``<wp:comment>`` = comment.

A post's ``content:encoded`` is the article. Spam, trashed, pingback and trackback comments
are dropped; pending ones are kept.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from discourse.model import Thread
from discourse.parse.dates import data_timestamp
from discourse.parse.sources._build import (
    html_text,
    keep_threads,
    make_article,
    make_comment,
    safe_thread_id,
    str_id,
    tidy,
    xml_text,
)
from discourse.parse.sources._stream import ReadOptions, iterparse, local_name, plain_name, release

__all__ = ["WXR_NS_PREFIX", "read_wxr"]

log = logging.getLogger(__name__)

WXR_NS_PREFIX = "http://wordpress.org/export/"


_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


_DC_NS = "http://purl.org/dc/elements/1.1/"


#: WordPress items that are not articles.
_WXR_SKIP_TYPES = frozenset({
    "attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache",
    "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation", "user_request",
})


_WXR_SKIP_STATUS = frozenset({"trash", "auto-draft", "inherit"})


_WXR_SKIP_APPROVAL = frozenset({"spam", "trash", "post-trashed"})


_WXR_SKIP_COMMENT_TYPES = frozenset({"pingback", "trackback"})


def _wp_date(gmt: str | None, local: str | None) -> str | None:
    """A WordPress date: the ``*_gmt`` field as UTC, else the blog's local time (no zone)."""
    gmt, local = (gmt or "").strip(), (local or "").strip()
    if gmt and not gmt.startswith("0000"):
        return gmt if gmt.endswith("Z") or "+" in gmt else f"{gmt}+00:00"  # UTC without saying so
    return local if local and not local.startswith("0000") else None


def read_wxr(path: Path, options: ReadOptions) -> list[Thread]:
    """Threads of a WordPress export, one per post (menus, revisions and trash left out)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", plain_name(path).rsplit(".", 1)[0]).strip(".-")[:40] or "wxr"
    threads: list[Thread] = []
    skipped_comments = 0
    for item in iterparse(path, ("item",)):
        fields: dict[str, str] = {}
        comments = []
        for child in item:
            if not isinstance(child.tag, str):
                continue
            ns, name = local_name(child)
            if ns.startswith(WXR_NS_PREFIX) and name == "comment":
                comments.append({
                    local_name(f)[1]: xml_text(f) for f in child if isinstance(f.tag, str)
                })
            elif ns.startswith(WXR_NS_PREFIX) or ns in ("", _CONTENT_NS, _DC_NS):
                fields.setdefault(f"{'wp:' if ns.startswith(WXR_NS_PREFIX) else ''}{name}", xml_text(child))
        release(item)
        post_type = fields.get("wp:post_type", "post").strip()
        if post_type in _WXR_SKIP_TYPES or fields.get("wp:status", "").strip() in _WXR_SKIP_STATUS:
            continue
        key = str_id(fields.get("wp:post_id")) or str_id(fields.get("guid")) or str(len(threads) + 1)
        text, _ = html_text(fields.get("encoded"))
        published = _wp_date(fields.get("wp:post_date_gmt"), fields.get("wp:post_date"))
        thread = Thread(
            thread_id=safe_thread_id(key, prefix=f"{stem}-"),
            source=f"{path}#{key}",
            title=tidy(fields.get("title", "")) or None,
            article=make_article(text, author=tidy(fields.get("creator", "")) or None,
                             published=data_timestamp(published)[0]),
        )
        for c in comments:
            if (c.get("comment_approved", "").strip() in _WXR_SKIP_APPROVAL
                    or c.get("comment_type", "").strip() in _WXR_SKIP_COMMENT_TYPES):
                skipped_comments += 1
                continue
            cid = str_id(c.get("comment_id"))
            if cid is None:
                continue
            when = _wp_date(c.get("comment_date_gmt"), c.get("comment_date"))
            parent = str_id(c.get("comment_parent"))
            body, quoted = html_text(c.get("comment_content"))
            thread.comments.append(make_comment(
                cid, body, author=tidy(c.get("comment_author", "")) or None, when=when,
                parent=None if parent in (None, "0") else parent, quoted_text=quoted,
            ))
        threads.append(thread.check_integrity())
    if skipped_comments:
        log.info("%s: %d spam, trashed, pingback or trackback comments dropped", path, skipped_comments)
    return keep_threads(threads, path, "posts")
