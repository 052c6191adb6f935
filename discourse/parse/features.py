"""Block features for the learned segmenter: features that transfer across sites.

Per block: size and shape (length, lines, punctuation, capitalisation, digits, function-word
and first/second-person rates), header patterns (date lines, "Name says:", "Reply", quote
openings), page position, the block's place relative to the page's comment headers and to
its longest paragraphs, vocabulary overlap with the article core (a vocabulary shift marks
comments), plus the same few values of the neighbouring blocks. HTML adds DOM evidence:
class/id tokens of the ancestors (comment/respond/disqus vs nav/footer/sidebar/share vs
article/content/entry), tag, depth, link density, comment-item ancestry, repetition of the
container.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import numpy as np

from discourse.parse.blocks import Block
from discourse.parse.comments import COMMENT_END_MARKERS, PAYWALL_MARKERS, line_kind
from discourse.parse.names import head_kinds
from discourse.parse.segment import SENTENCE_END, header_region

__all__ = ["FEATURE_NAMES", "block_features"]

_WORD = re.compile(r"\w+", re.UNICODE)
_PUNCT = re.compile(r"[.,;:!?]")
#: Bytes of ASCII text as whitespace (str.isspace) " ", A-Z "A", the rest "x": a token that starts with an
#: upper-case letter is an "A" at the start or after a " ".
_CAP_TABLE = bytes(32 if chr(c).isspace() else 65 if 65 <= c <= 90 else 120 for c in range(256))
_DIGITS = b"0123456789"  # str.isdigit() of an ASCII character
_FUNCTION = frozenset(
    "the a an of to in and or but is are was were be been it that this for on with as at by from not no "
    "i you he she we they my your our his her their me us him them its have has had do does did will "
    "would can could should if so than then there here what which who when where how why all any some "
    "de la le les et des un une el en los las y que por para di il che del der die das und ist nicht".split()
)
_PERSONAL = frozenset("i me my mine you your yours i'm i've i'd i'll im ive dont don't thanks thank lol".split())
_COMMENT_SECTION = re.compile(
    r"^(?:\{?\s*)?(?:\d+\s+(?:comments?|responses?|replies|thoughts)|comments?\s*\(?\d*\)?|responses?|"
    r"reader comments|discussion|(?:\d+\s+)?thoughts? on .{0,120}|leave a (?:reply|comment)|"
    r"what (?:do )?you think|join the (?:discussion|conversation)|(?:\d+\s+)?comments? so far.*|"
    r"add (?:a|your) comment|post a comment)\b",
    re.I,
)
#: Class/id words of an element's ancestors by what they mark (a token or a "-" part of it in a group).
ATTR_GROUPS = {
    "comment": tuple(
        "comment comments commentlist respond disqus dsq reply replies discussion talkback "
        "reaction reactions feedback guestbook remarks cmt livefyre fyre".split()
    ),
    "nav": tuple("nav menu navigation navbar breadcrumb breadcrumbs pagination pager topbar".split()),
    "side": tuple("sidebar side widget widgets aside rail column2 secondary sidebox blogroll".split()),
    "footer": tuple("footer foot bottom copyright colophon legal site-info".split()),
    "header": tuple("header masthead banner top branding logo site-title".split()),
    "share": tuple(
        "share sharing social sociable addthis facebook twitter tweet like print email follow rss "
        "subscribe newsletter".split()
    ),
    "related": tuple(
        "related recommended popular trending more tags tag categories category archive archives "
        "promo sponsored ad ads advert advertisement banner".split()
    ),
    "content": tuple(
        "article content entry post story body text main blog single hentry entry-content "
        "post-body postbody articlebody story-body permalink".split()
    ),
    "meta": tuple(
        "meta byline author date time published posted vcard fn avatar says comment-meta "
        "commentmetadata comment-author gravatar".split()
    ),
    "form": tuple("form comment-form commentform respond login search searchform input submit".split()),
}
_GROUP_SETS = {k: frozenset(v) for k, v in ATTR_GROUPS.items()}
_TAGS = ("p", "div", "li", "td", "h", "blockquote", "dd", "dt", "span", "article", "section", "pre", "form", "tr")
_KINDS = ("date", "author_date", "says", "quote_open", "boiler", "end", "text")

_BASE = [
    "log_chars",
    "log_words",
    "n_lines",
    "words_per_line",
    "link_density",
    "punct_rate",
    "sent_rate",
    "cap_rate",
    "digit_rate",
    "func_rate",
    "personal_rate",
    "has_date",
    "ends_sentence",
    "starts_at",
    "has_url",
    *[f"kind_{k}" for k in _KINDS],
    "any_date_line",
    "comment_section_marker",
    "end_marker",
    "paywall_marker",
    "short_name_then_date",
]
_PAGE = [
    "rel_pos",
    "rel_char_pos",
    "log_blocks_page",
    "headers_before",
    "headers_after",
    "headers_win3",
    "headers_win10",
    "after_comment_marker",
    "after_end_marker",
    "after_paywall",
    "rel_to_longest",
    "after_last_substantial",
    "before_first_substantial",
    "core_overlap",
    "core_overlap_win",
    "first_sub_overlap",
    "substantial",
    "cum_words_before",
    "words_after_share",
    "long_run",
]
_DOM = [
    *[f"attr_{k}" for k in ATTR_GROUPS],
    *[f"own_attr_{k}" for k in ATTR_GROUPS],
    *[f"tag_{t}" for t in _TAGS],
    "depth",
    "rel_depth",
    "in_item",
    "has_item_parent",
    "heading",
    "attr_repeat",
    "item_repeat",
    "attr_comment_pos",
]
#: "Find it here" for an optional header run argument (None means the page has none).
FIND: Any = object()
#: Where the page's repeated comment headers put its comment section (segment.header_region).
_REGION = ["hr_in", "hr_header", "hr_headers_after", "hr_rel", "hr_before", "hr_log_headers"]
_NEIGH_KEYS = ("log_words", "link_density", "any_date_line", "kind_boiler", "sent_rate", "personal_rate")
_NEIGH_OFFSETS = (-2, -1, 1, 2)
_NEIGH = [f"{k}@{o:+d}" for o in _NEIGH_OFFSETS for k in _NEIGH_KEYS]


#: Text dumps only: the bare-name heads of a dump's comments around the block (a dump has no markup
#: to say where the editorial ends; on HTML the DOM columns carry that).
_NAME_HEADS = ["name_head", "trailing_name", "name_heads_win3", "name_heads_after"]


def feature_names(fmt: str) -> list[str]:
    """Names of the feature columns for ``txt`` or ``html``."""
    names = _BASE + _PAGE + _NEIGH + _REGION
    return names + _DOM if fmt == "html" else names + _NAME_HEADS


FEATURE_NAMES = {"txt": feature_names("txt"), "html": feature_names("html")}


def _short_name(s: str) -> bool:
    w = s.split()
    return 0 < len(w) <= 6 and len(s) <= 60 and not re.search(r"[.!?:;]$", s)


def _base_matrix(blocks: list[Block]) -> tuple[np.ndarray, list[list[str]]]:
    """The base features (columns :data:`_BASE`) of every block, and each block's words.

    Built column by column over the page (the same float64 operations as a per-block row, so
    the same values). Words are those of the block's first 5,000 characters, lowercased.
    """
    texts = [b.text[:5000] for b in blocks]
    words = [_WORD.findall(t.lower()) for t in texts]
    lines = [b.lines or [t] for b, t in zip(blocks, texts, strict=True)]
    kinds = [[line_kind(ln) for ln in ls[:4]] for ls in lines]
    n = np.array([len(t) for t in texts], dtype=np.float64)
    n1 = np.maximum(n, 1)
    n_words = [len(w) for w in words]
    nw = np.maximum(np.array(n_words, dtype=np.float64), 1)
    n_lines = np.array([len(ls) for ls in lines], dtype=np.float64)
    firsts = [k[0] if k else "text" for k in kinds]
    first_lines = [ls[0].strip() if ls else "" for ls in lines]
    any_date = np.array([float("date" in k or "author_date" in k) for k in kinds])
    dated = ("date", "author_date")
    counts = [_punct_digits(t) for t in texts]

    def column(values: list) -> np.ndarray:
        return np.array(values, dtype=np.float64)

    cols = [
        column([math.log1p(x) for x in map(len, texts)]),
        column([math.log1p(x) for x in n_words]),
        np.minimum(n_lines, 50),
        np.array(n_words, dtype=np.float64) / np.maximum(n_lines, 1),
        np.minimum(column([b.link_chars for b in blocks]) / n1, 1.0),
        column([c[0] for c in counts]) / nw,
        column([len(SENTENCE_END.findall(t)) for t in texts]) / nw,
        column([_capitalised(t) for t in texts]) / nw,
        column([c[1] for c in counts]) / n1,
        column([sum(map(_FUNCTION.__contains__, w)) for w in words]) / nw,
        column([sum(map(_PERSONAL.__contains__, w)) for w in words]) / nw,
        any_date,
        column([SENTENCE_END.search(t[-3:] + " ") is not None for t in texts]),
        column([t.startswith("@") for t in texts]),
        column(["http" in t or "www." in t for t in texts]),
        *[column([f == k for f in firsts]) for k in _KINDS],
        any_date,
        column([_COMMENT_SECTION.match(fl) is not None for fl in first_lines]),
        column([COMMENT_END_MARKERS.match(fl) is not None for fl in first_lines]),
        column([PAYWALL_MARKERS.match(fl) is not None for fl in first_lines]),
        column(
            [
                float(len(ls) >= 2 and _short_name(ls[0]) and k[1] in dated) if len(k) > 1 else 0.0
                for ls, k in zip(lines, kinds, strict=True)
            ]
        ),
    ]
    return np.column_stack(cols), words


def _punct_digits(text: str) -> tuple[int, int]:
    """``len(_PUNCT.findall(text))`` and the number of characters with ``str.isdigit()``.

    ASCII text (most blocks) is counted in C: the bytes left after deleting the others.
    """
    if text.isascii():
        b = text.encode("ascii")
        n = len(b)
        return n - len(b.translate(None, b".,;:!?")), n - len(b.translate(None, _DIGITS))
    return sum(map(text.count, ".,;:!?")), sum(map(str.isdigit, text))  # _PUNCT's class holds only these


def _capitalised(text: str) -> int:
    """How many whitespace-separated tokens of ``text`` start with an upper-case letter."""
    if text.isascii():  # the same count by one translation and one count in C (2x faster than a regex)
        marks = text.encode("ascii").translate(_CAP_TABLE)
        return marks.count(b" A") + (marks[:1] == b"A")
    return sum(map(str.isupper, [w[0] for w in text.split()]))


def _content_words(text: str) -> set[str]:
    return _content(_WORD.findall(text.lower()))


def _content(words: list[str]) -> set[str]:
    """The content words among lowercased ``words``: not function words, longer than 2 letters."""
    return {w for w in words if w not in _FUNCTION and len(w) > 2}


def _window_sum(x: np.ndarray, half: int) -> np.ndarray:
    """Sum of x over [i - half, i + half] (clipped at the page ends)."""
    c = np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])
    n = len(x)
    idx = np.arange(n)
    return c[np.minimum(idx + half + 1, n)] - c[np.maximum(idx - half, 0)]


def block_features(blocks: list[Block], fmt: str, *, header_run: Any = FIND) -> np.ndarray:
    """Feature matrix (n_blocks, n_features) of one page, columns as :data:`FEATURE_NAMES`.

    ``header_run`` is the page's :func:`~discourse.parse.segment.header_region` when the caller has
    it already (None: the page has none); by default it is found here.
    """
    n = len(blocks)
    names = FEATURE_NAMES["html" if fmt == "html" else "txt"]
    if n == 0:
        return np.zeros((0, len(names)), dtype=np.float32)
    base, page_words = _base_matrix(blocks)
    col = {k: i for i, k in enumerate(_BASE)}
    words = np.expm1(base[:, col["log_words"]])
    is_header = (
        (base[:, col["any_date_line"]] > 0) | (base[:, col["kind_says"]] > 0) | (base[:, col["kind_quote_open"]] > 0)
    )
    hcum = np.cumsum(is_header)
    total_h = max(int(hcum[-1]), 1)
    idx = np.arange(n)
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    cum_chars = np.cumsum(chars) - chars
    substantial = (words >= 25) & (base[:, col["sent_rate"]] > 0)
    sub_idx = np.flatnonzero(substantial)
    first_sub = sub_idx[0] if len(sub_idx) else n
    last_sub = sub_idx[-1] if len(sub_idx) else -1
    longest = int(np.argmax(words))
    # Article core vocabulary: content words of the longest blocks in the first part of the page.
    order = np.argsort(-words[: max(longest + 1, n // 2)], kind="stable")[:3]
    core: set[str] = set()
    for j in order:
        core |= _content_words(blocks[int(j)].text)
    first_words = _content_words(blocks[first_sub].text) if first_sub < n else set()
    overlap = np.zeros(n)
    first_ov = np.zeros(n)
    for i, b in enumerate(blocks):
        # Up to 3,000 characters the words are those _base_matrix found; longer blocks are re-read.
        cw = _content(page_words[i]) if len(b.text) <= 3000 else _content_words(b.text[:3000])
        if cw:
            overlap[i] = len(cw & core) / len(cw)
            first_ov[i] = len(cw & first_words) / len(cw)
    overlap_win = _window_sum(overlap, 2) / 5
    marker = np.cumsum(base[:, col["comment_section_marker"]] > 0) - (base[:, col["comment_section_marker"]] > 0)
    endm = np.cumsum(base[:, col["end_marker"]] > 0) - (base[:, col["end_marker"]] > 0)
    payw = np.cumsum(base[:, col["paywall_marker"]] > 0) - (base[:, col["paywall_marker"]] > 0)
    hwin3 = _window_sum(is_header.astype(float), 3)
    hwin10 = _window_sum(is_header.astype(float), 10)
    cum_words = np.cumsum(words) - words
    total_words = max(words.sum(), 1.0)
    long_run = _window_sum(substantial.astype(float), 2)
    page = np.column_stack(
        [
            idx / max(n - 1, 1),
            cum_chars / max(chars.sum(), 1),
            np.full(n, math.log1p(n)),
            (hcum - is_header) / total_h,
            (total_h - hcum) / total_h,
            hwin3,
            hwin10,
            np.minimum(marker, 3),
            np.minimum(endm, 3),
            np.minimum(payw, 1),
            (idx - longest) / max(n, 1),
            (idx > last_sub).astype(float),
            (idx < first_sub).astype(float),
            overlap,
            overlap_win,
            first_ov,
            substantial.astype(float),
            cum_words / total_words,
            1 - (cum_words + words) / total_words,
            long_run,
        ]
    )
    neigh = []
    for o in _NEIGH_OFFSETS:
        shifted = np.zeros((n, len(_NEIGH_KEYS)))
        src = base[:, [col[k] for k in _NEIGH_KEYS]]
        if o < 0:
            shifted[-o:] = src[:o]
        else:
            shifted[:-o] = src[o:]
        neigh.append(shifted)
    parts = [base, page, *neigh, _region_features(blocks, header_run)]
    if fmt == "html":
        parts.append(_dom_features(blocks))
    else:
        parts.append(_name_head_features(blocks))
    return np.hstack(parts).astype(np.float32)


def _name_head_features(blocks: list[Block]) -> np.ndarray:
    """Columns :data:`_NAME_HEADS`: whether the block is a bare-name head, or ends with one
    (:func:`~discourse.parse.names.head_kinds`), the heads within 3 blocks, and the heads after it."""
    one_line, trailing = head_kinds(blocks)
    heads = one_line + trailing
    after = np.cumsum(heads[::-1])[::-1] - heads
    return np.column_stack([one_line, trailing, _window_sum(heads, 3), np.minimum(after, 20)])


def _region_features(blocks: list[Block], hr: Any = FIND) -> np.ndarray:
    """Columns :data:`_REGION`: the block's place relative to the header-run comment section."""
    n = len(blocks)
    out = np.zeros((n, len(_REGION)))
    if hr is FIND:
        hr = header_region(blocks)
    if hr is None:
        out[:, 3] = -1.0
        return out
    idx = np.arange(n)
    inside = (idx >= hr.start) & (idx < hr.end)
    out[:, 0] = inside
    out[list(hr.headers), 1] = 1.0
    out[:, 2] = inside * float(hr.headers_after)
    out[:, 3] = np.where(inside, (idx - hr.start) / max(hr.end - hr.start, 1), np.where(idx < hr.start, -1.0, 2.0))
    out[:, 4] = idx < hr.start
    out[:, 5] = math.log1p(len(hr.headers))
    return out


