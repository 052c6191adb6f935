"""Training data and threads shared by the stance tests."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from sklearn.utils import estimator_checks as ec
from typer.testing import CliRunner

from discourse.model import Article, Comment, Thread

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"
STANCE_DATA = SHARED / "data" / "stance"
needs_shared = pytest.mark.skipif(not STANCE_DATA.exists(), reason="../shared/data not present")
runner = CliRunner()

API_CHECKS = [ec.check_no_attributes_set_in_init, ec.check_parameters_default_constructible,
              ec.check_get_params_invariance, ec.check_set_params, ec.check_estimator_repr,
              ec.check_estimator_cloneable, ec.check_valid_tag_types, ec.check_mixin_order]

SDQC_TEXTS = {
    "support": ["Confirmed by police, this is true", "Yes, officials confirmed it", "BREAKING: reports say it happened",
                "According to the BBC it is correct"],
    "deny": ["This is fake, a hoax", "Not true, stop spreading lies", "False. Debunked already",
             "Total nonsense, fake"],
    "query": ["Is this true?", "Any source for that?", "Really? Who said so?", "Wait what? Is it confirmed?"],
    "comment": ["My thoughts are with the families", "lol ok", "So sad to hear", "Stay safe everyone"],
}


def tiny_sdqc(repeat: int = 3) -> tuple[pl.DataFrame, list[str]]:
    texts, labels = [], []
    for _ in range(repeat):
        for lab, ts in SDQC_TEXTS.items():
            texts += ts
            labels += [lab] * len(ts)
    X = pl.DataFrame({"text": texts, "target": ["The bridge collapsed this morning"] * len(texts),
                      "source_text": ["The bridge collapsed this morning"] * len(texts),
                      "is_reply_to_source": [True] * len(texts), "depth": [1] * len(texts)})
    return X, labels


def tiny_target(repeat: int = 3) -> tuple[pl.DataFrame, list[str]]:
    base = [("I love cats, best pets", "cats", "favor"), ("cats are awful and mean", "cats", "against"),
            ("the sky is blue today", "cats", "none"), ("taxes fund good schools", "higher taxes", "favor"),
            ("taxes are theft", "higher taxes", "against"), ("I ate lunch", "higher taxes", "none")]
    rows = base * repeat
    return pl.DataFrame({"text": [r[0] for r in rows], "target": [r[1] for r in rows]}), [r[2] for r in rows]


def _thread() -> Thread:
    return Thread(
        "t1", "test",
        article=Article(paragraphs=["The council approved the new bridge.", "It opens in May."]),
        comments=[
            Comment("c1", "This is fake news.", author="ann", position=0),
            Comment("c0", "", author="bob", position=1, absent=True, quoted_text="The bridge is safe"),
            Comment("c2", "Is that true?", author="cy", position=2, reply_to="c1"),
            Comment("c3", "Agreed", author="dan", position=3, reply_to="c0", quoted_author="bob",
                    quoted_text="The bridge is safe"),
        ],
    )


def _write_tiny_training(folder: Path) -> None:
    X, y = tiny_sdqc(repeat=2)
    recs = [{"id": f"r{i}", "task": "sdqc", "text": t, "target": "The bridge collapsed", "source_text": "The bridge",
             "thread_id": f"th{i % 3}", "parent_id": f"th{i % 3}", "label": lab, "dataset": "rumoureval2019"}
            for i, (t, lab) in enumerate(zip(X["text"].to_list(), y, strict=True))]
    (folder / "sdqc.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    Xt, yt = tiny_target(repeat=2)
    trecs = [{"id": f"t{i}", "task": "target", "text": t, "target": g, "label": lab, "dataset": "toy"}
             for i, (t, g, lab) in enumerate(zip(Xt["text"].to_list(), Xt["target"].to_list(), yt, strict=True))]
    (folder / "target.jsonl").write_text("".join(json.dumps(r) + "\n" for r in trecs), encoding="utf-8")
