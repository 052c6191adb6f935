"""Training and cross-validation of the block classifier on ``../shared/data/extraction``.

Block labels come from the gold text: a block is ``comment`` (``article``) when most of its
word trigrams occur in the gold comments (article); short blocks (< 3 words) must match a gold
line (or a short gold header line) as a whole. Everything else is ``other``.

Cross-validation is grouped by page (``GroupKFold`` over page ids, so a page's HTML and text
dump never sit on both sides), and every figure is computed by
:func:`discourse.evaluate.extraction_scores` on the predicted pages, like the shared scorer.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from discourse._gold import read_extraction_gold as read_gold
from discourse.errors import InputError
from discourse.metrics import extraction_scores
from discourse.parse import PageParse, page_prediction
from discourse.parse.blocks import Block, html_blocks, parse_html, text_blocks
from discourse.parse.classifier import DECODE_OPTIONS, TreeModel, decode, save_models
from discourse.parse.features import FEATURE_NAMES, block_features
from discourse.parse.formats import decode_bytes
from discourse.parse.segment import split_at_headers
from discourse.parse.sure_rules import apply_sure_rules

__all__ = [
    "FORMAT_PARAMS",
    "HGB_PARAMS",
    "PageData",
    "cross_validate",
    "fit_models",
    "label_blocks",
    "load_pages",
    "model_params",
    "train_extraction",
]

logger = logging.getLogger(__name__)
_TOK = re.compile(r"\w+", re.UNICODE)
SEED = 0
HGB_PARAMS = {
    "max_iter": 150,
    "learning_rate": 0.1,
    "max_leaf_nodes": 31,
    "max_depth": 8,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "random_state": SEED,
    "early_stopping": False,
}
#: Per input type, on top of HGB_PARAMS. HTML: 60 trees per class at a higher rate scored within
#: 0.007 of 150 at 0.1 on every grouped-CV figure (same false-comment rate) and walk in 0.38 of
#: the time, which the parser's speed goal needs. Text dumps keep 150: their pages are short (fast
#: either way) and their false-comment rate rose from 0.056 to 0.064-0.074 with 50-75 trees.
FORMAT_PARAMS: dict[str, dict[str, Any]] = {
    "html": {"max_iter": 60, "learning_rate": 0.25},
    "txt": {},
}


def model_params(fmt: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The classifier parameters of one input type (``params`` override both defaults)."""
    return {**HGB_PARAMS, **FORMAT_PARAMS.get(fmt, {}), **(params or {})}


@dataclass
class PageData:
    """One training page: blocks, features and labels per input type."""

    id: str
    gold: dict[str, Any]
    blocks: dict[str, list[Block]]
    X: dict[str, np.ndarray]
    y: dict[str, np.ndarray]


def _toks(s: str) -> list[str]:
    return _TOK.findall(s.lower())


def label_blocks(blocks: list[Block], article: str, comments: str) -> np.ndarray:
    """Gold label index (``LABELS``) per block."""
    sets = []
    for text in (article, comments):
        t = _toks(text)
        tri = {tuple(t[i : i + 3]) for i in range(len(t) - 2)}
        lines = {" ".join(_toks(ln)) for ln in text.split("\n") if ln.strip()}
        short = {ln for ln in lines if len(ln.split()) <= 10}
        sets.append((tri, lines, short))
    out = np.zeros(len(blocks), dtype=np.int64)
    for i, b in enumerate(blocks):
        t = _toks(b.text)
        if not t:
            continue
        scores = []
        for tri, lines, short in sets:
            if len(t) >= 3:
                grams = [tuple(t[j : j + 3]) for j in range(len(t) - 2)]
                scores.append(sum(g in tri for g in grams) / len(grams))
            else:
                s = " ".join(t)
                scores.append(1.0 if s in lines or any(re.search(rf"\b{re.escape(s)}\b", x) for x in short) else 0.0)
        fa, fc = scores
        if fc >= 0.5 and fc > fa:
            out[i] = 2
        elif fa >= 0.5:
            out[i] = 1
    return out


def find_sets(data_dir: Path) -> list[Path]:
    """Set folders under ``data_dir`` (``data_dir`` itself when it holds gold.jsonl)."""
    data_dir = Path(data_dir)
    if (data_dir / "gold.jsonl").exists():
        return [data_dir]
    sets = sorted(p for p in data_dir.iterdir() if (p / "gold.jsonl").exists()) if data_dir.is_dir() else []
    if not sets:
        raise InputError(data_dir, "no set folder with gold.jsonl found")
    return sets


def page_files(set_dir: Path, pid: str) -> dict[str, Path]:
    out = {}
    for name in (f"{pid}.html.gz", f"{pid}.html", f"{pid}.htm"):
        if (set_dir / "pages" / name).exists():
            out["html"] = set_dir / "pages" / name
            break
    if (set_dir / "textdump" / f"{pid}.txt").exists():
        out["txt"] = set_dir / "textdump" / f"{pid}.txt"
    return out


def read_page_blocks(path: Path, fmt: str) -> list[Block]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = decode_bytes(raw, path, fmt=fmt) if raw.strip() else ""
    return html_blocks(parse_html(text)) if fmt == "html" else split_at_headers(text_blocks(text))


def load_pages(
    data_dir: Path, *, limit: int | None = None, formats: tuple[str, ...] = ("html", "txt")
) -> list[PageData]:
    """Blocks, features and gold labels of every page of every set under ``data_dir``."""
    pages = []
    for set_dir in find_sets(Path(data_dir)):
        gold = read_gold(set_dir)
        for g in gold[:limit] if limit else gold:
            files = page_files(set_dir, str(g["id"]))
            blocks, X, y = {}, {}, {}
            for fmt in formats:
                if fmt not in files:
                    continue
                try:
                    bl = read_page_blocks(files[fmt], fmt)
                except InputError:
                    bl = []
                blocks[fmt] = bl
                X[fmt] = block_features(bl, fmt)
                y[fmt] = label_blocks(bl, g.get("article", ""), g.get("comments", ""))
            pages.append(PageData(str(g["id"]), g, blocks, X, y))
    return pages


