"""Import comment data from the formats researchers already hold.

:func:`read_import` turns a comments table, a ConvoKit corpus, a Disqus or WordPress export, a
Reddit-style dump or a web archive into :class:`~discourse.model.Thread` objects, the same
shape the page parser produces; :func:`detect_import_format` recognises them by content and
extension. Formats (:data:`IMPORT_FORMATS`):

``comments-table``
    A CSV (``.csv``; ``.tsv`` is tab-separated), JSON lines (``.jsonl``/``.ndjson``) or Parquet
    table, one row per comment (columns below).
``convokit``
    A ConvoKit corpus folder (``utterances.jsonl``, ``conversations.json``, ``speakers.json``,
    ``corpus.json``), or its ``utterances.jsonl``. Each conversation is a thread; its root
    utterance (``reply-to`` null, ``id == conversation_id``) is the article.
``disqus``
    A Disqus XML export (``<disqus xmlns="http://disqus.com">``): ``<thread>`` = article,
    ``<post>`` = comment.
``wxr``
    A WordPress export (WXR: RSS with the ``wp:`` namespace): ``<item>`` = post (its
    ``content:encoded`` is the article), ``<wp:comment>`` = comment.
``reddit``
    Reddit-style JSON lines (Pushshift/API objects): submissions (``name`` ``t3_...``,
    ``title``, ``selftext``) and comments (``id``, ``parent_id``, ``link_id``, ``author``,
    ``created_utc``, ``body``), mixed in one file, split over the files of a folder, or with the
    submissions in a separate file (``articles=``).
``warc``
    A WARC file (``.warc``/``.warc.gz``, needs ``warcio``: ``pip install 'discourse[warc]'``).
    Each HTML response is a page for the HTML parser (``parse_html``).

Generic comments table
----------------------
One row per comment. Column names are ours; map other names with
``columns={"text": "body", "reply_to": "parent"}`` (CLI: ``--columns text=body,reply_to=parent``,
read by :func:`parse_columns`).

================  ========  ==============================================================
column            required  meaning
================  ========  ==============================================================
``comment_id``    yes       The comment's id, unique within its thread (kept as given).
``text``          yes       The comment's words (null = empty).
``thread_id``     no        The thread (article) the comment belongs to; rows are grouped by
                            it. Without it the whole file is one thread.
``reply_to``      no        ``comment_id`` of the comment this one answers; null, empty or
                            the ``thread_id`` itself = a reply to the article.
``author``        no        Commenter name.
``timestamp``     no        ISO 8601 (``2013-08-10T01:53:00``, ``2013-08-10 01:53``,
                            ``2013-08-10``, with or without a zone) or Unix seconds
                            (milliseconds are recognised by their size).
``article_text``  no        The article; the first non-null value of a thread is used.
``title``         no        The article's title (first non-null value of a thread).
``quoted_author`` no        Author of a parent comment quoted in this one.
``quoted_text``   no        The quoted words (kept out of ``text``).
================  ========  ==============================================================

Rows with a null ``comment_id`` are skipped (they may carry only ``article_text``/``title``).
Instead of an ``article_text`` column, the articles can come from a separate table
(``articles=`` / ``--articles FILE``, CSV/JSONL/Parquet) with the columns ``thread_id``
(required), ``title`` and ``article_text`` (mapped with the same ``columns``). The tidy
tables of ``discourse export --to csv|parquet|ndjson`` read back this way: ``comments.*`` as
the comments table and ``threads.*`` as the articles table.

What every format yields
------------------------
* ``thread_id``: the data's own thread id when it is a safe name (letters, digits, ``_.-``,
  at most 80 characters), else a slug of it plus 8 hex digits of its hash. Disqus ids get a
  ``disqus-`` prefix and WordPress post ids the file's stem (``blog-12``), since bare numbers
  repeat across exports. A table without ``thread_id``: :func:`discourse.model.make_thread_id`
  of the file name and its hash.
* ``source``: the path as given plus ``#`` and the data's thread id (``export.xml#123``); for
  WARC, ``#`` and the page's URI; a table without ``thread_id``: the path alone.
* comment ``id``: the data's own comment ids (ConvoKit utterance ids, Disqus post ids,
  WordPress comment ids, Reddit comment ids without ``t1_``); ``position`` follows the data's
  order; ``reply_to`` is the parent comment's id, ``None`` for a reply to the article, with
  ``reply_source="markup"`` and ``reply_confidence=1.0`` (the data states the parent).
  :func:`discourse.model.validate_reply_links` then drops links to ids outside the thread.
* timestamps: ISO 8601 (UTC with ``+00:00`` when the data carries a zone or Unix time, else as
  given), ``timestamp_raw`` = the value as written, ``timestamp_precision`` ``minute`` (time
  of day known, seconds included, as the page parser does), ``day``, ``month`` or ``year``.
* deleted or removed comments (Disqus ``isDeleted``, Reddit ``[deleted]``/``[removed]``) are
  kept only when another comment replies to them, as a placeholder (``absent=True``, empty
  text) so the replies keep their parent; spam and trashed comments are dropped, and so are
  WordPress pingbacks and trackbacks (pending WordPress comments are kept). Comment HTML
  (Disqus, WordPress) becomes text with its line and paragraph breaks; ``<blockquote>``
  contents go to ``quoted_text``.
* WARC: only 2xx HTML responses (and HTML ``resource`` records) are pages; a page the parser
  rejects with a :class:`~discourse.errors.DiscourseError` is skipped and logged.
* threads with no comments are left out (logged): there is nothing to contrast.
* ``input_format`` is the import format; ``captured_at`` is the argument (WARC: ``WARC-Date``).
* ``coverage_note`` says how many comments were imported from what; Reddit submissions'
  ``num_comments`` becomes ``declared_comments`` (``coverage`` ``complete``/``partial``).

ConvoKit ids round trip
-----------------------
``discourse export --to convokit`` writes the root utterance of thread ``T`` as
``T__article`` and comment ``C`` as ``T__C`` (``meta.comment_id = C``). Reading such a corpus
back maps those ids to thread ``T`` and comment ``C`` again (and restores ``reply_source``,
timestamps and quotes from the metadata), so ConvoKit (ids ``U``) -> import -> run -> export
gives utterances ``T__U`` whose ``meta.comment_id`` is the original ``U``, where ``T`` is the
original ``conversation_id`` (when a safe name).

Hostile input
-------------
XML is parsed with ``resolve_entities=False``, ``no_network=True``, ``huge_tree=False`` and
no DTD loading (entity bombs raise :class:`~discourse.errors.InputError`); XML and JSON lines
stream (``iterparse``, line by line) within the limits of :data:`LIMITS`. gzip, bzip2 and xz
files are decompressed on the fly.
"""

from __future__ import annotations

import bz2
import contextlib
import csv
import email.utils
import gzip
import html
import inspect
import io
import json
import logging
import lzma
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any

