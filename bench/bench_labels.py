"""Cluster labels against ArgKP's expert key points (issue 20).

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python bench/bench_labels.py ../shared/data/clustering/argkp2021-dev.jsonl
    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python bench/bench_labels.py \
        ../shared/data/clustering/argkp2021-train.jsonl --grid

Prints each method's mean ROUGE-1 F and wordllama cosine over the predicted clusters (see
:mod:`discourse.report.label_quality`); ``--grid`` scores the central-phrase settings (tune on
train only), ``--examples N`` prints N clusters' labels beside their key points.
"""

from __future__ import annotations

import argparse
import itertools
import json

from discourse.evaluate import read_clustering_gold
from discourse.report.label_quality import METHODS, cluster_label_scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", help="ArgKP-format JSONL (id, topic, text, label, label_text)")
    ap.add_argument("--grid", action="store_true", help="score a grid of central-phrase settings")
    ap.add_argument("--examples", type=int, default=0, help="print this many clusters' labels")
    ap.add_argument("--json", help="write the full result here")
    args = ap.parse_args()
    records = read_clustering_gold(args.gold)
    fitted: dict = {}
    result = cluster_label_scores(records, fitted=fitted)
    print(f"{args.gold}: {result['n_clusters']} predicted clusters with a labelled member")
    print("| method | ROUGE-1 F | wordllama cosine |\n|---|---|---|")
    for m in METHODS:
        s = result["methods"][m]
        print(f"| {m} | {s['rouge1_f']:.3f} | {s['cosine']:.3f} |")
    for row in result["examples"][: args.examples]:
        print(f"- key point: {row['key_point']}\n  " + "\n  ".join(f"{m}: {row[m]}" for m in METHODS))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, sort_keys=True)
    if args.grid:
        print("| max_words | length_penalty | keyword_weight | ROUGE-1 F | cosine |\n|---|---|---|---|---|")
        for max_words, penalty, kw in itertools.product((6, 8, 10, 14), (0.01, 0.02, 0.05), (0.0, 0.1, 0.3)):
            s = cluster_label_scores(records, phrase_options={"max_words": max_words, "length_penalty": penalty,
                                                              "keyword_weight": kw},
                                     fitted=fitted)["methods"]["central_phrase"]
            print(f"| {max_words} | {penalty} | {kw} | {s['rouge1_f']:.3f} | {s['cosine']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
