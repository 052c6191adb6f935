"""Rebuild the shipped models from the training data in ``../shared/data`` (``discourse train``).

Each stage owns a section here; the training is deterministic (fixed seeds, sorted inputs),
so a rerun writes byte-identical model files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, StratifiedKFold

from discourse._gold import read_jsonl
from discourse.errors import InputError
from discourse.metrics import stance_metrics
from discourse.stance import AgreementClassifier, StanceClassifier, TargetStanceClassifier, sdqc_frame, target_frame

__all__ = [
    "agreement_frame",
    "cross_validate_stance",
    "cv_agreement_report",
    "cv_stance_report",
    "nested_cv_target_specialists",
    "read_jsonl",
    "sdqc_frame",
    "target_frame",
    "train_agreement_model",
    "train_stance_models",
]

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------
# Stance (issue 5)
# ---------------------------------------------------------------------------------------
#: Weight of each VAST example when training target stance. VAST (13,477 NYT comments) outweighs
#: SemEval-2016 (2,914 tweets) 4.6:1 and pulls the shared features toward its domain: SemEval
#: 5-fold F_avg was 0.659 without VAST, 0.596 with VAST at weight 1 (smaller char cap), 0.622 at
#: 0.2 and 0.640 at 0.05 (VAST dev F_avg 0.387 at 0.2, 0.367 at 0.05). At 0.05 no VAST topic reaches the
#: summed weight that makes TargetStanceClassifier's specialist cover it, so the specialist is SemEval-only
#: (SemEval CV F_avg 0.663 since). See target_stance.md.
VAST_WEIGHT = 0.05

STANCE_FILES = {
    "sdqc": ("rumoureval2019-train.jsonl",),
    "target": ("semeval2016-train.jsonl", "vast-train.jsonl"),
}


def _load(data_dir: Path, names: Iterable[str]) -> list[dict[str, Any]]:
    recs: list[dict[str, Any]] = []
    for name in names:
        path = data_dir / name
        if not path.exists():
            raise InputError(path, "training file missing")
        recs.extend(read_jsonl(path))
    return sorted(recs, key=lambda r: str(r["id"]))


def _corpus_weights(recs: Sequence[dict[str, Any]]) -> np.ndarray:
    return np.asarray([VAST_WEIGHT if r.get("dataset") == "vast" else 1.0 for r in recs], dtype=float)


def train_stance_models(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    which: Sequence[str] = ("stance", "target_stance"),
    files: dict[str, Sequence[str]] | None = None,
) -> dict[str, Path]:
    """Train the reply-stance and target-stance models and write them as JSON into ``out_dir``.

    Parameters
    ----------
    data_dir : path
        Folder with the training files (``../shared/data/stance``).
    out_dir : path
        Where ``stance.json`` / ``target_stance.json`` are written (``discourse/models``).
    which : sequence of {"stance", "target_stance"}
    files : dict, optional
        Training file names per task (``"sdqc"``, ``"target"``), default :data:`STANCE_FILES`.

    Returns
    -------
    dict
        Model name → written path.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    files = {**STANCE_FILES, **(files or {})}
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if "stance" in which:
        recs = _load(data_dir, files["sdqc"])
        model = StanceClassifier().fit(sdqc_frame(recs), [r["label"] for r in recs])
        written["stance"] = model.save(out_dir / "stance.json")
        logger.info("stance: %d examples -> %s", len(recs), written["stance"])
    if "target_stance" in which:
        recs = _load(data_dir, files["target"])
        model = TargetStanceClassifier().fit(target_frame(recs), [r["label"] for r in recs],
                                             sample_weight=_corpus_weights(recs))
        written["target_stance"] = model.save(out_dir / "target_stance.json")
        logger.info("target_stance: %d examples -> %s", len(recs), written["target_stance"])
    return written


