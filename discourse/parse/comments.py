"""Comment structure: headers, authors, timestamps, quoted parents and reply links.

Input is the sequence of blocks labelled as comment section (in page order); output is a list
of :class:`RawComment` (header, quote, own words) and then :class:`discourse.model.Comment`
objects with reply links.

Rules are data: the line patterns below are named, ordered constants.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from discourse.model import Comment
from discourse.parse.blocks import Block
from discourse.parse.dates import DATE_PATTERN, ParsedDate, find_date, may_hold_date, parse_date, parse_found_date

__all__ = [
    "BOILERPLATE_LINES",
    "COMMENT_END_MARKERS",
    "PAYWALL_MARKERS",
    "RawComment",
    "build_comments",
    "group_comments",
    "line_kind",
]

#: Lines that are page furniture inside a comment section (controls, counters, form labels).
BOILERPLATE_LINES = re.compile(
    r"^(?:reply|antworten|répondre|repondre|responder|rispondi|beantworten|melden|signaler|denunciar|segnala|"
    r"log in to reply|login to reply|sign in to reply|reply to this comment|report(?: abuse| comment)?|"
    r"flag(?: as inappropriate)?|permalink|link|quote|edit|delete|share|like|unlike|recommend|"
    r"\d+\s*(?:likes?|points?|votes?|replies|recommendations?)?|[+-]\d+|vote up|vote down|up|down|"
    r"\(?\d+\)?\s*(?:like|dislike)s?|hide replies|show replies|view replies|load more(?: comments)?|"
    r"reply\s*↓|↓\s*reply|report this comment|avatar|image|\d+ comments?|comments?|"
    r"required, but not published|your (?:name|email|comment|website)|name \(required\)|"
    r"email \(required\)|website|submit(?: comment)?|post comment|cancel reply|"
    r"(?:\u2191|\u2193|\u25b2|\u25bc)\s*\d*)$",
    re.IGNORECASE,
)
#: A line that ends the comment section (the comment form, newsletter boxes).
COMMENT_END_MARKERS = re.compile(
    r"^(?:share your (?:thoughts|voice)|leave a (?:reply|comment|response)|post a comment|add (?:a|your) comment|"
    r"write a comment|join the (?:discussion|conversation)(?::? sign up.*)?|what do you think\??|your name|your email|"
    r"sign up for (?:our|the) .*newsletter.*|subscribe to (?:our|the) .*newsletter.*|"
    r"you must be logged in to post a comment.*|comments are closed.*|speak your mind|"
    r"have your say|add new comment|submit a comment)\.?:?$",
    re.IGNORECASE,
)
#: A line from which the article is cut off by a paywall (the article is then ``truncated``).
PAYWALL_MARKERS = re.compile(
    r"^(?:keep reading for free!?|continue reading (?:for free|with a subscription).*|"
    r"subscribe (?:now )?to (?:continue|keep) reading.*|to continue reading,? .*subscri.*|"
    r"this (?:article|story|content) is (?:only )?(?:available )?(?:for|to) (?:subscribers|members).*|"
    r"already a subscriber\?.*|get instant access to the rest of this article.*|"
    r"you(?:'ve| have) reached your (?:free )?(?:article )?limit.*|subscribe to read the (?:full|rest).*|"
    r"register (?:now )?to continue reading.*|the rest of this article is (?:for|available to) subscribers.*)$",
    re.IGNORECASE,
)
#: "Name says:", "Name wrote:", "Name said..." -- an author header line.
# Bounded runs of spaces: a line of 100,000 spaces must not cost 60 x 100,000 steps.
SAYS_LINE = re.compile(
    r"^(?P<author>[^\n]{1,60}?)\s{1,10}(?:says|said|wrote|writes|commented|sagt|schreibt|schrieb|meint|kommentiert|"
    r"dit|écrit|a écrit|dice|escribió|comentó|escreveu|disse|diz|comentou|scrive|ha scritto|commenta)"
    r"\s{0,10}(?:[:.,]{0,3}|…)\s{0,10}$",
    re.I,
)
#: "Comment by X", "Kommentar von X", "Commentaire de X", "Posted by X", "#3 Kommentar von X": an author
#: header without a date (the date, if any, on the next line).
AUTHOR_LINE = re.compile(
    r"^(?:#?\d{1,4}[.):]?\s+)?(?:(?:comment|reply|posted|written|submitted)\s+(?:by|from)|kommentar\s+von|"
    r"antwort\s+von|geschrieben\s+von|commentaire\s+de|comentario\s+de|comentário\s+de|commento\s+di|"
    r"publicado\s+por|posté\s+par)\s*:?\s+(?P<author>[^\n]{1,50})$",
    re.I,
)
#: "posted by Name", "by Name", "Comment by Name", "Name on <date>" in a header line.
BY_AUTHOR = re.compile(r"(?:^|\b)(?:posted |comment(?:ed)? |written |submitted )?by\s+(?P<author>[^\n|,]{1,50})", re.I)
#: A quote opening: “@Name (the quoted parent's author), or "Name wrote:"/"Quote from Name".
QUOTE_OPEN = re.compile(r"^[\"“„«»']\s*@?(?P<author>[^\n\"”“]{1,60})$")
QUOTE_WROTE = re.compile(
    r"^(?:quote:?\s*)?(?:originally posted by |quoting |quote from )?(?P<author>[^\n]{1,50}?)\s+wrote:\s*$", re.I
)
MENTION = re.compile(r"^@(?P<name>[\w.\-]+(?:\s[\w.\-]+){0,2})")
#: A reply that opens by addressing someone: "Rimantas – good point", "John: no.", "Anna, ..."
NAME_ADDRESS = re.compile(r"^(?P<name>[\w.\-]+(?:\s[\w.\-]+){0,2})\s*[–—:,]\s")
_COUNTER = re.compile(r"^#?\d{1,4}[.):]?\s+")  # "2 Cynthia A.", "#3 Name": a comment's number before its name
#: A comment's number alone before its date ("#1", "#1.2", "Reply #3", "4."): no name.
_COUNTER_ONLY = re.compile(r"^(?:reply\s*)?#\s?\d{1,4}(?:\.\d{1,3})*$|^\d{1,4}[.)]$", re.I)
#: A user handle standing alone ("@jamieguijarro").
_HANDLE_ONLY = re.compile(r"^@\w{1,30}$")
_FILLER = re.compile(r"(?i)\b(?:posted|published|updated|written|submitted|on|at|am|le|el|il)\b")
_SENTENCE_END = re.compile(r"[.!?…:;\"”)]$")
_CLOSE_QUOTE = re.compile(r"[\"”»]$")


@dataclass
class RawComment:
    """A comment as found on the page, before reply linking."""

    author: str | None = None
    date: ParsedDate | None = None
    header: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    quoted_author: str | None = None
    quoted_date: ParsedDate | None = None
    quote: list[str] = field(default_factory=list)
    item: int | None = None
    item_parent: int | None = None

    def full_text(self) -> str:
        """Everything of the comment on the page (header, quote, body) -- what a reader copies."""
        return "\n".join([*self.header, *self.quote, *self.body])


def name_under_footer(line: str) -> bool:
    """The next commenter's name as a widget prints it under the footer of the comment above ("Posted
    by: Ann | DATE" / "Bob Miller", "ugg australia"): a line of at most four words, no sentence."""
    s = line.strip()
    return line_kind(s) == "text" and _short_name(s) and len(s.split()) <= 4


