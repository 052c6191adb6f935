"""Reading page files: size limits, decompression, decoding, format detection.

Structured exports (``.jsonl``, ``.json``, ``.csv`` in the page parser's flat layout) are
grouped into threads by :func:`discourse.parse.sources.table.structured_records` (re-exported
here), next to the comments-table reader.
"""

from __future__ import annotations

import bz2
import codecs
import lzma
import re
import zlib
from pathlib import Path

from discourse.errors import InputError
from discourse.parse.sources._stream import open_error, plain_name, suffix_format
from discourse.parse.sources.table import structured_records

__all__ = [
    "MAX_INPUT_BYTES",
    "STRUCTURED_FORMATS",
    "decode_bytes",
    "detect_format",
    "read_bytes",
    "structured_records",
]

#: Larger inputs are refused (a saved page is rarely over a few MB; this keeps time bounded).
MAX_INPUT_BYTES = 64 * 1024 * 1024
STRUCTURED_FORMATS = ("jsonl", "json", "csv")
FORMATS = ("txt", "html", *STRUCTURED_FORMATS)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|div|p|table|meta|title)[\s>/]", re.I)
_LATIN1_NAMES = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859_1", "iso8859-1"})


#: Decompressors of the compressions every reader accepts (the import readers: sources._stream.open_input).
_DECOMPRESSORS = {
    "gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "bzip2": bz2.BZ2Decompressor,
    "xz": lzma.LZMADecompressor,
}


def _compression(data: bytes) -> str | None:
    """gzip, bzip2 or xz from the magic bytes (bzip2: ``BZh`` + block size + the block magic), else None."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:3] == b"BZh" and data[3:4].isdigit() and data[4:10] == b"1AY&SY":
        return "bzip2"
    if data[:6] == b"\xfd7zXZ\x00":
        return "xz"
    return None


def read_bytes(source: str | Path, data: bytes | None = None) -> bytes:
    """The raw bytes of ``source`` (or ``data``), decompressed when gzip, bzip2 or xz (as the import readers do)."""
    if data is None:
        path = Path(source)
        try:
            if path.is_dir():
                raise InputError(source, "is a directory, not a page file")
            size = path.stat().st_size
            if size > MAX_INPUT_BYTES:
                raise InputError(source, f"file too large ({size} bytes > {MAX_INPUT_BYTES})")
            data = path.read_bytes()
        except OSError as exc:
            raise open_error(source, exc, "page file") from None
    kind = _compression(data)
    if kind is not None:
        try:
            # Bounded decompression: a bomb is refused rather than filling memory.
            d = _DECOMPRESSORS[kind]()
            out = d.decompress(data, MAX_INPUT_BYTES + 1)
            if len(out) > MAX_INPUT_BYTES:
                raise InputError(source, "decompressed size over the input limit")
            if not d.eof:
                raise InputError(source, f"truncated {kind} data (the file ends inside the compressed stream)")
            data = out
        except (zlib.error, EOFError, OSError, ValueError, lzma.LZMAError) as exc:
            raise InputError(source, f"broken {kind} data ({exc})") from None
    if not data.strip():
        raise InputError(source, "empty file")
    return data


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{1,3}")


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the offending bytes as cp1252 (what browsers show for them)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("discourse-cp1252", _cp1252_fallback)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text
    # A stray NUL in a text page is noise to drop; many of them (or many control bytes) mean binary.
    ctrl = len(head.translate(None, _NOT_CONTROL))  # the control bytes left after deleting the rest
    return ctrl > len(head) * 0.05


#: Every byte value except the control bytes that mark binary data (< 32, not tab/LF/FF/CR).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13)))


def decode_bytes(data: bytes, source: str | Path, *, fmt: str = "txt") -> str:
    """Decode page bytes: BOM, then UTF-8, then the ``<meta>`` charset (HTML), then cp1252.

    Raises
    ------
    InputError
        For binary data (NUL bytes, many control characters) or undecodable text.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "undecodable UTF-16 text") from None
    if _looks_binary(data):
        raise InputError(source, "binary data, not a text or HTML page")
    data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(_UTF8_MULTIBYTE.findall(data[:200000])) >= 3:
        # Mostly UTF-8 with some cp1252 bytes (pasted text, mixed templates): repair the bad bytes only.
        return data.decode("utf-8", errors="discourse-cp1252")
    m = _CHARSET.search(data[:20000])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in _LATIN1_NAMES:
            enc = "cp1252"  # what browsers do
        try:
            return data.decode(enc, errors="replace")
        except LookupError:
            pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise InputError(source, "undecodable text (not UTF-8, UTF-16 or cp1252)")
    return text


def detect_format(source: str | Path, data: bytes) -> str:
    """``txt``, ``html``, ``jsonl``, ``json`` or ``csv`` from the extension, else from content."""
    fmt = suffix_format(plain_name(Path(str(source))))
    if fmt is not None:
        return fmt
    head = data[:4096].lstrip()
    if head[:1] in (b"{", b"["):
        return "jsonl" if head[:1] == b"{" and b"\n{" in data[:200000] else "json"
    if _HTML_SNIFF.search(data[:4096]):
        return "html"
    return "txt"