def cross_validate_stance(
    frame: pl.DataFrame, labels: Sequence[str], *, estimator: Any, groups: Sequence[Any] | None = None,
    n_splits: int = 5, extra_train: tuple[pl.DataFrame, Sequence[str]] | None = None,
    extra_weight: float = 1.0,
) -> np.ndarray:
    """Out-of-fold predictions: GroupKFold by ``groups`` (threads) or stratified K-fold.

    ``extra_train`` (frame, labels) is added to every training fold with weight
    ``extra_weight`` and never tested on (VAST when cross-validating target stance on SemEval).
    """
    y = np.asarray(labels, dtype=object)
    pred = np.empty(len(y), dtype=object)
    if groups is not None:
        splits = GroupKFold(n_splits=n_splits).split(np.zeros(len(y)), y, groups)
    else:
        splits = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0).split(np.zeros(len(y)), y)
    for tr, te in splits:
        Xtr, ytr = frame[tr.tolist()], y[tr]
        weight = None
        if extra_train is not None:
            Xtr = pl.concat([Xtr.select(extra_train[0].columns), extra_train[0]], how="vertical_relaxed")
            ytr = np.concatenate([ytr, np.asarray(extra_train[1], dtype=object)])
            weight = np.concatenate([np.ones(len(tr)), np.full(len(extra_train[1]), extra_weight)])
        est = clone(estimator).fit(Xtr, ytr) if weight is None else clone(estimator).fit(Xtr, ytr, sample_weight=weight)
        pred[te] = est.predict(frame[te.tolist()])
    return pred


def cv_stance_report(data_dir: str | Path, *, which: Sequence[str] = ("stance", "target_stance"),
                     n_splits: int = 5) -> dict[str, Any]:
    """Cross-validated and held-out figures of the stance models, as the model cards quote them.

    * ``stance``: GroupKFold by thread on RumourEval train (out-of-fold predictions scored as
      one set), and train → dev.
    * ``target_stance``: stratified K-fold on SemEval-2016 (VAST train added to every training
      fold, never tested on), and SemEval + VAST train → VAST dev.

    Metrics are :func:`discourse.evaluate.stance_metrics` (the same as ``eval_stance.py``).
    """
    data_dir = Path(data_dir)
    out: dict[str, Any] = {}
    if "stance" in which:
        train = _load(data_dir, ["rumoureval2019-train.jsonl"])
        dev = _load(data_dir, ["rumoureval2019-dev.jsonl"])
        f_train = sdqc_frame(train)
        y = [r["label"] for r in train]
        pred = cross_validate_stance(f_train, y, estimator=StanceClassifier(),
                                     groups=f_train["thread_id"].to_list(), n_splits=n_splits)
        out["stance_cv_grouped_by_thread"] = stance_metrics(train, dict(zip(f_train["id"], pred, strict=True)))
        model = StanceClassifier().fit(f_train, y)
        f_dev = sdqc_frame(dev)
        out["stance_train_to_dev"] = stance_metrics(dev, dict(zip(f_dev["id"], model.predict(f_dev), strict=True)))
    if "target_stance" in which:
        se = _load(data_dir, ["semeval2016-train.jsonl"])
        va = _load(data_dir, ["vast-train.jsonl"])
        vd = _load(data_dir, ["vast-dev.jsonl"])
        f_se = target_frame(se)
        pred = cross_validate_stance(f_se, [r["label"] for r in se], estimator=TargetStanceClassifier(),
                                     n_splits=n_splits, extra_train=(target_frame(va), [r["label"] for r in va]),
                                     extra_weight=VAST_WEIGHT)
        out["target_cv_semeval"] = stance_metrics(se, dict(zip(f_se["id"], pred, strict=True)))
        model = TargetStanceClassifier().fit(target_frame(se + va), [r["label"] for r in se + va],
                                             sample_weight=_corpus_weights(se + va))
        f_vd = target_frame(vd)
        out["target_train_to_vast_dev"] = stance_metrics(vd, dict(zip(f_vd["id"], model.predict(f_vd), strict=True)))
    return out


# ---------------------------------------------------------------------------------------
# Agreement (issue 22)
# ---------------------------------------------------------------------------------------
AGREEMENT_FILE = "subreddit-agreement-mask.jsonl"
#: The grids searched by the inner folds of the nested CV: ``C`` of the sparse (n-gram) part and
#: ``dense_C`` of the dense (cues, sentiment, discourse, embedding) part of the agreement model. The
#: shipped defaults (``AgreementClassifier.C``, ``.dense_C``) are the pair the outer folds chose most.
AGREEMENT_C_GRID = (0.5, 1.0, 2.0)
AGREEMENT_DENSE_C_GRID = (0.03, 0.1, 0.3)