@lru_cache(maxsize=8192)
def _attr_row(attrs: str) -> tuple[float, ...]:
    """Group flags of the class/id tokens, own-token group flags and the comment-token position.

    Called with number tokens replaced by "0" (:data:`_NUMBER_TOKEN`): comment ids ("comment 1234")
    differ per comment but change no value here, so one cached row serves them all.
    """
    # The innermost element's own tokens come first in attrs; the first 4 tokens count as "own".
    # A group flag is set when a token, or a "-"-separated part of one, is in the group (own
    # flags: the token itself); each token's flags are worked out once (_token_flags).
    any_mask = own_mask = 0
    comment_pos = 0.0
    flags = _TOKEN_FLAGS
    for j, t in enumerate(attrs.split()):
        hit = flags.get(t)
        if hit is None:
            hit = _token_flags(t)
        any_mask |= hit[0]
        if j < 4:
            own_mask |= hit[1]
        if hit[2] and not comment_pos:
            comment_pos = 1.0 / (1 + j)
    comment = "comment" in attrs
    group = [float(bool(any_mask & bit) or (g == "comment" and comment)) for g, bit in _GROUP_BITS]
    own_group = [float(bool(own_mask & bit)) for _, bit in _GROUP_BITS]
    return (*group, *own_group, comment_pos)


