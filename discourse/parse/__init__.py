"""Stage 1: split a saved page into its article and its reader comments.

Entry points
------------
:func:`parse_page` (one page -> :class:`~discourse.model.Thread`), :func:`parse_file` (a file
that may hold several threads: structured exports), :func:`read_threads` (read back the JSON
lines ``discourse parse`` writes).

Pipeline: read and decode the file (:mod:`.formats`) -> blocks (:mod:`.blocks`: paragraphs of a
text dump, block-level DOM elements of HTML) -> block labels (:mod:`.segment`: sure rules plus the
shipped block classifier) -> comments (:mod:`.comments`: headers, authors, timestamps
(:mod:`.dates`), quoted parents, reply links) -> :func:`discourse.model.validate_reply_links`.

Comment ids and quoted parents
------------------------------
Comments found on the page get ids ``c1``, ``c2``, ... in page order (``position`` 0..n-1).
``text`` holds the commenter's own words only. When a comment quotes another one ("@John Chan /
April 18, 2013 at 23:44 / ..."), the quoting comment gets ``quoted_author``/``quoted_text``;
if the quoted parent is itself on the page, ``reply_to`` points at it (``reply_source="quote"``);
if it is not, a placeholder :class:`~discourse.model.Comment` with ``absent=True``, the quoted
author, the quoted words as text and the timestamp of the quote header is appended *after* the
present comments (ids continue: ``cN+1``...) and the quoting comment's ``reply_to`` points at it
(``reply_source="quote"``). ``Thread.present_comments`` leaves the placeholders out.
Other reply links: DOM nesting of comment items in HTML (``markup``) and an "@name" opening
naming an earlier commenter (``mention``).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from discourse.errors import InputError, ParseError
from discourse.model import Article, Thread, make_thread_id, validate_reply_links
from discourse.parse import sources
from discourse.parse.audit import audit_completeness, find_capture_time, flag_timestamps
from discourse.parse.blocks import Block, html_blocks, parse_html, text_blocks
from discourse.parse.classifier import segment_with_model
from discourse.parse.comments import RawComment, build_comments, group_comments, line_kind
from discourse.parse.formats import (
    FORMATS,
    STRUCTURED_FORMATS,
    decode_bytes,
    detect_format,
    read_bytes,
)
from discourse.parse.names import bare_name_heads
from discourse.parse.records import MAX_RECORDS, RecordList, detach, find_records
from discourse.parse.segment import (
    IMAGE_CREDIT,
    Segmentation,
    complete_article,
    segment_rules,
    split_at_headers,
)
from discourse.parse.sources.table import structured_records
from discourse.parse.title import html_title

__all__ = ["PageParse", "page_prediction", "parse_file", "parse_page", "read_import", "read_threads", "segment_page"]

logger = logging.getLogger(__name__)


class PageParse:
    """Intermediate result of one page: blocks, labels and findings (for evaluation/training)."""

    __slots__ = ("blocks", "fmt", "records", "seg", "title")

    def __init__(
        self, blocks: list[Block], seg: Segmentation, fmt: str, title: str | None, records: RecordList | None = None
    ) -> None:
        self.blocks, self.seg, self.fmt, self.title = blocks, seg, fmt, title
        self.records = records

    def article_paragraphs(self) -> list[str]:
        if self.records is not None and self.records.opening is not None:
            # A forum thread: the opening post is the article (the site's page furniture is not).
            return ["\n".join(self.records.opening.body)]
        out: list[str] = []
        drop = self.seg.drop_lines
        for b, lab in zip(self.blocks, self.seg.labels, strict=False):
            if lab != "article":
                continue
            # An image credit before the body is the lead image's caption; once the body has
            # begun, a credit line is the article's own ("Photo Credit: X" closing a post).
            lines = [ln for ln in b.lines if ln.strip() not in drop and (out or not IMAGE_CREDIT.match(ln.strip()))]
            if lines:
                out.append("\n".join(lines))
        return out

    def comment_blocks(self) -> list[Block]:
        return [b for b, lab in zip(self.blocks, self.seg.labels, strict=False) if lab == "comment"]

    def raw_comments(self) -> list[RawComment]:
        """The page's comments: the records markup declares, else the comment blocks grouped."""
        if self.records is not None:
            return self.records.comments
        blocks = self.comment_blocks()
        heads = bare_name_heads(blocks) if self.fmt == "txt" else None
        return group_comments(blocks, headers_after=self.seg.headers_after, name_heads=heads)


def page_prediction(page: PageParse) -> dict[str, object]:
    """The record the extraction scorer reads: article text and comment texts of a page.

    As in the gold data (text copied from the browser), the article includes the title found
    on the page and each comment includes its header line(s) (author, date) and quoted text;
    controls ("Reply", vote counts) and form labels are left out.
    """
    paragraphs = page.article_paragraphs()
    if page.seg.title:
        paragraphs = [page.seg.title, *paragraphs]
    comments = [{"text": r.full_text()} for r in page.raw_comments()]
    return {"article": {"text": "\n\n".join(paragraphs)}, "comments": comments}


