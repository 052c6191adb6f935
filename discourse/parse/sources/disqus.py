"""Disqus XML exports (``<disqus xmlns="http://disqus.com">``): ``<thread>`` = article, ``<post>`` = comment."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

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
from discourse.parse.sources._stream import ReadOptions, iterparse, release

__all__ = ["DISQUS_NS", "read_disqus"]

log = logging.getLogger(__name__)

DISQUS_NS = "http://disqus.com"


_DISQUS_INTERNALS = "http://disqus.com/disqus-internals"


def _child(el: Any, name: str, ns: str | None = DISQUS_NS) -> Any:
    return el.find(f"{{{ns}}}{name}" if ns else name)


def read_disqus(path: Path, options: ReadOptions) -> list[Thread]:
    """Threads of a Disqus export; spam dropped, deleted posts kept only as parents."""
    dsq = f"{{{DISQUS_NS}}}"
    dsq_id = f"{{{_DISQUS_INTERNALS}}}id"
    threads: dict[str, Thread] = {}
    spam = deleted = 0

    def thread_for(key: str) -> Thread:
        if key not in threads:
            threads[key] = Thread(thread_id=safe_thread_id(key, prefix="disqus-"), source=f"{path}#{key}")
        return threads[key]

    for el in iterparse(path, (f"{dsq}thread", f"{dsq}post")):
        parent = el.getparent()
        if parent is None or parent.getparent() is not None:
            continue  # a post's <thread dsq:id="..."/> reference, read with its post
        if el.tag == f"{dsq}thread":
            key = str_id(el.get(dsq_id)) or str_id(xml_text(_child(el, "id")))
            if key:
                thread = thread_for(key)
                thread.title = tidy(xml_text(_child(el, "title"))) or thread.title
                text, _ = html_text(xml_text(_child(el, "message")))
                author = _child(el, "author")
                thread.article = make_article(
                    text,
                    author=tidy(xml_text(_child(author, "name"))) or None if author is not None else None,
                    published=data_timestamp(xml_text(_child(el, "createdAt")).strip())[0],
                )
            release(el)
            continue
        pid = str_id(el.get(dsq_id))
        ref = _child(el, "thread")
        key = str_id(ref.get(dsq_id)) if ref is not None else None
        if pid is None or key is None:
            release(el)
            continue
        if xml_text(_child(el, "isSpam")).strip().lower() == "true":
            spam += 1
            release(el)
            continue
        gone = xml_text(_child(el, "isDeleted")).strip().lower() == "true"
        deleted += gone
        text, quoted = ("", None) if gone else html_text(xml_text(_child(el, "message")))
        author = _child(el, "author")
        name = None
        if author is not None and not gone:
            name = tidy(xml_text(_child(author, "name"))) or tidy(xml_text(_child(author, "username"))) or None
        parent_ref = _child(el, "parent")
        thread_for(key).comments.append(make_comment(
            pid, text, author=name, when=xml_text(_child(el, "createdAt")).strip() or None,
            parent=str_id(parent_ref.get(dsq_id)) if parent_ref is not None else None,
            absent=gone, quoted_text=quoted,
        ))
        release(el)
    if spam or deleted:
        log.info("%s: %d spam posts dropped, %d deleted posts kept only as parents", path, spam, deleted)
    return keep_threads((t.check_integrity() for t in threads.values()), path, "threads")
