"""Input detection, decoding and structured exports."""

from __future__ import annotations

import gzip
import json

import pytest

from discourse.errors import InputError, ParseError
from discourse.parse import parse_file, parse_page
from discourse.parse.formats import decode_bytes, detect_format, read_bytes


def test_detect_format():
    assert detect_format("a.html.gz", b"") == "html"
    assert detect_format("a.TXT", b"<html>") == "txt"
    assert detect_format("noext", b"<!DOCTYPE html><html><body>") == "html"
    assert detect_format("noext", b'{"a": 1}\n{"a": 2}\n') == "jsonl"
    assert detect_format("noext", b"Just some text") == "txt"


def test_decoding_fallbacks():
    assert decode_bytes("café".encode("cp1252"), "x.txt") == "café"
    assert decode_bytes("\ufeffcafé".encode("utf-16"), "x.txt").lstrip("\ufeff") == "café"
    html = '<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1")
    assert "café" in decode_bytes(html, "x.html", fmt="html")
    with pytest.raises(InputError, match=r"x\.bin: binary"):
        decode_bytes(b"\x00\x01\x02" * 100, "x.bin")


def test_gzipped_text_dump(tmp_path):
    p = tmp_path / "page.txt.gz"
    p.write_bytes(gzip.compress(b"Head line\n\nHead line\n\n" + b"An article sentence that is long enough. " * 5))
    t = parse_page(p)
    assert t.title == "Head line" and t.input_format == "txt" and t.source == str(p)


def test_structured_jsonl_rows_group_into_threads(tmp_path):
    rows = [
        {
            "thread_id": "a",
            "title": "T1",
            "article": "Article one.",
            "comment_id": "x1",
            "author": "Ann",
            "text": "First!",
        },
        {"thread_id": "a", "comment_id": "x2", "author": "Bob", "text": "Second", "reply_to": "x1"},
        {"thread_id": "b", "title": "T2", "article": "Article two.", "comment_id": "y1", "text": "Hi"},
    ]
    p = tmp_path / "export.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    threads = parse_file(p)
    assert [t.title for t in threads] == ["T1", "T2"]
    assert [c.id for c in threads[0].comments] == ["x1", "x2"]
    assert threads[0].comments[1].reply_to == "x1"
    assert threads[0].article.text == "Article one."
    assert len({t.thread_id for t in threads}) == 2
    with pytest.raises(ParseError, match="holds 2 threads"):
        parse_page(p)


def test_structured_csv_and_bad_links(tmp_path):
    p = tmp_path / "export.csv"
    p.write_text("comment_id,author,text,reply_to,article\nc1,Ann,Hello,c1,The article.\nc2,Bob,Yo,zz,\n")
    t = parse_page(p)
    assert [c.reply_to for c in t.comments] == [None, None]  # self-reply and dangling link dropped
    assert t.dropped_links == 2
    assert t.article.text == "The article."


def test_parse_output_reads_back(tmp_path):
    from discourse.parse import read_threads

    src = tmp_path / "p.txt"
    src.write_text("T\n\n" + "Sentence of the article body here. " * 5)
    t = parse_page(src)
    out = tmp_path / "threads.jsonl"
    out.write_text(t.to_json() + "\n")
    assert [x.to_dict() for x in read_threads(out)] == [t.to_dict()]
    back = parse_page(out)  # the parse output is itself a structured export
    assert back.article.text == t.article.text


def test_pages_decompress_as_the_import_readers_do(tmp_path):
    import bz2
    import lzma

    page = b"Head line\n\nHead line\n\n" + b"An article sentence that is long enough. " * 5
    for suffix, compress in ((".bz2", bz2.compress), (".xz", lzma.compress)):
        p = tmp_path / f"page.txt{suffix}"
        p.write_bytes(compress(page))
        assert parse_page(p).title == "Head line"
        p.write_bytes(compress(page)[:-20])
        with pytest.raises(InputError, match="truncated"):
            parse_page(p)
    assert read_bytes("x", b"BZh9 can start a text") == b"BZh9 can start a text"