#: (group name, its bit in the masks of :func:`_token_flags`), in :data:`_GROUP_SETS` order.
_GROUP_BITS = tuple((g, 1 << k) for k, g in enumerate(_GROUP_SETS))
_TOKEN_FLAGS: dict[str, tuple[int, int, bool]] = {}


def _token_flags(token: str) -> tuple[int, int, bool]:
    """(groups holding the token or one of its "-" parts, groups holding the token itself, whether it
    names comments) of one class/id token, as bit masks (see :data:`_GROUP_BITS`); memoised."""
    parts = set(token.split("-"))
    parts.add(token)
    any_mask = own_mask = 0
    for (_, bit), gs in zip(_GROUP_BITS, _GROUP_SETS.values(), strict=True):
        if not gs.isdisjoint(parts):
            any_mask |= bit
        if token in gs:
            own_mask |= bit
    hit = (any_mask, own_mask, "comment" in token or "disqus" in token or "dsq" in token or "respond" in token)
    if len(_TOKEN_FLAGS) >= 65536:  # bounded: pages bring new tokens
        _TOKEN_FLAGS.clear()
    _TOKEN_FLAGS[token] = hit
    return hit


#: A token made only of digits (attrs tokens hold only a-z and 0-9, see blocks._Walker._child_context).
#: The same matches as r"\b[0-9]+\b" on any string (a digit run with no word character on either
#: side), written to start with the digit: the scan then jumps from digit to digit instead of
#: testing a word boundary at every position (twice as fast on a page's attrs strings).
_NUMBER_TOKEN = re.compile(r"[0-9](?<!\w[0-9])[0-9]*(?!\w)")
_TAG_INDEX = {t: i for i, t in enumerate(_TAGS)}
_TAG_INDEX.update({f"h{k}": _TAG_INDEX["h"] for k in range(1, 7)})