def _short_name(line: str) -> bool:
    words = line.split()
    # "Cynthia A." ends with an initial, not a sentence.
    ends_sentence = bool(_SENTENCE_END.search(line)) and not _INITIAL_END.search(line)
    return 0 < len(words) <= 6 and len(line) <= 60 and not ends_sentence and not line.startswith("@")


_INITIAL_END = re.compile(r"(?:^|\s)[A-Z]\.$")


@lru_cache(maxsize=65536)
def line_kind(line: str) -> str:
    """``date``, ``author_date``, ``says``, ``quote_open``, ``boiler``, ``end`` or ``text``.

    >>> lines = ["August 28, 2013 at 01:53", "Alita July 6, 2012 at 10:47 pm", "Bob says:", "Reply", "Hi there."]
    >>> [line_kind(s) for s in lines]
    ['date', 'author_date', 'says', 'boiler', 'text']
    """
    s = line.strip()
    if len(s) > 160:  # too long for a header, a control or a form label
        return "end" if COMMENT_END_MARKERS.match(s) else "text"
    if BOILERPLATE_LINES.match(s):
        return "boiler"
    if COMMENT_END_MARKERS.match(s):
        return "end"
    # The ending first: a plain check in C that rules out most lines before SAYS_LINE's scan.
    if len(s) <= 80 and s.rstrip().endswith((":", "...", "…")) and SAYS_LINE.match(s):
        return "says"  # "04.05.06 shadow says:": the date belongs to the header of a named comment
    dated = may_hold_date(s)
    # One DATE_PATTERN scan serves both tests below (parse_date would scan the same string again).
    m = DATE_PATTERN.search(s) if dated and len(s) <= 120 else None
    if dated and parse_found_date(s, m) is not None:
        before = _FILLER.sub("", s[: m.start()]).strip(" -–—|,:") if m else ""
        if not before or _COUNTER_ONLY.match(before):
            return "date"  # "#1.2 - Mon Oct 29, 2012 10:28 AM EDT": a numbered comment's date
    if m is not None and (m.group("n") is None or "ago" in m.group(0).lower()):  # m: dated, <= 120 chars
        before, after = s[: m.start()].strip(" -–—|,:"), s[m.end() :].strip(" -–—|,:")
        # The commenter's handle closing the header ("Jamie Wayne, on November 7th, 2012 @jamie"):
        # part of the header, like the name before the date.
        after = _HANDLE_ONLY.sub("", after)
        if (
            not after
            or BY_AUTHOR.match(after)
            or after.lower() in ("said:", "says:", "said", "says", "wrote:", "reply")
        ) and (not before or _short_name(_COUNTER.sub("", before)) or BY_AUTHOR.search(before)):
            return "author_date"
        if _FILLER.sub("", before).strip() == "" and name_after_date(after) is not None:
            return "author_date"  # "on 25 Oct 2012 at 7:20 pm Timon Piccini", "DATE | 2691789 ReallySparky"
    # The cheap tests first (same results): the word count, and "wrote:" that QUOTE_WROTE needs
    # (its letters have no case variants outside ASCII, so str.lower() finds every match).
    n_words = len(s.split())
    if n_words <= 8 and (SAYS_LINE.match(s) or AUTHOR_LINE.match(s)):
        return "says"
    if (n_words <= 6 and QUOTE_OPEN.match(s)) or ("wrote:" in s.lower() and QUOTE_WROTE.match(s)):
        return "quote_open"
    return "text"