from discourse._files import digest_file
from discourse.errors import DiscourseError, InputError
from discourse.model import COVERAGE_STATUSES, Article, Comment, Thread, make_thread_id, validate_reply_links
from discourse.text import normalize_text

__all__ = [
    "ARTICLE_COLUMNS",
    "IMPORT_FORMATS",
    "LIMITS",
    "REQUIRED_COLUMNS",
    "TABLE_COLUMNS",
    "ImportLimits",
    "detect_import_format",
    "parse_columns",
    "read_import",
]

log = logging.getLogger(__name__)

IMPORT_FORMATS = ("comments-table", "convokit", "disqus", "wxr", "reddit", "warc")

#: Our column names of the generic comments table (``columns=`` maps them to yours).
TABLE_COLUMNS = (
    "thread_id", "comment_id", "author", "timestamp", "text", "reply_to",
    "article_text", "title", "quoted_author", "quoted_text",
)
REQUIRED_COLUMNS = ("comment_id", "text")
#: Columns of the separate articles table.
ARTICLE_COLUMNS = ("thread_id", "title", "article_text")


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on what one import may read (hostile or broken input fails fast, not slowly).

    Attributes
    ----------
    max_bytes : int
        Decompressed bytes read from one file (streamed formats).
    max_line_bytes : int
        One JSON line (an utterance, a Reddit object, a table row).
    max_json_bytes : int
        A whole-document JSON file (``conversations.json``, a ``.json`` table).
    max_table_bytes : int
        A CSV or Parquet file (read as a table).
    max_page_bytes : int
        One WARC response payload; larger pages are skipped (logged).
    """

    max_bytes: int = 2 * 1024**3
    max_line_bytes: int = 32 * 1024**2
    max_json_bytes: int = 256 * 1024**2
    max_table_bytes: int = 2 * 1024**3
    max_page_bytes: int = 64 * 1024**2


LIMITS = ImportLimits()

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
_COMPRESSED = (".gz", ".bz2", ".xz")
_JSONL_EXT = (".jsonl", ".ndjson", ".json")
_TABLE_EXT = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
_DISQUS_NS = "http://disqus.com"
_DISQUS_INTERNALS = "http://disqus.com/disqus-internals"
_WXR_NS_PREFIX = "http://wordpress.org/export/"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_XML_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}
#: WordPress items that are not articles.
_WXR_SKIP_TYPES = frozenset({
    "attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache",
    "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation", "user_request",
})
_WXR_SKIP_STATUS = frozenset({"trash", "auto-draft", "inherit"})
_WXR_SKIP_APPROVAL = frozenset({"spam", "trash", "post-trashed"})
_WXR_SKIP_COMMENT_TYPES = frozenset({"pingback", "trackback"})
_REDDIT_GONE = frozenset({"[deleted]", "[removed]"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "pre", "table", "tr", "section", "article",
    "header", "footer", "figure", "figcaption", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "aside", "address",
})
_DROP_TAGS = ("script", "style", "template", "noscript", "iframe", "object", "embed")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_MANY_BREAKS = re.compile(r"\n{3,}")
_NUMBER = re.compile(r"[+-]?\d{1,16}(?:\.\d+)?")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_JSON_KEY = re.compile(rb'"([A-Za-z_][A-Za-z0-9_-]{0,40})"\s*:')
_XML_TAG = re.compile(rb"<([!?]?)([A-Za-z_][\w.:-]*)")
#: Unix times beyond this are taken as milliseconds (1e11 s is the year 5138).
_MILLISECONDS_FROM = 1e11


# --------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------


def _plain_name(path: Path) -> str:
    name = path.name.lower()
    for suffix in _COMPRESSED:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _peek(head: bytes) -> bytes:
    """The start of ``head`` decompressed when it is gzip, bzip2 or xz (a prefix is enough)."""
    try:
        if head[:2] == b"\x1f\x8b":
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 1 << 16)
        if head[:3] == b"BZh":
            return bz2.BZ2Decompressor().decompress(head, 1 << 16)
        if head[:6] == b"\xfd7zXZ\x00":
            return lzma.LZMADecompressor().decompress(head, 1 << 16)
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError):
        return b""
    return head


def _sample_objects(data: bytes, limit: int = 20) -> list[dict[str, Any]]:
    """JSON objects of the complete lines in ``data``; key-only stand-ins for a cut-off line."""
    objects: list[dict[str, Any]] = []
    for line in data.split(b"\n")[:limit]:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            # A line longer than the head: its keys still tell the format.
            keys = {k.decode("ascii") for k in _JSON_KEY.findall(line)}
            if keys:
                objects.append(dict.fromkeys(keys))
            break
        if isinstance(obj, dict):
            objects.append(obj)
    return objects


def _reddit_kind(obj: dict[str, Any]) -> str | None:
    if "body" in obj and ("link_id" in obj or "parent_id" in obj):
        return "comment"
    name = obj.get("name")
    if "title" in obj and ("selftext" in obj or (isinstance(name, str) and name.startswith("t3_"))):
        return "submission"
    return None


def _is_convokit_utterance(obj: dict[str, Any]) -> bool:
    return {"id", "text"} <= obj.keys() and ("conversation_id" in obj or "root" in obj) and (
        "reply-to" in obj or "reply_to" in obj or "reply_to_id" in obj)


def _jsonl_format(data: bytes) -> str | None:
    objects = _sample_objects(data)
    if not objects:
        return None
    if any("thread_id" in o and "article" in o for o in objects):
        return None  # threads as `discourse parse` writes them: the page parser reads those
    if any(_reddit_kind(o) for o in objects):
        return "reddit"
    if _is_convokit_utterance(objects[0]):
        return "convokit"
    keys = objects[0].keys()
    if ("text" in keys or "comment_id" in keys) and len(keys & set(TABLE_COLUMNS)) >= 2:
        return "comments-table"
    return None


def _header_format(data: bytes, name: str) -> str | None:
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    delimiter = "\t" if name.endswith(".tsv") or ("\t" in first and "," not in first) else ","
    try:
        header = {h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))}
    except (csv.Error, StopIteration):
        return None
    if "article" in header and "article_text" not in header:
        return None  # the page parser's flat layout (an ``article`` column): discourse.parse.formats
    if ("text" in header or "comment_id" in header) and len(header & set(TABLE_COLUMNS)) >= 2:
        return "comments-table"
    return None


def _xml_format(data: bytes) -> str | None:
    for match in _XML_TAG.finditer(data[:65536]):
        if match.group(1):
            continue  # <?xml ...?>, <!DOCTYPE ...>, <!-- ...
        root = match.group(2).decode("ascii", "replace").lower().rsplit(":", 1)[-1]
        if root == "disqus" and _DISQUS_NS.encode() in data:
            return "disqus"
        if root == "rss" and _WXR_NS_PREFIX.encode() in data:
            return "wxr"
        return None
    return None


_XML_PROLOG = re.compile(rb"<[?!]")


def _no_root_in(data: bytes) -> bool:
    return all(m.group(1) for m in _XML_TAG.finditer(data[:65536]))


def _xml_root_format(path: Path) -> str | None:
    """Disqus or WXR from the root element found by a parser, past a prolog of any length.

    The tag scan above sees only the first 64 KiB: a Disqus file with a longer DOCTYPE was read
    as a text page. lxml reads the prolog without loading or resolving anything.
    """
    from lxml import etree

    try:
        with _open(path) as fh:
            for _, el in etree.iterparse(fh, events=("start",), **_XML_OPTIONS):
                ns, local = _local(el)
                if local == "disqus" and ns == _DISQUS_NS:
                    return "disqus"
                if local == "rss" and any(str(u).startswith(_WXR_NS_PREFIX) for u in el.nsmap.values()):
                    return "wxr"
                return None
    except (etree.XMLSyntaxError, OSError, InputError, ValueError, EOFError):
        return None
    return None


def _looks_reddit_folder(path: Path) -> bool:
    """Only JSON-lines files (and at least one a Reddit dump): a folder of dumps read together.

    A folder that also holds pages or other exports is not one: a single Reddit file among
    them would otherwise turn the whole folder into one Reddit input and drop every other file.
    """
    data = _data_files(path)
    others = [p for p in path.iterdir() if not p.name.startswith(".") and p not in data]
    if others:
        return False
    for file in data[:3]:
        try:
            with open(file, "rb") as fh:
                head = fh.read(1 << 16)
        except OSError:
            continue
        if _jsonl_format(_peek(head)) == "reddit":
            return True
    return False


def detect_import_format(path: Path, head: bytes) -> str | None:
    """The import format of ``path`` from its content and extension, or None.

    Parameters
    ----------
    path : Path
        The input file, or a folder (a ConvoKit corpus; a folder of Reddit JSON lines).
    head : bytes
        The file's first bytes (about 64 KiB; ignored for a folder). Compressed heads are
        peeked into.

    Returns
    -------
    str or None
        One of :data:`IMPORT_FORMATS`; None for anything else, in particular HTML pages, text
        dumps and the JSON lines of parsed threads that ``discourse parse`` writes (the page
        parser reads those).

    Examples
    --------
    >>> detect_import_format(Path("x.xml"), b'<?xml version="1.0"?><disqus xmlns="http://disqus.com">')
    'disqus'
    >>> detect_import_format(Path("page.html"), b"<!DOCTYPE html><html><body>Hi</body></html>") is None
    True
    >>> detect_import_format(Path("c.csv"), b"thread_id,comment_id,text\\nt1,c1,hello\\n")
    'comments-table'
    """
    path = Path(path)
    if path.is_dir():
        if (path / "utterances.jsonl").is_file():
            return "convokit"
        return "reddit" if _looks_reddit_folder(path) else None
    name = _plain_name(path)
    data = _peek(head)
    if data.startswith(b"WARC/"):
        return "warc"
    if name == "utterances.jsonl" and any((path.parent / f).is_file() for f in ("conversations.json", "corpus.json")):
        return "convokit"
    if data[:4] == b"PAR1" or name.endswith(".parquet"):
        return "comments-table"
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"<":
        fmt = _xml_format(stripped)
        if fmt is None and _XML_PROLOG.match(stripped) and _no_root_in(stripped) and path.is_file():
            return _xml_root_format(path)  # a prolog (DOCTYPE) longer than the head
        return fmt
    if stripped[:1] == b"{":
        return _jsonl_format(stripped)
    if name.endswith((".csv", ".tsv")):
        return _header_format(stripped, name)
    return None


# --------------------------------------------------------------------------------------
# Shared helpers: bounded streams, JSON lines, ids, timestamps, text
# --------------------------------------------------------------------------------------


class _Bounded(io.RawIOBase):
    """A read-only stream that raises InputError once more than ``limit`` bytes are read."""

    def __init__(self, inner: IO[bytes], raw: IO[bytes], path: Path, limit: int) -> None:
        self._inner, self._raw, self._path, self._limit, self._count = inner, raw, path, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        self._count += len(data)
        if self._count > self._limit:
            raise InputError(self._path, f"more than {self._limit} bytes (decompressed): over the import limit")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        # A decompressor does not close the file it reads from: close both.
        self._inner.close()
        self._raw.close()
        super().close()


def _open(path: Path) -> io.BufferedReader:
    """``path`` opened for reading, decompressed on the fly, bounded by ``LIMITS.max_bytes``."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 -- closed by the returned reader
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    magic = raw.read(6)
    raw.seek(0)
    inner: IO[bytes] = raw
    if magic[:2] == b"\x1f\x8b":
        inner = gzip.GzipFile(fileobj=raw)
    elif magic[:3] == b"BZh":
        inner = bz2.BZ2File(raw)
    elif magic == b"\xfd7zXZ\x00":
        inner = lzma.LZMAFile(raw)  # noqa: SIM115
    elif magic[:4] == b"\x28\xb5\x2f\xfd":
        raw.close()
        raise InputError(path, "zstandard-compressed: decompress it first (zstd -d)")
    return io.BufferedReader(_Bounded(inner, raw, path, LIMITS.max_bytes), buffer_size=1 << 16)