def segment_page(text: str, fmt: str, *, use_model: bool = True, model_path: str | None = None) -> PageParse:
    """Blocks and labels of a decoded page (``fmt`` is ``txt`` or ``html``)."""
    records = None
    if fmt == "html":
        root = parse_html(text)
        title = html_title(root)
        records = find_records(root, text)
        if records is not None:
            for el in records.elements:  # the comments are read; the rest is the article's page
                detach(el)
        blocks = html_blocks(root)
    else:
        blocks = split_at_headers(text_blocks(text))
        title = None
    seg = None
    if use_model:
        seg = segment_with_model(blocks, fmt, path=model_path)
    if seg is None:
        seg = segment_rules(blocks)
    if fmt == "html":
        complete_article(blocks, seg.labels)
    if records is not None:
        # Markup declared the comment list: blocks outside it are never comments.
        seg.labels = ["other" if lab == "comment" else lab for lab in seg.labels]
    return PageParse(blocks, seg, fmt, seg.title or title, records)


def _read(source: str | os.PathLike[str], data: bytes | None, input_format: str | None) -> tuple[bytes, str]:
    raw = read_bytes(source, data)
    fmt = input_format.lower().lstrip(".") if input_format else detect_format(source, raw)
    if fmt == "htm":
        fmt = "html"
    if fmt not in FORMATS:
        raise InputError(source, f"unknown input format {input_format!r} (use one of {', '.join(FORMATS)})")
    return raw, fmt


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one page is parsed (Mercurial's ``nogc``).

    A page parse builds many short-lived containers (blocks, word lists, feature rows) and no
    reference cycles: ``gc.collect()`` found nothing after 150 dragnet HTML and 150 text-dump
    pages parsed with the collector off. Collections during a parse therefore only cost time,
    about a tenth of it (13.1 vs 11.8 ms per page on 150 dragnet pages, taking turns with
    trafilatura as bench_parse does). Reference counting still frees everything, and the work
    is bounded (MAX_BLOCKS, size limits). The collector is switched back on afterwards, also on
    errors, and left alone when something else had switched it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@_collector_paused()
def _thread_from_text(source: str, raw: bytes, text: str, fmt: str, captured_at: str | None) -> Thread:
    captured_at = captured_at or find_capture_time(text)  # relative dates resolve against the capture only
    page = segment_page(text, fmt)
    paragraphs = page.article_paragraphs()
    article_text = "\n\n".join(paragraphs)
    comments = build_comments(page.raw_comments(), captured_at=captured_at, article=article_text)
    content_hash = hashlib.sha1(raw).hexdigest()
    thread = Thread(
        thread_id=make_thread_id(source, raw, sha1_hex=content_hash),
        source=source,
        title=page.title,
        article=Article(text=article_text, paragraphs=paragraphs, truncated=page.seg.truncated),
        comments=comments,
        input_format=fmt,
        captured_at=captured_at,
        content_hash=content_hash,
    )
    if fmt == "html" and not thread.article.text.strip() and not thread.present_comments:
        raise ParseError(source, "no article text and no comments found (an HTML page without a body?)")
    validate_reply_links(thread)
    records = page.records
    audit = audit_completeness(
        [line for b in page.blocks for line in b.lines],
        len(thread.present_comments),
        markup=text if fmt == "html" else None,
        closed_list=records is not None and bool(records.comments),
        on_page=records.on_page if records is not None and records.on_page > MAX_RECORDS else None,
        article_headers=sum(1 for p in paragraphs for ln in p.split("\n") if line_kind(ln) in ("says", "author_date")),
    )
    thread.declared_comments, thread.coverage, thread.coverage_note = (
        audit.declared_comments, audit.coverage, audit.note)
    flag_timestamps(thread)
    return thread


def parse_file(
    source: str | os.PathLike[str],
    *,
    data: bytes | None = None,
    input_format: str | None = None,
    captured_at: str | None = None,
    columns: dict[str, str] | None = None,
    articles: str | os.PathLike[str] | None = None,
) -> list[Thread]:
    """Parse a page file (one thread) or a structured export (one or more threads).

    Comment-data exports (a comments table, a ConvoKit corpus folder, Disqus or WordPress
    XML, Reddit dumps, WARC archives; see :mod:`discourse.parse.sources`) are recognised by
    content and extension and read by :func:`read_import`; ``columns``
    (our name -> their column) and ``articles`` (a separate articles table) force a comments table.

    Parameters
    ----------
    source : str or path
        The file (its path is kept as given in ``Thread.source``).
    data : bytes, optional
        The file's bytes, when already read (``source`` then only names it).
    input_format : str, optional
        ``txt``, ``html``, ``jsonl``, ``json`` or ``csv``; detected from extension/content if None.
    captured_at : str, optional
        ISO 8601 capture time of the page, to resolve relative dates ("3 hours ago").

    Returns
    -------
    list of Thread

    Raises
    ------
    InputError
        Missing, empty, binary or undecodable input (one-line message naming the file).
    """
    src = os.fspath(source)
    imported = _read_import(src, data, input_format, columns=columns, articles=articles, captured_at=captured_at)
    if imported is not None:
        return imported
    raw, fmt = _read(src, data, input_format)
    text = decode_bytes(raw, src, fmt=fmt)
    if fmt in STRUCTURED_FORMATS:
        threads = []
        for k, rec in enumerate(structured_records(text, fmt, src)):
            rec = dict(rec)
            rec.setdefault("title", None)
            th = Thread.from_dict({**rec, "thread_id": "", "source": src})
            suffix = f"#{k + 1}" if k else ""
            th.thread_id = make_thread_id(src, raw) + (f"-{k + 1}" if k else "")
            th.source = src
            th.input_format = fmt
            th.captured_at = captured_at or th.captured_at
            for i, c in enumerate(th.comments):
                c.position = i
            validate_reply_links(th)
            del suffix
            threads.append(th)
        return threads
    if not text.strip():
        raise InputError(src, "empty page (no text)")
    return [_thread_from_text(src, raw, text, fmt, captured_at)]


def _read_import(
    src: str,
    data: bytes | None,
    input_format: str | None,
    *,
    columns: dict[str, str] | None,
    articles: str | os.PathLike[str] | None,
    captured_at: str | None,
) -> list[Thread] | None:
    """Threads of a comment-data export, or None when ``src`` is a page for the page parser."""
    path = Path(src)
    if input_format in sources.IMPORT_FORMATS:
        fmt = input_format
    elif input_format is not None and not (columns or articles):
        return None
    elif columns or articles:
        fmt = "comments-table"
    elif data is not None:
        fmt = sources.detect_import_format(path, data[:65536])
    elif path.is_dir():
        fmt = sources.detect_import_format(path, b"")
        if fmt is None:
            raise InputError(src, "is a folder, but not a ConvoKit corpus or a folder of Reddit dumps")
    else:
        try:
            with open(path, "rb") as handle:
                head = handle.read(65536)
        except OSError:
            return None  # _read reports the problem in its own words
        fmt = sources.detect_import_format(path, head)
    if fmt is None:
        return None

    return read_import(path, fmt, columns=columns, captured_at=captured_at,
                       articles=Path(articles) if articles else None)


def _parse_html_page(source: str, page: bytes, captured_at: str | None = None) -> Thread:
    """One HTML page of an archive (the WARC reader's page parser)."""
    return parse_page(source, data=page, input_format="html", captured_at=captured_at)


def read_import(
    path: str | os.PathLike[str],
    fmt: str,
    *,
    columns: dict[str, str] | None = None,
    captured_at: str | None = None,
    parse_html: Callable[..., Thread] | None = None,
    articles: str | os.PathLike[str] | None = None,
) -> list[Thread]:
    """Read a comment-data export (see :func:`discourse.parse.sources.read_import`).

    The same, with :func:`parse_page` as the default ``parse_html`` for the pages of a WARC file.
    """
    return sources.read_import(Path(path), fmt, columns=columns, captured_at=captured_at,
                               parse_html=parse_html or _parse_html_page,
                               articles=Path(articles) if articles is not None else None)


def parse_page(
    source: str | os.PathLike[str],
    *,
    data: bytes | None = None,
    input_format: str | None = None,
    captured_at: str | None = None,
) -> Thread:
    """Parse one saved page into a :class:`~discourse.model.Thread` (see :func:`parse_file`).

    Raises
    ------
    ParseError
        When a structured export holds several threads (use :func:`parse_file`).

    Examples
    --------
    >>> t = parse_page("page.txt", data=b"Title here\\n\\nTitle here\\n\\n" + b"Some article text. " * 10)
    >>> t.title, len(t.comments)
    ('Title here', 0)
    """
    threads = parse_file(source, data=data, input_format=input_format, captured_at=captured_at)
    if len(threads) != 1:
        raise ParseError(os.fspath(source), f"holds {len(threads)} threads; use parse_file()")
    return threads[0]


def read_threads(path: str | os.PathLike[str]) -> Iterator[Thread]:
    """Threads from a JSON-lines file written by ``discourse parse``."""
    p = Path(path)
    try:
        fh = p.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    with fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield Thread.from_dict(json.loads(line))
            except (json.JSONDecodeError, TypeError, AttributeError) as exc:
                raise InputError(path, f"not a thread record ({exc})", location=str(i)) from None
