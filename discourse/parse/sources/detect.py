"""Which import format a file or folder holds, from its content and extension.

Each reader module states what its data looks like (:func:`~discourse.parse.sources.reddit.reddit_kind`,
:func:`~discourse.parse.sources.convokit.is_utterance`, the Disqus and WordPress namespaces,
:data:`~discourse.parse.sources.table.TABLE_COLUMNS`); this module only looks.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from lxml import etree

from discourse.errors import InputError
from discourse.parse.sources._stream import XML_OPTIONS, data_files, local_name, open_input, peek, plain_name
from discourse.parse.sources.convokit import is_utterance
from discourse.parse.sources.disqus import DISQUS_NS
from discourse.parse.sources.reddit import reddit_kind
from discourse.parse.sources.table import TABLE_COLUMNS
from discourse.parse.sources.wordpress import WXR_NS_PREFIX

__all__ = ["detect_import_format", "jsonl_format"]

_JSON_KEY = re.compile(rb'"([A-Za-z_][A-Za-z0-9_-]{0,40})"\s*:')


_XML_TAG = re.compile(rb"<([!?]?)([A-Za-z_][\w.:-]*)")


_XML_PROLOG = re.compile(rb"<[?!]")


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


def jsonl_format(data: bytes) -> str | None:
    objects = _sample_objects(data)
    if not objects:
        return None
    if any("thread_id" in o and "article" in o for o in objects):
        return None  # threads as `discourse parse` writes them: the page parser reads those
    if any(reddit_kind(o) for o in objects):
        return "reddit"
    if is_utterance(objects[0]):
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
        if root == "disqus" and DISQUS_NS.encode() in data:
            return "disqus"
        if root == "rss" and WXR_NS_PREFIX.encode() in data:
            return "wxr"
        return None
    return None


def _no_root_in(data: bytes) -> bool:
    return all(m.group(1) for m in _XML_TAG.finditer(data[:65536]))


def _xml_root_format(path: Path) -> str | None:
    """Disqus or WXR from the root element found by a parser, past a prolog of any length.

    The tag scan above sees only the first 64 KiB: a Disqus file with a longer DOCTYPE was read
    as a text page. lxml reads the prolog without loading or resolving anything.
    """

    try:
        with open_input(path) as fh:
            for _, el in etree.iterparse(fh, events=("start",), **XML_OPTIONS):
                ns, local = local_name(el)
                if local == "disqus" and ns == DISQUS_NS:
                    return "disqus"
                if local == "rss" and any(str(u).startswith(WXR_NS_PREFIX) for u in el.nsmap.values()):
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
    data = data_files(path)
    others = [p for p in path.iterdir() if not p.name.startswith(".") and p not in data]
    if others:
        return False
    for file in data[:3]:
        try:
            with open(file, "rb") as fh:
                head = fh.read(1 << 16)
        except OSError:
            continue
        if jsonl_format(peek(head)) == "reddit":
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
    name = plain_name(path)
    data = peek(head)
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
        return jsonl_format(stripped)
    if name.endswith((".csv", ".tsv")):
        return _header_format(stripped, name)
    return None
