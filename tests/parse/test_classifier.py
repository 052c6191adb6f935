"""The learned segmenter: training on a tiny set made here, export, determinism, loading."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from discourse.errors import ModelError
from discourse.parse import parse_page
from discourse.parse.classifier import load_model, segment_with_model
from discourse.parse.train import label_blocks, load_pages, train_extraction

TINY = {"max_iter": 8, "max_leaf_nodes": 7, "min_samples_leaf": 2}
WORDS = (
    "budget council plan vote tax school road city mayor report water price rail park housing "
    "teacher doctor law court market energy"
).split()


def _page(rng: random.Random, k: int, with_comments: bool) -> tuple[str, str, str]:
    def sent(n):
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    art = [sent(30) + " " + sent(20) for _ in range(4)]
    com = [(f"Reader{j}", f"May {j + 1}, 2012 at 10:0{j} am", sent(12)) for j in range(3)] if with_comments else []
    html = [
        "<html><head><title>T</title></head><body><ul class='menu'><li><a href='/'>Home</a></li>",
        "<li><a href='/a'>About</a></li></ul>",
        f"<h1>Story {k}</h1><div class='entry-content'>",
    ]
    html += [f"<p>{p}</p>" for p in art]
    html.append("</div>")
    if com:
        html.append("<ol class='commentlist'>")
        html += [
            f"<li class='comment' id='comment-{j}'><div>{a} says:</div><div>{d}</div><p>{t}</p><a>Reply</a></li>"
            for j, (a, d, t) in enumerate(com)
        ]
        html.append("</ol>")
    html.append("<div id='footer'>Copyright 2012 Example News</div></body></html>")
    gold_c = "\n\n".join(f"{a} says:\n{d}\n{t}" for a, d, t in com)
    return "".join(html), "\n\n".join([f"Story {k}", *art]), gold_c


@pytest.fixture(scope="module")
def tiny_set(tmp_path_factory):
    root = tmp_path_factory.mktemp("extraction")
    s = root / "tiny"
    (s / "pages").mkdir(parents=True)
    (s / "textdump").mkdir()
    rng = random.Random(0)
    gold = []
    from discourse.parse.blocks import html_blocks, parse_html

    for k in range(24):
        html, art, com = _page(rng, k, with_comments=k % 2 == 0)
        (s / "pages" / f"p{k:02d}.html").write_text(html)
        dump = "\n\n".join(b.text for b in html_blocks(parse_html(html))) + "\n"
        (s / "textdump" / f"p{k:02d}.txt").write_text(dump)
        gold.append({"id": f"p{k:02d}", "article": art, "comments": com, "has_comments": bool(com)})
    (s / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    return root


def test_label_blocks():
    from discourse.parse.blocks import text_blocks

    blocks = text_blocks(
        "Home\n\nThe council voted for the plan today.\n\nAnna says:\n\nI hate the plan so much.\n\nReply"
    )
    y = label_blocks(blocks, "Story\n\nThe council voted for the plan today.", "Anna says:\nI hate the plan so much.")
    assert y.tolist() == [0, 1, 2, 2, 0]


def test_training_is_deterministic_and_exact(tiny_set, tmp_path):
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    train_extraction(tiny_set, a, params=TINY)
    train_extraction(tiny_set, b, params=TINY)
    assert a.read_bytes() == b.read_bytes()
    models = load_model(str(a))
    assert set(models) == {"html", "txt"}
    pages = load_pages(tiny_set, limit=4)
    for fmt in ("html", "txt"):
        proba = models[fmt].predict_proba(pages[0].X[fmt])
        assert proba.shape == (len(pages[0].blocks[fmt]), 3)
        assert np.allclose(proba.sum(axis=1), 1)
        seg = segment_with_model(pages[0].blocks[fmt], fmt, path=str(a))
        assert len(seg.labels) == len(pages[0].blocks[fmt])


def test_bad_model_file(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match=r"bad\.npz"):
        load_model(str(bad))
    with pytest.raises(ModelError, match="missing"):
        load_model(str(tmp_path / "none.npz"))


def test_shipped_model_loads_and_parses(tmp_path):
    models = load_model()
    assert set(models) == {"html", "txt"}
    html, _, _ = _page(random.Random(5), 99, with_comments=True)
    p = tmp_path / "x.html"
    p.write_text(html)
    t = parse_page(p)
    assert "Home" not in t.article.text
    assert len(t.present_comments) == 3
    assert [c.author for c in t.present_comments] == ["Reader0", "Reader1", "Reader2"]


def test_train_and_evaluate_cli_on_tiny_set(tiny_set, tmp_path):
    from typer.testing import CliRunner

    from discourse.cli import app

    out = tmp_path / "m.npz"
    res = CliRunner().invoke(app, ["train", "extraction", "--data", str(tiny_set), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "trained on 24 pages" in res.output and out.exists()
    res = CliRunner().invoke(app, ["evaluate", "extraction", str(tiny_set), "--cv", "3", "--input-type", "html"])
    assert res.exit_code == 0, res.output
    summary = json.loads(next(line for line in res.output.splitlines() if line.startswith("{")))
    assert summary["input"] == "html" and summary["counts"]["gold_pages"] == 24
    assert summary["comments"]["f1"] > 0.5


SHARED_SET = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "extraction" / "dragnet-train"


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_SET.exists(), reason="../shared/data not present")
def test_shipped_model_matches_feature_code():
    """The shipped model was trained on the features this code computes (else retrain)."""
    import numpy as np

    from discourse.parse.classifier import MODEL_PATH
    from discourse.parse.train import feature_digest, load_pages

    with np.load(MODEL_PATH) as data:
        meta = json.loads(bytes(data["meta"]).decode("utf-8"))
    check = meta["feature_check"]
    pages = [p for p in load_pages(SHARED_SET, limit=40) if p.id in check["ids"]]
    pages.sort(key=lambda p: check["ids"].index(p.id))
    assert feature_digest(pages) == check
