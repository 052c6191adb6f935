"""Thread facts with one home each (issue 23): the sentiment boundary, reply depth, integrity, file endings."""

from __future__ import annotations

import math

import polars as pl
import pytest

from discourse import contrast, metrics, sentiment
from discourse.errors import InputError
from discourse.model import SENTIMENT_COLUMNS, Comment, Thread, reply_depths
from discourse.parse.formats import detect_format, read_bytes
from discourse.parse.sources._stream import PAGE_SUFFIXES, open_error, suffix_format, text_json_lines

EDGES = (-1.0, -0.05, -0.0499, 0.0, 0.0499, 0.05, 1.0)


def test_one_sentiment_boundary() -> None:
    assert sentiment.CLASS_THRESHOLD == metrics.SENTIMENT_THRESHOLD == contrast.SENTIMENT_BOUNDARY == 0.05
    sides = [metrics.polarity(x) for x in EDGES]
    assert sides == [-1, -1, 0, 0, 0, 1, 1]
    assert [contrast.tone_class(x) for x in EDGES] == [contrast.TONES[s + 1] for s in sides]
    assert [metrics.sentiment._sent_class(x) for x in EDGES] == [("neg", "neu", "pos")[s + 1] for s in sides]
    assert metrics.polarity(math.nan) == 0 and contrast.tone_class(math.nan) is None


def test_sentiment_columns_defined_once() -> None:
    assert sentiment.SENTIMENT_COLUMNS is SENTIMENT_COLUMNS


def test_reply_depths_top_level_zero() -> None:
    table = pl.DataFrame({
        "comment_id": ["a", "b", "c", "d", "e"],
        "reply_to": [None, "a", "b", "gone", None],
    })
    assert reply_depths(table) == {"a": 0, "b": 1, "c": 2, "d": 1, "e": 0}
    assert reply_depths(table.clear()) == {}


def test_check_integrity_mends_in_place() -> None:
    t = Thread("t", "s", comments=[
        Comment("a", "x"), Comment("a", "y", reply_to="a"), Comment("p", "", absent=True),
        Comment("q", "quoted", absent=True), Comment("b", "z", reply_to="q"), Comment("c", "w", reply_to="zz"),
    ])
    assert t.check_integrity() is t
    assert [(c.id, c.reply_to, c.position) for c in t.comments] == [
        ("a", None, 0), ("a~2", "a", 1), ("q", None, 2), ("b", "q", 3), ("c", None, 4)
    ]
    kept = Thread("t", "s", comments=[Comment("p", "", absent=True)]).check_integrity(prune=False)
    assert [c.id for c in kept.comments] == ["p"]


def test_one_list_of_file_endings() -> None:
    for suffix, fmt in PAGE_SUFFIXES.items():
        assert suffix_format(f"page{suffix}") == fmt
        assert detect_format(f"page{suffix}.gz", b"") == fmt
    assert suffix_format("notes.md") is None


def test_open_error_and_json_lines(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bytes(tmp_path / "missing.html")
    assert "is a directory, not a page file" in str(open_error(tmp_path, IsADirectoryError(), "page file"))
    assert "permission denied" in str(open_error(tmp_path, PermissionError()))
    assert list(text_json_lines('{"a": 1}\n\n[2]\n', "x")) == [(1, {"a": 1}), (3, [2])]
    with pytest.raises(InputError, match=r"x:2: invalid JSON"):
        list(text_json_lines("1\n{", "x", "invalid JSON"))
