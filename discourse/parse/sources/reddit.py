"""Reddit-style JSON lines (Pushshift/API objects): submissions are articles, comments comments.

Submissions (``name`` ``t3_...``, ``title``, ``selftext``) and comments (``id``,
``parent_id``, ``link_id``, ``author``, ``created_utc``, ``body``) come mixed in one file,
split over the files of a folder, or with the submissions in a separate file.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from discourse.errors import InputError
from discourse.model import Thread
from discourse.parse.dates import data_timestamp
from discourse.parse.sources._build import (
    keep_threads,
    make_article,
    make_comment,
    safe_thread_id,
    str_id,
)
from discourse.parse.sources._stream import ReadOptions, data_files, json_lines

__all__ = ["read_reddit", "reddit_kind"]

log = logging.getLogger(__name__)

_REDDIT_GONE = frozenset({"[deleted]", "[removed]"})


def reddit_kind(obj: dict[str, Any]) -> str | None:
    if "body" in obj and ("link_id" in obj or "parent_id" in obj):
        return "comment"
    name = obj.get("name")
    if "title" in obj and ("selftext" in obj or (isinstance(name, str) and name.startswith("t3_"))):
        return "submission"
    return None


def _reddit_text(value: Any) -> str:
    # The Reddit API and Pushshift escape &, < and > in bodies.
    return html.unescape(str(value)) if value is not None else ""


def read_reddit(path: Path, options: ReadOptions) -> list[Thread]:
    """Threads of a Reddit dump (a file or a folder; ``options.articles`` = a file of submissions)."""
    articles = options.articles
    files = data_files(path) if path.is_dir() else [path]
    if not files:
        raise InputError(path, "no JSON-lines files (.jsonl, .ndjson, .json) in this folder")
    if articles is not None:
        files = [Path(articles), *(f for f in files if f != Path(articles))]
    threads: dict[str, Thread] = {}
    skipped = 0

    def thread_for(key: str, source: Path) -> Thread:
        if key not in threads:
            threads[key] = Thread(thread_id=safe_thread_id(key), source=f"{source}#{key}")
        return threads[key]

    for file in files:
        for _, obj in json_lines(file):
            kind = reddit_kind(obj)
            if kind == "submission":
                name = str_id(obj.get("name"))
                key = name if name and name.startswith("t3_") else f"t3_{str_id(obj.get('id'))}"
                thread = thread_for(key, file)
                thread.title = _reddit_text(obj.get("title")).strip() or None
                body = _reddit_text(obj.get("selftext")).strip()
                author = str_id(obj.get("author"))
                thread.article = make_article(
                    "" if body in _REDDIT_GONE else body,
                    author=None if author in _REDDIT_GONE else author,
                    published=data_timestamp(obj.get("created_utc"))[0],
                )
                if isinstance(obj.get("num_comments"), int) and not isinstance(obj["num_comments"], bool):
                    thread.declared_comments = obj["num_comments"]  # removed comments included
                continue
            if kind != "comment":
                skipped += 1
                continue
            link = str_id(obj.get("link_id"))
            parent = str_id(obj.get("parent_id"))
            if link is None and parent and parent.startswith("t3_"):
                link = parent
            cid = str_id(obj.get("id")) or (str_id(obj.get("name")) or "").removeprefix("t1_") or None
            if link is None or cid is None:
                skipped += 1
                continue
            if not link.startswith("t3_"):
                link = f"t3_{link}"
            body = _reddit_text(obj.get("body")).strip()
            gone = body in _REDDIT_GONE
            author = str_id(obj.get("author"))
            thread_for(link, file).comments.append(make_comment(
                cid, "" if gone else body, author=None if author in _REDDIT_GONE else author,
                when=obj.get("created_utc"),
                parent=parent[3:] if parent and parent.startswith("t1_") else None, absent=gone,
            ))
    if skipped:
        log.info("%s: %d lines that are neither submissions nor comments skipped", path, skipped)
    return keep_threads((t.check_integrity() for t in threads.values()), path, "submissions")
