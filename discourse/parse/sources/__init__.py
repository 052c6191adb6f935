"""Import comment data from the formats researchers already hold.

:func:`read_import` turns a comments table, a ConvoKit corpus, a Disqus or WordPress export, a
Reddit-style dump or a web archive into :class:`~discourse.model.Thread` objects, the same
shape the page parser produces, with one reader per format (:data:`READERS`);
:func:`detect_import_format` recognises them by content and extension. Formats (:data:`IMPORT_FORMATS`):

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
    Each HTML response is a page for the HTML parser (``parse_html``; :func:`discourse.parse.read_import`
    passes :func:`discourse.parse.parse_page`).

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

Modules
-------
``detect`` (which format), ``table``, ``convokit``, ``disqus``, ``wordpress``, ``reddit``,
``warc`` (one reader each), ``_stream`` (bounded, decompressed reading) and ``_build`` (ids,
text, comments and the checks every thread passes).

Hostile input
-------------
XML is parsed with ``resolve_entities=False``, ``no_network=True``, ``huge_tree=False`` and
no DTD loading (entity bombs raise :class:`~discourse.errors.InputError`); XML and JSON lines
stream (``iterparse``, line by line) within the limits of
:data:`discourse.parse.sources._stream.LIMITS`. gzip, bzip2 and xz
files are decompressed on the fly.
"""


from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from discourse.errors import InputError
from discourse.model import Thread
from discourse.parse.sources._stream import LIMITS, ImportLimits, ReadOptions
from discourse.parse.sources.convokit import read_convokit
from discourse.parse.sources.detect import detect_import_format
from discourse.parse.sources.disqus import read_disqus
from discourse.parse.sources.reddit import read_reddit
from discourse.parse.sources.table import ARTICLE_COLUMNS, REQUIRED_COLUMNS, TABLE_COLUMNS, parse_columns, read_table
from discourse.parse.sources.warc import read_warc
from discourse.parse.sources.wordpress import read_wxr

__all__ = [
    "ARTICLE_COLUMNS",
    "IMPORT_FORMATS",
    "LIMITS",
    "READERS",
    "REQUIRED_COLUMNS",
    "TABLE_COLUMNS",
    "ImportLimits",
    "ReadOptions",
    "detect_import_format",
    "parse_columns",
    "read_import",
]

#: The reader of each import format.
READERS: dict[str, Callable[[Path, ReadOptions], list[Thread]]] = {
    "comments-table": read_table,
    "convokit": read_convokit,
    "disqus": read_disqus,
    "wxr": read_wxr,
    "reddit": read_reddit,
    "warc": read_warc,
}
IMPORT_FORMATS = tuple(READERS)


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
        ``captured_at=`` the record's WARC-Date as well when it accepts that keyword). Required
        for ``warc``; :func:`discourse.parse.read_import` passes :func:`discourse.parse.parse_page`.
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
    options = ReadOptions(columns=columns, articles=Path(articles) if articles is not None else None,
                          captured_at=captured_at, parse_html=parse_html)
    threads = READERS[fmt](path, options)
    if fmt == "warc":
        return threads  # pages: the page parser has described them
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