def fit_models(pages: list[PageData], formats: tuple[str, ...] = ("html", "txt"), **params: Any) -> dict[str, Any]:
    """One fitted ``HistGradientBoostingClassifier`` per input type."""
    models = {}
    for fmt in formats:
        Xs = [p.X[fmt] for p in pages if fmt in p.X and len(p.X[fmt])]
        ys = [p.y[fmt] for p in pages if fmt in p.X and len(p.X[fmt])]
        X = np.vstack(Xs).astype(np.float64)
        y = np.concatenate(ys)
        clf = HistGradientBoostingClassifier(**model_params(fmt, params))
        # One thread: results do not depend on the core count, and shared machines stay usable.
        with threadpool_limits(limits=1):
            clf.fit(X, y)
        models[fmt] = clf
    return models


def _folds(ids: list[str], k: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    ids_arr = np.asarray(ids)
    # Shuffle groups deterministically: GroupKFold balances sizes; order by a hash of the id.
    order = np.argsort([hashlib.sha1(i.encode()).hexdigest() for i in ids], kind="stable")
    gkf = GroupKFold(n_splits=k)
    for tr, te in gkf.split(order, groups=ids_arr[order]):
        yield np.sort(order[tr]), np.sort(order[te])


def predict_page(
    models: dict[str, Any], page: PageData, fmt: str, options: Any = None, proba: np.ndarray | None = None
) -> dict[str, Any]:
    """The scorer's prediction record for one page, through the same code path as parse_page."""
    blocks = page.blocks.get(fmt, [])
    m = models[fmt]
    if not isinstance(m, TreeModel):
        m = TreeModel.from_sklearn(m, FEATURE_NAMES[fmt], options or DECODE_OPTIONS[fmt])
    opts = options or m.options
    if proba is None and blocks:
        proba = m.predict_proba(page.X[fmt])
    labels = decode(proba, blocks, opts) if blocks else []
    seg = apply_sure_rules(blocks, labels, fmt)
    return {
        "source": page.id + (".txt" if fmt == "txt" else ".html"),
        **page_prediction(PageParse(blocks, seg, fmt, seg.title)),
    }


def cross_validate(
    pages: list[PageData], *, k: int = 5, formats: tuple[str, ...] = ("html", "txt"), options: Any = None, **params: Any
) -> dict[str, Any]:
    """Grouped K-fold CV by page; returns ``{fmt: (summary, per_page, predictions)}``."""
    preds: dict[str, list[dict[str, Any]]] = {f: [] for f in formats}
    proba: dict[str, dict[int, np.ndarray]] = {f: {} for f in formats}
    ids = [p.id for p in pages]
    for tr, te in _folds(ids, k):
        fitted = fit_models([pages[i] for i in tr], formats, **params)
        for fmt in formats:
            tm = TreeModel.from_sklearn(fitted[fmt], FEATURE_NAMES[fmt], options or DECODE_OPTIONS[fmt])
            for i in te:
                if fmt not in pages[i].X:  # a set with text dumps only (dragnet-train-seedlike)
                    continue
                proba[fmt][int(i)] = tm.predict_proba(pages[i].X[fmt])
                preds[fmt].append(predict_page({fmt: tm}, pages[i], fmt))
    out = {}
    for fmt in formats:
        summary, per_page = extraction_scores([p.gold for p in pages], preds[fmt])
        out[fmt] = (summary, per_page, preds[fmt], proba[fmt])
    return out


def feature_digest(pages: list[PageData], formats: tuple[str, ...] = ("html", "txt")) -> dict[str, Any]:
    """SHA-1 of the feature matrices of ``pages`` per input type (with the page ids)."""
    out: dict[str, Any] = {"ids": [p.id for p in pages]}
    for fmt in formats:
        h = hashlib.sha1()
        for p in pages:
            h.update(np.ascontiguousarray(p.X[fmt], dtype=np.float32).tobytes())
        out[fmt] = h.hexdigest()
    return out


def train_extraction(
    data_dir: Path,
    out_path: Path,
    *,
    formats: tuple[str, ...] = ("html", "txt"),
    limit: int | None = None,
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fit on every page under ``data_dir`` and write the shipped model file (deterministic)."""
    pages = load_pages(data_dir, limit=limit, formats=formats)
    fitted = fit_models(pages, formats, **(params or {}))
    models = {}
    for fmt in formats:
        tm = TreeModel.from_sklearn(fitted[fmt], FEATURE_NAMES[fmt], DECODE_OPTIONS[fmt])
        X = np.vstack([p.X[fmt] for p in pages if fmt in p.X and len(p.X[fmt])]).astype(np.float64)
        # The exported arrays must reproduce scikit-learn's probabilities.
        if not np.allclose(fitted[fmt].predict_proba(X[:3000]), tm.predict_proba(X[:3000]), atol=1e-6):
            raise RuntimeError(f"exported {fmt} trees disagree with scikit-learn")
        models[fmt] = tm
    meta = {
        "pages": len(pages),
        "params": {fmt: model_params(fmt, params) for fmt in formats},
        "labels_from": "gold trigram overlap",
        # Lets a test notice when the feature code drifts away from what the model was trained on.
        "feature_check": feature_digest(pages[:5], formats),
    }
    save_models(models, Path(out_path), meta)
    return {"pages": len(pages), "path": str(out_path)}
