"""Web archives (WARC, needs ``warcio``): each 2xx HTML response is a page for the page parser.

The page parser is handed in (``parse_html``): it sits above the readers, in
:mod:`discourse.parse`, whose :func:`~discourse.parse.read_import` passes
:func:`~discourse.parse.parse_page`.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from discourse.errors import DiscourseError, InputError
from discourse.model import Thread
from discourse.parse.dates import data_timestamp
from discourse.parse.sources import _stream
from discourse.parse.sources._stream import ReadOptions, one_line

__all__ = ["read_warc"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _accepts_captured_at(func: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return "captured_at" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _warc_pages(path: Path, fh: IO[bytes]) -> Iterator[tuple[str, str | None, bytes | None]]:
    """(target URI, WARC-Date, payload) of each HTML page in a WARC; payload None when skipped.

    warcio's errors on broken or hostile files (including its own bugs on odd headers) become
    one InputError: this loop only touches warcio, never the page parser. warcio writes its
    warnings about bad record lengths to stderr; they are captured and logged instead.
    """
    from warcio.archiveiterator import ArchiveIterator

    limit = _stream.LIMITS.max_page_bytes
    records = iter(ArchiveIterator(fh))
    while True:
        chatter = io.StringIO()
        try:
            with contextlib.redirect_stderr(chatter):
                record = next(records, None)
                page = None if record is None else _warc_page(path, record, limit)
        except Exception as exc:  # any failure inside warcio means a broken archive
            raise InputError(path, f"broken WARC file ({type(exc).__name__}: {one_line(exc)})") from None
        if chatter.getvalue().strip():
            log.warning("%s: %s", path, " ".join(chatter.getvalue().split())[:300])
        if record is None:
            return
        if page is not None:
            yield page


def _warc_page(path: Path, record: Any, limit: int) -> tuple[str, str | None, bytes | None] | None:
    if record.rec_type == "response" and record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
        ok = (record.http_headers.get_statuscode() or "").startswith("2")
    elif record.rec_type == "resource":
        ctype, ok = record.rec_headers.get_header("Content-Type") or "", True
    else:
        return None
    if ctype.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or "record"
    payload = record.content_stream().read(limit + 1) if ok else None
    if payload is not None and len(payload) > limit:
        log.warning("%s: page %s over %d bytes skipped", path, uri, limit)
        payload = None
    return uri, record.rec_headers.get_header("WARC-Date"), payload


def read_warc(path: Path, options: ReadOptions) -> list[Thread]:
    """Threads of the HTML pages in a WARC file, parsed by ``options.parse_html``."""
    parse_html, captured_at = options.parse_html, options.captured_at
    if parse_html is None:
        raise InputError(path, "reading a WARC file needs a page parser (parse_html)")
    try:
        import warcio  # noqa: F401 -- optional dependency
    except ImportError:
        raise InputError(path, "reading WARC files needs warcio: pip install 'discourse[warc]'") from None
    parse = parse_html
    with_capture = _accepts_captured_at(parse)
    threads: list[Thread] = []
    ids: dict[str, int] = {}
    skipped = failed = 0
    try:
        fh = open(path, "rb")  # noqa: SIM115 -- closed below
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    with fh:
        for uri, warc_date, payload in _warc_pages(path, fh):
            if payload is None:
                skipped += 1
                continue
            when = (data_timestamp(warc_date)[0] if warc_date else None) or captured_at
            try:
                thread = parse(uri, payload, captured_at=when) if with_capture else parse(uri, payload)
            except DiscourseError as exc:  # one bad page does not sink the archive
                log.warning("%s: page %s not parsed: %s", path, uri, exc)
                failed += 1
                continue
            thread.source = f"{path}#{uri}"
            thread.captured_at = when
            thread.input_format = "warc"
            n = ids[thread.thread_id] = ids.get(thread.thread_id, 0) + 1
            if n > 1:  # the same page captured twice
                thread.thread_id = f"{thread.thread_id}-{n}"
            threads.append(thread)
    if skipped or failed:
        log.info("%s: %d HTML records skipped (status or size), %d failed to parse", path, skipped, failed)
    if not threads:
        raise InputError(path, f"no HTML pages parsed from the WARC file ({skipped} skipped, {failed} failed)")
    return threads
