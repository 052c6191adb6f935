"""Tests of discourse.cluster (argument units, ArgumentClusterer, cluster_tables), the clustering
metrics of discourse.evaluate and the `discourse cluster` / `discourse evaluate clustering` commands."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import adjusted_rand_score
from typer.testing import CliRunner

from discourse import cluster as cluster_mod
from discourse.cli import app
from discourse.cluster import ArgumentClusterer, argument_units, cluster_tables, is_argument_unit
from discourse.evaluate import clustering_item_scores, evaluate_clustering, score_clustering
from discourse.model import CLUSTER_SCHEMA, SENTENCE_SCHEMA, ThreadTables, conform, empty

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")
needs_wordllama = pytest.mark.skipif(
    importlib.util.find_spec("wordllama") is None, reason="wordllama (extra discourse[embeddings]) not installed"
)
runner = CliRunner()

GAS = [
    "Russia wants to set gas prices in line with its lucrative European deals.",
    "China believes the price of Russian gas should be set much lower.",
    "Disagreements about the gas price have tripped up negotiations before.",
    "The pipeline deal depends on agreeing a gas price both sides accept.",
    "Gazprom wants a higher price for natural gas exports to China.",
    "Natural gas pricing remains the main obstacle to a supply contract.",
]
ARMS = [
    "Russia wants to increase its arms sales to China.",
    "Beijing wants to pay as little as possible for advanced Russian weapons.",
    "Moscow fears China will copy the fighter jets and weapons it buys.",
    "Arms sales between Russia and China have grown this decade.",
    "China buys Russian military hardware such as jets and submarines.",
    "Russia avoids weapons deals that could compromise its own security.",
]
CANADA = [
    "Canada has a stable relationship with the United States.",
    "The border between the US and Canada is undefended.",
    "Canadians think very little of the US and its materialism.",
    "Canada is an economic colony of the United States.",
    "The US and Canada have been allies for a very long time.",
    "When was Canada last attacked by another country?",
]
STRAGGLERS = ["My cat sleeps on the warm laptop every afternoon.", "Bananas ripen faster in a paper bag."]
THEMES = GAS + ARMS + CANADA


def _gold() -> list[int]:
    return [0] * len(GAS) + [1] * len(ARMS) + [2] * len(CANADA)


# -- argument units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LOL who is this quack?", False),
        ("Hi all!", False),
        ("Thanks for the great article, John!", False),
        ("https://example.com/story?id=3", False),
        ("See www.example.org for more.", False),
        ("are you blind?", False),
        ("", False),
        (None, False),
        ("You idiot, stupid moron.", False),
        ("US are facing real problems to finance the army.", True),
        ("China will take over as number one and a new empire will be born.", True),
    ],
)
def test_is_argument_unit(text: str | None, expected: bool) -> None:
    assert is_argument_unit(text) is expected


def test_argument_units_filters_rows_in_order() -> None:
    frame = pl.DataFrame({"text": ["Hello there!", GAS[0], "lol", ARMS[0]], "unit_id": ["a", "b", "c", "d"]})
    assert argument_units(frame)["unit_id"].to_list() == ["b", "d"]
    assert argument_units(frame.clear()).height == 0


# -- the estimator -------------------------------------------------------------------------


@pytest.mark.parametrize(("representation", "min_ari"), [("wordllama", 0.9), ("tfidf", 0.25)])
def test_clusterer_separates_themes(representation: str, min_ari: float) -> None:
    if representation == "wordllama":
        pytest.importorskip("wordllama")
    est = ArgumentClusterer(representation=representation, min_cluster_size=2)
    labels = est.fit_predict(THEMES + STRAGGLERS)
    assert est.representation_ == representation
    assert labels.shape == (len(THEMES) + 2,)
    assert adjusted_rand_score(_gold(), labels[: len(THEMES)]) >= min_ari
    assert 2 <= est.n_clusters_ <= 6
    # readable labels: each theme's cluster is named by its own words
    joined = {c: " ".join(est.keywords_[c]) for c in range(est.n_clusters_)}
    for word in ("gas", "arms|weapons", "canada"):
        assert any(re.search(word, k) for k in joined.values()), (word, joined)
    assert est.cluster_labels_.get(-1, "other") == "other"
    for c, idx in est.examples_.items():
        assert est.labels_[idx] == c


def test_loading_wordllama_leaves_root_logging_alone() -> None:
    import logging
    import sys

    pytest.importorskip("wordllama")
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    root.handlers[:] = []  # basicConfig only acts on a root logger without handlers (pytest adds some)
    root.setLevel(logging.WARNING)
    try:
        for name in [m for m in sys.modules if m == "wordllama" or m.startswith("wordllama.")]:
            del sys.modules[name]  # force the import (and its basicConfig) to run again
        cluster_mod._WORDLLAMA = None
        cluster_mod._load_wordllama()
        assert root.handlers == []
        assert root.level == logging.WARNING
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_clusterer_is_deterministic_and_numbers_by_size() -> None:
    texts = THEMES + STRAGGLERS
    a = ArgumentClusterer(random_state=3).fit(texts)
    b = ArgumentClusterer(random_state=3).fit(list(texts))
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert a.cluster_labels_ == b.cluster_labels_
    sizes = [a.sizes_[c] for c in range(a.n_clusters_)]
    assert sizes == sorted(sizes, reverse=True)
    assert a.min_cluster_size_ == 2  # 'auto' on a handful of texts
    assert all(s >= a.min_cluster_size_ for s in sizes)


@needs_wordllama
def test_clusterer_noise_for_stragglers() -> None:
    est = ArgumentClusterer(min_cluster_size=3).fit(THEMES + STRAGGLERS)
    assert (est.labels_[len(THEMES):] == -1).all()
    assert est.cluster_labels_[-1] == "other"


def test_fallback_when_wordllama_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_mod, "wordllama_available", lambda: False)
    est = ArgumentClusterer().fit(THEMES)
    assert est.representation_ == "tfidf"
    assert adjusted_rand_score(_gold(), est.labels_) > 0.5
    from discourse.errors import ModelError

    with pytest.raises(ModelError, match="wordllama package"):
        ArgumentClusterer(representation="wordllama").fit(THEMES)


@needs_wordllama
def test_sample_then_assign_for_large_inputs() -> None:
    texts = [f"{t} ({i})" for i in range(6) for t in THEMES]  # 108 texts, exact limit 40
    est = ArgumentClusterer(max_exact=40).fit(texts)
    assert est.labels_.shape == (len(texts),)
    gold = _gold() * 6
    assert adjusted_rand_score(gold, est.labels_) > 0.5


@pytest.mark.parametrize("texts", [[], ["one single argument about gas prices"], ["gas price", "gas prices"]])
def test_clusterer_tiny_inputs(texts: list[str]) -> None:
    est = ArgumentClusterer(min_cluster_size=1).fit(texts)
    assert est.labels_.shape == (len(texts),)


@pytest.mark.parametrize("representation", ["tfidf", "auto"])
def test_clusterer_degenerate_inputs(representation: str) -> None:
    same = ArgumentClusterer(representation=representation).fit(["the same claim about gas prices"] * 5)
    assert same.labels_.tolist() == [0] * 5  # identical texts: one group, not an error
    stop = ArgumentClusterer(representation=representation).fit(["the and of", "a the", "of of", ""])
    assert stop.labels_.shape == (4,)
    dup = ArgumentClusterer(representation=representation).fit(["gas prices are high"] * 3 + ["arms sales grow"] * 3)
    assert adjusted_rand_score([0, 0, 0, 1, 1, 1], dup.labels_) == 1.0


def test_clusterer_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        ArgumentClusterer().fit("not a list")
    with pytest.raises(ValueError):
        ArgumentClusterer(min_cluster_size=0).fit(THEMES)
    with pytest.raises(ValueError):
        ArgumentClusterer(representation="bert").fit(THEMES)


def test_sklearn_api() -> None:
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    est = ArgumentClusterer(distance_threshold=0.9, n_keywords=4)
    assert clone(est).get_params() == est.get_params()
    with pytest.raises(NotFittedError):
        est.get_feature_names_out()
    est.fit(THEMES)
    assert len(est.get_feature_names_out()) == est.n_clusters_
    assert est.__sklearn_tags__().input_tags.string


# -- the stage over tables -----------------------------------------------------------------


def _sentences(thread_id: str, editorial: list[str], comments: list[tuple[str, str, str]]) -> pl.DataFrame:
    rows = [
        {"thread_id": thread_id, "unit_id": f"e{i}", "side": "editorial", "comment_id": None, "author": None,
         "position": i, "text": t, "compound": 0.1}
        for i, t in enumerate(editorial)
    ]
    rows += [
        {"thread_id": thread_id, "unit_id": f"c{i}", "side": "comment", "comment_id": cid, "author": author,
         "position": i, "text": t, "compound": -0.4}
        for i, (cid, author, t) in enumerate(comments)
    ]
    return conform(pl.DataFrame(rows), SENTENCE_SCHEMA)


def _tables(sentences: pl.DataFrame) -> ThreadTables:
    ids = sorted(set(sentences["thread_id"].to_list()))
    from discourse.model import COMMENT_SCHEMA, PARAGRAPH_SCHEMA, THREAD_SCHEMA

    threads = conform(pl.DataFrame({"thread_id": ids}), THREAD_SCHEMA)
    return ThreadTables(threads=threads, comments=empty(COMMENT_SCHEMA), paragraphs=empty(PARAGRAPH_SCHEMA),
                        sentences=sentences)


def make_thread_tables() -> ThreadTables:
    comments = [(f"k{i}", f"user{i % 4}", t) for i, t in enumerate(CANADA + GAS[:3])]
    comments.append(("k99", "troll", "LOL who is this quack?"))
    s1 = _sentences("t1", GAS[3:] + ARMS, comments)
    s2 = _sentences("t2", GAS + ARMS[:3], [])  # a thread without comments
    return _tables(pl.concat([s1, s2]))


@needs_wordllama
def test_cluster_tables_fills_clusters_and_sentences() -> None:
    tables = make_thread_tables()
    out = cluster_tables(tables)
    assert out.sentences.schema == SENTENCE_SCHEMA
    assert out.clusters.schema == CLUSTER_SCHEMA
    assert out.sentences.height == tables.sentences.height
    assert out.sentences["unit_id"].to_list() == tables.sentences["unit_id"].to_list()
    quack = out.sentences.filter(pl.col("text").str.contains("quack"))
    assert quack["cluster"].to_list() == [None]
    t1 = out.clusters.filter(pl.col("thread_id") == "t1")
    # shares of each side sum to 1 over the clusters (noise row included)
    assert t1["editorial_share"].sum() == pytest.approx(1.0)
    assert t1["comment_share"].sum() == pytest.approx(1.0)
    # the Canada arguments are raised only by commenters
    canada = t1.filter(pl.col("keywords").list.contains("canada"))
    assert canada.height == 1
    assert canada["only_side"].item() == "comment"
    assert canada["n_commenters"].item() == 4
    assert canada["comment_compound"].item() == pytest.approx(-0.4)
    assert canada["editorial_compound"].item() is None
    # the thread with no comments still gets its article clustered, with no one-side flags
    t2 = out.clusters.filter(pl.col("thread_id") == "t2")
    assert t2.height >= 1
    assert t2["only_side"].null_count() == t2.height
    assert t2["comment_share"].null_count() == t2.height


def test_cluster_tables_without_units() -> None:
    tables = _tables(_sentences("t", ["Hello!"], [("k1", "a", "lol")]))
    out = cluster_tables(tables)
    assert out.clusters.height == 0
    assert out.sentences["cluster"].null_count() == 2


# -- the Diplomat seed, sentences built by hand --------------------------------------------

SEED = SHARED / "seeds" / "004_7fdc06c34d09003f.txt"


def diplomat_sentences() -> pl.DataFrame:
    """Article paragraphs and the comments of the Diplomat seed, split by hand (no parser)."""
    from discourse.text import split_sentences

    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("On March 22nd"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("November 25, 2013"))
    article = [ln for ln in lines[start:end] if len(ln) > 80]
    comments = [
        ("c1", "anon1", "LOL who is this quack?"),
        ("c2", "anon2", " ".join(ln for ln in lines if ln.startswith(("Canadians get", "Canada actually")))),
        ("c3", "anon3", next(ln for ln in lines if ln.startswith("did you even read"))),
        ("c4", "China have all the money",
         " ".join(ln for ln in lines if ln.startswith(("US are facing", "We will se a change")))),
    ]
    ed = [s for p in article for s in split_sentences(p)]
    co = [(cid, a, s) for cid, a, t in comments for s in split_sentences(t)]
    return _sentences("diplomat", ed, co)


@needs_shared
@needs_wordllama
def test_diplomat_seed_clusters_are_recognisable() -> None:
    from discourse.contrast import contrast_thread

    out = cluster_tables(_tables(diplomat_sentences()))
    labels = " | ".join(" ".join(k) for k in out.clusters["keywords"].to_list())
    for theme in ("gas", "canada", "arms", "china"):
        assert re.search(theme, labels), (theme, labels)
    # the US-Canada argument is the commenters' (the article barely touches it) and the summary says so
    canada = out.clusters.filter(pl.col("keywords").list.contains("canada"))
    assert canada.height == 1
    assert canada["comment_share"].item() >= 3 * canada["editorial_share"].item()
    summary = " ".join(contrast_thread(out).summary)
    assert re.search(r'Commenters (argue|raise) .*canada', summary), summary


@needs_wordllama
def test_diplomat_seed_through_the_pipeline_names_its_four_themes() -> None:
    """The repo's seed, parsed and scored as `discourse run` does: energy/gas, arms, US-Canada
    (commenters only) and "China overtaking the US" (two sentences of one commenter, commenters only)."""
    from discourse.parse import parse_file
    from discourse.pipeline import score

    seed = Path(__file__).resolve().parents[1] / "seeds" / "004_7fdc06c34d09003f.txt"
    out = cluster_tables(score(ThreadTables.from_threads(parse_file(seed))))
    # a cluster is named by its central phrase with its keywords beside it (issue 20): match either
    rows = {f'{r["label"]} [{", ".join(r["keywords"])}]': r
            for r in out.clusters.filter(pl.col("cluster") >= 0).iter_rows(named=True)}
    labels = " | ".join(rows)

    def one(pattern: str) -> dict:
        found = [r for label, r in rows.items() if re.search(pattern, label, re.IGNORECASE)]
        assert len(found) == 1, (pattern, labels)
        return found[0]

    assert one(r"natural gas|\bgas\b")["n_editorial"] > 0
    assert one(r"\barms\b")["n_editorial"] > 0
    assert one(r"canada")["only_side"] == "comment"
    overtaking = one(r"world leadership|empire|number one")
    assert overtaking["only_side"] == "comment"
    assert overtaking["n_comment"] >= 2


# -- metrics and the evaluate command ------------------------------------------------------


def _shared_scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("eval_clustering", SHARED / "tools" / "eval_clustering.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _toy_gold() -> list[dict]:
    recs = []
    for t, texts in (("topic A", GAS + ARMS), ("topic B", CANADA + STRAGGLERS)):
        for i, text in enumerate(texts):
            label = None if text in STRAGGLERS or i % 5 == 4 else f"{t}-{i // 6}"
            recs.append({"id": f"{t}-{i}", "topic": t, "text": text, "label": label, "dataset": "toy"})
    return recs


@needs_shared
@pytest.mark.parametrize("noise", ["exclude", "singleton"])
def test_scores_equal_the_shared_scorer(noise: str) -> None:
    ref = _shared_scorer()
    gold = _toy_gold()
    rng = np.random.default_rng(0)
    preds = {r["id"]: (None if rng.random() < 0.2 else int(rng.integers(0, 3))) for r in gold[:-3]}
    ours = score_clustering(gold, preds, noise=noise)
    theirs = ref.evaluate(gold, preds, noise=noise)["toy"]["items"]
    for key in ("mean_over_topics", "pooled", "per_topic", "n_scored", "coverage"):
        assert ours[key] == theirs[key], key
    g, p = ["a", "a", "b", None], [1, 1, 1, 2]
    assert clustering_item_scores(g, p) == ref.item_scores(g, p)


@needs_wordllama
def test_evaluate_clustering_rows(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _toy_gold()), encoding="utf-8")
    res = evaluate_clustering(path, clusterer=ArgumentClusterer(min_cluster_size=2))
    assert res["system"]["n_topics"] == 2
    assert set(res["references"]) == {"tfidf_kmeans_true_k", "representation_kmeans_true_k"}
    assert res["system"]["per_topic"]["topic A"]["ari"] > 0.2  # topic B has one gold cluster: ARI is 0 by definition
    assert set(res["predictions"]) == {r["id"] for r in _toy_gold()}


def test_cli_evaluate_clustering(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _toy_gold()), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["evaluate", "clustering", str(path), "--predictions-out", str(pred),
                                 "--representation", "tfidf"])
    assert result.exit_code == 0, result.output
    assert "mean over topics" in result.output
    assert "ref: tfidf_kmeans_true_k" in result.output
    lines = [json.loads(x) for x in pred.read_text().splitlines()]
    assert len(lines) == len(_toy_gold())
    assert all(set(x) == {"id", "cluster"} for x in lines)


def test_cli_evaluate_clustering_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = runner.invoke(app, ["evaluate", "clustering", str(bad)])
    assert result.exit_code == 3
    assert "invalid JSON" in result.output


@needs_shared
@needs_wordllama
@pytest.mark.shared
def test_dev_file_meets_targets() -> None:
    """The shipped defaults on argkp2021-dev (tuned on train only): the issue's targets."""
    res = evaluate_clustering(SHARED / "data" / "clustering" / "argkp2021-dev.jsonl", references=False)
    m = res["system"]["mean_over_topics"]
    assert m["ari"] >= 0.25
    assert m["ami"] >= 0.32
    assert 0.5 * m["n_gold_clusters"] <= m["n_pred_clusters"] <= 2 * m["n_gold_clusters"]


