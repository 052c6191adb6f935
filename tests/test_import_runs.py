"""Each import format goes through the real `discourse run` and `discourse export`."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest

from discourse.export import export_run
from discourse.parse import read_import
from discourse.runner import RunOptions, run_corpus
from tests.parse.sources.fixtures import COMMENTS, DISQUS, SUBMISSION, WXR, convokit_corpus, write_jsonl
from tests.parse.test_trust import wordpress_page


def comments_table(folder):
    path = folder / "comments.csv"
    path.write_text(
        "thread_id,comment_id,author,timestamp,text,reply_to,article_text\n"
        "t1,a,Ann,2013-08-10T01:00:00,The gas price will never be agreed.,,Russia and China signed a gas deal.\n"
        "t1,b,Bob,2013-08-10T02:00:00,Nonsense: the deal is done.,a,\n"
        "t1,c,Cy,2013-08-10T03:00:00,Why would Moscow sell its best weapons?,,\n"
    )
    return path


def disqus(folder):
    path = folder / "disqus.xml"
    path.write_text(DISQUS, encoding="utf-8")
    return path


def wxr(folder):
    path = folder / "blog.wordpress.xml"
    path.write_text(WXR, encoding="utf-8")
    return path


def reddit(folder):
    return write_jsonl(folder / "dump.ndjson", [SUBMISSION, *COMMENTS])


def warc(folder):
    warcio = pytest.importorskip("warcio", reason="warcio not installed (pip install 'discourse[warc]')")
    from warcio.statusandheaders import StatusAndHeaders

    path = folder / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = warcio.warcwriter.WARCWriter(handle, gzip=True)
        body = wordpress_page(3, declared=3, load_more=False).encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/pipelines", "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": "2013-08-28T10:00:00Z"}))
    return path


@pytest.mark.parametrize(("fmt", "make"), [("comments-table", comments_table), ("convokit", convokit_corpus),
                                           ("disqus", disqus), ("wxr", wxr), ("reddit", reddit), ("warc", warc)])
def test_import_runs_and_exports(tmp_path, fmt, make) -> None:
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    source = make(src_dir / "corpus") if fmt == "convokit" else make(src_dir)
    expected = read_import(source, fmt) if fmt != "warc" else None
    out = tmp_path / "out"
    summary = run_corpus([str(source)], RunOptions(output_dir=str(out), jobs=1))
    assert summary.failed == 0, summary.errors
    tables = export_run(out, "parquet", tmp_path / "tables")
    comments = pl.read_parquet(tables / "comments.parquet")
    if expected is not None:
        assert summary.threads == len(expected)
        assert comments.height == sum(len(t.comments) for t in expected)
        assert sorted(comments["text"].to_list()) == sorted(c.text for t in expected for c in t.comments)
    else:
        assert comments.filter(~pl.col("absent")).height == 3
    assert (tables / "CODEBOOK.md").is_file()
    provenance = json.loads((tables / "provenance.json").read_text())
    assert provenance["inputs"] and provenance["inputs"][0]["sha256"]


def test_convokit_in_run_convokit_out(tmp_path) -> None:
    corpus = convokit_corpus(tmp_path / "corpus")
    threads = read_import(corpus, "convokit")
    out = tmp_path / "out"
    run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=1))
    exported = export_run(out, "convokit", tmp_path / "ck")
    again = read_import(exported, "convokit")
    assert [(t.thread_id, [(c.id, c.text, c.reply_to) for c in t.comments]) for t in again] == [
        (t.thread_id, [(c.id, c.text, c.reply_to) for c in t.comments]) for t in threads]
