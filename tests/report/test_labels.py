"""Issue 20: cluster labels a person can read (a central phrase, keywords beside it), measured
against key points the way bench/bench_labels.py measures them on ArgKP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from discourse.cluster import LABEL_CUT_WORDS, ArgumentClusterer, central_phrases
from discourse.cluster.labels import _label_candidates
from discourse.report.label_quality import METHODS, cluster_label_scores, rouge1_f

REPO = Path(__file__).resolve().parents[2]

#: A made-up ArgKP-style set: two topics, each with key points and the arguments that match them.
TOY = {
    "We should ban school uniforms": {
        "School uniforms save families money": [
            "School uniforms save families money because parents buy fewer clothes.",
            "Uniforms are cheaper for parents than buying the latest fashion every term.",
            "Families save money, since one uniform replaces a whole wardrobe of trendy clothes.",
            "Parents spend less money on clothes when their children wear school uniforms.",
        ],
        "School uniforms reduce bullying": [
            "School uniforms reduce bullying, as nobody is mocked for cheap clothes.",
            "Uniforms stop bullying about clothes and brands in the playground.",
            "Children are bullied less for what they wear when everyone wears a uniform.",
            "Bullying over fashion disappears when pupils all wear the same school uniform.",
        ],
    },
    "We should subsidize space exploration": {
        "Space exploration drives new technology": [
            "Space exploration drives new technology that we later use on earth every day.",
            "Satellites, GPS and new materials are technology that came from space research.",
            "Space programmes push engineers to invent technology that industry then adopts.",
            "New medical and computing technology often comes out of space exploration.",
        ],
        "The money is needed on earth": [
            "The money is needed on earth to fight hunger and poverty first.",
            "We should spend this money on hospitals and schools on earth, not on rockets.",
            "Poverty on earth needs the money more than a trip to Mars does.",
            "Billions for rockets while people on earth go hungry is a waste of money.",
        ],
    },
}


def toy_records() -> list[dict]:
    records = []
    for t, (topic, points) in enumerate(TOY.items()):
        for k, (point, texts) in enumerate(points.items()):
            for i, text in enumerate(texts):
                records.append({"id": f"toy-{t}-{k}-{i}", "topic": topic, "text": text, "label": f"kp-{t}-{k}",
                                "label_text": point, "stance": 1, "dataset": "toy", "split": "dev"})
    return records


def test_rouge1_f() -> None:
    assert rouge1_f("School uniforms reduce bullying", "School uniforms reduce bullying") == 1.0
    assert rouge1_f("uniforms", "school uniforms") == pytest.approx(2 / 3)  # P 1, R 1/2
    assert rouge1_f("the the the", "the") == pytest.approx(0.5)  # clipped counts: P 1/3, R 1
    assert rouge1_f("bullying", "money") == 0.0


def test_label_candidates_are_the_text_and_its_clauses() -> None:
    text = "School uniforms save families money because parents buy fewer clothes."
    assert _label_candidates(text) == [
        "School uniforms save families money because parents buy fewer clothes",
        "School uniforms save families money", "Because parents buy fewer clothes"]
    assert _label_candidates("ok") == []  # fewer than three words: no label candidate


def test_central_phrase_labels_are_short_member_phrases() -> None:
    texts = [t for points in TOY.values() for ts in points.values() for t in ts][:8]
    labels = np.array([0] * 4 + [1] * 4)
    phrases = central_phrases(texts, labels, {0: ["money", "parents"], 1: ["bullying", "uniforms"]})
    assert set(phrases) == {0, 1}
    for c, phrase in phrases.items():
        members = [texts[i].lower() for i in np.flatnonzero(labels == c)]
        assert any(phrase.lower().rstrip(" …") in m for m in members), phrase  # a phrase of its own cluster
        assert len(phrase.split()) <= LABEL_CUT_WORDS + 1
    assert "money" in phrases[0].lower() and "bullying" in phrases[1].lower()
    assert central_phrases(texts, labels) == central_phrases(texts, labels)  # deterministic


def test_clusterer_names_clusters_by_phrase_and_keeps_keyword_labels() -> None:
    texts = [t for ts in TOY["We should ban school uniforms"].values() for t in ts]
    est = ArgumentClusterer(min_cluster_size=2).fit(texts)
    for c, label in est.cluster_labels_.items():
        if c == -1:
            assert label == "other"
            continue
        assert label[0].isupper() and len(label.split()) >= 3  # a phrase, not "end" or "fame, talk"
        assert est.keyword_labels_[c] != label


def test_label_scores_on_a_made_up_set() -> None:
    result = cluster_label_scores(toy_records(), clusterer=ArgumentClusterer(min_cluster_size=2))
    assert result["n_clusters"] >= 4
    assert set(result["methods"]) == set(METHODS)
    for row in result["examples"]:  # each figure is the measure of the labels shown beside it
        for m in METHODS:
            assert row[f"{m}_rouge1_f"] == pytest.approx(rouge1_f(row[m], row["key_point"]), abs=1e-6)
            assert -1.0 <= row[f"{m}_cosine"] <= 1.0
        assert row["central_sentence"] in {r["text"] for r in toy_records()}  # a whole member, as found
        assert row["key_point"] in TOY[row["topic"]]  # its majority gold cluster's key point
    for m in METHODS:  # the headline figures are the plain means over the clusters
        for k in ("rouge1_f", "cosine"):
            mean = np.mean([row[f"{m}_{k}"] for row in result["examples"]])
            assert result["methods"][m][k] == pytest.approx(mean, abs=1e-4)
    # a clean made-up set: every label says something about its own key point
    assert result["methods"]["central_phrase"]["rouge1_f"] > 0.3


def test_bench_script_reproduces_the_measurement(tmp_path) -> None:
    gold = tmp_path / "toy.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in toy_records()))
    out = subprocess.run([sys.executable, str(REPO / "bench" / "bench_labels.py"), str(gold), "--json",
                          str(tmp_path / "r.json")], capture_output=True, text=True, cwd=REPO, check=True,
                         env={"PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert "| central_phrase |" in out.stdout and "| keywords |" in out.stdout
    assert json.loads((tmp_path / "r.json").read_text())["n_clusters"] >= 1
