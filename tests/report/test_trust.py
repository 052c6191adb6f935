"""Issue 20: reports a reader trusts at a glance. Sentiment split, counts that say what they
mean, no borrowed contrast unless asked, evidence for the index ranking, plain words for
uncertainty, thread language."""

from __future__ import annotations

import json
import re

import pytest

from discourse.contrast import SENTIMENT_BOUNDARY, contrast_thread, tone_class, tone_split
from discourse.pipeline import analyze
from discourse.report import render_index, render_thread
from discourse.report.render import MIN_RANK_COMMENTERS, MIN_RANK_COMMENTS, count_phrase, index_view
from tests.conftest import SEEDS
from tests.report.made_up import german_thread, nameless_thread, split_crowd_thread


@pytest.fixture(scope="module")
def split_crowd(tmp_path_factory):
    thread = split_crowd_thread()
    tables = analyze(thread)
    contrast = contrast_thread(tables)
    folder = tmp_path_factory.mktemp("split")
    summary = render_thread(tables, contrast, folder, thread=thread)
    return thread, tables, contrast, folder, summary


# -- sentiment: the split, not the mean ------------------------------------------------------


def test_one_boundary_for_every_tone_word() -> None:
    assert SENTIMENT_BOUNDARY == 0.05
    from discourse.metrics import SENTIMENT_THRESHOLD

    assert SENTIMENT_THRESHOLD == SENTIMENT_BOUNDARY  # the scorer and the reports draw the same line
    assert [tone_class(x) for x in (-0.05, -0.0499, 0.0, 0.0499, 0.05)] == [
        "negative", "neutral", "neutral", "neutral", "positive"]
    assert tone_split([-0.9, 0.9, 0.0, None]) == {"negative": 1, "neutral": 1, "positive": 1}


def test_summary_shows_the_split_crowd_not_the_mean(split_crowd) -> None:
    _, tables, contrast, folder, summary = split_crowd
    scores = tables.comments["compound"].to_list()
    split = tone_split(scores)
    assert split["negative"] >= 4 and split["positive"] >= 4  # the made-up crowd is split
    assert contrast.comment_tone == split
    line = next(s for s in contrast.summary if s.startswith("Tone: "))
    n = sum(split.values())
    assert f"{split['negative']} of {n} comments negative ({100 * split['negative'] / n:.0f}%)" in line
    assert f"{split['positive']} positive" in line
    assert not any("Mean sentiment" in s for s in contrast.summary)
    assert not re.search(r"comments (positive|negative|neutral) \([+-]0\.\d\d\)", " ".join(contrast.summary))
    # the mean stays in the data files
    assert summary["comment_compound"] == contrast.comment_compound is not None
    assert json.loads((folder / "summary.json").read_text())["comment_tone"] == split


def test_report_quotes_the_most_negative_and_most_positive_comment(split_crowd) -> None:
    _, tables, _, folder, _ = split_crowd
    rows = sorted(tables.comments.iter_rows(named=True), key=lambda r: r["position"])
    worst = min(rows, key=lambda r: (r["compound"], r["position"]))
    best = min(rows, key=lambda r: (-r["compound"], r["position"]))
    html = (folder / "report.html").read_text()
    md = (folder / "report.md").read_text()
    for row, word in ((worst, "negative"), (best, "positive")):
        assert f"Most {word} comment" in html and f"Most {word} comment ({row['compound']:+.2f}, {row['author']})" in md
        assert row["text"][:40] in html
    assert "Most positive paragraph of the article" in html  # the article's, beside them
    assert 'class="seg negative" style="width: ' in html  # the split as a bar


# -- counts that say what they mean ----------------------------------------------------------


def test_counts_say_what_they_mean(tmp_path) -> None:
    assert count_phrase(22, 0) == "22 comments (names not shown on the page)"
    thread = nameless_thread()
    tables = analyze(thread)
    summary = render_thread(tables, contrast_thread(tables), tmp_path, thread=thread)
    md = (tmp_path / "report.md").read_text()
    html = (tmp_path / "report.html").read_text()
    assert summary["n_comments"] == 22 and summary["n_commenters"] == 0
    assert "22 comments (names not shown on the page)." in md
    assert "<dt>Commenters</dt><dd><span class=\"small\">names not shown on the page</span></dd>" in html
    assert "| 22 | names not shown on the page |" in md


# -- no borrowed contrast unless asked --------------------------------------------------------


def test_page_without_comments_is_not_contrasted_with_other_commenters_unless_asked(tmp_path) -> None:
    from discourse.runner import RunOptions, run_corpus

    runs = {}
    for asked in (False, True):
        out = tmp_path / f"asked-{asked}"
        run_corpus([str(SEEDS)], RunOptions(output_dir=str(out), jobs=1, contrast_related=asked))
        wpr = next(p for p in out.glob("000_*/report.md"))  # the paywalled seed has no comments
        runs[asked] = wpr.read_text()
    assert "Commenters of related threads" not in runs[False]
    assert "Commenters of another thread" not in runs[False]
    assert "Commenters of related threads" in runs[True]


