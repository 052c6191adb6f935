"""The template layer: every field from page data is escaped, output is deterministic."""

from __future__ import annotations

import re

from discourse.report import render_index, render_thread
from discourse.report.render import md_escape
from tests.conftest import HOSTILE, hand_scored, make_thread


def hostile_thread():
    thread = make_thread(texts=[*HOSTILE, "שלום עולם, مرحبا بالعالم 🎉👍🏽"], authors=HOSTILE, title=HOSTILE[0])
    thread.source = "<img src=x onerror=alert(3)>.html"
    thread.comments[1].quoted_author = HOSTILE[2]
    thread.comments[1].quoted_text = HOSTILE[3]
    return thread


def test_html_escapes_every_page_field(tmp_path) -> None:
    thread = hostile_thread()
    contrast = {"summary": [HOSTILE[0]], "divergence": 0.5,
                "distinctive_words": {"editorial": [(HOSTILE[1], 2.0)], "comment": [{"word": HOSTILE[3], "z": 1.0}]}}
    render_thread(hand_scored(thread), contrast, tmp_path, thread=thread)
    html = (tmp_path / "report.html").read_text()
    # The only <script> / <img> / javascript: / </style> in the page must be none at all:
    # thread reports carry no script, and every hostile string appears escaped.
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert 'href="javascript' not in html.lower()
    assert html.lower().count("</style>") == html.lower().count("<style")  # only our own blocks close
    assert "&lt;/style&gt;&lt;script&gt;" in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "script-src 'none'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?(https?:|//)|@import""", html), (
        "reports must not load anything from the network"
    )
    for svg in (tmp_path / "charts").glob("*.svg"):
        assert "<script" not in svg.read_text().lower()


def test_markdown_escapes_page_text(tmp_path) -> None:
    thread = hostile_thread()
    render_thread(hand_scored(thread), {"summary": [HOSTILE[1]]}, tmp_path, thread=thread)
    md = (tmp_path / "report.md").read_text()
    assert "<script" not in md and "<img" not in md
    assert "&lt;img src=x onerror=\"alert(1)\"&gt;" in md


def test_md_escape_neutralises_markdown() -> None:
    assert md_escape("[x](javascript:alert(1)) | **b**") == "\\[x\\](javascript:alert(1)) \\| \\*\\*b\\*\\*"
    assert md_escape(None) == ""


def test_reports_are_byte_identical(tmp_path) -> None:
    for name in ("a", "b"):
        thread = make_thread(n_comments=6)
        render_thread(hand_scored(thread), {"summary": ["s"]}, tmp_path / name, thread=thread)
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
            assert path.read_bytes() == twin.read_bytes(), path.name


def test_report_states_the_numbers(tmp_path) -> None:
    thread = make_thread(n_comments=4)
    summary = render_thread(hand_scored(thread), {}, tmp_path, thread=thread)
    md = (tmp_path / "report.md").read_text()
    assert "| 4 | 3 named; 1 without a name | 2 |" in md  # comments, commenters (one comment has no name), replies
    assert summary["n_comments"] == 4 and summary["n_replies"] == 2
    assert (tmp_path / "data" / "comments.csv").is_file()
    assert (tmp_path / "data" / "sentences.parquet").is_file()


def test_index_escapes_and_lists_errors(tmp_path) -> None:
    thread = hostile_thread()
    summary = render_thread(hand_scored(thread), {}, tmp_path / "t", thread=thread)
    summary["folder"] = "t"
    render_index([summary], [{"source": HOSTILE[1], "stage": "parse", "error": HOSTILE[0]}], tmp_path)
    html = (tmp_path / "index.html").read_text()
    assert html.count("<script") == 1  # the sorting script, allowed by its CSP hash only
    assert "script-src 'sha256-" in html
    assert "&lt;img src=x onerror" in html
    md = (tmp_path / "index.md").read_text()
    assert "## Errors" in md and "&lt;script&gt;" in md


def test_contrast_says_when_it_rests_on_a_partial_thread(tmp_path) -> None:
    thread = make_thread(n_comments=5)
    thread.declared_comments, thread.coverage = 12, "partial"
    thread.coverage_note = "5 of 12 comments captured: the page shows a 'Load more comments' control."
    render_thread(hand_scored(thread), {"summary": ["s"]}, tmp_path, thread=thread)
    md = (tmp_path / "report.md").read_text()
    assert "**This contrast rests on an incomplete thread:** 5 of 12 comments captured" in md
    assert "This contrast rests on an incomplete thread: 5 of 12" in (tmp_path / "report.html").read_text()


def test_model_figures_in_reports_match_the_model_cards() -> None:
    import re

    from discourse.report.render import MODEL_FIGURES, TEMPLATES

    models = TEMPLATES.parents[1] / "models"
    for card, _, figure in MODEL_FIGURES:
        text = (models / card).read_text()
        for number in re.findall(r"\d+\.\d+", figure):
            assert number in text, f"{card} no longer states {number}"


def test_cluster_examples_are_the_first_two_per_cluster_and_side() -> None:
    import polars as pl

    from discourse.report.render import _cluster_examples

    sentences = pl.DataFrame({
        "cluster": [0, 1, 0, 0, 0, None, -1, 0],
        "side": ["comment", "editorial", "editorial", "comment", "comment", "comment", "comment", "editorial"],
        "text": [f"s{i}" for i in range(8)],
        "author": ["a", None, None, "b", "c", "d", "e", None],
    })
    ex = _cluster_examples(sentences)
    assert [e["text"] for e in ex[(0, "comment")]] == ["s0", "s3"]
    assert [e["text"] for e in ex[(0, "editorial")]] == ["s2", "s7"]
    assert ex[(1, "editorial")] == [{"side": "editorial", "text": "s1", "author": None}]
    assert ex[(-1, "comment")][0]["author"] == "e"
    assert _cluster_examples(sentences.drop("cluster")) == {}