# -- the cluster command -------------------------------------------------------------------


def test_cli_cluster_roundtrip(tmp_path: Path) -> None:
    tables = make_thread_tables()
    src, dst = tmp_path / "scored", tmp_path / "clustered"
    src.mkdir()
    for name, frame in tables.items():
        if name != "clusters":
            frame.write_parquet(src / f"{name}.parquet")
    result = runner.invoke(app, ["cluster", "-i", str(src), "-o", str(dst), "--representation", "tfidf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dst.iterdir()) == sorted(f"{n}.parquet" for n in ThreadTables.TABLES)
    clusters = pl.read_parquet(dst / "clusters.parquet")
    assert clusters.schema == CLUSTER_SCHEMA
    assert clusters.height > 0
    again = runner.invoke(app, ["cluster", "-i", str(src), "-o", str(dst)])
    assert again.exit_code == 3
    assert "--overwrite" in again.output


def test_cli_cluster_missing_sentences(tmp_path: Path) -> None:
    result = runner.invoke(app, ["cluster", "-i", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 3
    assert "sentences.parquet" in result.output


def test_recent_token_counts_are_reused_and_bounded() -> None:
    if not cluster_mod.wordllama_available():
        pytest.skip("wordllama not installed")
    a, b, c = ["gas prices rise"], ["the bridge is closed", "ferries run"], ["tax cuts"]
    first = cluster_mod._token_counts(a)
    assert (first != cluster_mod._count_tokens(a)).nnz == 0
    cluster_mod._token_counts(b)
    assert cluster_mod._token_counts(a) is first  # kept across one other list of texts
    cluster_mod._token_counts(c)
    cluster_mod._token_counts(b)
    assert cluster_mod._recent_token_counts.cache_info().currsize <= 2
    assert cluster_mod._token_counts(a) is not first


def test_one_blas_thread_limits_blas_inside_only() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> set[int]:
        return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}

    before = blas_threads()
    with cluster_mod.one_blas_thread():
        assert blas_threads() <= {1}
    assert blas_threads() == before