def agreement_frame(records: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """Model input for :class:`~discourse.stance.AgreementClassifier` (``id``, ``text``, ``target``)."""
    return target_frame(records)


def train_agreement_model(data_dir: str | Path, out_dir: str | Path) -> Path:
    """Fit :class:`~discourse.stance.AgreementClassifier` (default parameters) on the shared Reddit pairs
    and write ``agreement.json`` into ``out_dir`` (deterministic: reruns are byte-identical)."""
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    recs = _load(data_dir, [AGREEMENT_FILE])
    model = AgreementClassifier().fit(agreement_frame(recs), [r["label"] for r in recs])
    path = model.save(out_dir / "agreement.json")
    logger.info("agreement: %d examples -> %s", len(recs), path)
    return path


def _select_agreement_params(frame: pl.DataFrame, y: np.ndarray, dense: np.ndarray, c_grid: Sequence[float],
                             dense_c_grid: Sequence[float], n_splits: int = 3) -> tuple[float, float, float]:
    """(C, dense_C, macro-F1) with the best ``n_splits``-fold stratified CV macro-F1 on ``frame`` alone.

    The two parts of :class:`~discourse.stance.AgreementClassifier` are fitted separately, so each
    inner fold fits each part once per value of its own grid and scores every pair by averaging their
    logits, exactly as the estimator does (``len(c_grid) + len(dense_c_grid)`` fits per fold instead
    of their product). ``dense`` holds the rows' dense features (stateless: no fitting).
    """
    proto = AgreementClassifier()
    pairs = [(c, d) for c in c_grid for d in dense_c_grid]
    pred = {p: np.empty(len(y), dtype=object) for p in pairs}
    for tr, te in StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0).split(np.zeros(len(y)), y):
        est = AgreementClassifier()
        est._fit_blocks(frame[tr.tolist()])
        sparse = est._sparse_features(frame)
        z_s, z_d = {}, {}
        for c in c_grid:
            lr = proto._logistic(c).fit(sparse[tr], y[tr])
            z_s[c], classes = lr.decision_function(sparse[te]), lr.classes_
        for d in dense_c_grid:
            z_d[d] = proto._logistic(d).fit(dense[tr], y[tr]).decision_function(dense[te])
        for c, d in pairs:
            pred[(c, d)][te] = classes[np.argmax(z_s[c] + z_d[d], axis=1)]
    scores = [f1_score(y, pred[p], average="macro") for p in pairs]
    best = int(np.argmax(scores))  # ties: the first pair in grid order
    return float(pairs[best][0]), float(pairs[best][1]), float(scores[best])


def cv_agreement_report(data_dir: str | Path, *, n_splits: int = 5, c_grid: Sequence[float] = AGREEMENT_C_GRID,
                        dense_c_grid: Sequence[float] = AGREEMENT_DENSE_C_GRID,
                        baseline: Any = None) -> dict[str, Any]:
    """Nested cross-validated figures of the agreement model, as its model card quotes them.

    Outer folds: ``StratifiedKFold(n_splits, shuffle=True, random_state=0)`` over the id-sorted records;
    in each, ``C`` and ``dense_C`` are chosen from ``c_grid`` x ``dense_c_grid`` by 3-fold stratified CV
    macro-F1 on the outer training part only (:func:`_select_agreement_params`), so the outer test fold
    never informs a choice; then :class:`~discourse.stance.AgreementClassifier` with that pair is fitted
    on the outer training part and predicts the outer test fold. Out-of-fold predictions are scored as
    one set with :func:`discourse.evaluate.stance_metrics` (the same as ``eval_stance.py``).
    ``baseline``, a callable ``(train_records, test_records) -> {id: label}`` (``baseline_stance.run``),
    is scored in the same outer folds. When the file has several subreddits, leave-one-subreddit-out
    figures too.
    """
    recs = _load(Path(data_dir), [AGREEMENT_FILE])
    frame = agreement_frame(recs)
    y = np.asarray([r["label"] for r in recs], dtype=object)
    dense = AgreementClassifier()._dense(frame)  # per-row features, no fitting: computed once
    outer = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
    pred = np.empty(len(y), dtype=object)
    base_pred: dict[str, str] = {}
    chosen: list[dict[str, float]] = []
    for tr, te in outer.split(np.zeros(len(y)), y):
        c, d, inner_f1 = _select_agreement_params(frame[tr.tolist()], y[tr], dense[tr], c_grid, dense_c_grid)
        chosen.append({"C": c, "dense_C": d, "inner_macro_f1": round(inner_f1, 4)})
        est = AgreementClassifier(C=c, dense_C=d).fit(frame[tr.tolist()], y[tr])
        pred[te] = est.predict(frame[te.tolist()])
        if baseline is not None:
            base_pred.update(baseline([recs[i] for i in tr], [recs[i] for i in te]))
    ids = frame["id"].to_list()
    out: dict[str, Any] = {
        "agreement_nested_cv": stance_metrics(recs, dict(zip(ids, pred, strict=True))),
        "chosen_per_outer_fold": chosen,
    }
    if baseline is not None:
        out["baseline_same_folds"] = stance_metrics(recs, base_pred)
    subs = sorted({str(r.get("subreddit")) for r in recs})
    if len(subs) > 1:
        loso: dict[str, Any] = {}
        for s in subs:
            tr = [i for i, r in enumerate(recs) if str(r.get("subreddit")) != s]
            te = [i for i, r in enumerate(recs) if str(r.get("subreddit")) == s]
            est = AgreementClassifier().fit(frame[tr], y[tr])
            loso[s] = stance_metrics([recs[i] for i in te], dict(zip([ids[i] for i in te], est.predict(frame[te]),
                                                                     strict=True)))
        out["leave_one_subreddit_out"] = loso
    else:
        out["leave_one_subreddit_out"] = f"not applicable: one subreddit ({subs[0]})"
    return out


