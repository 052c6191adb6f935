"""Tune the ArgumentClusterer on ArgKP-2021 train with cross-validation across topics.

usage: PYTHONPATH=$PWD python bench/tune_cluster.py [--train ../shared/data/clustering/argkp2021-train.jsonl]
       [--folds 4] [--quick]

For every setting (representation, SIF a, LSA weight, distance threshold) each train topic is
clustered once; the topics are split into folds (topic i goes to fold i % folds). For each fold
the setting with the best mean (ARI + AMI) on the other folds, among settings whose predicted
number of clusters is within 0.6x..1.7x of gold there, is measured on the held-out topics.
Prints the per-fold choice, the cross-validated mean over held-out topics, and the best
setting on all train topics (the one to ship as the default). Never reads the dev file.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a bare clone too

from discourse.cluster import NOISE, ArgumentClusterer
from discourse.cluster.estimator import _agglomerate, _drop_stragglers, _renumber
from discourse.evaluate import _topics, read_clustering_gold, score_clustering

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRAIN = ROOT / ".." / "shared" / "data" / "clustering" / "argkp2021-train.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default=str(DEFAULT_TRAIN))
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--quick", action="store_true", help="small grid")
    ap.add_argument("--texts-per-component", type=int, default=ArgumentClusterer().texts_per_component)
    ap.add_argument("--min-similarity", type=float, default=ArgumentClusterer().min_similarity,
                    help="straggler cut (fixed here; its effect was measured separately)")
    a = ap.parse_args()
    records = read_clustering_gold(a.train)
    topics = _topics(records)
    names = list(topics)
    if a.quick:
        grid_w = [("wordllama", 0.01, w) for w in (0.3, 0.6, 1.0)] + [("tfidf", 0.01, 0.0)]
        thresholds = [0.95, 0.97, 0.98, 0.99, 1.0, 1.01, 1.02]
    else:
        grid_w = [("wordllama", sa, w) for sa, w in itertools.product((0.005, 0.01, 0.02, 0.05), (0.0, 0.3, 0.6, 1.0))]
        grid_w.append(("tfidf", 0.01, 0.0))
        thresholds = [0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 1.0, 1.01, 1.02]
    # scores[(setting)][topic] = (ari, ami, n_pred, n_gold)
    scores: dict[tuple, dict[str, tuple]] = {}
    t0 = time.perf_counter()
    for rep, sa, w in grid_w:
        for t in names:
            recs = topics[t]
            est = ArgumentClusterer(representation=rep, sif_a=sa, tfidf_weight=w, min_cluster_size=1,
                                    texts_per_component=a.texts_per_component)
            est.fit([str(r["text"]) for r in recs])
            for thr in thresholds:
                for m in (3,):
                    raw = _drop_stragglers(est.vectors_, _agglomerate(est.vectors_, thr), a.min_similarity)
                    labels = _renumber(raw, m)
                    preds = {str(r["id"]): (None if lab == NOISE else int(lab))
                             for r, lab in zip(recs, labels.tolist(), strict=True)}
                    s = score_clustering(recs, preds)["mean_over_topics"]
                    scores.setdefault((rep, sa, w, thr, m), {})[t] = (
                        s["ari"], s["ami"], s["n_pred_clusters"], s["n_gold_clusters"])
        print(f"{rep} a={sa} w={w}: {time.perf_counter() - t0:.0f}s", flush=True)

    def summary(setting: tuple, ts: list[str]) -> tuple[float, float, float]:
        v = np.array([scores[setting][t] for t in ts])
        return float(v[:, 0].mean()), float(v[:, 1].mean()), float(v[:, 2].sum() / v[:, 3].sum())

    def best(ts: list[str], reps: set[str]) -> tuple:
        ok = [s for s in scores if s[0] in reps and 0.6 <= summary(s, ts)[2] <= 1.7]
        return max(ok, key=lambda s: (sum(summary(s, ts)[:2]), s))

    for reps in ({"wordllama"}, {"tfidf"}):
        held: list[tuple] = []
        for f in range(a.folds):
            test = [t for i, t in enumerate(names) if i % a.folds == f]
            train = [t for t in names if t not in test]
            b = best(train, reps)
            ari, ami, ratio = summary(b, test)
            held += [scores[b][t] for t in test]
            print(f"{'/'.join(reps)} fold {f}: chose {b}; held-out ARI {ari:.3f} AMI {ami:.3f} #pred/#gold {ratio:.2f}")
        v = np.array(held)
        print(f"{'/'.join(reps)} CV over {len(names)} held-out topics: ARI {v[:, 0].mean():.3f} "
              f"AMI {v[:, 1].mean():.3f} #pred/#gold {v[:, 2].sum() / v[:, 3].sum():.2f}")
        b = best(names, reps)
        ari, ami, ratio = summary(b, names)
        print(f"{'/'.join(reps)} best on all train topics: {b}: ARI {ari:.3f} AMI {ami:.3f} #pred/#gold {ratio:.2f}")
    ranked = sorted(scores, key=lambda s: -sum(summary(s, names)[:2]))[:15]
    for s in ranked:
        ari, ami, ratio = summary(s, names)
        print(f"  {s}: ARI {ari:.3f} AMI {ami:.3f} #pred/#gold {ratio:.2f}")


if __name__ == "__main__":
    main()
