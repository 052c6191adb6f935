"""The file endings the package knows, in one place: page formats, comment-data exports, compression.

:data:`PAGE_SUFFIXES` names the format of a page file (:func:`discourse.parse.formats.detect_format`
and the table reader go by it, through :mod:`discourse.parse.sources._stream`);
:data:`INPUT_SUFFIXES`, every ending a folder walk of ``discourse run``/``parse`` picks up, and
:func:`~discourse.model.make_thread_id`'s stems are made from the same lists.
"""

from __future__ import annotations

__all__ = ["COMPRESSED_SUFFIXES", "EXPORT_SUFFIXES", "INPUT_SUFFIXES", "PAGE_SUFFIXES"]

#: The compression endings every reader reads past.
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")

#: The one list of page-file endings and the format each names, read past a compression ending
#: (``page.html.gz`` is ``html``). A name with none of them is sniffed from its content.
PAGE_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}

#: Endings of the comment-data exports (:mod:`discourse.parse.sources`) that are not page endings:
#: Disqus and WordPress XML, tab-separated and Parquet comments tables, web archives.
EXPORT_SUFFIXES = (".xml", ".tsv", ".parquet", ".warc")

#: File endings a folder walk picks up (files named explicitly are always tried): every page and
#: export ending, plain or compressed; Parquet only plain (it compresses inside the file).
INPUT_SUFFIXES = tuple(
    suffix + compressed
    for suffix in (*PAGE_SUFFIXES, *EXPORT_SUFFIXES)
    for compressed in ("", *COMPRESSED_SUFFIXES)
    if not (suffix == ".parquet" and compressed)
)
