"""Bounded, decompressed reading shared by the import readers: files, JSON lines, JSON, XML.

Every reader opens its input through :func:`open_input` (gzip, bzip2 and xz decompressed on
the fly; more than :data:`LIMITS` ``.max_bytes`` refused) and streams it: JSON lines line by
line, XML with :func:`iterparse` (no entities resolved, no network, no DTD).
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from discourse.errors import InputError
from discourse.file_endings import COMPRESSED_SUFFIXES, PAGE_SUFFIXES

__all__ = [
    "LIMITS",
    "XML_OPTIONS",
    "ImportLimits",
    "ReadOptions",
    "data_files",
    "iterparse",
    "json_lines",
    "load_json",
    "local_name",
    "one_line",
    "open_input",
    "peek",
    "plain_name",
    "release",
    "stream_error",
]


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


_JSONL_EXT = tuple(s for s, fmt in PAGE_SUFFIXES.items() if fmt in ("jsonl", "json"))


XML_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def plain_name(path: Path) -> str:
    name = path.name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def suffix_format(name: str) -> str | None:
    """The format :data:`PAGE_SUFFIXES` gives a (plain, lower-case) file name, else None.

    >>> suffix_format("page.htm"), suffix_format("export.ndjson"), suffix_format("notes.md")
    ('html', 'jsonl', None)
    """
    for suffix, fmt in PAGE_SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    return None


def peek(head: bytes) -> bytes:
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


def open_error(path: str | Path, exc: OSError, what: str = "file") -> InputError:
    """The :class:`InputError` for an ``OSError`` met opening ``path`` (a ``what``: file, page file)."""
    if isinstance(exc, FileNotFoundError):
        return InputError(path, "no such file")
    if isinstance(exc, IsADirectoryError):
        return InputError(path, f"is a directory, not a {what}")
    if isinstance(exc, PermissionError):
        return InputError(path, "permission denied")
    return InputError(path, f"cannot read: {exc.strerror or exc}")


def text_json_lines(text: str, source: str | Path, bad: str = "bad JSON") -> Iterator[tuple[int, Any]]:
    """(line number, value) of JSON-lines text held in memory; blank lines skipped.

    A line that is not JSON is an :class:`InputError` ``"{bad}: ..."`` at its line number
    (:func:`json_lines` is the streamed, size-bounded reader of a file).
    """
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(source, f"{bad}: {exc.msg}", location=str(n)) from None


def open_input(path: Path) -> io.BufferedReader:
    """``path`` opened for reading, decompressed on the fly, bounded by ``LIMITS.max_bytes``."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 -- closed by the returned reader
    except OSError as exc:
        raise open_error(path, exc) from None
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


def stream_error(path: Path, exc: Exception) -> InputError:
    if isinstance(exc, InputError):
        return exc
    return InputError(path, f"broken compressed data ({one_line(exc)})")


def one_line(exc: object) -> str:
    text = str(exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0][:300]


def json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of a JSON-lines file, streamed; a broken line is an InputError."""
    limit = LIMITS.max_line_bytes
    with open_input(path) as fh:
        lineno = 0
        while True:
            try:
                line = fh.readline(limit + 1)
            except (OSError, EOFError, zlib.error, lzma.LZMAError, InputError) as exc:
                raise stream_error(path, exc) from None
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
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else one_line(exc)
                raise InputError(path, f"bad JSON: {message}", location=str(lineno)) from None
            if not isinstance(obj, dict):
                raise InputError(path, "each line must be a JSON object", location=str(lineno))
            yield lineno, obj


def load_json(path: Path) -> Any:
    """A whole JSON document, size-bounded."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if size > LIMITS.max_json_bytes:
        raise InputError(path, f"file too large ({size} bytes > {LIMITS.max_json_bytes})")
    try:
        with open_input(path) as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"bad JSON: {exc.msg}", location=str(exc.lineno)) from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise stream_error(path, exc) from None


def data_files(folder: Path) -> list[Path]:
    """JSON-lines files directly in ``folder``, sorted by name."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and plain_name(p).endswith(_JSONL_EXT)
    )


def iterparse(path: Path, tags: tuple[str, ...]) -> Iterator[Any]:
    """Elements with ``tags`` at their end, streamed with the hostile-input options."""

    with open_input(path) as fh:
        try:
            yield from (el for _, el in etree.iterparse(fh, events=("end",), tag=tags, **XML_OPTIONS))
        except etree.XMLSyntaxError as exc:
            raise InputError(path, f"bad XML: {one_line(exc)}") from None
        except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
            raise stream_error(path, exc) from None


def release(el: Any) -> None:
    """Free a processed element and the siblings before it (iterparse keeps the tree)."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def local_name(el: Any) -> tuple[str, str]:
    """(namespace, local name) of an element; an undeclared prefix stays in the name."""
    tag = el.tag
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


@dataclass(frozen=True)
class ReadOptions:
    """What one import read is asked, beyond the path (each reader uses the fields it knows).

    Attributes
    ----------
    columns : dict, optional
        ``comments-table``: our column name -> the file's column name.
    articles : Path, optional
        ``comments-table``: the articles table; ``reddit``: a file of submissions.
    captured_at : str, optional
        ISO 8601 capture time (WARC records carry their own).
    parse_html : callable, optional
        ``warc``: ``parse_html(source, html_bytes) -> Thread``, called with ``captured_at=``
        as well when it accepts that keyword.
    """

    columns: dict[str, str] | None = None
    articles: Path | None = None
    captured_at: str | None = None
    parse_html: Callable[..., Any] | None = None
