"""The estimators' shared machinery: input columns, TF-IDF blocks plus dense features into a
multinomial logistic regression, and the learned state as plain JSON data (no pickles).

:class:`_PairClassifier` is the base of every stance estimator; a subclass supplies
``_docs(frame)`` (block name -> texts), ``_dense(frame)`` and ``DENSE_NAMES``.
:class:`_TextTargetClassifier` adds the word blocks of a text and of its target text.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from numbers import Integral, Real
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from discourse.errors import InputError, ModelError, SchemaError
from discourse.stance.tfidf import _fit_block, _transform_block
from discourse.stance.tokens import normalize_post

__all__ = ["MODEL_FORMAT"]

MODEL_FORMAT = 2  # 2: stance without char n-grams, word prefixes, n_replies; target stance specialist


# ---------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------
def _as_frame(X: Any, *, need_target: bool) -> pl.DataFrame:
    """A polars frame with at least ``text`` (and ``target``) from a polars/pandas frame or dict."""
    if isinstance(X, pl.DataFrame):
        frame = X
    elif hasattr(X, "columns") and hasattr(X, "iloc"):
        frame = pl.from_pandas(X)
    elif isinstance(X, dict):
        frame = pl.DataFrame(X)
    else:
        raise InputError("<input>", f"expected a DataFrame with columns text, target; got {type(X).__name__}")
    needed = ["text", "target"] if need_target else ["text"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise SchemaError(f"stance input lacks columns {', '.join(missing)}")
    return frame


def _col(frame: pl.DataFrame, name: str) -> list[str]:
    if name not in frame.columns:
        return [""] * frame.height
    return ["" if v is None else str(v) for v in frame[name].to_list()]


def _num(frame: pl.DataFrame, name: str, default: float = 0.0) -> np.ndarray:
    if name not in frame.columns:
        return np.full(frame.height, default)
    return np.asarray([default if v is None else float(v) for v in frame[name].to_list()], dtype=float)


def _labels(y: Any) -> np.ndarray:
    """Class labels as an object array of str (from a list, array or polars Series)."""
    return np.asarray([str(v) for v in (y.to_list() if isinstance(y, pl.Series) else list(y))], dtype=object)


def _per_class(lr: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and intercepts of a fitted LR with one row per class (a binary LR is expanded,
    for a uniform softmax)."""
    coef, intercept = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.asarray([-intercept[0] / 2, intercept[0] / 2])
    return coef, intercept


def _round_sig(a: np.ndarray, digits: int = 4) -> np.ndarray:
    return np.asarray([float(f"{v:.{digits}g}") for v in np.ravel(a)], dtype=float).reshape(np.shape(a))