#: A commenter's name after the date on a header line: 1-3 capitalised words, or one user handle,
#: after an optional user number ("| 2691789 ReallySparky").
_NAME_AFTER_DATE = re.compile(
    r"^(?:\d{1,12}\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}|[a-z][a-z0-9_]{2,23})$"
)
#: Words after a date that are no name: time zones and eras ("PDT", "CET"), counts' nouns.
_NOT_NAME_AFTER_DATE = frozenset(
    "comments comment responses response replies reply views likes votes points edited updated ago "
    "kommentare kommentar commentaires commentaire comentarios comentários commenti".split()
)


def name_after_date(after: str) -> str | None:
    """The commenter's name standing after a header line's date, or None ("Timon Piccini"; not "PDT",
    not "15 Comments", not "in iPod Touch")."""
    m = _NAME_AFTER_DATE.match(after.strip())
    if m is None:
        return None
    name = m.group("name")
    words = name.split()
    if words[0].lower() in _NOT_NAME_AFTER_DATE or words[-1].lower() in _NOT_NAME_AFTER_DATE:
        return None
    if len(words) == 1 and name.isupper() and len(name) <= 5:
        return None  # a time zone ("PDT", "CEST")
    if name.endswith(".") and len(words) > 1:
        return None  # a sentence, not a name
    return name


