"""The generic comments table: one row per comment, as CSV, TSV, JSON lines, JSON or Parquet.

Columns are ours (:data:`TABLE_COLUMNS`); ``columns=`` maps them to the file's names (CLI:
``--columns text=body``, read by :func:`parse_columns`). See :mod:`discourse.parse.sources`
for the table of columns.

The page parser's own flat layout is read here too (:func:`structured_records`, for
``discourse parse`` on ``.jsonl``/``.json``/``.csv`` files that are not comments tables).
Its structured exports (``.jsonl``, ``.json``, ``.csv``) use one generic column layout, one row
per comment (or one JSON object per thread):

* thread-level JSON object: ``{"title", "article" (text or {"text", "paragraphs"}),
  "comments": [{"id", "author", "timestamp", "text", "reply_to", "quoted_author",
  "quoted_text"}, ...]}`` -- the shape ``discourse parse`` writes, so its output reads back;
* flat rows (JSONL objects or CSV rows): ``thread_id`` (optional; rows group by it, default one
  thread per file), ``title``, ``article`` (or ``article_text``; the first non-empty value of
  a thread is used), ``comment_id`` (or ``id``), ``author``, ``timestamp``, ``text`` (or
  ``comment``/``body``), ``reply_to`` (or ``parent_id``), ``quoted_author``, ``quoted_text``.
  A row with no comment text only carries the article.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from discourse._files import digest_file
from discourse.errors import InputError
from discourse.model import Thread, make_thread_id
from discourse.parse.sources import _stream
from discourse.parse.sources._build import (
    keep_threads,
    make_article,
    make_comment,
    safe_thread_id,
    str_id,
)
from discourse.parse.sources._stream import (
    ReadOptions,
    json_lines,
    load_json,
    one_line,
    peek,
    plain_name,
    suffix_format,
    text_json_lines,
)

__all__ = ["ARTICLE_COLUMNS", "REQUIRED_COLUMNS", "TABLE_COLUMNS", "parse_columns", "read_table", "structured_records"]

#: Our column names of the generic comments table (``columns=`` maps them to yours).
TABLE_COLUMNS = (
    "thread_id", "comment_id", "author", "timestamp", "text", "reply_to",
    "article_text", "title", "quoted_author", "quoted_text",
)


REQUIRED_COLUMNS = ("comment_id", "text")


#: Columns of the separate articles table.
ARTICLE_COLUMNS = ("thread_id", "title", "article_text")


def _table_kind(path: Path) -> str:
    name = plain_name(path)
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".tsv"):
        return "tsv"
    fmt = suffix_format(name)
    if fmt in ("jsonl", "json", "csv"):
        return fmt
    try:
        with open(path, "rb") as fh:
            head = peek(fh.read(1 << 16))
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
        for _, obj in json_lines(path):
            keys.update(obj)
            rows.append(obj)
        if not rows:
            raise InputError(path, "empty table (no rows)")
        present = check(keys)
        return present, ({ours: obj.get(wanted[ours]) for ours in present} for obj in rows)
    if kind == "json":
        data = load_json(path)
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [data])
        if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
            raise InputError(path, "a JSON table must be a list of objects (or use JSON lines)")
        present = check({k for o in data for k in o})
        return present, ({ours: obj.get(wanted[ours]) for ours in present} for obj in data)
    size = path.stat().st_size
    if size > _stream.LIMITS.max_table_bytes:
        raise InputError(path, f"file too large ({size} bytes > {_stream.LIMITS.max_table_bytes})")
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
        raise InputError(path, f"cannot read the table ({one_line(exc)})") from None
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


def read_table(path: Path, options: ReadOptions) -> list[Thread]:
    """Threads of a comments table (``options.columns`` maps the names, ``options.articles`` adds articles)."""
    columns, articles = options.columns, options.articles
    wanted = _column_map(path, columns, TABLE_COLUMNS)
    present, rows = _table_rows(path, wanted, REQUIRED_COLUMNS)
    single = None
    if "thread_id" not in present:
        single = safe_thread_id(make_thread_id(str(path), digest_file(path, algorithm="sha1").hexdigest()))
    threads: dict[str, Thread] = {}
    for row in rows:
        key = "" if single else str_id(row.get("thread_id")) or ""
        thread = threads.get(key)
        if thread is None:
            tid = single or safe_thread_id(key or "no-thread-id")
            thread = threads[key] = Thread(thread_id=tid, source=f"{path}#{key}" if key else str(path))
        if thread.title is None and row.get("title") not in (None, ""):
            thread.title = str(row["title"])
        if not thread.article.text and row.get("article_text") not in (None, ""):
            thread.article = make_article(str(row["article_text"]))
        cid = str_id(row.get("comment_id"))
        if cid is None:
            continue  # an article-only row
        parent = str_id(row.get("reply_to"))
        if parent == key:
            parent = None  # some tables name the thread as the parent of top-level comments
        text = row.get("text")
        thread.comments.append(make_comment(
            cid, "" if text is None else str(text), author=row.get("author"), when=row.get("timestamp"),
            parent=parent, quoted_author=str_id(row.get("quoted_author")),
            quoted_text=None if row.get("quoted_text") in (None, "") else str(row["quoted_text"]),
        ))
    if articles is not None:
        _attach_articles(Path(articles), columns, threads)
    return keep_threads((t.check_integrity() for t in threads.values()), path, "threads")


def _attach_articles(path: Path, columns: dict[str, str] | None, threads: dict[str, Thread]) -> None:
    wanted = _column_map(path, columns, ARTICLE_COLUMNS)
    _, rows = _table_rows(path, wanted, ("thread_id",))
    for row in rows:
        thread = threads.get(str_id(row.get("thread_id")) or "")
        if thread is None:
            continue  # an article nobody commented on
        if row.get("title") not in (None, ""):
            thread.title = str(row["title"])
        if row.get("article_text") not in (None, ""):
            thread.article = make_article(str(row["article_text"]))


# --------------------------------------------------------------------------------------
# The page parser's flat layout (an ``article`` column, or one JSON object per thread)
# --------------------------------------------------------------------------------------


_EXTRA = "\0extra"  # where csv.DictReader puts the cells of a row longer than the header


def _rows_from_text(text: str, fmt: str, source: str | Path) -> list[dict[str, Any]]:
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text), restkey=_EXTRA)
        rows = []
        try:
            for row in reader:
                if _EXTRA in row:  # a ragged row: its extra cells have no column (was a TypeError later)
                    raise InputError(source, f"more fields than the header's {len(reader.fieldnames or [])}",
                                     location=str(reader.line_num))
                rows.append(row)
        except csv.Error as exc:
            raise InputError(source, f"bad CSV: {exc}") from None
        return rows
    if fmt == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(source, f"bad JSON: {exc.msg}", location=str(exc.lineno)) from None
        if isinstance(obj, dict):
            obj = obj.get("threads", [obj]) if "comments" not in obj else [obj]
        if not isinstance(obj, list) or not all(isinstance(o, dict) for o in obj):
            raise InputError(source, "JSON must be an object or a list of objects")
        return obj
    rows = []
    for i, obj in text_json_lines(text, source):
        if not isinstance(obj, dict):
            raise InputError(source, "each JSON line must be an object", location=str(i))
        rows.append(obj)
    return rows


def _first(row: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        v = row.get(k)
        if v not in (None, ""):
            return v
    return None


def structured_records(text: str, fmt: str, source: str | Path) -> list[dict[str, Any]]:
    """Group a structured export into thread dicts in :meth:`Thread.from_dict` shape."""
    rows = _rows_from_text(text, fmt, source)
    threads: dict[str, dict[str, Any]] = {}
    for row in rows:
        if isinstance(row.get("comments"), list) or isinstance(row.get("article"), dict):
            key = str(row.get("thread_id") or f"#{len(threads)}")
            threads[key] = dict(row)
            continue
        key = str(_first(row, "thread_id", "conversation_id") or "")
        th = threads.setdefault(key, {"thread_id": key, "title": None, "article": {"text": ""}, "comments": []})
        if th["title"] is None:
            th["title"] = _first(row, "title")
        art = _first(row, "article", "article_text")
        if art and not th["article"]["text"]:
            th["article"] = {"text": str(art)}
        body = _first(row, "text", "comment", "body", "comment_text")
        if body is None:
            continue
        th["comments"].append(
            {
                "id": str(_first(row, "comment_id", "id") or f"c{len(th['comments']) + 1}"),
                "author": _first(row, "author", "speaker", "user"),
                "timestamp": _first(row, "timestamp", "date", "time"),
                "text": str(body),
                "reply_to": (str(v) if (v := _first(row, "reply_to", "parent_id")) is not None else None),
                "quoted_author": _first(row, "quoted_author"),
                "quoted_text": _first(row, "quoted_text"),
            }
        )
    if not threads:
        raise InputError(source, "no records in structured export")
    if rows and not any(isinstance(r.get("comments"), list) or isinstance(r.get("article"), dict) for r in rows):
        columns = set().union(*(r.keys() for r in rows))
        if not columns & {"text", "comment", "body", "comment_text", "article", "article_text"}:
            raise InputError(source, f"missing columns: no text column (text, comment, body, article or "
                                     f"article_text) among {', '.join(sorted(columns))}")
    return list(threads.values())