def _dom_features(blocks: list[Block]) -> np.ndarray:
    n = len(blocks)
    attr_counts: dict[str, int] = {}
    item_counts: dict[int, int] = {}
    for b in blocks:
        attr_counts[b.attrs] = attr_counts.get(b.attrs, 0) + 1
        if b.item is not None:
            item_counts[b.item] = item_counts.get(b.item, 0) + 1
    max_depth = max((b.depth for b in blocks), default=1) or 1
    n_items = len(item_counts)
    # One row per distinct attrs string (a page repeats few), gathered per block. Each value is
    # computed as by a per-block loop (same float64 operations), so the matrix is identical.
    uniq = {a: k for k, a in enumerate(attr_counts)}
    attr_table = np.asarray(
        [[*_attr_row(_NUMBER_TOKEN.sub("0", a)), math.log1p(c) if a else 0.0] for a, c in attr_counts.items()],
        dtype=np.float64,
    )
    attr_rows = attr_table[[uniq[b.attrs] for b in blocks]]
    n_groups = len(_GROUP_SETS)
    tag_onehot = np.zeros((n, len(_TAGS)))
    tag_idx = [_TAG_INDEX.get(b.tag, -1) for b in blocks]
    hit = [i for i, t in enumerate(tag_idx) if t >= 0]
    tag_onehot[hit, [tag_idx[i] for i in hit]] = 1.0
    depth = np.asarray([b.depth for b in blocks], dtype=np.float64)
    return np.column_stack(
        [
            attr_rows[:, : 2 * n_groups],
            tag_onehot,
            depth / 50.0,
            depth / max_depth,
            np.asarray([b.item is not None for b in blocks], dtype=np.float64),
            np.asarray([b.item_parent is not None for b in blocks], dtype=np.float64),
            np.asarray([b.heading for b in blocks], dtype=np.float64),
            attr_rows[:, 2 * n_groups + 1],
            np.full(n, math.log1p(n_items)),
            attr_rows[:, 2 * n_groups],
        ]
    )
