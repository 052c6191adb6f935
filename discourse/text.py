"""Text helpers shared by the stages: normalisation and sentence splitting.

Every pattern here runs on text written by strangers, so each one is linear-time in
practice: no nested quantifiers over overlapping classes.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["normalize_text", "split_sentences", "tokenize"]

# Variation selectors, zero-width joiners/spaces, BOM, soft hyphen: invisible, but they split
# words and emoji for lexicon look-ups.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\ufe00-\ufe0f]")
_WHITESPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A sentence ends at . ! ? (runs of them, optionally followed by closing quotes/brackets)
# followed by whitespace; or at a line break. Abbreviations are protected below.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k u.n a.m p.m no fig inc ltd co corp
    gen gov sen rep col lt sgt jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_TOKEN = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)


def normalize_text(text: str) -> str:
    """Unescape HTML entities, drop invisible and control characters, fold spaces.

    >>> normalize_text("Caf&eacute; \\u200d&amp; bar\\u00a0 !")
    'Café & bar !'
    """
    if "&" in text:
        text = html.unescape(text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _WHITESPACE.sub(" ", text).strip()


def split_sentences(text: str, *, max_chars: int = 1000) -> list[str]:
    """Split ``text`` into sentences; very long runs without punctuation are cut at spaces.

    >>> split_sentences("Mr. Smith went to Washington. Did he? Yes!\\nNew line")
    ['Mr. Smith went to Washington.', 'Did he?', 'Yes!', 'New line']
    """
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        last_word = candidate.rsplit(None, 1)[-1].lower().rstrip(".") if candidate.strip() else ""
        if "\n" not in match.group(0) and (
            last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())
        ):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(text[start:])
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        while len(piece) > max_chars:
            cut = piece.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            out.append(piece[:cut].strip())
            piece = piece[cut:].strip()
        if piece:
            out.append(piece)
    return out


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens.

    >>> tokenize("Don't PANIC, it's 42!")
    ["don't", 'panic', "it's", '42']
    """
    return _TOKEN.findall(text.lower())
