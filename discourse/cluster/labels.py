"""Readable cluster labels: c-TF-IDF keywords, the central phrase of each cluster, its central example."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.preprocessing import normalize

from discourse.cluster.vectors import _pool, _stop_words, embed_texts

__all__ = ["LABEL_STOP_WORDS", "NOISE", "TIE", "central_phrases"]

#: Label of the noise / "other" cluster.
NOISE = -1
#: Words too generic to name a cluster (added to scikit-learn's English stop words for labels).
LABEL_STOP_WORDS = frozenset(
    """did does doing done want wants wanted say says said saying despite like just really actually
    think thinks make makes made going get gets got know way thing things lot also even still yes
    ve ll don didn doesn isn aren wasn won""".split()
)


def _ctfidf_keywords(
    texts: list[str], labels: np.ndarray, n_keywords: int, language: str = "en"
) -> dict[int, list[str]]:
    """Class-based TF-IDF (BERTopic): tf of the term in the cluster's joined text, times
    log(1 + mean words per cluster / the term's frequency over all clusters).

    Terms are words and two-word phrases of adjacent words (a phrase never spans a stop word:
    "offended when someone attacks" gives no "offended attacks"). A keyword must occur in at
    least two of the cluster's texts (when it has two), so a label names what the cluster
    shares rather than one sentence's phrase; a cluster whose texts share no term at all
    (two sentences making one point in other words) is named by its best terms regardless.
    """
    clusters = sorted(c for c in set(labels.tolist()) if c != NOISE)
    if not clusters:
        return {}
    member = np.flatnonzero(labels != NOISE)
    cv = CountVectorizer(analyzer=functools.partial(_label_terms, language=language), lowercase=False)
    try:
        per_text = cv.fit_transform([texts[i] for i in member]).astype(np.float64)
    except ValueError:  # nothing but stop words
        return {c: [] for c in clusters}
    index = {c: i for i, c in enumerate(clusters)}
    onehot = sp.csr_matrix(
        (np.ones(member.size), ([index[int(labels[i])] for i in member], np.arange(member.size))),
        shape=(len(clusters), member.size),
    )
    counts = (onehot @ per_text).tocsr()
    doc_freq = (onehot @ (per_text > 0).astype(np.float64)).toarray()
    sizes = np.asarray(onehot.sum(axis=1)).ravel()
    vocab = cv.get_feature_names_out()
    tf = normalize(counts, norm="l1", axis=1)
    total = np.asarray(counts.sum(axis=0)).ravel()
    mean_words = counts.sum() / len(clusters)
    idf = np.log1p(mean_words / np.maximum(total, 1.0))
    all_scores = tf.multiply(idf[None, :]).toarray()
    scores = np.where(doc_freq < np.minimum(2, sizes)[:, None], 0.0, all_scores)
    unshared = ~(scores > 0).any(axis=1)
    scores[unshared] = all_scores[unshared]
    out: dict[int, list[str]] = {}
    is_phrase = np.char.count(vocab.astype(str), " ") > 0
    for row, c in enumerate(clusters):
        # by score; ties: phrases first (they say more than their words), then alphabetical
        order = np.lexsort((vocab, ~is_phrase, -np.round(scores[row], 12)))
        out[c] = [str(vocab[j]) for j in order[:n_keywords] if scores[row, j] > 0]
    return out


_LABEL_TOKEN = re.compile(r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b")
_LABEL_STOP = frozenset(ENGLISH_STOP_WORDS | LABEL_STOP_WORDS)
#: Words of any alphabet ("für", "Ökonomie"), for threads not in English (English keeps the ASCII pattern).
_LABEL_TOKEN_ANY = re.compile(r"(?u)\b[^\W\d_](?:[^\W\d_]|['-])+\b")



@functools.lru_cache(maxsize=8)
def _label_stop(language: str) -> frozenset[str]:
    return _LABEL_STOP if language == "en" else frozenset(_stop_words(language) | LABEL_STOP_WORDS)


def _label_terms(text: str, language: str = "en") -> list[str]:
    """Label candidates of one text: content words and phrases of two adjacent content words.

    >>> _label_terms("China will take over world leadership from the US")
    ['china', 'world', 'leadership', 'US', 'world leadership']
    """
    # "US" (the country, in capitals) is not the stop word "us"
    pattern = _LABEL_TOKEN if language == "en" else _LABEL_TOKEN_ANY
    tokens = [t if t == "US" and language == "en" else t.lower() for t in pattern.findall(text)]
    stop = _label_stop(language)
    content = [t not in stop for t in tokens]
    words = [t for t, c in zip(tokens, content, strict=True) if c]
    pairs = [f"{tokens[i]} {tokens[i + 1]}" for i in range(len(tokens) - 1) if content[i] and content[i + 1]]
    return words + pairs


def _rank_by_meaning(counts: sp.csr_matrix, labels: np.ndarray, keywords: dict[int, list[str]]) -> dict[int, list[str]]:
    """Reorder each cluster's c-TF-IDF keywords by cosine similarity to the cluster's mean
    embedding (BERTopic's "KeyBERTInspired" step): among terms the cluster uses distinctively,
    the ones closest to what it says come first ("world leadership" before "se change")."""
    terms = sorted({w for ws in keywords.values() for w in ws})
    if not terms:
        return keywords
    index = {w: i for i, w in enumerate(terms)}
    term_vectors = embed_texts(terms, representation="wordllama")
    clusters = sorted(keywords)
    row_of = {c: i for i, c in enumerate(clusters)}
    sums = np.zeros((len(clusters), term_vectors.shape[1]))
    member = np.flatnonzero(np.isin(labels, clusters))
    for start in range(0, member.size, 4096):  # a block at a time: no n x 256 matrix for big threads
        block = member[start : start + 4096]
        vectors = _pool(counts[block], None)  # the texts' plain mean vectors, as embed_texts gives
        np.add.at(sums, [row_of[int(c)] for c in labels[block]], vectors)
    out: dict[int, list[str]] = {}
    for c, words in keywords.items():
        centroid = sums[row_of[c]]
        sims = term_vectors[[index[w] for w in words]] @ centroid
        out[c] = [words[j] for j in np.lexsort((np.arange(len(words)), -np.round(sims, 9)))]
    return out


def _label_from_keywords(keywords: list[str], cluster: int, n: int = 3) -> str:
    """A short label: the top keywords; a phrase takes the place of its own words ("gas", "price"
    then "gas price" gives "gas price"), and a keyword adding no new word is skipped.

    >>> _label_from_keywords(["russia", "china", "china russia", "progress", "russia china", "states"], 0)
    'china russia, progress, states'
    """
    chosen: list[str] = []
    for w in keywords:
        parts = set(w.split())
        if any(parts <= set(c.split()) for c in chosen):
            continue
        inside = [i for i, c in enumerate(chosen) if set(c.split()) < parts]
        if inside:
            chosen[inside[0]] = w
            chosen = [c for i, c in enumerate(chosen) if i not in inside[1:]]
        else:
            chosen.append(w)
        if len(chosen) == n:
            break
    return ", ".join(chosen) if chosen else f"cluster {cluster}"


#: A cluster label is a phrase of the cluster (key-point style: ArgKP's expert key points have 6
#: words on average); longer candidates lose :data:`LABEL_LENGTH_PENALTY` per word over this.
#: Chosen on ArgKP train (bench/bench_labels.py --grid; the card has the grid's spread).
LABEL_MAX_WORDS = 8
#: Fewest words of a candidate phrase (shorter clauses are fragments: "as well", "in fact").
LABEL_MIN_WORDS = 3
LABEL_LENGTH_PENALTY = 0.02
#: A label that is still longer (a long sentence without clauses) is cut here, with an ellipsis.
LABEL_CUT_WORDS = 12
#: Weight of the share of the cluster's first three keywords a candidate contains: a label should
#: name what the members share, not what one member adds (0.3 beat 0 and 0.1 on ArgKP train).
LABEL_KEYWORD_WEIGHT = 0.3
#: Clause boundaries inside a sentence: punctuation and the conjunctions that start a reason or
#: a contrast ("uniforms save money because ..." gives "uniforms save money").
# Linear: a space run is entered only at its start (the lookbehinds), never at each of its spaces.
_CLAUSE_SPLIT = re.compile(
    r"[,;:()\u2013\u2014]\s*|(?<=[.!?])\s+|(?<!\s)\s+-\s+"
    r"|(?<!\s)\s+(?=(?:because|but|although|though|while|since|so that|whereas|which)\b)",
    re.IGNORECASE,
)


def _clean_phrase(text: str) -> str:
    """A phrase as a label: no stray quotes or trailing punctuation, first letter upper case.

    >>> _clean_phrase("`it is a good way to instill discipline.")
    'It is a good way to instill discipline'
    """
    text = " ".join(text.split()).strip(" `'\"“”‘’.,;:!?-–—")
    return text[:1].upper() + text[1:]


def _cut_words(text: str, n: int) -> str:
    """At most ``n`` words; a cut is marked with an ellipsis.

    >>> _cut_words("one two three four", 3), _cut_words("one two", 3)
    ('one two three …', 'one two')
    """
    words = text.split()
    return text if len(words) <= n else " ".join(words[:n]).rstrip(",;:") + " …"


def _label_candidates(text: str) -> list[str]:
    """The phrases of one text a label can be: the text and each clause of it, cleaned.

    >>> for phrase in _label_candidates("Uniforms save money, because parents buy fewer clothes."):
    ...     print(phrase)
    Uniforms save money, because parents buy fewer clothes
    Uniforms save money
    Because parents buy fewer clothes
    """
    out = [_clean_phrase(text)]
    out.extend(_clean_phrase(part) for part in _CLAUSE_SPLIT.split(text) if part)
    seen: set[str] = set()
    return [c for c in out if len(c.split()) >= LABEL_MIN_WORDS and not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]


def central_phrases(
    texts: Sequence[str],
    labels: np.ndarray,
    keywords: dict[int, list[str]] | None = None,
    *,
    max_words: int = LABEL_MAX_WORDS,
    length_penalty: float = LABEL_LENGTH_PENALTY,
    keyword_weight: float = LABEL_KEYWORD_WEIGHT,
    representation: str = "auto",
    language: str = "en",
) -> dict[int, str]:
    """A key-point-style label per cluster: the member phrase closest in meaning to the cluster.

    Candidates are each member text and its clauses (:func:`_label_candidates`). A candidate
    scores its cosine to the mean vector of the cluster's members (plain wordllama means, or
    hashed TF-IDF without wordllama), minus ``length_penalty`` per word over ``max_words``,
    plus ``keyword_weight`` times the share of the cluster's first three keywords it contains.
    Ties go to the earlier candidate. Measured against ArgKP's expert key points in
    ``discourse/models/argument_clusterer.md`` (``bench/bench_labels.py``).
    """
    out: dict[int, str] = {}
    clusters = sorted(c for c in set(np.asarray(labels).tolist()) if c != NOISE)
    if not clusters:
        return out
    members = {c: np.flatnonzero(labels == c) for c in clusters}
    candidates = {c: [p for i in members[c] for p in _label_candidates(str(texts[i]))] for c in clusters}
    flat = sorted({p for ps in candidates.values() for p in ps})
    if not flat:
        return out
    member_index = sorted({int(i) for idx in members.values() for i in idx})
    vectors = embed_texts([str(texts[i]) for i in member_index] + flat, representation=representation)
    row = {i: k for k, i in enumerate(member_index)}
    phrase_row = {p: len(member_index) + k for k, p in enumerate(flat)}
    for c in clusters:
        if not candidates[c]:
            continue
        centroid = vectors[[row[int(i)] for i in members[c]]].mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
        top = [w for w in (keywords or {}).get(c, [])[:3]]
        # A phrase that fits is preferred to cutting a longer one ("…" reads badly, and it is what
        # ArgKP dev punished most: a third of the cut labels had cosine < 0.2 to their key point).
        fitting = [p for p in candidates[c] if len(p.split()) <= LABEL_CUT_WORDS] or candidates[c]
        scores = []
        for p in fitting:
            score = float(vectors[phrase_row[p]] @ centroid)
            score -= length_penalty * max(0, len(p.split()) - max_words)
            if top:
                terms = set(_label_terms(p, language)) | {t.lower() for t in _label_terms(p, language)}
                score += keyword_weight * sum(1 for w in top if w in terms) / len(top)
            scores.append(score)
        out[c] = _cut_words(fitting[_first_best(np.round(np.asarray(scores), 9))], LABEL_CUT_WORDS)
    return out


#: Scores closer than this are a tie, broken by position. Float32 dot products differ in the
#: last bits between BLAS builds: a 2-member cluster (both members equally central) got a
#: different example on another machine.
TIE = 1e-6


def _first_best(scores: np.ndarray) -> int:
    """Index of the highest score; among scores within :data:`TIE` of it, the first.

    >>> _first_best(np.array([0.5, 0.7 + 1e-9, 0.7]))
    1
    >>> _first_best(np.array([0.7, 0.7 + 1e-9]))
    0
    """
    return int(np.flatnonzero(scores >= scores.max() - TIE)[0])


def _central_examples(x: np.ndarray, labels: np.ndarray) -> dict[int, int]:
    out: dict[int, int] = {}
    for c in sorted(set(labels.tolist())):
        idx = np.flatnonzero(labels == c)
        if c == NOISE or idx.size == 0:
            continue
        centroid = x[idx].mean(axis=0)
        out[int(c)] = int(idx[_first_best(x[idx] @ centroid)])
    return out