def author_from_header(line: str, date: ParsedDate | None) -> str | None:
    """The name on a comment's header line that holds ``date`` ("Name - DATE", "DATE by Name"), or None."""
    s = line.strip()
    if date is not None and date.raw in s:
        named = name_after_date(s[s.find(date.raw) + len(date.raw) :].strip(" -–—|,:"))
        before = _FILLER.sub("", s[: s.find(date.raw)]).strip(" -–—|,:")
        if named is not None and not before:
            return named
    if date is not None:
        s = (s[: s.find(date.raw)] + " " + s[s.find(date.raw) + len(date.raw) :]) if date.raw in s else s
    m = BY_AUTHOR.search(s)
    if m:
        s = m.group("author")
    s = re.sub(r"(?i)\b(?:posted|on|at|says|said|wrote|commented|reply|by)\b:?", " ", s)
    s = re.sub(r"[\s,]+@\w{1,30}\s*$", "", s)  # the commenter's handle after the name ("Jamie, @jamie")
    s = s.strip(" -–—|,:@·•\u00a0")
    s = re.sub(r"\s+", " ", s)
    return s or None


def _group_headers_after(blocks: list[Block]) -> list[RawComment]:
    """Comments whose header (author, date) follows the body: a header line closes the comment."""
    out: list[RawComment] = []
    cur: RawComment | None = None
    for block in blocks:
        footer_seen = False  # a header line closed a comment earlier in this block
        for line in block.lines:
            kind = line_kind(line)
            if kind == "end":
                return [c for c in out if c.body or c.quote]
            if kind == "boiler":
                continue
            if footer_seen and cur is None and name_under_footer(line):
                # the next commenter's name printed over their comment, under the footer above it
                # ("Posted by: Ann | DATE" / "Bob Miller"): a header line of the next comment
                cur = RawComment(item=block.item, item_parent=block.item_parent, header=[line.strip()])
                out.append(cur)
                continue
            if kind in ("date", "author_date", "says"):
                footer_seen = True
                target = cur if cur is not None else (out[-1] if out else None)
                if target is None:
                    continue
                target.header.append(line)
                if kind in ("date", "author_date"):
                    target.date = target.date or find_date(line)
                if target.author is None:
                    when = find_date(line)
                    m = SAYS_LINE.match(line.strip()) or AUTHOR_LINE.match(line.strip())
                    if m:
                        name = m.group("author")
                        name = name.replace(when.raw, " ") if when is not None else name
                        target.author = name.split("|")[0].strip(" @-–—,:") or None
                    elif kind == "author_date":
                        target.author = author_from_header(line, when)
                cur = None
                continue
            if cur is None:
                cur = RawComment(item=block.item, item_parent=block.item_parent)
                out.append(cur)
            if block.tag == "blockquote" and not cur.body:
                cur.quote.append(line)
            else:
                cur.body.append(line)
    return [c for c in out if c.body or c.quote]


