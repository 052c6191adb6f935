"""`discourse evaluate extraction` computes exactly what ../shared/tools/eval_extraction.py computes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.evaluate import extraction_scores

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SCORER = SHARED / "tools" / "eval_extraction.py"
DATA = SHARED / "data" / "extraction" / "dragnet-train"
needs_shared = pytest.mark.skipif(not (SCORER.exists() and DATA.exists()), reason="../shared/data not present")


def test_scores_on_handmade_records():
    gold = [
        {"id": "a", "article": "one two three", "comments": "four five", "has_comments": True},
        {"id": "b", "article": "six seven", "comments": "", "has_comments": False},
        {"id": "c", "article": "eight", "comments": "nine", "has_comments": True},
    ]
    preds = [
        {"source": "dir/a.html.gz", "article": {"text": "One two four"}, "comments": [{"text": "five"}]},
        {"source": "b.txt", "article": {"text": "six seven"}, "comments": [{"text": "menu"}]},
    ]
    s, _ = extraction_scores(gold, preds)
    assert s["counts"]["missing_predictions"] == 1
    assert s["false_comment_rate"] == 1.0
    assert s["comments_found_rate"] == 0.5
    assert s["leak_rate"] == round((1 / 2 + 0) / 2, 4)
    assert s["article"]["f1"] == round((2 / 3 + 1 + 0) / 3, 4)


@needs_shared
@pytest.mark.shared
def test_same_numbers_as_shared_scorer(tmp_path):
    out = tmp_path / "preds"
    res = CliRunner().invoke(app, ["evaluate", "extraction", str(DATA), "--limit", "25", "--predictions-out", str(out)])
    assert res.exit_code == 0, res.output
    ours = {json.loads(line)["input"]: json.loads(line) for line in res.output.splitlines() if line.startswith("{")}
    sub = tmp_path / "gold.jsonl"
    lines = [ln for ln in (DATA / "gold.jsonl").read_text(encoding="utf-8").split("\n") if ln.strip()]
    sub.write_text("\n".join(lines[:25]) + "\n", encoding="utf-8")
    for fmt, name in (("html", "html"), ("txt", "textdump")):
        proc = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(sub), "--pred", str(out / f"{fmt}.jsonl")],
            capture_output=True,
            text=True,
            check=True,
        )
        theirs = json.loads(proc.stdout)
        mine = {k: v for k, v in ours[name].items() if k != "input"}
        assert mine == theirs
    # A regression gate on these (in-sample) pages: a change that breaks extraction fails here.
    assert ours["html"]["article"]["f1"] >= 0.85 and ours["html"]["comments"]["f1"] >= 0.8
    assert ours["textdump"]["article"]["f1"] >= 0.8 and ours["textdump"]["comments"]["f1"] >= 0.7
