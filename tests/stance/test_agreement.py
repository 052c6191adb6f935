"""Tests of the agreement classifier (issue 22): sklearn contract, cues, export, training, evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks as ec
from typer.testing import CliRunner

import discourse
from discourse.cli import app
from discourse.errors import ModelError
from discourse.evaluate import evaluate_stance
from discourse.stance import (
    DISCOURSE_NAMES,
    AgreementClassifier,
    StanceClassifier,
    agreement_cues,
    discourse_features,
    normalize_post,
)
from discourse.train import _select_agreement_params, train_agreement_model

ROOT = Path(__file__).resolve().parents[2]
STANCE_DATA = ROOT / ".." / "shared" / "data" / "stance"
AGREEMENT_DATA = STANCE_DATA / "subreddit-agreement-mask.jsonl"
needs_agreement_data = pytest.mark.skipif(
    not AGREEMENT_DATA.exists(), reason="../shared/data/stance/subreddit-agreement-mask.jsonl is not present")
runner = CliRunner()

API_CHECKS = [ec.check_no_attributes_set_in_init, ec.check_parameters_default_constructible,
              ec.check_get_params_invariance, ec.check_set_params, ec.check_estimator_repr,
              ec.check_estimator_cloneable, ec.check_valid_tag_types, ec.check_mixin_order]

PAIRS = {
    "agree": [("Exactly, well said", "Masks protect other people"), ("You're right, I agree", "Wear a mask indoors"),
              ("So true, thanks", "Vaccines save lives"), ("Absolutely agree with this", "Stay home if sick")],
    "disagree": [("That is not true at all", "Masks do nothing"), ("Nonsense, you are wrong", "Covid is a hoax"),
                 ("Wrong. Total bullshit", "Masks cause disease"), ("I don't agree, that's a lie", "It's just flu")],
    "neutral": [("What store was this?", "Saw a guy without a mask"), ("Which city is that in?", "New rules today"),
                ("I can't read the sign", "Look at this photo"), ("Where did you buy it?", "My new mask came")],
}


def tiny_pairs(repeat: int = 3) -> tuple[pl.DataFrame, list[str]]:
    texts, targets, labels = [], [], []
    for _ in range(repeat):
        for lab, rows in PAIRS.items():
            texts += [t for t, _ in rows]
            targets += [g for _, g in rows]
            labels += [lab] * len(rows)
    return pl.DataFrame({"text": texts, "target": targets}), labels


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_api_checks(check):
    # string-pair input: sklearn's generated checks feed numeric 2-D arrays (skipped for string-input
    # estimators, as for TfidfVectorizer); these are the applicable checks, each raises on a violation
    check("AgreementClassifier", AgreementClassifier())


def test_exported_from_package():
    assert discourse.AgreementClassifier is AgreementClassifier
    assert "AgreementClassifier" in discourse.__all__


def test_fit_predict_proba_clone():
    X, y = tiny_pairs()
    est = AgreementClassifier(min_df=1, max_char_features=500)
    assert est.fit(X, y) is est
    assert est.classes_.tolist() == ["agree", "disagree", "neutral"]
    proba = est.predict_proba(X)
    assert proba.shape == (len(y), 3) and np.allclose(proba.sum(axis=1), 1.0)
    assert (est.predict(X) == np.asarray(y)).mean() == 1.0
    c = clone(est).set_params(C=3.0)
    assert c.C == 3.0 and est.C == AgreementClassifier().C and not hasattr(c, "coef_")
    with pytest.raises(ValueError):
        AgreementClassifier(C=0.0).fit(X, y)


def test_pipeline_and_cross_val_score():
    X, y = tiny_pairs(repeat=4)
    pipe = Pipeline([("agreement", AgreementClassifier(min_df=1, max_char_features=300))])
    scores = cross_val_score(pipe, X, y, cv=2, scoring="f1_macro")
    assert scores.shape == (2,) and scores.min() > 0.5


def test_cues_are_negation_aware():
    def cues(text: str) -> tuple[float, float]:
        a, d, *_ = agreement_cues(normalize_post(text))
        return a, d

    assert cues("Exactly, well said")[0] > 0 and cues("Exactly, well said")[1] == 0
    assert cues("That's not true")[1] > 0 and cues("That's not true")[0] == 0
    # a negated cue counts for the other side
    assert cues("I don't agree")[1] > 0 and cues("I don't agree")[0] == 0
    assert cues("You're not wrong")[0] > 0 and cues("You're not wrong")[1] == 0
    assert cues("The weather is mild") == (0.0, 0.0)


def test_discourse_features_read_the_reply_opening_and_address():
    def feats(text: str, target: str = "masks work") -> dict[str, float]:
        return dict(zip(DISCOURSE_NAMES, discourse_features(text, normalize_post(text), normalize_post(target)),
                        strict=True))

    assert feats("Yeah, exactly.")["open_yes"] == 1.0 and feats("Yeah, exactly.")["open_no"] == 0.0
    assert feats("No, that's wrong")["open_no"] == 1.0
    assert feats("Nobody said that")["open_no"] == 0.0  # "no" as a word, not a prefix
    assert feats("hahaha, no")["open_laugh"] == 1.0 and feats("ha ha")["open_laugh"] == 1.0
    assert feats("Have you read it?")["open_laugh"] == 0.0  # "ha" as a word, not a prefix of "have"
    assert feats("So you're saying masks are bad?")["open_so"] == 1.0
    assert feats("So you're saying masks are bad?")["ends_question"] == 1.0
    assert feats("You are an idiot")["insult_you"] == 1.0
    assert feats("They are idiots")["insult_you"] == 0.0 and feats("They are idiots")["insult"] == 1.0
    assert feats("Why?", "Are you sure?")["target_ends_question"] == 1.0
    quoted = feats('"masks do not work at all" is plain wrong', "masks do not work at all")
    assert quoted["quotes_target"] == 1.0 and quoted["starts_quote"] == 1.0 and quoted["shared_bigrams"] > 0.5
    names = AgreementClassifier.DENSE_NAMES
    assert len(names) == len(set(names)) and set(DISCOURSE_NAMES) <= set(names)


def test_two_parts_are_fitted_separately_and_averaged():
    # the stored linear model is the mean of the sparse part (C) and the dense part (dense_C)
    from sklearn.linear_model import LogisticRegression

    X, y = tiny_pairs()
    est = AgreementClassifier(min_df=1, C=2.0, dense_C=0.5).fit(X, y)
    full = est._features(X)
    n_dense = len(AgreementClassifier.DENSE_NAMES)
    assert full.shape[1] == sum(len(b["terms"]) for b in est.blocks_) + n_dense
    z = []
    for part, c in ((full[:, :-n_dense], 2.0), (full[:, -n_dense:], 0.5)):
        z.append(LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=0)
                 .fit(part, y).decision_function(part))
    np.testing.assert_allclose(est.decision_function(X), (z[0] + z[1]) / 2, atol=5e-3)
    # a stronger dense regularisation changes the model: dense_C is a real parameter
    other = AgreementClassifier(min_df=1, C=2.0, dense_C=0.01).fit(X, y)
    assert not np.allclose(other.coef_[:, -n_dense:], est.coef_[:, -n_dense:])


def test_inner_selection_picks_from_the_grids():
    X, y = tiny_pairs(repeat=4)
    y = np.asarray(y, dtype=object)
    dense = AgreementClassifier()._dense(X)
    c, d, f1 = _select_agreement_params(X, y, dense, (0.5, 2.0), (0.01, 1.0))
    assert c in (0.5, 2.0) and d in (0.01, 1.0) and 0.0 <= f1 <= 1.0


def test_save_load_roundtrip(tmp_path):
    X, y = tiny_pairs()
    est = AgreementClassifier(min_df=1, max_char_features=400).fit(X, y)
    path = est.save(tmp_path / "agreement.json")
    again = AgreementClassifier.load(path)
    assert again.get_params() == est.get_params()
    np.testing.assert_array_equal(again.predict_proba(X), est.predict_proba(X))
    with pytest.raises(ModelError):
        StanceClassifier.load(path)


def _write_tiny_agreement(folder: Path) -> None:
    X, y = tiny_pairs(repeat=2)
    recs = [{"id": f"a{i}", "task": "agreement", "text": t, "target": g, "label": lab,
             "dataset": "toy", "subreddit": "toy"}
            for i, (t, g, lab) in enumerate(zip(X["text"].to_list(), X["target"].to_list(), y, strict=True))]
    (folder / "subreddit-agreement-mask.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs),
                                                           encoding="utf-8")


def test_training_is_byte_identical(tmp_path):
    _write_tiny_agreement(tmp_path)
    a = train_agreement_model(tmp_path, tmp_path / "a")
    b = train_agreement_model(tmp_path, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    assert AgreementClassifier.load(a).classes_.tolist() == ["agree", "disagree", "neutral"]


def test_train_agreement_cli(tmp_path):
    _write_tiny_agreement(tmp_path)
    res = runner.invoke(app, ["train", "agreement", "--data", str(tmp_path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "agreement.json").stat().st_size > 100


def test_evaluate_agreement_task(tmp_path):
    _write_tiny_agreement(tmp_path)
    model = train_agreement_model(tmp_path, tmp_path / "m")
    res = evaluate_stance([tmp_path / "subreddit-agreement-mask.jsonl"],
                          models={"agreement": AgreementClassifier.load(model)})
    block = res["toy"]
    assert block["task"] == "agreement" and block["n"] == 24 and block["n_missing"] == 0
    assert set(block["per_class_f1"]) == {"agree", "disagree", "neutral"}


def test_pretrained_loads():
    path = ROOT / "discourse" / "models" / "agreement.json"
    if not path.exists():
        pytest.skip("shipped agreement model not built")
    assert path.stat().st_size < 2 * 1024 * 1024
    m = AgreementClassifier.pretrained()
    X = pl.DataFrame({"text": ["Exactly, well said!", "That is nonsense, you are wrong"],
                      "target": ["Masks work", "Masks work"]})
    assert m.predict(X).tolist() == ["agree", "disagree"]


@needs_agreement_data
@pytest.mark.shared
def test_shipped_model_is_the_trained_one(tmp_path):
    # `discourse train agreement` on the shared data rebuilds the shipped file byte for byte
    path = train_agreement_model(STANCE_DATA, tmp_path)
    assert path.read_bytes() == (ROOT / "discourse" / "models" / "agreement.json").read_bytes()


# ---- the report (issue 22): agreement of comments toward the article and of replies toward parents ----
def _scored_thread():
    from discourse.contrast import contrast_thread
    from discourse.pipeline import analyze
    from tests.conftest import make_thread

    thread = make_thread(n_comments=6)
    tables = analyze(thread)
    return thread, tables, contrast_thread(tables)


def test_stage_fills_agreement_for_every_pair():
    _, tables, _ = _scored_thread()
    st = tables.stance
    assert st.height == 6 + 3  # every comment toward the article, each of the 3 replies toward its parent
    assert set(st["agreement"].to_list()) <= {"agree", "disagree", "neutral"}
    p = st.select("p_agree", "p_disagree", "p_neutral").to_numpy()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=2e-4)
    # the label is the most probable class
    best = np.asarray(["agree", "disagree", "neutral"])[p.argmax(axis=1)]
    assert best.tolist() == st["agreement"].to_list()


def test_report_states_agreement_summary_and_accuracy(tmp_path):
    from discourse.report import render_thread
    from discourse.report.render import AGREEMENT_SCORES

    thread, tables, contrast = _scored_thread()
    render_thread(tables, contrast, tmp_path, thread=thread)
    md = (tmp_path / "report.md").read_text()
    art = tables.stance.filter(pl.col("target_kind") == "article")["agreement"].to_list()
    rep = tables.stance.filter(pl.col("target_kind") == "parent")["agreement"].to_list()
    expected = (f"Commenters: {art.count('agree')} agree · {art.count('disagree')} disagree · "
                f"{art.count('neutral')} neither (of {len(art)} comments); replies: {rep.count('agree')} agree · "
                f"{rep.count('disagree')} disagree with the comment they answer (of {len(rep)})")
    assert expected in md
    assert f"{100 * AGREEMENT_SCORES[1]:.0f}% of the time" in md  # the measured accuracy, in plain words
    assert "## Agreement with the article" in md
    assert (tmp_path / "charts" / "agreement.svg").is_file()
    html = (tmp_path / "report.html").read_text()
    assert "Commenters: " in html and "agreement with the article" in html


def test_report_figures_are_the_model_cards():
    # the accuracy the reports state is the one measured on the card (nested CV of the shipped model)
    from discourse.report.render import AGREEMENT_SCORES

    card = (ROOT / "discourse" / "models" / "agreement.md").read_text(encoding="utf-8")
    assert f"**{AGREEMENT_SCORES[0]:.4f}** | {AGREEMENT_SCORES[1]:.4f}" in card
    params = AgreementClassifier().get_params()
    assert f"`C={params['C']}`" in card and f"`dense_C={params['dense_C']}`" in card


def test_agreement_per_cluster_counts_the_cluster_comments():
    _, tables, contrast = _scored_thread()
    by_comment = dict(zip(*tables.stance.filter(pl.col("target_kind") == "article")
                          .select("comment_id", "agreement").to_dict(as_series=False).values(), strict=True))
    sent = tables.sentences.filter((pl.col("side") == "comment") & pl.col("cluster").is_not_null())
    for c in contrast.clusters:
        ids = set(sent.filter(pl.col("cluster") == c["cluster"])["comment_id"].to_list())
        labels = [by_comment[i] for i in ids if i in by_comment]
        assert c["agreement"] == {lab: labels.count(lab) for lab in ("agree", "disagree", "neutral")}
    assert sum(contrast.agreement_overall.values()) == 6


def test_reply_network_signs_edges_by_agreement():
    from discourse.export import reply_network
    from tests.conftest import hand_scored, make_thread

    tables = hand_scored(make_thread(n_comments=4))
    # c2 (Bob) replies to c1 (Ann), c4 (Dee) to c3 (anonymous): one disagreeing and one agreeing reply
    parent = pl.DataFrame({"thread_id": ["t1", "t1"], "comment_id": ["c2", "c4"], "target_kind": ["parent"] * 2,
                           "label": ["comment", "comment"], "agreement": ["disagree", "agree"]})
    stance = pl.concat([tables.stance, parent], how="diagonal_relaxed")
    graph = reply_network(tables.replace(stance=stance))
    bob_ann = graph.edges["Bob", "Ann"]
    assert bob_ann["sign"] == -1 and bob_ann["n_disagree"] == 1 and bob_ann["n_agree"] == 0
    anon = next(n for n in graph.nodes if n.startswith("[anonymous"))
    assert graph.edges["Dee", anon]["sign"] == 1