def group_comments(
    blocks: list[Block],
    *,
    headers_after: bool = False,
    name_heads: Mapping[tuple[int, int], str] | None = None,
) -> list[RawComment]:
    """Group comment-section blocks into comments by their header lines.

    With ``headers_after`` (the section's headers follow their bodies, as "Posted by X at DATE"
    under each comment), a header line ends the comment it follows instead of starting one.

    A comment starts at a date line (with a short author line just before it), an "author
    date" line, a "Name says:" line, or a quote opening (a reply quoting its parent); "Reply",
    vote counts and form labels are dropped; a comment-end marker stops the section. With DOM
    evidence (HTML), a change of comment-item ancestor also starts a new comment. ``name_heads``
    (``(block index, line number in the block)`` -> name; text dumps whose comments stand under bare
    name lines) are head lines that start a comment by that author.
    """
    if headers_after:
        return _group_headers_after(blocks)
    lines: list[tuple[str, Block]] = [(ln, b) for b in blocks for ln in b.lines]
    positions = ((b.index, j) for b in blocks for j in range(len(b.lines)))
    heads_at = {k: name_heads[pos] for k, pos in enumerate(positions) if pos in name_heads} if name_heads else {}
    kinds = [line_kind(ln) for ln, _ in lines]
    out: list[RawComment] = []
    cur: RawComment | None = None
    in_quote = False
    quote_closer = ""
    i = 0
    n = len(lines)

    def start(block: Block) -> RawComment:
        nonlocal cur
        cur = RawComment(item=block.item, item_parent=block.item_parent)
        out.append(cur)
        return cur

    while i < n:
        line, block = lines[i]
        kind = kinds[i]
        if kind == "end":
            break
        if kind == "boiler":
            i += 1
            continue
        if i in heads_at:
            c = start(block)
            c.author = heads_at[i]
            c.header.append(line)
            i += 1
            continue
        if in_quote and cur is not None:
            if kind == "date" and not cur.quote and cur.quoted_date is None:
                cur.quoted_date = parse_date(line)
                cur.header.append(line)
            else:
                cur.quote.append(line)
                if _CLOSE_QUOTE.search(line) and (not quote_closer or line.rstrip().endswith(quote_closer) or True):
                    in_quote = False
                    cur.quote[-1] = cur.quote[-1].rstrip('"”»').rstrip()
            i += 1
            continue
        # A different comment-item ancestor starts a new comment; a header outside any item
        # (e.g. <dt> header, <dd> body) adopts the item of the body that follows it.
        if cur is not None and block.item is not None and block.item != cur.item and not cur.body and not cur.quote:
            cur.item, cur.item_parent = block.item, block.item_parent
        new_item = block.item is not None and cur is not None and cur.item is not None and block.item != cur.item
        if kind in ("date", "author_date", "says"):
            has_body = cur is not None and (cur.body or cur.quote)
            header_only = cur is not None and not cur.body and not cur.quote
            if cur is None or has_body or new_item:
                c = start(block)
            elif header_only and kind == "date" and cur.date is None:
                c = cur  # "Name says:" followed by a date line
            else:
                c = start(block)
            if kind == "date":
                c.date = c.date or parse_date(line)
                # A short line right before the date (same block or previous one) is the author.
                if i > 0 and kinds[i - 1] == "text" and _short_name(lines[i - 1][0]) and out and len(out) >= 1:
                    prev_line = lines[i - 1][0]
                    prev_owner = out[-2] if len(out) >= 2 and c is out[-1] and c.author is None else None
                    if prev_owner is not None and prev_owner.body and prev_owner.body[-1] == prev_line:
                        prev_owner.body.pop()
                        c.author = prev_line.strip()
                        c.header.insert(0, prev_line)
                    elif prev_owner is None and c.author is None and not c.header:
                        c.author = prev_line.strip()
                        c.header.insert(0, prev_line)
            elif kind == "author_date":
                c.date = find_date(line)
                c.author = author_from_header(line, c.date)
            else:
                m = SAYS_LINE.match(line.strip()) or AUTHOR_LINE.match(line.strip())
                name = m.group("author").strip(" @") if m else None
                when = find_date(name) if name else None
                if when is not None:  # "04.05.06 shadow says:"
                    name = name.replace(when.raw, " ").strip(" -–—|,:@") or None
                    c.date = c.date or when
                c.author = name
            c.header.append(line)
            i += 1
            continue
        if kind == "quote_open" and (cur is None or cur.body or cur.quote or new_item or not cur.header):
            c = start(block)
            m = QUOTE_OPEN.match(line.strip()) or QUOTE_WROTE.match(line.strip())
            c.quoted_author = m.group("author").strip(" @:") if m else None
            c.header.append(line)
            in_quote = True
            quote_closer = "”" if line.lstrip().startswith("“") else '"'
            i += 1
            continue
        c = start(block) if cur is None or new_item else cur
        if block.tag == "blockquote" and not c.body:
            c.quote.append(line)
        else:
            c.body.append(line)
        i += 1
    return [c for c in out if c.body or c.quote]


