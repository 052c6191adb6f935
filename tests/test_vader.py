"""FastVader must score exactly as vaderSentiment's SentimentIntensityAnalyzer does."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

from discourse.vader import FastVader

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "sentiment"


@pytest.fixture(scope="module")
def pair() -> tuple[SentimentIntensityAnalyzer, FastVader]:
    sia = SentimentIntensityAnalyzer()
    return sia, FastVader(sia)


def _hard_cases(n: int, seed: int = 7) -> list[str]:
    """Token soups that hit every rule: boosters, negations, 'no', 'least', 'kind of', 'but',
    idioms, ALL CAPS, punctuation runs, emoticons and emoji."""
    rng = random.Random(seed)
    sia = SentimentIntensityAnalyzer()
    lexicon = sorted(sia.lexicon)
    vocab = (sorted(BOOSTER_DICT) + sorted(NEGATE) + [w for k in sorted(SPECIAL_CASES) for w in k.split()]
             + ["no", "or", "nor", "least", "at", "very", "kind", "of", "but", "BUT", "never", "so", "this",
                "without", "doubt", "sort", "isn't", "the", "a", "plan", ":)", ":-(", "<3", "lol", "LOL"]
             + rng.sample(lexicon, 300) + [e for e in sorted(sia.emojis) if len(e) == 1][:40])
    out = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(0, 14)):
            w = rng.choice(vocab)
            r = rng.random()
            if r < 0.15:
                w = w.upper()
            elif r < 0.25:
                w = w + rng.choice(["!", "!!", "?", "??", "...", ",", "."])
            elif r < 0.3:
                w = rng.choice(["\"", "(", "'"]) + w
            words.append(w)
        text = rng.choice([" ", "  ", " \t"]).join(words) + rng.choice(["", "!", "?", "!!!", "???", "?!?!"])
        out.append(text)
    return out + ["", " ", "!!!", "🙂", "good🙂bad", "not🙂 good", "no no no", "kind of"]


def test_identical_on_generated_hard_cases(pair):
    sia, fast = pair
    cases = _hard_cases(4000)
    mismatches = [t for t in cases if sia.polarity_scores(t) != fast.polarity_scores(t)]
    assert not mismatches, mismatches[:5]


def test_rules_are_exercised():
    """The generated cases are not all trivially neutral: negation, 'but' and caps change scores."""
    fast = FastVader()
    assert fast.polarity_scores("not good")["compound"] < 0 < fast.polarity_scores("good")["compound"]
    assert fast.polarity_scores("good but awful")["compound"] < fast.polarity_scores("good and awful")["compound"]
    assert fast.polarity_scores("it is GOOD ok")["compound"] > fast.polarity_scores("it is good ok")["compound"]


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/sentiment not present")
def test_identical_on_vader_ground_truth(pair):
    sia, fast = pair
    texts = [json.loads(line)["text"] for f in sorted(SHARED.glob("vader_*.jsonl")) for line in f.open()]
    assert len(texts) > 20000
    mismatches = [t for t in texts if sia.polarity_scores(t) != fast.polarity_scores(t)]
    assert not mismatches, mismatches[:3]