#: The grid of each target-stance specialist's C searched by the inner folds of
#: :func:`nested_cv_target_specialists`.
SPECIALIST_C_GRID = (0.5, 1.0, 2.0, 4.0)


def nested_cv_target_specialists(data_dir: str | Path, *, per_target: bool = True,
                                 c_grid: Sequence[float] = SPECIALIST_C_GRID, n_splits: int = 5,
                                 baseline: Any = None) -> dict[str, Any]:
    """Nested CV on SemEval-2016 train of the part of :class:`~discourse.stance.TargetStanceClassifier`
    that scores SemEval targets: its specialists (``per_target=True``: one model per target, as
    shipped; ``False``: one pooled SemEval model, the previous design).

    Outer folds: ``StratifiedKFold(n_splits, shuffle=True, random_state=0)`` over the id-sorted records
    (as :func:`cv_stance_report`); in each, C is chosen from ``c_grid`` by 3-fold CV F_avg on the outer
    training part only. VAST and the general model are left out: in the shipped model every SemEval
    row is scored by its target's specialist, which never sees VAST. ``baseline``, a callable
    ``(train_records, test_records) -> {id: label}`` (``baseline_stance.run`` with ``model="svm",
    per_target=True``), is scored in the same outer folds.
    """
    recs = _load(Path(data_dir), ["semeval2016-train.jsonl"])
    frame = target_frame(recs)
    y = np.asarray([r["label"] for r in recs], dtype=object)
    targets = np.asarray([r["target"] for r in recs], dtype=object)
    ids = [str(r["id"]) for r in recs]

    def fit_predict(c: float, tr: np.ndarray, te: np.ndarray) -> dict[str, str]:
        out: dict[str, str] = {}
        if not per_target:
            model = TargetStanceClassifier(specialist=False, C=c).fit(frame[tr.tolist()], y[tr])
            return dict(zip([ids[i] for i in te], model.predict(frame[te.tolist()]).tolist(), strict=True))
        for g in sorted(set(targets[te])):
            a = [i for i in tr if targets[i] == g]
            b = [i for i in te if targets[i] == g]
            model = TargetStanceClassifier(**TargetStanceClassifier().specialist_params(c)).fit(frame[a], y[a])
            out.update(zip([ids[i] for i in b], model.predict(frame[b]).tolist(), strict=True))
        return out

    def f_avg(idx: np.ndarray, pred: dict[str, str]) -> float:
        return float(np.mean(f1_score(y[idx], [pred[ids[i]] for i in idx], labels=["favor", "against"],
                                      average=None)))

    pred: dict[str, str] = {}
    base: dict[str, str] = {}
    chosen: list[float] = []
    outer = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
    for tr, te in outer.split(np.zeros(len(y)), y):
        scores = []
        for c in c_grid:
            inner_pred: dict[str, str] = {}
            for itr, ite in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(np.zeros(len(tr)), y[tr]):
                inner_pred.update(fit_predict(c, tr[itr], tr[ite]))
            scores.append(f_avg(tr, inner_pred))
        best = float(c_grid[int(np.argmax(scores))])
        chosen.append(best)
        pred.update(fit_predict(best, tr, te))
        if baseline is not None:
            base.update(baseline([recs[i] for i in tr], [recs[i] for i in te]))
    out: dict[str, Any] = {"nested_cv": stance_metrics(recs, pred), "chosen_C_per_outer_fold": chosen}
    if baseline is not None:
        out["baseline_same_folds"] = stance_metrics(recs, base)
    return out