def _stream_error(path: Path, exc: Exception) -> InputError:
    if isinstance(exc, InputError):
        return exc
    return InputError(path, f"broken compressed data ({_one_line(exc)})")


def _one_line(exc: object) -> str:
    text = str(exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0][:300]


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of a JSON-lines file, streamed; a broken line is an InputError."""
    limit = LIMITS.max_line_bytes
    with _open(path) as fh:
        lineno = 0
        while True:
            try:
                line = fh.readline(limit + 1)
            except (OSError, EOFError, zlib.error, lzma.LZMAError, InputError) as exc:
                raise _stream_error(path, exc) from None
            if not line:
                return
            lineno += 1
            if len(line) > limit:
                raise InputError(path, f"line longer than {limit} bytes", location=str(lineno))
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except UnicodeDecodeError:
                raise InputError(path, "not UTF-8 text", location=str(lineno)) from None
            except ValueError as exc:
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else _one_line(exc)
                raise InputError(path, f"bad JSON: {message}", location=str(lineno)) from None
            if not isinstance(obj, dict):
                raise InputError(path, "each line must be a JSON object", location=str(lineno))
            yield lineno, obj


def _load_json(path: Path) -> Any:
    """A whole JSON document, size-bounded."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if size > LIMITS.max_json_bytes:
        raise InputError(path, f"file too large ({size} bytes > {LIMITS.max_json_bytes})")
    try:
        with _open(path) as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"bad JSON: {exc.msg}", location=str(exc.lineno)) from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise _stream_error(path, exc) from None