class _PairClassifier(ClassifierMixin, BaseEstimator):
    """Shared machinery: feature blocks, a multinomial LR, export/import as plain data."""

    _model_name: ClassVar[str] = ""

    _parameter_constraints: ClassVar[dict] = {
        "C": [Interval(Real, 0.0, None, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "min_df": [Interval(Integral, 1, None, closed="left")],
        "max_word_features": [Interval(Integral, 1, None, closed="left")],
        "max_char_features": [Interval(Integral, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # subclasses: _docs(frame) -> {block name: docs}, _dense(frame) -> (n, k) array, DENSE_NAMES
    DENSE_NAMES: ClassVar[tuple[str, ...]] = ()
    #: The analyzer kind (key of ``_ANALYZERS`` / ``_FAST_ANALYZERS``) of each block name.
    _BLOCK_KINDS: ClassVar[dict[str, str]] = {"word": "word", "char": "char", "target": "target_word",
                                               "pair": "pair_word"}

    def _block_specs(self) -> list[tuple[str, int]]:
        return [("word", self.max_word_features), ("char", self.max_char_features)]

    def _sparse_features(self, frame: pl.DataFrame) -> sp.csr_matrix:
        """The TF-IDF blocks of ``frame`` (fitted ``blocks_``), side by side."""
        docs = self._docs(frame)
        mats = [_transform_block(b, docs[b["name"]]) for b in self.blocks_]
        return sp.hstack(mats, format="csr") if mats else sp.csr_matrix((frame.height, 0))

    def _features(self, frame: pl.DataFrame) -> sp.csr_matrix:
        return sp.hstack([self._sparse_features(frame), sp.csr_matrix(self._dense(frame))], format="csr")

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> _PairClassifier:
        """Fit the vocabularies and the linear model.

        Parameters
        ----------
        X : polars.DataFrame
            Columns ``text`` and ``target`` (plus the optional columns the subclass documents).
        y : sequence of str
            Labels.
        sample_weight : array-like of shape (n_samples,), optional
            Per-example weights (used to balance training corpora of different sizes).

        Returns
        -------
        self
        """
        self._validate_params()
        frame = _as_frame(X, need_target=True)
        y = _labels(y)
        if len(y) != frame.height:
            raise ValueError(f"X has {frame.height} rows but y has {len(y)} labels")
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(f"need at least 2 classes to fit, got {classes.tolist()}")
        self._reset_fit_state()
        self._fit_blocks(frame)
        Xm = self._features(frame)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.classes_, coef, intercept = self._fit_linear(Xm, y, sw)
        # rounded as they are stored, so a fitted and a reloaded model predict identically
        self.coef_ = _round_sig(coef)
        self.intercept_ = _round_sig(intercept)
        self.n_features_in_ = frame.width
        return self

    def _fit_blocks(self, frame: pl.DataFrame) -> None:
        """Fit the TF-IDF vocabularies (``blocks_``) on ``frame``."""
        docs = self._docs(frame)
        self.blocks_ = []
        for name, cap in self._block_specs():
            if cap <= 0:
                continue
            block = _fit_block(self._BLOCK_KINDS[name], docs[name], min_df=self.min_df, max_features=cap)
            block["name"] = name
            self.blocks_.append(block)

    def _logistic(self, C: float) -> LogisticRegression:
        return LogisticRegression(C=C, class_weight=self.class_weight, max_iter=self.max_iter,
                                  random_state=self.random_state, solver="lbfgs")

    def _fit_linear(self, Xm: sp.csr_matrix, y: np.ndarray,
                    sample_weight: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Classes, coefficients (one row per class) and intercepts of the linear model on ``Xm``."""
        lr = self._logistic(self.C).fit(Xm, y, sample_weight=sample_weight)
        return (lr.classes_, *_per_class(lr))

    def _reset_fit_state(self) -> None:
        """Drop state a previous fit left that ``_docs`` reads (refit must start clean)."""

    def _extra_state(self) -> dict[str, Any]:
        return {}

    def _set_extra_state(self, data: dict[str, Any]) -> None:
        """Restore what :meth:`_extra_state` exported."""

    def decision_function(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "coef_")
        frame = _as_frame(X, need_target=True)
        return np.asarray(self._features(frame) @ self.coef_.T) + self.intercept_

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities (softmax of the linear scores), columns in ``classes_`` order."""
        z = self.decision_function(X)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X: Any) -> np.ndarray:
        """The most probable label per row."""
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    # ---- plain-data export -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The learned state and parameters as JSON-ready data (no pickles)."""
        check_is_fitted(self, "coef_")
        return {
            "model": self._model_name,
            "format": MODEL_FORMAT,
            "params": self.get_params(),
            "classes": self.classes_.tolist(),
            "dense_features": list(self.DENSE_NAMES),
            "blocks": [{"name": b["name"], "kind": b["kind"], "terms": b["terms"], "idf": b["idf"]}
                       for b in self.blocks_],
            "intercept": self.intercept_.tolist(),
            "coef": self.coef_.tolist(),
            "n_features_in": int(self.n_features_in_),
            **self._extra_state(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "<dict>") -> Any:
        """Rebuild a fitted estimator from :meth:`to_dict` data."""
        try:
            if data.get("model") != cls._model_name or data.get("format") != MODEL_FORMAT:
                raise ModelError(f"{source}: not a {cls._model_name} model of format {MODEL_FORMAT}")
            if list(data["dense_features"]) != list(cls.DENSE_NAMES):
                raise ModelError(f"{source}: dense features {data['dense_features']} are not this version's "
                                 f"{list(cls.DENSE_NAMES)}; rebuild it with `discourse train stance`")
            est = cls(**data["params"])
            est.blocks_ = [dict(b) for b in data["blocks"]]
            est.classes_ = np.asarray(data["classes"], dtype=object)
            est.coef_ = np.asarray(data["coef"], dtype=float)
            est.intercept_ = np.asarray(data["intercept"], dtype=float)
            est.n_features_in_ = int(data["n_features_in"])
            est._set_extra_state(data)
            width = sum(len(b["terms"]) for b in est.blocks_) + len(cls.DENSE_NAMES)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{source}: corrupt model file ({exc})") from None
        if est.coef_.shape != (len(est.classes_), width):
            raise ModelError(f"{source}: coefficient shape {est.coef_.shape} does not match {width} features")
        return est

    def save(self, path: str | Path) -> Path:
        """Write the model as compact, deterministic JSON (sorted keys, fixed float format)."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                        + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Any:
        """Load a model written by :meth:`save`."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: cannot read model ({exc})") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def pretrained(cls) -> Any:
        """The model shipped in ``discourse/models`` (loaded once per process, then copied)."""
        return copy.deepcopy(_load_shipped(cls))


@functools.lru_cache(maxsize=4)
def _load_shipped(cls: type) -> Any:
    ref = resources.files("discourse") / "models" / f"{cls._model_name}.json"
    try:
        text = ref.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"discourse/models/{cls._model_name}.json: shipped model missing ({exc}); "
                         "rebuild it with `discourse train stance`") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ModelError(f"discourse/models/{cls._model_name}.json: corrupt model file ({exc})") from None
    return cls.from_dict(data, source=f"discourse/models/{cls._model_name}.json")


# ---------------------------------------------------------------------------------------
# Estimators of a text toward a target text (reply stance, agreement)
# ---------------------------------------------------------------------------------------
class _TextTargetClassifier(_PairClassifier):
    """A pair classifier over a text and its target text (a parent comment, the article's lead):
    word and character blocks of the text plus a word block of the target."""

    def _block_specs(self) -> list[tuple[str, int]]:
        return [*super()._block_specs(), ("target", self.max_target_features)]

    def _docs(self, frame: pl.DataFrame) -> dict[str, list[str]]:
        texts = [normalize_post(t) for t in _col(frame, "text")]
        return {"word": texts, "char": texts, "target": [normalize_post(t) for t in _col(frame, "target")]}
