"""What the scorers share: the page id a prediction is matched to gold by, the ``\\w+`` words, rounding."""

from __future__ import annotations

import os
import re

__all__ = ["WORD", "page_stem", "round4", "words"]

#: A word to every shared scorer: a run of ``\\w`` characters (of the lower-cased text).
WORD = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = (".html.gz", ".htm.gz", ".txt.gz", ".html", ".htm", ".txt", ".gz")


def words(text: str | None) -> list[str]:
    """The lower-cased words of ``text`` (none for ``None``)."""
    return WORD.findall((text or "").lower())


def page_stem(source: str) -> str:
    """The page id a prediction is matched to gold by: its file name without folder and suffix
    (``dir/page.html.gz`` -> ``page``), as every shared scorer does."""
    name = os.path.basename(str(source).replace("\\", "/").rstrip("/"))
    for suffix in _SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def round4(x: float) -> float:
    """A figure as the scorers print it: a float rounded to 4 digits."""
    return round(float(x), 4)