def _data_files(folder: Path) -> list[Path]:
    """JSON-lines files directly in ``folder``, sorted by name."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and _plain_name(p).endswith(_JSONL_EXT)
    )


def _str_id(value: Any) -> str | None:
    """An id as a string: None for null/empty/NaN, integral floats without ``.0``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return text or None


def _thread_id(data_id: str, *, prefix: str = "") -> str:
    """The data's own thread id when it is a safe name, else a slug plus a hash of it."""
    tid = f"{prefix}{data_id}"
    if _SAFE_ID.fullmatch(tid) and not tid.endswith("."):
        return tid
    return make_thread_id(tid.replace("/", "-").replace("\\", "-"), tid)


def _iso(value: datetime) -> str | None:
    """UTC ISO 8601; None when the value has no UTC equivalent (``9999-12-31T23:59:59-12:00``)."""
    if value.tzinfo is not None:
        try:
            value = value.astimezone(timezone.utc)
        except (OverflowError, ValueError):
            return None
    return value.isoformat(timespec="seconds")


def _unix(seconds: float) -> str | None:
    if abs(seconds) >= _MILLISECONDS_FROM:
        seconds /= 1000.0
    try:
        return _iso(datetime.fromtimestamp(seconds, tz=timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def _when(value: Any) -> tuple[str | None, str | None, str | None]:
    """(ISO 8601, raw text, precision) of a timestamp value from the data.

    >>> _when(1376099580)
    ('2013-08-10T01:53:00+00:00', '1376099580', 'minute')
    >>> _when("2013-08-10")
    ('2013-08-10', '2013-08-10', 'day')
    >>> _when("last week")
    (None, 'last week', None)
    """
    if value is None or isinstance(value, bool):
        return None, None, None
    if isinstance(value, datetime):
        iso = _iso(value)
        return iso, value.isoformat(), "minute" if iso else None
    if isinstance(value, date):
        return value.isoformat(), value.isoformat(), "day"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None, None, None
        raw = str(int(value)) if float(value).is_integer() else str(value)
        iso = _unix(float(value))
        return iso, raw, "minute" if iso else None
    raw = str(value).strip()
    if not raw:
        return None, None, None
    if len(raw) > 64:
        return None, raw[:64], None
    if re.fullmatch(r"\d{4}", raw):  # a year, not 2013 seconds after 1970
        return raw, raw, "year"
    if _NUMBER.fullmatch(raw):
        iso = _unix(float(raw))
        return iso, raw, "minute" if iso else None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        if len(raw) == 10:  # YYYY-MM-DD
            return parsed.date().isoformat(), raw, "day"
        iso = _iso(parsed)  # None out of range: the value is kept as raw text, the rest of the file read
        return iso, raw, "minute" if iso else None
    match = _YEAR_MONTH.fullmatch(raw)
    if match and 1 <= int(match.group(2)) <= 12:
        return raw, raw, "month"
    if re.fullmatch(r"\d{4}", raw):
        return raw, raw, "year"
    try:
        parsed = email.utils.parsedate_to_datetime(raw)  # RFC 2822 (RSS pubDate)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        iso = _iso(parsed)
        return iso, raw, "minute" if iso else None
    return None, raw, None


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def _article(text: str | None, **kw: Any) -> Article:
    text = text or ""
    return Article(text=text, paragraphs=_paragraphs(text), **kw)


def _tidy(text: str) -> str:
    """Fold spaces within lines, keep line and paragraph breaks, drop invisible characters."""
    lines = [normalize_text(_LINE_SPACE.sub(" ", line)) for line in text.replace("\r\n", "\n").split("\n")]
    return _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()


def _flatten(root: Any) -> str:
    """Text of an HTML element, with breaks for <br> and block elements."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "br":
                parts.append("\n")
            elif tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if tag and el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if el is not root and el.tail:
                parts.append(el.tail)
    return _tidy("".join(parts))


def _html_text(markup: str | None) -> tuple[str, str | None]:
    """(text, quoted text) of an HTML fragment; ``<blockquote>`` contents go to the quote.

    >>> _html_text("<p>I agree &amp; more.</p><blockquote>They said</blockquote><p>Yes<br>no</p>")
    ('I agree & more.\\n\\nYes\\nno', 'They said')
    """
    if not markup or not markup.strip():
        return "", None
    if "<" not in markup:
        return _tidy(html.unescape(markup)), None
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError):
        return _tidy(html.unescape(re.sub(r"<[^<>]{0,2000}>", " ", markup))), None
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    quotes = []
    for el in _outer_blockquotes(root):
        quotes.append(_flatten(el))
        el.drop_tree()
    quoted = "\n\n".join(q for q in quotes if q) or None
    return _flatten(root), quoted


def _outer_blockquotes(root: Any) -> list[Any]:
    """The ``<blockquote>`` elements not inside another one, in document order.

    One walk that does not descend into a quote: checking each quote's ancestors instead is
    quadratic in the nesting depth (38 s on a 4 MB message of nested quotes).
    """
    found, stack = [], list(reversed(root))
    while stack:  # pre-order: elements come off the stack in document order
        el = stack.pop()
        if el.tag == "blockquote":
            found.append(el)
        elif isinstance(el.tag, str):
            stack.extend(reversed(el))
    return found


def _xml_text(el: Any) -> str:
    """Text of an XML element, unresolved entity references left out."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):  # entity references and comments have no string tag
            parts.append(_xml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _comment(
    cid: str,
    text: str,
    *,
    author: Any = None,
    when: Any = None,
    parent: str | None = None,
    absent: bool = False,
    **extra: Any,
) -> Comment:
    iso, raw, precision = _when(when)
    author_name = str(author).strip() if author is not None and str(author).strip() else None
    return Comment(
        id=cid,
        text=text,
        author=author_name,
        timestamp=iso,
        timestamp_raw=raw,
        timestamp_precision=precision,
        reply_to=parent,
        reply_source="markup" if parent is not None else "none",
        reply_confidence=1.0 if parent is not None else 0.0,
        absent=absent,
        **extra,
    )


def _finish(thread: Thread, *, prune: bool = True) -> Thread:
    """Unique ids, placeholders only where replied to, positions in data order, valid links."""
    seen: dict[str, int] = {}
    taken = {c.id for c in thread.comments}  # a new name must not be another comment's id either
    for c in thread.comments:
        if c.id in seen:
            n = seen[c.id]
            while True:
                n += 1
                new = f"{c.id}~{n}"
                if new not in taken:
                    break
            seen[c.id] = n
            taken.add(new)
            log.warning("%s: duplicate comment id %r renamed %r", thread.source, c.id, new)
            c.id = new
        else:
            seen[c.id] = 1
    if prune:  # a removed comment stays only as the parent of a kept reply (linear, chains included)
        by_id = {c.id: c for c in thread.comments}
        replies = Counter(c.reply_to for c in thread.comments if c.reply_to not in (None, c.id))
        removed: set[str] = set()
        stack = [c for c in thread.comments if c.absent and not replies[c.id]]
        while stack:
            c = stack.pop()
            removed.add(c.id)
            parent = by_id.get(c.reply_to) if c.reply_to is not None else None
            if parent is not None and parent.absent and parent.id not in removed:
                replies[parent.id] -= 1
                if not replies[parent.id]:
                    stack.append(parent)
        thread.comments = [c for c in thread.comments if c.id not in removed]
    for i, c in enumerate(thread.comments):
        c.position = i
    validate_reply_links(thread)
    return thread


def _keep(threads: Iterable[Thread], path: Path, what: str) -> list[Thread]:
    """Threads with at least one present comment; InputError when none is left."""
    threads = list(threads)
    kept = [t for t in threads if t.present_comments]
    if len(kept) < len(threads):
        log.info("%s: %d %s without comments left out", path, len(threads) - len(kept), what)
    if not kept:
        raise InputError(path, f"no comments found ({len(threads)} {what} read)")
    return kept


# --------------------------------------------------------------------------------------
# Generic comments table
# --------------------------------------------------------------------------------------


def _table_kind(path: Path) -> str:
    name = _plain_name(path)
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".tsv"):
        return "tsv"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    try:
        with open(path, "rb") as fh:
            head = _peek(fh.read(1 << 16))
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if head[:4] == b"PAR1":
        return "parquet"
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"{": "jsonl", b"[": "json"}.get(first, "csv")


def _table_rows(
    path: Path, wanted: dict[str, str], required: tuple[str, ...]
) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """(columns present, rows keyed by our names) of a CSV/TSV/JSON lines/JSON/Parquet table.

    ``wanted`` maps our names to the file's column names. Missing required columns raise one
    InputError naming them all.
    """
    import polars as pl

    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "is not a file")
    kind = _table_kind(path)

    def check(present: Iterable[str]) -> list[str]:
        present = set(present)
        missing = [f"{ours} (column {theirs!r})" if ours != theirs else ours
                   for ours, theirs in wanted.items() if ours in required and theirs not in present]
        if missing:
            raise InputError(path, f"missing required column(s): {', '.join(missing)}")
        return [ours for ours, theirs in wanted.items() if theirs in present]

    if kind == "jsonl":
        # Stream once to find the columns and keep the rows: they are needed whole anyway.
        rows, keys = [], set()
        for _, obj in _json_lines(path):
            keys.update(obj)
            rows.append(obj)
        if not rows:
            raise InputError(path, "empty table (no rows)")
        present = check(keys)
        return present, ({ours: obj.get(wanted[ours]) for ours in present} for obj in rows)
    if kind == "json":
        data = _load_json(path)
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [data])
        if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
            raise InputError(path, "a JSON table must be a list of objects (or use JSON lines)")
        present = check({k for o in data for k in o})
        return present, ({ours: obj.get(wanted[ours]) for ours in present} for obj in data)
    size = path.stat().st_size
    if size > LIMITS.max_table_bytes:
        raise InputError(path, f"file too large ({size} bytes > {LIMITS.max_table_bytes})")
    try:
        if kind == "parquet":
            present = check(pl.read_parquet_schema(path))
            frame = pl.read_parquet(path, columns=[wanted[c] for c in present])
        else:
            options = {"separator": "\t" if kind == "tsv" else ",", "infer_schema": False,
                       "encoding": "utf8-lossy", "truncate_ragged_lines": False}
            header = pl.read_csv(path, n_rows=0, **options).columns
            present = check([h.lstrip("\ufeff") for h in header])
            # A BOM sticks to the first header name; select by the names as the file spells them.
            by_clean = {h.lstrip("\ufeff"): h for h in header}
            frame = pl.read_csv(path, columns=[by_clean[wanted[c]] for c in present], **options)
            frame = frame.rename({h: h.lstrip("\ufeff") for h in frame.columns})
    except InputError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise InputError(path, f"cannot read the table ({_one_line(exc)})") from None
    renamed = frame.rename({wanted[c]: c for c in present})
    return present, renamed.iter_rows(named=True)