def test_cli_has_the_opt_in() -> None:
    from typer.testing import CliRunner

    from discourse.cli import app

    result = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    assert "--contrast-related" in result.output


# -- the index ranks only with evidence ------------------------------------------------------


def _summary(thread_id: str, divergence: float | None, n_comments: int, n_commenters: int,
             coverage: str = "complete") -> dict:
    return {"thread_id": thread_id, "folder": thread_id, "source": f"{thread_id}.html", "title": thread_id,
            "truncated": False, "n_comments": n_comments, "n_commenters": n_commenters, "n_replies": 0,
            "coverage": coverage, "coverage_sentence": "s.", "article_words": 100, "editorial_compound": 0.1,
            "comment_compound": 0.0, "divergence": divergence, "n_units_editorial": 12,
            "n_units_comment": 3 * n_comments, "comment_tone": {"negative": n_comments, "neutral": 0, "positive": 0},
            "editorial_tone": {"negative": 0, "neutral": 3, "positive": 0}, "n_unnamed": 0, "n_clusters": 3,
            "comment_only_clusters": [], "headline": None, "language": "en"}


def test_index_ranks_only_threads_with_evidence(tmp_path) -> None:
    rules = _summary("rules-as-comment", 1.0, 1, 1)  # the site's comment rules read as one comment
    few_people = _summary("two-people", 0.9, 40, MIN_RANK_COMMENTERS - 1)
    nameless = _summary("nameless", 0.8, 50, 0)
    good = _summary("good", 0.45, MIN_RANK_COMMENTS, MIN_RANK_COMMENTERS)
    partial = _summary("partial", 0.40, 30, 12, coverage="partial")
    view = index_view([rules, few_people, nameless, good, partial], [])
    assert [t["thread_id"] for t in view["most_divergent"]] == ["good", "partial"]
    assert {t["thread_id"] for t in view["not_ranked"]} == {"rules-as-comment", "two-people", "nameless"}
    render_index([rules, few_people, nameless, good, partial], [], tmp_path)
    md = (tmp_path / "index.md").read_text()
    html = (tmp_path / "index.html").read_text()
    ranked = md.split("## Where commenters and articles differ most")[1].split("Not ranked")[0]
    assert "rules-as-comment" not in ranked
    # n beside every figure: comments and commenters, and the sentences the divergence rests on
    assert "divergence 0.45 (10 comments from 5 commenters; 12 article and 30 comment sentences)" in md
    assert "rules-as-comment/report.md): divergence 1.00, only 1 comment (10 needed)." in md
    assert "names not shown on the page" in md
    assert "partial: fewer comments than the page has" in ranked  # partial coverage marked
    assert "100% of 30" in md  # a share with its n
    assert "Not ranked: too little evidence (3)" in html


# -- plain words for uncertainty --------------------------------------------------------------


def test_uncertainty_in_plain_words_exact_figures_in_details(split_crowd) -> None:
    folder = split_crowd[3]
    html = (folder / "report.html").read_text()
    body, details = html.split("<details><summary>Exact figures</summary>")[0], html.split(
        "<details><summary>Exact figures</summary>")[1].split("</details>")[0]
    assert "The stance labels match human labels about half the time on unseen threads" in body
    assert "read them as a hint" in body
    for jargon in ("macro-F1", "ARI", "AMI", " bits", "Pearson"):
        assert jargon not in body, jargon
        assert jargon.strip() in details or jargon == " bits"
    assert "macro-F1 0.4994" in details and "ARI 0.353" in details


# -- language --------------------------------------------------------------------------------


def test_german_thread_gets_a_note_and_german_stop_words(tmp_path) -> None:
    from discourse.language import stop_words_for, thread_language

    thread = german_thread()
    tables = analyze(thread)
    assert thread_language(tables)["code"] == "de"
    contrast = contrast_thread(tables)
    render_thread(tables, contrast, tmp_path, thread=thread)
    html = (tmp_path / "report.html").read_text()
    assert '<p class="note" dir="auto">This thread is in German. Tone and agreement are scored with English models' \
        in html
    assert "<dt>Language</dt><dd>German</dd>" in html
    german_stop = stop_words_for("de")
    words = {w for w, _ in contrast.distinctive_comment + contrast.distinctive_editorial}
    assert not words & german_stop
    keywords = {w for ks in tables.clusters["keywords"].to_list() for k in ks for w in k.split()}
    assert keywords and not keywords & german_stop, keywords
    assert any("ä" in k or "ü" in k or "ö" in k for k in keywords)  # words with umlauts are whole words


def test_english_thread_has_no_language_note(split_crowd) -> None:
    html = (split_crowd[3] / "report.html").read_text()
    assert 'class="note"' not in html and "<dt>Language</dt><dd>English</dd>" in html