@lru_cache(maxsize=8192)
def _norm(s: str | None) -> str:
    # Memoised: reply linking compares each comment with every earlier one's author and text.
    return _NON_WORD.sub(" ", (s or "").lower()).strip()


_NON_WORD = re.compile(r"\W+")


def build_comments(raw: list[RawComment], *, captured_at: str | None = None, article: str = "") -> list[Comment]:
    """Comments with ids ``c1..cN`` in page order, plus placeholders for absent quoted parents.

    Reply links, in order of strength: DOM nesting (``markup``), a quoted parent found on the
    page by author/date/text (``quote``), an "@name" opening that names an earlier commenter
    (``mention``). A quoted parent not on the page becomes a placeholder comment with
    ``absent=True`` appended after the present comments; a quote without an author taken from
    the ``article`` is no reply (the commenter answers the article), and keeps its quoted text.
    """
    article_norm: str | None = None  # normalised once, and only for a page with quotes
    comments: list[Comment] = []
    by_item: dict[int, str] = {}
    for i, r in enumerate(raw):
        date = r.date
        if date is not None and captured_at is not None and date.iso is None:
            date = parse_date(date.raw, captured_at=captured_at) or date
        c = Comment(
            id=f"c{i + 1}",
            text="\n".join(r.body).strip(),
            author=r.author,
            timestamp=date.iso if date else None,
            timestamp_raw=date.raw if date else None,
            timestamp_precision=date.precision if date else None,
            quoted_author=r.quoted_author,
            quoted_text="\n".join(r.quote).strip() or None,
            position=i,
        )
        comments.append(c)
        if r.item is not None:
            by_item.setdefault(r.item, c.id)
    absent: list[Comment] = []
    for i, (r, c) in enumerate(zip(raw, comments, strict=False)):
        if r.item_parent is not None and r.item_parent in by_item and by_item[r.item_parent] != c.id:
            c.reply_to, c.reply_source, c.reply_confidence = by_item[r.item_parent], "markup", 0.95
            continue
        if c.quoted_author or c.quoted_text:
            target = None
            qa, qt = _norm(c.quoted_author), _norm(c.quoted_text)[:80]
            for p in reversed(comments[:i]):
                if (qa and _norm(p.author) == qa) or (qt and len(qt) > 20 and qt in _norm(p.text)):
                    target = p
                    break
            if target is not None:
                c.reply_to, c.reply_source, c.reply_confidence = target.id, "quote", 0.9
            elif not qa and len(qt) > 20 and qt in (article_norm := article_norm or _norm(article)):
                pass  # a quote of the article: a top-level comment that cites it
            else:
                qd = r.quoted_date
                if qd is not None and captured_at is not None and qd.iso is None:
                    qd = parse_date(qd.raw, captured_at=captured_at) or qd
                ph = Comment(
                    id=f"c{len(comments) + len(absent) + 1}",
                    text=c.quoted_text or "",
                    author=c.quoted_author,
                    timestamp=qd.iso if qd else None,
                    timestamp_raw=qd.raw if qd else None,
                    timestamp_precision=qd.precision if qd else None,
                    absent=True,
                    position=len(comments) + len(absent),
                )
                absent.append(ph)
                c.reply_to, c.reply_source, c.reply_confidence = ph.id, "quote", 0.8
            continue
        m = MENTION.match(c.text)
        addressed = None if m else NAME_ADDRESS.match(c.text)
        if m or addressed:
            name = _norm((m or addressed).group("name"))
            for p in reversed(comments[:i]):
                pa = _norm(p.author)
                if not pa:
                    continue
                # "@Ann" may shorten a name; a bare "Ann, ..." must be the name or its first word.
                hit = (name == pa or name.startswith(pa + " ") or pa.startswith(name)) if m else (
                    len(name) >= 3 and (name == pa or pa.startswith(name + " "))
                )
                if hit:
                    c.reply_to, c.reply_source, c.reply_confidence = p.id, "mention", 0.7 if m else 0.6
                    break
    return comments + absent