def _column_map(path: Path, columns: dict[str, str] | None, names: tuple[str, ...]) -> dict[str, str]:
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(TABLE_COLUMNS))
    if unknown:
        raise InputError(path, f"unknown column name(s) in the column mapping: {', '.join(unknown)} "
                               f"(known: {', '.join(TABLE_COLUMNS)})")
    return {name: columns.get(name, name) for name in names}


def parse_columns(specs: Iterable[str]) -> dict[str, str]:
    """The ``columns`` mapping from ``--columns`` values (``name=column``, repeatable or comma-separated).

    >>> parse_columns(["text=body", "reply_to=parent,author=user"])
    {'text': 'body', 'reply_to': 'parent', 'author': 'user'}
    """
    mapping: dict[str, str] = {}
    for spec in specs:
        for part in spec.split(","):
            if not part.strip():
                continue
            name, sep, column = part.partition("=")
            name, column = name.strip(), column.strip()
            if not sep or not name or not column:
                raise InputError("--columns", f"expected name=column, got {part.strip()!r}")
            if name not in TABLE_COLUMNS:
                raise InputError("--columns", f"unknown column name {name!r} (known: {', '.join(TABLE_COLUMNS)})")
            mapping[name] = column
    return mapping


def _read_table(path: Path, columns: dict[str, str] | None, articles: Path | None) -> list[Thread]:
    wanted = _column_map(path, columns, TABLE_COLUMNS)
    present, rows = _table_rows(path, wanted, REQUIRED_COLUMNS)
    single = None
    if "thread_id" not in present:
        single = _thread_id(make_thread_id(str(path), digest_file(path, algorithm="sha1").hexdigest()))
    threads: dict[str, Thread] = {}
    for row in rows:
        key = "" if single else _str_id(row.get("thread_id")) or ""
        thread = threads.get(key)
        if thread is None:
            tid = single or _thread_id(key or "no-thread-id")
            thread = threads[key] = Thread(thread_id=tid, source=f"{path}#{key}" if key else str(path))
        if thread.title is None and row.get("title") not in (None, ""):
            thread.title = str(row["title"])
        if not thread.article.text and row.get("article_text") not in (None, ""):
            thread.article = _article(str(row["article_text"]))
        cid = _str_id(row.get("comment_id"))
        if cid is None:
            continue  # an article-only row
        parent = _str_id(row.get("reply_to"))
        if parent == key:
            parent = None  # some tables name the thread as the parent of top-level comments
        text = row.get("text")
        thread.comments.append(_comment(
            cid, "" if text is None else str(text), author=row.get("author"), when=row.get("timestamp"),
            parent=parent, quoted_author=_str_id(row.get("quoted_author")),
            quoted_text=None if row.get("quoted_text") in (None, "") else str(row["quoted_text"]),
        ))
    if articles is not None:
        _attach_articles(Path(articles), columns, threads)
    return _keep((_finish(t) for t in threads.values()), path, "threads")


