"""The seed pages parse to the structure the foundation issue states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.parse import parse_page, read_threads

ROOT = Path(__file__).resolve().parents[2]
DIPLOMAT = ROOT / "seeds" / "004_7fdc06c34d09003f.txt"
WPR = ROOT / "seeds" / "000_a7b276a8953e2a0d.txt"
BOILERPLATE = (
    "Share your thoughts",
    "Your Name",
    "Your Email",
    "Sign up for our weekly newsletter",
    "The Diplomat Brief",
    "Image Credit",
)


@pytest.fixture(scope="module")
def diplomat():
    return parse_page(DIPLOMAT)


@pytest.fixture(scope="module")
def wpr():
    return parse_page(WPR)


def test_diplomat_title_and_article(diplomat):
    assert diplomat.title == "A Russia-China Alliance Brewing?"
    text = diplomat.article.text
    assert text.startswith("On March 22nd, shortly after assuming")
    assert text.endswith("compromise its own security.")
    assert "A Russia-China Alliance Brewing?" not in text
    assert "Image Credit" not in text
    assert not diplomat.article.truncated
    assert len(diplomat.article.paragraphs) == 9


def test_diplomat_four_comments(diplomat):
    present = diplomat.present_comments
    assert [c.id for c in present] == ["c1", "c2", "c3", "c4"]
    assert [c.position for c in present] == [0, 1, 2, 3]
    c1, c2, c3, c4 = present
    assert c1.text == "LOL who is this quack?"
    assert c1.author is None
    assert (c1.timestamp, c1.timestamp_precision) == ("2013-11-25T04:00", "minute")
    assert c1.timestamp_raw == "November 25, 2013 at 04:00"
    assert c2.text.startswith("Canadians get offended")
    assert "Canada actually thinks very little" in c2.text
    assert "US and Canada have a stable relationship" not in c2.text  # quoted words are not his
    assert c2.quoted_author == "John Chan"
    assert c2.quoted_text.startswith("US and Canada have a stable relationship")
    assert c2.quoted_text.endswith("alliance with the US?")
    assert c3.text.startswith("did you even read the wikipedia entry?")
    assert c3.timestamp == "2013-08-31T22:46"
    assert c4.author == "China have all the money"
    assert c4.timestamp == "2013-08-28T01:53"
    assert c4.text.startswith("US are facing real problems")
    assert c4.text.endswith("USA will broke down")


def test_diplomat_quoted_parent_placeholder(diplomat):
    c2 = diplomat.comments[1]
    absent = [c for c in diplomat.comments if c.absent]
    assert len(absent) == 1
    parent = absent[0]
    assert parent.id == "c5"
    assert parent.author == "John Chan"
    assert parent.timestamp == "2013-04-18T23:44"
    assert parent.text == c2.quoted_text
    assert (c2.reply_to, c2.reply_source) == (parent.id, "quote")
    assert 0 < c2.reply_confidence <= 1
    assert all(c.reply_to is None for c in diplomat.comments if c is not c2)


def test_diplomat_no_boilerplate(diplomat):
    texts = (
        [diplomat.article.text] + [c.text for c in diplomat.comments] + [c.quoted_text or "" for c in diplomat.comments]
    )
    for s in BOILERPLATE:
        assert all(s not in t for t in texts), s


def test_wpr_paywall(wpr):
    assert wpr.title == "A New Era in China-Russia Relations?"
    assert wpr.article.truncated is True
    assert wpr.comments == []
    assert wpr.article.text.startswith("China-Russia relations took another step forward")
    assert wpr.article.text.endswith("a peripheral issue in relations.")
    for s in (
        "Keep reading for free!",
        "Get instant access",
        "Subscribe now",
        "WPR subscription",
        "More World Politics Review",
        "A New Era in China-Russia Relations?",
    ):
        assert s not in wpr.article.text


def test_thread_ids_and_source(diplomat):
    assert diplomat.source == str(DIPLOMAT)
    assert diplomat.thread_id.startswith("004_7fdc06c34d09003f-")
    assert diplomat.input_format == "txt"


def test_cli_parse_writes_contract(tmp_path):
    out = tmp_path / "threads.jsonl"
    res = CliRunner().invoke(app, ["parse", str(WPR), str(DIPLOMAT), "-o", str(out)])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"] for r in recs] == [str(WPR), str(DIPLOMAT)]
    for r in recs:
        assert {"thread_id", "source", "title", "article", "comments"} <= set(r)
        assert {"text", "paragraphs", "truncated"} <= set(r["article"])
        for c in r["comments"]:
            assert {"id", "author", "timestamp", "text", "reply_to", "quoted_author", "quoted_text"} <= set(c)
    back = list(read_threads(out))
    assert [len(t.present_comments) for t in back] == [0, 4]
    assert back[1].to_dict() == parse_page(DIPLOMAT).to_dict()


def test_cli_parse_tables(tmp_path):
    res = CliRunner().invoke(app, ["parse", str(DIPLOMAT), "-o", str(tmp_path / "t"), "--output-format", "parquet"])
    assert res.exit_code == 0, res.output
    import polars as pl

    comments = pl.read_parquet(tmp_path / "t" / "comments.parquet")
    assert comments.height == 5 and comments["absent"].sum() == 1


def test_cli_parse_bad_input_exit_code(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    res = CliRunner().invoke(app, ["parse", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 4
    assert "empty.txt" in res.output
