"""The comments table (and --columns): one row per comment, CSV/TSV/JSON lines/Parquet, compressed or not."""

from __future__ import annotations

import gzip
import json

import polars as pl
import pytest

from discourse.errors import InputError
from discourse.parse import read_import
from tests.parse.sources.fixtures import TABLE, check_table_threads, detect, links, write_jsonl


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet", "tsv"])
def test_comments_table_formats(tmp_path, kind) -> None:
    frame = pl.DataFrame(TABLE)
    path = tmp_path / f"comments.{kind}"
    if kind == "csv":
        frame.write_csv(path)
    elif kind == "tsv":
        frame.write_csv(path, separator="\t")
    elif kind == "jsonl":
        write_jsonl(path, TABLE)
    else:
        frame.write_parquet(path)
    assert detect(path) == "comments-table"
    check_table_threads(read_import(path, "comments-table"))


def test_comments_table_column_mapping_and_articles_table(tmp_path) -> None:
    rows = [{"conv": r["thread_id"], "cid": r["comment_id"], "body": r["text"], "parent": r["reply_to"],
             "user": r["author"], "when": r["timestamp"]} for r in TABLE]
    path = write_jsonl(tmp_path / "c.ndjson", rows)
    articles = tmp_path / "articles.csv"
    pl.DataFrame({"conv": ["t2", "t1", "t9"], "title": ["Two", "One", "Nobody"],
                  "story": ["Second article.", "Para one.\n\nPara two.", "x"]}).write_csv(articles)
    columns = {"thread_id": "conv", "comment_id": "cid", "text": "body", "reply_to": "parent",
               "author": "user", "timestamp": "when", "article_text": "story"}
    threads = read_import(path, "comments-table", columns=columns, articles=articles)
    check_table_threads(threads)
    assert [t.title for t in threads] == ["One", "Two"]


def test_comments_table_without_thread_id_is_one_thread(tmp_path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("comment_id,text,reply_to\na,First,\nb,Second,a\n", encoding="utf-8")
    (thread,) = read_import(path, "comments-table")
    assert thread.thread_id.startswith("one-") and links(thread) == {"a": None, "b": "a"}
    assert thread.source == str(path)
    assert read_import(path, "comments-table")[0].thread_id == thread.thread_id  # stable


def test_comments_table_missing_columns_is_one_line_error(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("thread_id,author\nt1,Ann\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_import(path, "comments-table")
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert "comment_id" in message and "text" in message
    with pytest.raises(InputError, match=r"text \(column 'body'\)"):
        read_import(path, "comments-table", columns={"text": "body", "comment_id": "author"})
    with pytest.raises(InputError, match="unknown column name"):
        read_import(path, "comments-table", columns={"txt": "body"})


def test_broken_jsonl_line_names_the_line(tmp_path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"comment_id": "a", "text": "x"}\n\n{"comment_id": "b", "te\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_import(path, "comments-table")
    assert f"{path}:3: bad JSON" in str(err.value) and "\n" not in str(err.value)
    write_jsonl(path, [{"comment_id": "a", "text": "x"}, ["not", "an", "object"]])
    with pytest.raises(InputError, match=":2: each line must be a JSON object"):
        read_import(path, "comments-table")


def test_gzipped_table_and_missing_file(tmp_path) -> None:
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in TABLE).encode()))
    assert detect(path) == "comments-table"
    check_table_threads(read_import(path, "comments-table"))
    with pytest.raises(InputError, match="no such file"):
        read_import(tmp_path / "nope.csv", "comments-table")
    with pytest.raises(InputError, match="unknown import format"):
        read_import(path, "mbox")
    with pytest.raises(InputError, match="column mapping applies to comments tables only"):
        read_import(path, "reddit", columns={"text": "body"})


def test_parse_columns() -> None:
    from discourse.parse.sources import parse_columns

    assert parse_columns(["text=body", " reply_to = parent ,"]) == {"text": "body", "reply_to": "parent"}
    with pytest.raises(InputError, match="expected name=column"):
        parse_columns(["text"])
    with pytest.raises(InputError, match="unknown column name 'body'"):
        parse_columns(["body=text"])
