"""The thread as the parser builds it: :class:`Thread`, :class:`Comment`, :class:`Article`.

Plain dataclasses, what the parser and the import readers build and what ``discourse parse``
writes as JSON lines (:meth:`Thread.to_dict`); :meth:`Thread.check_integrity` makes an imported
thread whole, and :func:`make_thread_id` names a thread after its source and content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from discourse.file_endings import COMPRESSED_SUFFIXES, PAGE_SUFFIXES
from discourse.model.replies import validate_reply_links

#: The model's one logger name (warnings read "discourse.model: ..." as before the split).
log = logging.getLogger("discourse.model")

__all__ = ["COVERAGE_STATUSES", "REPLY_SOURCES", "Article", "Comment", "Thread", "make_thread_id"]

#: How a comment's ``reply_to`` was found (issue: reply-link provenance).
REPLY_SOURCES = ("markup", "quote", "mention", "order", "none")
#: Completeness of the captured comment section.
COVERAGE_STATUSES = ("complete", "partial", "unknown", "comments_not_captured")


@dataclass
class Comment:
    """One reader comment (a ConvoKit utterance).

    ``quoted_author``/``quoted_text`` hold a parent comment the commenter quoted; they are
    the parent's words, not the replier's, and never part of ``text``. When the quoted
    parent is itself on the page, ``reply_to`` points at it; when it is not, the parser adds
    a placeholder comment with ``absent=True`` carrying the quoted words, and ``reply_to``
    points at that placeholder.
    """

    id: str
    text: str
    author: str | None = None
    timestamp: str | None = None
    timestamp_raw: str | None = None
    timestamp_precision: str | None = None
    reply_to: str | None = None
    reply_source: str = "none"
    reply_confidence: float = 0.0
    quoted_author: str | None = None
    quoted_text: str | None = None
    absent: bool = False
    position: int = 0
    timestamp_flag: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Every field is a scalar, so a flat copy equals dataclasses.asdict, which deep-copies
        # field by field and took ~10 ms of a 50-comment thread's run.
        return {name: getattr(self, name) for name in _COMMENT_FIELDS}


_COMMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Comment))


@dataclass
class Article:
    """The editorial root of a thread."""

    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    truncated: bool = False
    author: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Thread:
    """A page: its article and its comment thread (a ConvoKit conversation)."""

    thread_id: str
    source: str
    title: str | None = None
    article: Article = field(default_factory=Article)
    comments: list[Comment] = field(default_factory=list)
    input_format: str | None = None
    captured_at: str | None = None
    declared_comments: int | None = None
    coverage: str = "unknown"
    coverage_note: str | None = None
    content_hash: str | None = None
    dropped_links: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape ``discourse parse`` writes (stable output contract)."""
        return {
            "thread_id": self.thread_id,
            "source": self.source,
            "title": self.title,
            "input_format": self.input_format,
            "captured_at": self.captured_at,
            "declared_comments": self.declared_comments,
            "coverage": self.coverage,
            "coverage_note": self.coverage_note,
            "content_hash": self.content_hash,
            "dropped_links": self.dropped_links,
            "article": self.article.to_dict(),
            "comments": [c.to_dict() for c in self.comments],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thread:
        """Inverse of :meth:`to_dict`; unknown keys are ignored, missing ones defaulted."""
        art = data.get("article") or {}
        if isinstance(art, str):
            art = {"text": art}
        article_fields = {f.name for f in dataclasses.fields(Article)}
        comment_fields = {f.name for f in dataclasses.fields(Comment)}
        article = Article(**{k: v for k, v in art.items() if k in article_fields})
        if not article.paragraphs and article.text:
            article.paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
        comments = []
        for i, c in enumerate(data.get("comments") or []):
            kw = {k: v for k, v in c.items() if k in comment_fields}
            kw.setdefault("id", str(c.get("comment_id", f"c{i + 1}")))
            kw.setdefault("text", "")
            kw.setdefault("position", i)
            comments.append(Comment(**kw))
        thread_fields = {f.name for f in dataclasses.fields(cls)} - {"article", "comments"}
        kw = {k: v for k, v in data.items() if k in thread_fields}
        return cls(article=article, comments=comments, **kw)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    def check_integrity(self, *, prune: bool = True) -> Thread:
        """Make the thread whole, in place, and return it (ConvoKit's name; here it mends).

        Comment ids made unique (a repeat is renamed ``id~2``, with a warning), placeholders for
        absent parents kept only where a reply needs them (``prune``; chains included), positions
        in data order, and reply links checked by :func:`validate_reply_links`. Every import
        reader runs it on each thread it builds.

        >>> t = Thread("t", "s", comments=[Comment("a", "x"), Comment("a", "y", reply_to="a"),
        ...                                Comment("q", "", absent=True)])
        >>> [(c.id, c.reply_to, c.position) for c in t.check_integrity().comments]
        [('a', None, 0), ('a~2', 'a', 1)]
        """
        seen: dict[str, int] = {}
        taken = {c.id for c in self.comments}  # a new name must not be another comment's id either
        for c in self.comments:
            if c.id in seen:
                n = seen[c.id]
                while True:
                    n += 1
                    new = f"{c.id}~{n}"
                    if new not in taken:
                        break
                seen[c.id] = n
                taken.add(new)
                log.warning("%s: duplicate comment id %r renamed %r", self.source, c.id, new)
                c.id = new
            else:
                seen[c.id] = 1
        if prune:  # a removed comment stays only as the parent of a kept reply (linear, chains included)
            by_id = {c.id: c for c in self.comments}
            replies = Counter(c.reply_to for c in self.comments if c.reply_to not in (None, c.id))
            removed: set[str] = set()
            stack = [c for c in self.comments if c.absent and not replies[c.id]]
            while stack:
                c = stack.pop()
                removed.add(c.id)
                parent = by_id.get(c.reply_to) if c.reply_to is not None else None
                if parent is not None and parent.absent and parent.id not in removed:
                    replies[parent.id] -= 1
                    if not replies[parent.id]:
                        stack.append(parent)
            self.comments = [c for c in self.comments if c.id not in removed]
        for i, c in enumerate(self.comments):
            c.position = i
        validate_reply_links(self)
        return self

    @property
    def present_comments(self) -> list[Comment]:
        """Comments found on the page (placeholders for absent quoted parents left out)."""
        return [c for c in self.comments if not c.absent]


_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
#: The endings a thread id's stem goes without, each in turn (``page.html.gz`` -> ``page``).
_STEM_SUFFIXES = (*COMPRESSED_SUFFIXES, *PAGE_SUFFIXES)


def make_thread_id(source: str, content: bytes | str, *, sha1_hex: str | None = None) -> str:
    """A stable, filesystem-safe thread id: the source's stem plus a short content hash.

    ``sha1_hex``, the content's SHA-1 when the caller already has it (the page parser keeps it as
    the thread's ``content_hash``), saves hashing the same bytes twice.

    >>> make_thread_id("seeds/004_7fdc06c34d09003f.txt", b"abc")
    '004_7fdc06c34d09003f-a9993e36'
    """
    if sha1_hex is None:
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        sha1_hex = hashlib.sha1(content).hexdigest()
    name = PurePath(str(source).replace("\\", "/")).name
    for suffix in _STEM_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    stem = _UNSAFE_ID_CHARS.sub("-", name).strip(".-")[:60] or "page"
    return f"{stem}-{sha1_hex[:8]}"

