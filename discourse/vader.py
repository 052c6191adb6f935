"""VADER's ``polarity_scores``, the same rules and lexicon, without the library's repeated work.

vaderSentiment 3.3.2 re-lowercases the whole token list inside every negation and idiom check
(up to four times per lexicon word, so a sentence costs O(words x lexicon hits)), and rebuilds
the text one character at a time to replace emoji. :class:`FastVader` computes the lower-cased
tokens once and only walks the characters when the text holds an emoji; every rule, constant
and the order of the floating-point operations are the library's, and the lexicons are read
from the installed ``vaderSentiment`` package, so the scores are identical to the last digit
(``tests/test_vader.py`` checks that on generated hard cases and, when ``../shared`` is present,
on every text of VADER's ground-truth sets). Only :meth:`FastVader.polarity_scores` is offered;
it returns what ``SentimentIntensityAnalyzer.polarity_scores`` returns.

The rules keep the library's quirks on purpose (for example ``_but_check`` scales the *first*
sentiment equal to each value, and "least" is tested against the lexicon before the word
itself): a faithful port, not an improved VADER.
"""

from __future__ import annotations

import math
import string
from typing import Any

from vaderSentiment import vaderSentiment as _lib

__all__ = ["FastVader"]

_BOOSTERS: dict[str, float] = _lib.BOOSTER_DICT
_SPECIAL: dict[str, float] = _lib.SPECIAL_CASES
_NEGATE = frozenset(_lib.NEGATE)
_N_SCALAR = _lib.N_SCALAR
_C_INCR = _lib.C_INCR
_PUNCT = string.punctuation


def _negated(word_lower: str) -> bool:
    return word_lower in _NEGATE or "n't" in word_lower


def _normalize(score: float, alpha: float = 15) -> float:
    norm_score = score / math.sqrt((score * score) + alpha)
    if norm_score < -1.0:
        return -1.0
    if norm_score > 1.0:
        return 1.0
    return norm_score


def _strip_punc_if_word(token: str) -> str:
    stripped = token.strip(_PUNCT)
    return token if len(stripped) <= 2 else stripped


class FastVader:
    """An exact, faster ``SentimentIntensityAnalyzer.polarity_scores``.

    Parameters
    ----------
    analyzer : vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer, optional
        Where the lexicon and the emoji lexicon come from (default: a new one).

    Examples
    --------
    >>> FastVader().polarity_scores("VADER is VERY SMART, handsome, and FUNNY!!!")
    {'neg': 0.0, 'neu': 0.233, 'pos': 0.767, 'compound': 0.9342}
    """

    def __init__(self, analyzer: Any = None) -> None:
        analyzer = analyzer if analyzer is not None else _lib.SentimentIntensityAnalyzer()
        self.lexicon: dict[str, float] = analyzer.lexicon
        self.emojis: dict[str, str] = analyzer.emojis
        # the library replaces a character when it is a key: only one-character keys can match
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

    def _replace_emoji(self, text: str) -> str:
        out: list[str] = []
        prev_space = True
        for ch in text:
            description = self.emojis.get(ch)
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """``{"neg", "neu", "pos", "compound"}`` exactly as vaderSentiment 3.3.2 computes them."""
        if not self._emoji_chars.isdisjoint(text):
            text = self._replace_emoji(text)
        text = text.strip()
        words = [_strip_punc_if_word(w) for w in text.split()]
        n = len(words)
        allcaps = sum(1 for w in words if w.isupper())
        is_cap_diff = 0 < n - allcaps < n
        lower = [w.lower() for w in words]
        lexicon = self.lexicon

        sentiments: list[float] = []
        for i in range(n):
            low = lower[i]
            if low in _BOOSTERS or (i < n - 1 and low == "kind" and lower[i + 1] == "of"):
                sentiments.append(0)
                continue
            valence: float = 0
            if low in lexicon:
                valence = self._valence(words, lower, i, is_cap_diff)
            sentiments.append(valence)

        if "but" in lower:
            sentiments = _but_check(lower, sentiments)
        return _score_valence(sentiments, text)

    def _valence(self, words: list[str], lower: list[str], i: int, is_cap_diff: bool) -> float:
        lexicon = self.lexicon
        low = lower[i]
        n = len(words)
        valence = lexicon[low]
        if low == "no" and i != n - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")):
            valence = lexicon[low] * _N_SCALAR
        if words[i].isupper() and is_cap_diff:
            if valence > 0:
                valence += _C_INCR
            else:
                valence -= _C_INCR
        for start_i in range(3):
            j = i - (start_i + 1)
            if i > start_i and lower[j] not in lexicon:
                s = _scalar_inc_dec(words[j], lower[j], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lower, i)
        return _least_check(valence, lower, i, lexicon)


def _scalar_inc_dec(word: str, word_lower: str, valence: float, is_cap_diff: bool) -> float:
    scalar = 0.0
    if word_lower in _BOOSTERS:
        scalar = _BOOSTERS[word_lower]
        if valence < 0:
            scalar *= -1
        if word.isupper() and is_cap_diff:
            if valence > 0:
                scalar += _C_INCR
            else:
                scalar -= _C_INCR
    return scalar


def _negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(lower[i - 1]):
            valence = valence * _N_SCALAR
    elif start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * _N_SCALAR
    else:
        # the library's precedence: (never and (so|this)) or (so|this one word before)
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or \
                (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _negated(lower[i - 3]):
            valence = valence * _N_SCALAR
    return valence


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    w3, w2, w1, w0 = lower[i - 3], lower[i - 2], lower[i - 1], lower[i]
    onezero = f"{w1} {w0}"
    twoonezero = f"{w2} {w1} {w0}"
    twoone = f"{w2} {w1}"
    threetwoone = f"{w3} {w2} {w1}"
    threetwo = f"{w3} {w2}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    n = len(lower)
    if n - 1 > i:
        zeroone = f"{w0} {lower[i + 1]}"
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{w0} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTERS:
            valence = valence + _BOOSTERS[n_gram]
    return valence


def _least_check(valence: float, lower: list[str], i: int, lexicon: dict[str, float]) -> float:
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * _N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * _N_SCALAR
    return valence


def _but_check(lower: list[str], sentiments: list[float]) -> list[float]:
    # the library's loop, quirk included: index() finds the first equal value
    bi = lower.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 0.5)
        elif si > bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 1.5)
    return sentiments


def _score_valence(sentiments: list[float], text: str) -> dict[str, float]:
    if sentiments:
        sum_s = float(sum(sentiments))
        ep_count = min(text.count("!"), 4)
        qm_count = text.count("?")
        qm_amplifier = 0 if qm_count <= 1 else qm_count * 0.18 if qm_count <= 3 else 0.96
        punct_emph_amplifier = ep_count * 0.292 + qm_amplifier
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        compound = _normalize(sum_s)
        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = 0
        for score in sentiments:
            if score > 0:
                pos_sum += (float(score) + 1)
            if score < 0:
                neg_sum += (float(score) - 1)
            if score == 0:
                neu_count += 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        pos = math.fabs(pos_sum / total)
        neg = math.fabs(neg_sum / total)
        neu = math.fabs(neu_count / total)
    else:
        compound = pos = neg = neu = 0.0
    return {"neg": round(neg, 3), "neu": round(neu, 3), "pos": round(pos, 3), "compound": round(compound, 4)}
