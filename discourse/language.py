"""Which language a thread is written in (issue 20), and the stop words that go with it.

Detection is py3langid (BSD-3-Clause; the langid.py naive Bayes model over byte n-grams, its
model file inside the wheel, so it runs offline), restricted to :data:`LANGUAGES`: the
languages of the parser's header patterns and the most common others, which keeps short
texts from being called Luxembourgish or Latin. The sentiment (VADER) and stance models are
English; the report of a thread in any other language says so.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

__all__ = ["LANGUAGES", "detect_language", "stop_words_for", "thread_language", "thread_languages"]

#: Languages detection chooses from (ISO 639-1) and their English names.
LANGUAGES: Mapping[str, str] = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian",
    "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish",
    "cs": "Czech", "hu": "Hungarian", "ro": "Romanian", "el": "Greek", "tr": "Turkish", "ru": "Russian",
    "uk": "Ukrainian", "ar": "Arabic", "he": "Hebrew", "fa": "Persian", "hi": "Hindi", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "id": "Indonesian",
}
#: Below this many letters the guess is not made (a title or two comments say little).
MIN_LETTERS = 40
#: Text read per thread: the start of the article and of the comments (detection is per thread, not per text).
SAMPLE_CHARS = 4000
#: Below this probability the thread's language is reported as unknown, and English tools are used.
MIN_CONFIDENCE = 0.8


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    # Its own instance (the module-level one is global state another library could reconfigure).
    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(LANGUAGES))
    return identifier


def detect_language(text: str | None) -> tuple[str | None, float]:
    """``(code, probability)`` of the language of ``text``; ``(None, 0.0)`` for too little text.

    >>> detect_language("Die Regierung hat heute beschlossen, dass die Steuern im Herbst steigen.")[0]
    'de'
    >>> detect_language("ok!")
    (None, 0.0)
    """
    return _classify((text or "")[:SAMPLE_CHARS])


@functools.lru_cache(maxsize=64)
def _classify(text: str) -> tuple[str | None, float]:
    # Memoised: a thread's sample is classified for the clusterer's stop words, for the contrast
    # and for the report (about 10 ms each time); the three ask with the same text.
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None, 0.0
    code, prob = _identifier().classify(text)
    return str(code), round(float(prob), 4)


def _sample(article: str | None, comments: list[str]) -> str:
    half = SAMPLE_CHARS // 2
    joined = "\n".join(t for t in comments if t)
    comment_part = joined[: SAMPLE_CHARS - min(len(article or ""), half)]
    return (article or "")[: SAMPLE_CHARS - len(comment_part)] + "\n" + comment_part


def thread_language(tables: Any) -> dict[str, Any]:
    """The language of one thread's tables (article text and comments): code, name, probability
    and, when it is not English, the note the report shows."""
    threads = tables.threads
    article = threads["article_text"][0] if threads.height and "article_text" in threads.columns else None
    comments = tables.comments["text"].to_list() if tables.comments.height else []
    code, prob = detect_language(_sample(article, comments))
    if code is not None and prob < MIN_CONFIDENCE:
        code = None
    name = LANGUAGES.get(code or "", None)
    note = None
    if code not in (None, "en"):
        note = (f"This thread is in {name}. Tone and agreement are scored with English models, so their "
                "figures for it are unreliable; the argument groups use its own language's stop words"
                if code in _stop_lists() else
                f"This thread is in {name}. Tone and agreement are scored with English models, so their "
                "figures for it are unreliable, and the argument groups with English stop words")
        note += "."
    return {"code": code, "name": name, "probability": prob, "english": code in (None, "en"), "note": note}


def thread_languages(tables: Any) -> dict[str, str | None]:
    """Every thread's language code (None when unsure), by thread id."""
    return {tid: thread_language(tables.for_thread(tid))["code"] for tid in tables.thread_ids()}


@functools.lru_cache(maxsize=1)
def _stop_lists() -> dict[str, frozenset[str]]:
    from discourse.stopwords import STOP_WORDS

    return STOP_WORDS


def stop_words_for(code: str | None) -> frozenset[str]:
    """Stop words of a language: scikit-learn's English list for English or an unknown language,
    the shipped list otherwise (English without a list of its own: the note says so).

    >>> "und" in stop_words_for("de"), "und" in stop_words_for("en"), "the" in stop_words_for(None)
    (True, False, True)
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return _stop_lists().get(code or "en", frozenset(ENGLISH_STOP_WORDS))
