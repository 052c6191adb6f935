"""The speed pre-checks in the parser must never change a result.

Each pre-check skips a regex scan when a plain substring/digit test rules a match out; these
tests pin the tricky cases: characters that IGNORECASE matches but str.lower() does not map to
ASCII (U+017F long s, U+0130 dotted I), and each word the patterns require.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from discourse.parse.audit import (
    DECLARED_COUNT_PATTERNS,
    LOAD_MORE_PATTERNS,
    PLACEHOLDER_PATTERNS,
    audit_completeness,
    find_capture_time,
)
from discourse.parse.blocks import html_blocks, parse_html
from discourse.parse.classifier import TreeModel
from discourse.parse.dates import DATE_PATTERN, MAY_HOLD_DATE, may_hold_date


@pytest.mark.parametrize(
    "line",
    ["12 Reſponses", "Dİscussion (5)", "7 KOMMENTARE", "3 comentarios", "40 reactions", "Load more replies",
     "comments page 2 of 3", "Continue the discussion", "View all 9 comments", "Comments (4)"],
)
def test_audit_gate_keeps_every_match(line: str) -> None:
    collapsed = " ".join(line.split())
    expect_count = next((p.match(collapsed) for p in DECLARED_COUNT_PATTERNS if p.match(collapsed)), None)
    expect_control = any(p.match(collapsed) for p in LOAD_MORE_PATTERNS)
    got = audit_completeness([line], 0)
    assert (got.declared_comments is not None) == (expect_count is not None)
    assert got.load_more == expect_control
    assert expect_count is not None or expect_control


@pytest.mark.parametrize(
    "markup",
    ['<div id="DİSQUS_THREAD"></div>', "<div id='disqus_thread'>", '<div class="x fb-comments">',
     '<div class="LIVEFYRE">', '<div class="spot-im">', '<div class="coral-talk">', '<div class="viafoura">'],
)
def test_markup_placeholder_gate(markup: str) -> None:
    expect = any(p.search(markup) for p in PLACEHOLDER_PATTERNS[2:])
    assert expect
    assert audit_completeness(["x"], 0, markup=markup).placeholder == expect


def test_capture_time_gate_is_case_blind() -> None:
    assert find_capture_time("<!-- SAVED DATE: Wed Aug 28 2013 10:00:00 GMT+0000 -->") == "2013-08-28T10:00"


def test_may_hold_date_equals_the_pattern() -> None:
    rng = random.Random(0)
    pieces = ["yeſterday", "YESTERDAY", "today", "just now", "JUST NOW", " ago", "agox", "2013", "1/2", "3.4",
              "12", "x", "İ", "٢٠١٣", "word", " "]
    for _ in range(3000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        assert may_hold_date(s) == (MAY_HOLD_DATE.search(s) is not None), s


@pytest.mark.parametrize(
    "line",
    ["August 28, 2013 at 01:53", "28 de agosto de 2013", "Aug\u00a02013", "2013-08-28T10:00:00Z", "2004.12.30",
     "08/28/2013 5:01 PM", "28.08.13", "Wesley Fryer10/8/12 8:26 PM", "November 1 at 2:57 pm", "July 23, @08.25PM",
     "3 hours ago", "2h\tAGO", "an hour ago", "yesterday", "TODAY", "just now", "Mon, 3 Sept. 2012"],
)
def test_may_hold_date_keeps_every_date_style(line: str) -> None:
    # The pre-check is a piece of each DATE_PATTERN branch: it must pass every line the scan matches.
    assert DATE_PATTERN.search(line) is not None
    assert may_hold_date(line)


def test_may_hold_date_never_rejects_a_match() -> None:
    rng = random.Random(1)
    pieces = ["2013", "12", "3", "/", ".", ":", "-", " ", "\u00a0", "Aug", "de ", "at ", "ago", "h ", "st", ",", "x"]
    for _ in range(5000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        if DATE_PATTERN.search(s) is not None:
            assert may_hold_date(s), s

def test_number_token_matches_the_word_boundary_pattern() -> None:
    # _NUMBER_TOKEN starts with the digit (a faster scan); it must replace what r"\b[0-9]+\b" does.
    import re

    from discourse.parse.features import _NUMBER_TOKEN

    boundary = re.compile(r"\b[0-9]+\b")
    rng = random.Random(2)
    pieces = ["1", "23", "a", "_", " ", "-", "\u0661", "é", "x9", "0", ".", "ß", "comment"]
    for _ in range(5000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _NUMBER_TOKEN.sub("0", s) == boundary.sub("0", s), s

def test_walk_whitespace_and_pre() -> None:
    # Values from the walk before the speed work (an all-whitespace text becomes " " without the
    # regex; U+2003 is whitespace to str.strip() but not collapsed).
    root = parse_html(
        "<html><body><div> a \u200b b\u00a0</div>\n \t<pre> x\n  y</pre><p>\u2003</p>"
        "<p>\u2003z<b>\u200b</b> \u200b</p></body></html>"
    )
    assert [b.text for b in html_blocks(root)] == ["a b", "x\ny", "\u2003z"]


def test_tree_walk_float32_thresholds_match_float64() -> None:
    # One stump per class on feature 0; thresholds that float32 cannot represent exactly.
    thr = np.array([0.1, 0.0, 0.0, 1 / 3, 0.0, 0.0, -0.7, 0.0, 0.0])
    arrays = {
        "feature": np.zeros(9, dtype=np.int16), "threshold": thr,
        "left": np.array([1, 0, 0, 4, 0, 0, 7, 0, 0]), "right": np.array([2, 0, 0, 5, 0, 0, 8, 0, 0]),
        "value": np.array([0, -1.0, 1.0, 0, 2.0, -2.0, 0, 0.5, 1.5]),
        "leaf": np.array([0, 1, 1, 0, 1, 1, 0, 1, 1], dtype=bool), "roots": np.array([0, 3, 6]),
        "tree_class": np.array([0, 1, 2]), "baseline": np.zeros(3), "max_depth": np.asarray(1),
    }
    from discourse.parse.classifier import DecodeOptions

    model = TreeModel(arrays, ["f"], DecodeOptions())
    x = np.array([0.1, 1 / 3, -0.7, np.nextafter(np.float32(0.1), 1), np.nextafter(np.float32(0.1), 0), 0.0, 5.0],
                 dtype=np.float32)[:, None]
    assert np.array_equal(model.decision_function(x), model.decision_function(x.astype(np.float64)))


def test_ascii_counting_shortcuts_match_the_loops() -> None:
    import itertools

    from discourse.parse.features import _capitalised, _punct_digits

    chars = [chr(i) for i in range(128)]
    samples = ["".join(p) for p in itertools.product(chars, repeat=2)]
    rng = random.Random(1)
    samples += ["".join(rng.choice(chars) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    samples += ["Été 2013, naïve Ünïcode ½ ² 3.", "x\u3000Y \u2003Z"]
    for s in samples:
        assert _capitalised(s) == sum(map(str.isupper, [w[0] for w in s.split()])), repr(s)
        assert _punct_digits(s) == (sum(map(s.count, ".,;:!?")), sum(map(str.isdigit, s))), repr(s)
