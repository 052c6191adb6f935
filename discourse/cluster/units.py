"""Argument units: which sentences of a thread are arguments at all."""

from __future__ import annotations

import re

import polars as pl
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from discourse.errors import SchemaError
from discourse.text import tokenize

__all__ = ["FILLER_WORDS", "MIN_CONTENT_WORDS", "argument_units", "is_argument_unit"]

#: Sentences starting like this and short are greetings / sign-offs / applause, not arguments.
GREETING_PATTERN = re.compile(
    r"^\W*(hi|hello|hey|dear|greetings|thanks|thank you|thx|cheers|regards|best wishes|good (morning|evening|day)"
    r"|great (article|piece|post)|nice (article|piece|post)|well said|agreed|exactly|this|lol|lmao|haha\w*"
    r"|welcome|congratulations|congrats)\b",
    re.IGNORECASE,
)
#: A greeting-like sentence with at most this many tokens is dropped.
GREETING_MAX_TOKENS = 8
# Linear: a bare domain is matched from a token start only, dot-separated segments backtrack one at a time.
URL_PATTERN = re.compile(
    r"(?:https?://|www\.)\S+|(?<!\S)[^\s.]+(?:\.[^\s.]+)*\.(?:com|org|net|gov|edu|co\.uk|pdf|html?)\b\S*",
    re.IGNORECASE,
)
MENTION_PATTERN = re.compile(r"@\w[\w.-]*")
#: Words that carry no argument: interjections, chat filler, bare insults.
FILLER_WORDS = frozenset(
    """lol lmao rofl haha hahaha hehe omg wtf wow yeah yes yep nope ok okay oh ah uh um hmm
    idiot idiots moron morons stupid dumb fool fools quack troll trolls clown clowns loser losers
    pathetic nonsense rubbish garbage crap bs shill shills""".split()
)
#: Minimum number of content words (not stop words, not filler) for a sentence to be an argument unit.
MIN_CONTENT_WORDS = 3


def _content_words(text: str) -> list[str]:
    text = MENTION_PATTERN.sub(" ", URL_PATTERN.sub(" ", text))
    return [
        w
        for w in tokenize(text)
        if len(w) > 1 and not w.isdigit() and w not in ENGLISH_STOP_WORDS and w not in FILLER_WORDS
    ]


def is_argument_unit(text: str | None, *, min_content_words: int = MIN_CONTENT_WORDS) -> bool:
    """Whether one sentence is an argument unit.

    Dropped: greetings and sign-offs, bare insults and interjections, links and mentions
    alone, and fragments with fewer than ``min_content_words`` content words.

    >>> is_argument_unit("LOL who is this quack?")
    False
    >>> is_argument_unit("Thanks for the great article, John!")
    False
    >>> is_argument_unit("Russia wants to set gas prices in line with its European deals.")
    True
    """
    if not text:
        return False
    if GREETING_PATTERN.match(text) and len(tokenize(text)) <= GREETING_MAX_TOKENS:
        return False
    return len(_content_words(text)) >= min_content_words


def argument_units(
    sentences: pl.DataFrame, *, min_content_words: int = MIN_CONTENT_WORDS, column: str = "text"
) -> pl.DataFrame:
    """The rows of a sentences table that are argument units (see :func:`is_argument_unit`).

    The sentences table holds each side's own words only (quoted parent text is not in a
    replier's sentences), so nothing here has to strip quotes.

    Parameters
    ----------
    sentences : polars.DataFrame
        A ``SENTENCE_SCHEMA`` table (only ``column`` is required).
    min_content_words : int, default=3
        Minimum number of content words of a unit.
    column : str, default="text"
        The text column.

    Returns
    -------
    polars.DataFrame
        The unit rows, in their input order.
    """
    if column not in sentences.columns:
        raise SchemaError(f"sentences table: missing column {column!r}")
    # a plain loop: map_elements costs more than the test itself on a thread's few hundred sentences
    mask = pl.Series(
        [is_argument_unit(t, min_content_words=min_content_words) for t in sentences[column].to_list()],
        dtype=pl.Boolean,
    )
    return sentences.filter(mask)
