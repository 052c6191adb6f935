"""The shipped block classifier: a gradient-boosted tree ensemble stored as plain arrays (npz).

``discourse/models/extraction.npz`` holds, per input type (``txt``, ``html``), the trees of a
scikit-learn ``HistGradientBoostingClassifier`` flattened into arrays (feature index,
threshold, children, leaf values), the baseline scores, the feature names and the decoding
thresholds. Prediction is a vectorised walk of all trees at once in numpy; no pickles, no
scikit-learn at run time. Rebuilt by ``discourse train extraction``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from discourse.errors import ModelError
from discourse.parse.blocks import Block
from discourse.parse.features import FEATURE_NAMES, block_features
from discourse.parse.segment import (
    LABELS,
    Segmentation,
    header_region,
)
from discourse.parse.sure_rules import apply_sure_rules

__all__ = ["DECODE_OPTIONS", "MODEL_PATH", "DecodeOptions", "TreeModel", "decode", "load_model", "segment_with_model"]

logger = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "extraction.npz"
MODEL_VERSION = 1
#: Tree-walk step after which only unfinished paths are walked on (speed only).
_COMPACT_STEP = 4


@dataclass(frozen=True)
class DecodeOptions:
    """Thresholds turning block probabilities into labels (one options object, tuned by CV)."""

    smooth: float = 0.25  # weight of each neighbour's probabilities
    min_comment_words: int = 6  # fewer predicted comment words on a page -> no comments
    min_comment_peak: float = 0.6  # the most confident comment block must reach this
    comment_bias: float = 1.0  # added to the comment log-odds before the argmax

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


#: Decoding per input type, picked on the grouped 5-fold CV predictions of the training set
#: (comment_bias in {0, 0.5, 1, 1.5} x min_comment_peak in {0.3, 0.45, 0.6}; see the model card).
DECODE_OPTIONS = {
    "html": DecodeOptions(comment_bias=1.5, min_comment_peak=0.3),
    "txt": DecodeOptions(comment_bias=1.0, min_comment_peak=0.3),
}


class TreeModel:
    """A multi-class tree ensemble in arrays; ``predict_proba`` walks every tree at once."""

    def __init__(self, arrays: dict[str, np.ndarray], feature_names: list[str], options: DecodeOptions) -> None:
        self.feature = arrays["feature"].astype(np.int64)
        self.threshold = arrays["threshold"].astype(np.float64)
        self.left = arrays["left"].astype(np.int64)
        self.right = arrays["right"].astype(np.int64)
        self.value = arrays["value"].astype(np.float64)
        self.leaf = arrays["leaf"].astype(bool)
        self.roots = arrays["roots"].astype(np.int64)
        self.tree_class = arrays["tree_class"].astype(np.int64)
        self.baseline = arrays["baseline"].astype(np.float64)
        self.depth = int(np.asarray(arrays["max_depth"]).ravel()[0])
        self.feature_names = feature_names
        self.options = options
        # Leaves loop to themselves so a fixed number of steps reaches every leaf.
        self.left = np.where(self.leaf, np.arange(len(self.leaf)), self.left)
        self.right = np.where(self.leaf, np.arange(len(self.leaf)), self.right)
        self.children = np.empty(2 * len(self.leaf), dtype=np.int64)
        self.children[0::2], self.children[1::2] = self.left, self.right
        self.class_matrix = np.zeros((len(self.roots), len(self.baseline)))
        self.class_matrix[np.arange(len(self.roots)), self.tree_class] = 1.0
        # Prediction works on doubled node ids (2 * node): then the child of a step is
        # children2[2 * node + go_right], one addition, and per-node arrays are repeated twice.
        self._roots2 = 2 * self.roots
        self._children2 = 2 * self.children
        self._feature2 = np.repeat(self.feature, 2)
        # Features are float32: for a float32 x, x > t (t float64) exactly when x > t32, the
        # largest float32 <= t, so the walk compares float32 values (half the memory traffic).
        t32 = self.threshold.astype(np.float32)
        above = t32.astype(np.float64) > self.threshold
        t32[above] = np.nextafter(t32[above], np.float32(-np.inf))
        self._threshold2 = np.repeat(t32, 2)
        self._leaf2 = np.repeat(self.leaf, 2)
        self._value2 = np.repeat(self.value, 2)
        self._root_feature = self.feature[self.roots]
        # Offset of each (row, tree) pair's row in the flat feature matrix, for the most rows seen
        # so far (prefix slices serve smaller pages): built once, not per page.
        self._row_base = np.zeros(0, dtype=np.int64)
        self._row_base_width = 0

    @classmethod
    def from_sklearn(cls, clf: Any, feature_names: list[str], options: DecodeOptions) -> TreeModel:
        """Flatten a fitted ``HistGradientBoostingClassifier`` (numerical features, no NaN)."""
        feats, thr, left, right, val, leaf, roots, tcls = [], [], [], [], [], [], [], []
        offset = 0
        max_depth = 0
        for it in clf._predictors:
            for k, pred in enumerate(it):
                nodes = pred.nodes
                roots.append(offset)
                tcls.append(k)
                feats.append(nodes["feature_idx"].astype(np.int32))
                thr.append(nodes["num_threshold"].astype(np.float64))
                left.append(np.where(nodes["is_leaf"], 0, nodes["left"] + offset).astype(np.int32))
                right.append(np.where(nodes["is_leaf"], 0, nodes["right"] + offset).astype(np.int32))
                val.append(nodes["value"].astype(np.float64))
                leaf.append(nodes["is_leaf"].astype(bool))
                max_depth = max(max_depth, int(nodes["depth"].max()))
                offset += len(nodes)
        arrays = {
            "feature": np.concatenate(feats),
            "threshold": np.concatenate(thr),
            "left": np.concatenate(left),
            "right": np.concatenate(right),
            "value": np.concatenate(val),
            "leaf": np.concatenate(leaf),
            "roots": np.asarray(roots, dtype=np.int32),
            "tree_class": np.asarray(tcls, dtype=np.int8),
            "baseline": np.asarray(clf._baseline_prediction, dtype=np.float64).ravel(),
            "max_depth": np.asarray(max_depth),
        }
        return cls(arrays, feature_names, options)

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays written to the model file (leaf self-loops undone)."""
        return {
            "feature": self.feature.astype(np.int16),
            "threshold": self.threshold,
            "left": np.where(self.leaf, 0, self.left).astype(np.int32),
            "right": np.where(self.leaf, 0, self.right).astype(np.int32),
            "value": self.value,
            "leaf": self.leaf,
            "roots": self.roots.astype(np.int32),
            "tree_class": self.tree_class.astype(np.int8),
            "baseline": self.baseline,
            "max_depth": np.asarray(self.depth),
        }

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        k = len(self.baseline)
        if n == 0:
            return np.zeros((0, k))
        if X.dtype == np.float32:
            X = np.ascontiguousarray(X)
            threshold = self._threshold2
        else:  # not from block_features: compare in float64 as trained
            X = np.ascontiguousarray(X, dtype=np.float64)
            threshold = np.repeat(self.threshold, 2)
        n_feat = X.shape[1]
        xf = X.ravel()
        # Flat gathers (np.take) over all rows x trees at once; children packed as (left, right).
        # Half-way down, most paths have reached their leaf (which loops to itself): the
        # remaining steps walk only the (row, tree) pairs still at an inner node.
        feature, children = self._feature2, self._children2
        # Step 0, at the roots: each tree's root feature of every row (a column gather), compared
        # with the root's threshold; the nodes come out row by row, tree by tree, as the walk needs.
        go_right = X.take(self._root_feature, axis=1) > threshold.take(self._roots2)
        node = children.take(self._roots2 + go_right).ravel()
        row_base = self._row_offsets(n, n_feat)
        every, active = None, None
        for step in range(1, self.depth):
            if step == _COMPACT_STEP:
                every, active = node, np.flatnonzero(~self._leaf2.take(node))
                node, row_base = node.take(active), row_base.take(active)
            go_right = xf.take(row_base + feature.take(node)) > threshold.take(node)
            node = children.take(node + go_right)
        if every is not None:
            every[active] = node
            node = every
        leaf_vals = self._value2.take(node).reshape(n, len(self.roots))
        raw = leaf_vals @ self.class_matrix
        return raw + self.baseline

    def _row_offsets(self, n: int, n_feat: int) -> np.ndarray:
        """``np.repeat(np.arange(n) * n_feat, n_trees)`` (read only: a slice of a cached array)."""
        size = n * len(self.roots)
        if n_feat != self._row_base_width or len(self._row_base) < size:
            rows = max(n, 2 * len(self._row_base) // max(len(self.roots), 1), 256)
            self._row_base = np.repeat(np.arange(rows, dtype=np.int64) * n_feat, len(self.roots))
            self._row_base_width = n_feat
        return self._row_base[:size]

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        raw = self.decision_function(X)
        raw -= raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return e / e.sum(axis=1, keepdims=True)


def save_models(models: dict[str, TreeModel], path: Path, meta: dict[str, Any]) -> None:
    """Write ``{fmt: TreeModel}`` into one npz (fixed key order, no pickles)."""
    out: dict[str, np.ndarray] = {}
    header = {"version": MODEL_VERSION, "labels": list(LABELS), **meta, "formats": {}}
    for fmt in sorted(models):
        m = models[fmt]
        for k, v in m.arrays().items():
            out[f"{fmt}.{k}"] = v
        header["formats"][fmt] = {"feature_names": m.feature_names, "options": m.options.to_dict()}
    out["meta"] = np.frombuffer(json.dumps(header, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    # np.savez writes zip entries with the current time; write deterministic entries ourselves.
    import io
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key in out:
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(out[key]), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict[str, TreeModel]:
    """The shipped models by input type (loaded once, lazily)."""
    p = Path(path) if path else MODEL_PATH
    try:
        data = np.load(p, allow_pickle=False)
    except FileNotFoundError:
        raise ModelError(f"{p}: extraction model missing (run `discourse train extraction`)") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{p}: unreadable extraction model ({exc})") from None
    with data:
        header = json.loads(bytes(data["meta"]).decode("utf-8"))
        if header.get("version") != MODEL_VERSION:
            raise ModelError(f"{p}: model version {header.get('version')} != {MODEL_VERSION}")
        models = {}
        for fmt, spec in header["formats"].items():
            arrays = {k.split(".", 1)[1]: data[k] for k in data.files if k.startswith(fmt + ".")}
            if spec["feature_names"] != FEATURE_NAMES[fmt]:
                raise ModelError(f"{p}: features of the {fmt} model do not match the code; retrain")
            models[fmt] = TreeModel(arrays, spec["feature_names"], DecodeOptions(**spec["options"]))
    return models


def decode(proba: np.ndarray, blocks: list[Block], options: DecodeOptions) -> list[str]:
    """Labels from block probabilities: neighbour smoothing, a comment bias, page-level checks."""
    n = len(blocks)
    if n == 0:
        return []
    p = proba.copy()
    if options.smooth > 0 and n > 1:
        nb = np.zeros_like(p)
        nb[1:] += proba[:-1]
        nb[:-1] += proba[1:]
        cnt = np.full((n, 1), 2.0)
        cnt[0] = cnt[-1] = 1.0
        p = (1 - options.smooth) * proba + options.smooth * nb / cnt
    logit = np.log(np.clip(p, 1e-9, 1))
    logit[:, 2] += options.comment_bias
    lab = logit.argmax(axis=1)
    is_c = lab == 2
    if is_c.any():
        words = sum(len(blocks[i].text.split()) for i in np.flatnonzero(is_c))
        if words < options.min_comment_words or p[is_c, 2].max() < options.min_comment_peak:
            alt = p[:, :2].argmax(axis=1)
            lab = np.where(is_c, alt, lab)
    return [LABELS[i] for i in lab]


def segment_with_model(blocks: list[Block], fmt: str, *, path: str | None = None) -> Segmentation | None:
    """Labels from the shipped model plus sure rules; None when no model is shipped."""
    try:
        models = load_model(path)
    except ModelError as exc:
        logger.debug("no extraction model: %s", exc)
        return None
    key = "html" if fmt == "html" else "txt"
    model = models.get(key)
    if model is None:
        return None
    hr = header_region(blocks)  # once a page: the model's features and the sure rules both use it
    X = block_features(blocks, key, header_run=hr)
    labels = decode(model.predict_proba(X), blocks, model.options) if len(blocks) else []
    return apply_sure_rules(blocks, labels, key, header_run=hr)
