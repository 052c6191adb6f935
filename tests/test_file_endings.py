"""One home for file endings: the page formats, the folder walk and thread-id stems use the same lists."""

from __future__ import annotations

from pathlib import Path

from discourse.file_endings import COMPRESSED_SUFFIXES, EXPORT_SUFFIXES, INPUT_SUFFIXES, PAGE_SUFFIXES
from discourse.model import make_thread_id
from discourse.parse.sources import _stream
from discourse.runner import INPUT_SUFFIXES as RUNNER_SUFFIXES
from discourse.runner import iter_inputs


def test_the_readers_and_the_runner_use_the_one_list() -> None:
    assert _stream.PAGE_SUFFIXES is PAGE_SUFFIXES and _stream.COMPRESSED_SUFFIXES is COMPRESSED_SUFFIXES
    assert RUNNER_SUFFIXES is INPUT_SUFFIXES


def test_a_folder_walk_takes_every_page_and_export_ending_plain_or_compressed(tmp_path: Path) -> None:
    before = (".txt", ".html", ".htm", ".html.gz", ".htm.gz", ".txt.gz", ".jsonl", ".json", ".csv", ".xml",
              ".xml.gz", ".tsv", ".parquet", ".ndjson", ".ndjson.gz", ".jsonl.gz", ".warc", ".warc.gz")
    assert set(before) <= set(INPUT_SUFFIXES)  # the walk's old list, all kept
    for suffix in (*PAGE_SUFFIXES, *EXPORT_SUFFIXES):
        assert suffix in INPUT_SUFFIXES
        assert all(suffix + c in INPUT_SUFFIXES for c in COMPRESSED_SUFFIXES) == (suffix != ".parquet")
    for name in ("a.html.bz2", "b.xhtml", "c.csv.gz", "notes.md", "d.parquet.gz", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = sorted(Path(p).name for p in iter_inputs([tmp_path]))
    assert found == ["a.html.bz2", "b.xhtml", "c.csv.gz"]


def test_a_thread_id_stem_goes_without_its_page_and_compression_endings() -> None:
    tail = "-a9993e36"  # sha1("abc")[:8]
    cases = {
        "dir/page.html.gz": "page",
        "page.TXT": "page",
        "page.json": "page",
        "page.jsonl.gz": "page",
        "page.xhtml.bz2": "page",
        "comments.tsv": "comments.tsv",  # export endings stay in the stem, as before
        "page": "page",
    }
    for source, stem in cases.items():
        assert make_thread_id(source, b"abc") == stem + tail, source