def _attach_articles(path: Path, columns: dict[str, str] | None, threads: dict[str, Thread]) -> None:
    wanted = _column_map(path, columns, ARTICLE_COLUMNS)
    _, rows = _table_rows(path, wanted, ("thread_id",))
    for row in rows:
        thread = threads.get(_str_id(row.get("thread_id")) or "")
        if thread is None:
            continue  # an article nobody commented on
        if row.get("title") not in (None, ""):
            thread.title = str(row["title"])
        if row.get("article_text") not in (None, ""):
            thread.article = _article(str(row["article_text"]))


# --------------------------------------------------------------------------------------
# ConvoKit
# --------------------------------------------------------------------------------------

_EDITORIAL_SPEAKER = "[editorial]"  # what discourse.export writes as the article's speaker
_OWN_META = ("comment_id", "side", "timestamp_iso", "timestamp_precision", "reply_source", "reply_confidence",
             "quoted_author", "quoted_text", "absent", "truncated")


def _speaker(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id", value.get("name"))
    return _str_id(value)


def _read_convokit(path: Path, captured_at: str | None) -> list[Thread]:
    if path.is_dir():
        folder, utterances = path, path / "utterances.jsonl"
    else:
        folder, utterances = path.parent, path
    if not utterances.is_file():
        raise InputError(path, "not a ConvoKit corpus folder (no utterances.jsonl)")
    conversations: dict[str, list[dict[str, Any]]] = {}
    for lineno, u in _json_lines(utterances):
        uid = _str_id(u.get("id"))
        if uid is None:
            raise InputError(utterances, "utterance without an id", location=str(lineno))
        parent = _str_id(u.get("reply-to", u.get("reply_to", u.get("reply_to_id"))))
        conv = _str_id(u.get("conversation_id", u.get("root"))) or (uid if parent is None else None)
        if conv is None:
            raise InputError(utterances, "utterance without a conversation_id", location=str(lineno))
        meta = u.get("meta") if isinstance(u.get("meta"), dict) else {}
        text = u.get("text")
        conversations.setdefault(conv, []).append({
            "id": uid, "parent": parent, "speaker": _speaker(u.get("speaker", u.get("user"))),
            "timestamp": u.get("timestamp"), "text": "" if text is None else str(text),
            "meta": {k: meta[k] for k in _OWN_META if k in meta},
        })
    if not conversations:
        raise InputError(utterances, "no utterances")
    conv_meta: dict[str, Any] = {}
    if (folder / "conversations.json").is_file():
        loaded = _load_json(folder / "conversations.json")
        conv_meta = loaded if isinstance(loaded, dict) else {}
    threads = [
        _convokit_thread(path, conv, utts, conv_meta.get(conv), captured_at)
        for conv, utts in conversations.items()
    ]
    return _keep(threads, path, "conversations")


_COVERAGES = COVERAGE_STATUSES


def _count(value: Any) -> int | None:
    """A non-negative whole number from the data, or None.

    >>> _count("12"), _count(3.0), _count("many"), _count(-1), _count(True)
    (12, 3, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value < 10**12 else None


def _convokit_thread(
    path: Path, conv: str, utts: list[dict[str, Any]], conv_info: Any, captured_at: str | None
) -> Thread:
    root = next((u for u in utts if u["id"] == conv and u["parent"] is None), None)
    meta = conv_info.get("meta") if isinstance(conv_info, dict) and isinstance(conv_info.get("meta"), dict) else {}
    # discourse's own export: root "T__article" spoken by "[editorial]", comments "T__C" with meta.comment_id C.
    own = root is not None and conv.endswith("__article") and root["meta"].get("side") == "editorial"
    tid = conv[: -len("__article")] if own else conv
    local: dict[str, str] = {}
    for u in utts:
        cid = u["meta"].get("comment_id") if own else None
        local[u["id"]] = str(cid) if cid is not None and u["id"] == f"{tid}__{cid}" else u["id"]
    thread = Thread(
        thread_id=tid if own and _SAFE_ID.fullmatch(tid) else _thread_id(conv),
        source=f"{path}#{conv}",
        title=_str_id(meta.get("title")),
        captured_at=captured_at or _str_id(meta.get("captured_at")),
    )
    if own:
        # Metadata is data: a value of the wrong type is dropped, not trusted (a non-numeric
        # declared_comments made the coverage check fail with an internal TypeError).
        coverage = meta.get("coverage")
        thread.coverage = coverage if coverage in _COVERAGES else "unknown"
        note = meta.get("coverage_note")
        thread.coverage_note = note if isinstance(note, str) else None
        thread.declared_comments = _count(meta.get("declared_comments"))
    if root is not None:
        author = root["speaker"] if root["speaker"] != _EDITORIAL_SPEAKER else None
        published = _when(root["timestamp"])[0]
        thread.article = _article(root["text"], author=author, published=published,
                                  truncated=bool(root["meta"].get("truncated")) if own else False)
    for u in utts:
        if u is root:
            continue
        parent = u["parent"]
        parent = None if parent is None or parent == conv else local.get(parent, parent)
        author = u["speaker"]
        if own and author and author.startswith("[anonymous "):
            author = None
        m = u["meta"] if own else {}
        c = _comment(local[u["id"]], u["text"], author=author, when=m.get("timestamp_iso") or u["timestamp"],
                     parent=parent, absent=bool(m.get("absent")),
                     quoted_author=m.get("quoted_author"), quoted_text=m.get("quoted_text"))
        if own:
            if m.get("timestamp_precision"):
                c.timestamp_precision = m["timestamp_precision"]
            if parent is not None and m.get("reply_source"):
                c.reply_source = str(m["reply_source"])
                c.reply_confidence = float(m.get("reply_confidence") or 0.0)
        thread.comments.append(c)
    # Our own placeholders for absent quoted parents were exported on purpose: keep them all.
    return _finish(thread, prune=not own)


# --------------------------------------------------------------------------------------
# XML exports: Disqus, WordPress WXR
# --------------------------------------------------------------------------------------


def _iterparse(path: Path, tags: tuple[str, ...]) -> Iterator[Any]:
    """Elements with ``tags`` at their end, streamed with the hostile-input options."""
    from lxml import etree

    with _open(path) as fh:
        try:
            yield from (el for _, el in etree.iterparse(fh, events=("end",), tag=tags, **_XML_OPTIONS))
        except etree.XMLSyntaxError as exc:
            raise InputError(path, f"bad XML: {_one_line(exc)}") from None
        except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
            raise _stream_error(path, exc) from None


def _release(el: Any) -> None:
    """Free a processed element and the siblings before it (iterparse keeps the tree)."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _child(el: Any, name: str, ns: str | None = _DISQUS_NS) -> Any:
    return el.find(f"{{{ns}}}{name}" if ns else name)


def _read_disqus(path: Path) -> list[Thread]:
    dsq = f"{{{_DISQUS_NS}}}"
    dsq_id = f"{{{_DISQUS_INTERNALS}}}id"
    threads: dict[str, Thread] = {}
    spam = deleted = 0

    def thread_for(key: str) -> Thread:
        if key not in threads:
            threads[key] = Thread(thread_id=_thread_id(key, prefix="disqus-"), source=f"{path}#{key}")
        return threads[key]

    for el in _iterparse(path, (f"{dsq}thread", f"{dsq}post")):
        parent = el.getparent()
        if parent is None or parent.getparent() is not None:
            continue  # a post's <thread dsq:id="..."/> reference, read with its post
        if el.tag == f"{dsq}thread":
            key = _str_id(el.get(dsq_id)) or _str_id(_xml_text(_child(el, "id")))
            if key:
                thread = thread_for(key)
                thread.title = _tidy(_xml_text(_child(el, "title"))) or thread.title
                text, _ = _html_text(_xml_text(_child(el, "message")))
                author = _child(el, "author")
                thread.article = _article(
                    text,
                    author=_tidy(_xml_text(_child(author, "name"))) or None if author is not None else None,
                    published=_when(_xml_text(_child(el, "createdAt")).strip())[0],
                )
            _release(el)
            continue
        pid = _str_id(el.get(dsq_id))
        ref = _child(el, "thread")
        key = _str_id(ref.get(dsq_id)) if ref is not None else None
        if pid is None or key is None:
            _release(el)
            continue
        if _xml_text(_child(el, "isSpam")).strip().lower() == "true":
            spam += 1
            _release(el)
            continue
        gone = _xml_text(_child(el, "isDeleted")).strip().lower() == "true"
        deleted += gone
        text, quoted = ("", None) if gone else _html_text(_xml_text(_child(el, "message")))
        author = _child(el, "author")
        name = None
        if author is not None and not gone:
            name = _tidy(_xml_text(_child(author, "name"))) or _tidy(_xml_text(_child(author, "username"))) or None
        parent_ref = _child(el, "parent")
        thread_for(key).comments.append(_comment(
            pid, text, author=name, when=_xml_text(_child(el, "createdAt")).strip() or None,
            parent=_str_id(parent_ref.get(dsq_id)) if parent_ref is not None else None,
            absent=gone, quoted_text=quoted,
        ))
        _release(el)
    if spam or deleted:
        log.info("%s: %d spam posts dropped, %d deleted posts kept only as parents", path, spam, deleted)
    return _keep((_finish(t) for t in threads.values()), path, "threads")


def _local(el: Any) -> tuple[str, str]:
    """(namespace, local name) of an element; an undeclared prefix stays in the name."""
    tag = el.tag
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def _wp_date(gmt: str | None, local: str | None) -> str | None:
    """A WordPress date: the ``*_gmt`` field as UTC, else the blog's local time (no zone)."""
    gmt, local = (gmt or "").strip(), (local or "").strip()
    if gmt and not gmt.startswith("0000"):
        return gmt if gmt.endswith("Z") or "+" in gmt else f"{gmt}+00:00"  # UTC without saying so
    return local if local and not local.startswith("0000") else None


def _read_wxr(path: Path) -> list[Thread]:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", _plain_name(path).rsplit(".", 1)[0]).strip(".-")[:40] or "wxr"
    threads: list[Thread] = []
    skipped_comments = 0
    for item in _iterparse(path, ("item",)):
        fields: dict[str, str] = {}
        comments = []
        for child in item:
            if not isinstance(child.tag, str):
                continue
            ns, name = _local(child)
            if ns.startswith(_WXR_NS_PREFIX) and name == "comment":
                comments.append({
                    _local(f)[1]: _xml_text(f) for f in child if isinstance(f.tag, str)
                })
            elif ns.startswith(_WXR_NS_PREFIX) or ns in ("", _CONTENT_NS, _DC_NS):
                fields.setdefault(f"{'wp:' if ns.startswith(_WXR_NS_PREFIX) else ''}{name}", _xml_text(child))
        _release(item)
        post_type = fields.get("wp:post_type", "post").strip()
        if post_type in _WXR_SKIP_TYPES or fields.get("wp:status", "").strip() in _WXR_SKIP_STATUS:
            continue
        key = _str_id(fields.get("wp:post_id")) or _str_id(fields.get("guid")) or str(len(threads) + 1)
        text, _ = _html_text(fields.get("encoded"))
        published = _wp_date(fields.get("wp:post_date_gmt"), fields.get("wp:post_date"))
        thread = Thread(
            thread_id=_thread_id(key, prefix=f"{stem}-"),
            source=f"{path}#{key}",
            title=_tidy(fields.get("title", "")) or None,
            article=_article(text, author=_tidy(fields.get("creator", "")) or None,
                             published=_when(published)[0]),
        )
        for c in comments:
            if (c.get("comment_approved", "").strip() in _WXR_SKIP_APPROVAL
                    or c.get("comment_type", "").strip() in _WXR_SKIP_COMMENT_TYPES):
                skipped_comments += 1
                continue
            cid = _str_id(c.get("comment_id"))
            if cid is None:
                continue
            when = _wp_date(c.get("comment_date_gmt"), c.get("comment_date"))
            parent = _str_id(c.get("comment_parent"))
            body, quoted = _html_text(c.get("comment_content"))
            thread.comments.append(_comment(
                cid, body, author=_tidy(c.get("comment_author", "")) or None, when=when,
                parent=None if parent in (None, "0") else parent, quoted_text=quoted,
            ))
        threads.append(_finish(thread))
    if skipped_comments:
        log.info("%s: %d spam, trashed, pingback or trackback comments dropped", path, skipped_comments)
    return _keep(threads, path, "posts")


# --------------------------------------------------------------------------------------
# Reddit-style JSON lines
# --------------------------------------------------------------------------------------


def _reddit_text(value: Any) -> str:
    # The Reddit API and Pushshift escape &, < and > in bodies.
    return html.unescape(str(value)) if value is not None else ""


def _read_reddit(path: Path, articles: Path | None) -> list[Thread]:
    files = _data_files(path) if path.is_dir() else [path]
    if not files:
        raise InputError(path, "no JSON-lines files (.jsonl, .ndjson, .json) in this folder")
    if articles is not None:
        files = [Path(articles), *(f for f in files if f != Path(articles))]
    threads: dict[str, Thread] = {}
    skipped = 0

    def thread_for(key: str, source: Path) -> Thread:
        if key not in threads:
            threads[key] = Thread(thread_id=_thread_id(key), source=f"{source}#{key}")
        return threads[key]

    for file in files:
        for _, obj in _json_lines(file):
            kind = _reddit_kind(obj)
            if kind == "submission":
                name = _str_id(obj.get("name"))
                key = name if name and name.startswith("t3_") else f"t3_{_str_id(obj.get('id'))}"
                thread = thread_for(key, file)
                thread.title = _reddit_text(obj.get("title")).strip() or None
                body = _reddit_text(obj.get("selftext")).strip()
                author = _str_id(obj.get("author"))
                thread.article = _article(
                    "" if body in _REDDIT_GONE else body,
                    author=None if author in _REDDIT_GONE else author,
                    published=_when(obj.get("created_utc"))[0],
                )
                if isinstance(obj.get("num_comments"), int) and not isinstance(obj["num_comments"], bool):
                    thread.declared_comments = obj["num_comments"]  # removed comments included
                continue
            if kind != "comment":
                skipped += 1
                continue
            link = _str_id(obj.get("link_id"))
            parent = _str_id(obj.get("parent_id"))
            if link is None and parent and parent.startswith("t3_"):
                link = parent
            cid = _str_id(obj.get("id")) or (_str_id(obj.get("name")) or "").removeprefix("t1_") or None
            if link is None or cid is None:
                skipped += 1
                continue
            if not link.startswith("t3_"):
                link = f"t3_{link}"
            body = _reddit_text(obj.get("body")).strip()
            gone = body in _REDDIT_GONE
            author = _str_id(obj.get("author"))
            thread_for(link, file).comments.append(_comment(
                cid, "" if gone else body, author=None if author in _REDDIT_GONE else author,
                when=obj.get("created_utc"),
                parent=parent[3:] if parent and parent.startswith("t1_") else None, absent=gone,
            ))
    if skipped:
        log.info("%s: %d lines that are neither submissions nor comments skipped", path, skipped)
    return _keep((_finish(t) for t in threads.values()), path, "submissions")


# --------------------------------------------------------------------------------------
# WARC
# --------------------------------------------------------------------------------------


def _default_parse_html(source: str, data: bytes, *, captured_at: str | None = None) -> Thread:
    from discourse.parse import parse_page

    return parse_page(source, data=data, input_format="html", captured_at=captured_at)


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

    limit = LIMITS.max_page_bytes
    records = iter(ArchiveIterator(fh))
    while True:
        chatter = io.StringIO()
        try:
            with contextlib.redirect_stderr(chatter):
                record = next(records, None)
                page = None if record is None else _warc_page(path, record, limit)
        except Exception as exc:  # any failure inside warcio means a broken archive
            raise InputError(path, f"broken WARC file ({type(exc).__name__}: {_one_line(exc)})") from None
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


def _read_warc(path: Path, parse_html: Callable[..., Thread] | None, captured_at: str | None) -> list[Thread]:
    try:
        import warcio  # noqa: F401 -- optional dependency
    except ImportError:
        raise InputError(path, "reading WARC files needs warcio: pip install 'discourse[warc]'") from None
    parse = parse_html or _default_parse_html
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
            when = (_when(warc_date)[0] if warc_date else None) or captured_at
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


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def read_import(
    path: Path,
    fmt: str,
    *,
    columns: dict[str, str] | None = None,
    captured_at: str | None = None,
    parse_html: Callable[[str, bytes], Thread] | None = None,
    articles: Path | None = None,
) -> list[Thread]:
    """Read an import file (or folder) into threads.

    Parameters
    ----------
    path : Path
        The file, or a folder for ``convokit`` (the corpus) and ``reddit`` (its JSON-lines
        files are read together, in name order).
    fmt : str
        One of :data:`IMPORT_FORMATS` (see :func:`detect_import_format`).
    columns : dict, optional
        ``comments-table`` only: our column name -> the file's column name.
    captured_at : str, optional
        ISO 8601 capture time recorded on the threads (WARC records carry their own).
    parse_html : callable, optional
        ``warc`` only: ``parse_html(source, html_bytes) -> Thread`` parses one page (called with
        ``captured_at=`` the record's WARC-Date as well when it accepts that keyword). Default:
        :func:`discourse.parse.parse_page`.
    articles : Path, optional
        ``comments-table``: the articles table (``thread_id``, ``title``, ``article_text``).
        ``reddit``: a file of submissions.

    Returns
    -------
    list of Thread
        In the data's order, each checked by :func:`~discourse.model.validate_reply_links`.

    Raises
    ------
    InputError
        Missing or unreadable input, missing required columns, a broken line (with its number),
        broken XML or WARC data; one line naming the file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     table = Path(folder) / "comments.csv"
    ...     _ = table.write_text("thread_id,comment_id,text,reply_to\\nt1,a,First!,\\nt1,b,No.,a\\n")
    ...     [(c.id, c.reply_to) for c in read_import(table, "comments-table")[0].comments]
    [('a', None), ('b', 'a')]
    """
    path = Path(path)
    if fmt not in IMPORT_FORMATS:
        raise InputError(path, f"unknown import format {fmt!r} (choose from {', '.join(IMPORT_FORMATS)})")
    if columns and fmt != "comments-table":
        raise InputError(path, f"a column mapping applies to comments tables only, not to {fmt}")
    if articles is not None and fmt not in ("comments-table", "reddit"):
        raise InputError(path, f"an articles file applies to comments tables and reddit dumps only, not to {fmt}")
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.is_dir() and fmt not in ("convokit", "reddit"):
        raise InputError(path, f"is a directory, not a {fmt} file")
    if fmt == "comments-table":
        threads = _read_table(path, columns, articles)
    elif fmt == "convokit":
        threads = _read_convokit(path, captured_at)
    elif fmt == "disqus":
        threads = _read_disqus(path)
    elif fmt == "wxr":
        threads = _read_wxr(path)
    elif fmt == "reddit":
        threads = _read_reddit(path, articles)
    else:
        return _read_warc(path, parse_html, captured_at)
    for thread in threads:
        thread.input_format = fmt
        if captured_at is not None:
            thread.captured_at = captured_at
        _describe_coverage(thread, fmt)
    return threads


_FORMAT_NAMES = {"comments-table": "a comments table", "convokit": "a ConvoKit corpus", "disqus": "a Disqus export",
                 "wxr": "a WordPress export", "reddit": "a Reddit dump"}


def _describe_coverage(thread: Thread, fmt: str) -> None:
    """Say where the comments came from (the report would otherwise speak of a page)."""
    n, declared = len(thread.present_comments), thread.declared_comments
    if declared is not None and thread.coverage == "unknown":
        thread.coverage = "complete" if n >= declared else "partial"
    if thread.coverage_note is None:
        stated = f" (the data states {declared})" if declared is not None else ""
        thread.coverage_note = f"{n} comment{'' if n == 1 else 's'} imported from {_FORMAT_NAMES[fmt]}{stated}."

