"""`discourse evaluate records` computes exactly what ../shared/tools/eval_records.py computes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.metrics import record_scores

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SCORER = SHARED / "tools" / "eval_records.py"
DEV = SHARED / "data" / "records" / "dev"
needs_scorer = pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/eval_records.py not present")
needs_dev = pytest.mark.skipif(not (SCORER.exists() and DEV.is_dir()), reason="../shared/data/records not present")

GOLD = [
    {"id": "a", "file": "a.html", "article_first": "the council voted", "article_last": "the same",
     "comments": [
         {"n": 1, "author": "Anna", "date": "2019-05-30", "start": "I think the plan is sensible",
          "end": "for our town", "words": 12, "reply_to": None},
         {"n": 2, "author": "Tom", "date": "2019-05-31", "start": "The fares will rise anyway they always",
          "end": "after an election", "words": 11, "reply_to": 1},
         {"n": 3, "author": None, "date": None, "start": "Does anyone know when the consultation closes",
          "end": "closes this time", "words": 9, "reply_to": None},
     ]},
    {"id": "b", "file": "b.html", "article_first": "no comments here", "article_last": "at all", "comments": []},
    {"id": "c", "file": "c.html", "article_first": "a page with", "article_last": "three comments",
     "comments": [
         {"n": 1, "author": "Kai", "date": None, "start": "We moved here for the trains and", "end": "came on time",
          "words": 14, "reply_to": None},
         {"n": 2, "author": "Mia", "date": None, "start": "Good news for the school run thanks",
          "end": "it so clearly", "words": 12, "reply_to": None},
     ]},
]
PREDS = [
    {"source": "pages/a.html.gz", "article": {"text": "The council voted on it. Fares stay the same."},
     "comments": [
         {"id": "c1", "author": "Anna", "timestamp": "2019-05-30T10:00", "reply_to": None,
          "text": "I think the plan is sensible and long overdue for our town."},
         {"id": "c2", "author": "tom", "timestamp": "2019-06-01T10:00", "reply_to": "c1",
          "text": "The fares will rise anyway, they always do after an election."},
         {"id": "c3", "author": "Someone", "timestamp": None, "reply_to": "c2",
          "text": "Does anyone know when the consultation closes this time?"},
         {"id": "c4", "author": "Quoted", "absent": True, "text": "placeholder"},
     ]},
    {"source": "b.html", "article": {"text": "No comments here at all."},
     "comments": [{"id": "c1", "author": None, "text": "Please keep comments civil."}]},
    {"source": "c.html", "article": {"text": "A page with two comments. We moved here for the trains and more"},
     "comments": [{"id": "c1", "author": "Kai", "text": "We moved here for the trains and the buses never came on "
                   "time. Good news for the school run, thanks for reporting it so clearly."}]},
]


def test_record_scores_by_hand() -> None:
    s, rows = record_scores(GOLD, PREDS)
    # a: 3 matched of 3; c: the one prediction fuses both gold comments, so it matches none.
    assert (s["gold_comments"], s["pred_comments"]) == (5, 5)
    assert s["record_precision"] == round(3 / 5, 4) and s["record_recall"] == round(3 / 5, 4)
    assert s["author_acc"] == round(2 / 3, 4)  # "tom" == "Tom"; "Someone" != None
    assert s["date_acc"] == round(1 / 2, 4)
    assert s["reply_acc"] == round(2 / 3, 4)  # c3 should be top level
    assert s["fused_rate"] == round(1 / 5, 4)
    assert s["leak_rate"] == round(1 / 5, 4)  # Kai's first words sit in page c's article
    assert s["false_comment_pages"] == 1.0 and s["missed_pages"] == 0.0
    assert s["article_ok"] == round(2 / 3, 4)  # page c's article lacks its last words
    assert [r["id"] for r in rows] == ["a", "b", "c"]


@needs_scorer
@pytest.mark.shared
def test_record_scores_equal_the_shared_scorer(tmp_path) -> None:
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8")
    pred.write_text("".join(json.dumps(p) + "\n" for p in PREDS), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred)],
                          capture_output=True, text=True, check=True)
    assert record_scores(GOLD, PREDS)[0] == json.loads(proc.stdout)


@needs_scorer
@pytest.mark.shared
def test_evaluate_records_command_on_pages_it_builds(tmp_path) -> None:
    """The CLI parses a folder of pages and prints the scorer's numbers for those predictions."""
    pages = tmp_path / "set" / "pages"
    pages.mkdir(parents=True)
    body = "".join(f"<p>The council voted on the transport plan, part {i}. Buses will run more often.</p>"
                   for i in range(5))
    said = [("Anna", "I like the plan for our town a lot."), ("Tom", "The fares will rise anyway, sadly.")]
    items = "".join(f"<li class='comment' id='comment-{k}'><cite class='fn'>{n}</cite>"
                    f"<div class='comment-content'><p>{t}</p></div></li>" for k, (n, t) in enumerate(said))
    page = f"<html><body><div class='entry-content'>{body}</div><ol class='commentlist'>{items}</ol></body></html>"
    (pages / "p1.html.gz").write_bytes(gzip.compress(page.encode()))
    gold = [{"id": "p1", "file": "p1.html.gz", "article_first": "The council voted on the transport plan part 0",
             "article_last": "Buses will run more often", "comments": [
                 {"n": 1, "author": "Anna", "date": None, "start": "I like the plan for our town a", "end": "a lot",
                  "words": 9, "reply_to": None},
                 {"n": 2, "author": "Tom", "date": None, "start": "The fares will rise anyway sadly",
                  "end": "rise anyway sadly", "words": 6, "reply_to": None}]}]
    (tmp_path / "set" / "gold.jsonl").write_text(json.dumps(gold[0]) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(app, ["evaluate", "records", str(tmp_path / "set"), "--predictions-out", str(pred)])
    assert res.exit_code == 0, res.output
    ours = json.loads(res.output)
    proc = subprocess.run([sys.executable, str(SCORER), "--gold", str(tmp_path / "set" / "gold.jsonl"),
                           "--pred", str(pred)], capture_output=True, text=True, check=True)
    assert ours == json.loads(proc.stdout)
    assert ours["record_f1"] == 1.0 and ours["author_acc"] == 1.0 and ours["article_ok"] == 1.0


@needs_dev
@pytest.mark.shared
def test_dev_records_same_numbers_and_gate(tmp_path) -> None:
    pred = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(app, ["evaluate", "records", str(DEV), "--predictions-out", str(pred)])
    assert res.exit_code == 0, res.output
    ours = json.loads(res.output)
    proc = subprocess.run([sys.executable, str(SCORER), "--gold", str(DEV / "gold.jsonl"), "--pred", str(pred)],
                          capture_output=True, text=True, check=True)
    assert ours == json.loads(proc.stdout)
    # A regression gate on the dev pages (the targets, measured on these pages).
    assert ours["record_f1"] >= 0.85 and ours["author_acc"] >= 0.85 and ours["leak_rate"] <= 0.03
    assert ours["false_comment_pages"] <= 0.1 and ours["missed_pages"] <= 0.1
