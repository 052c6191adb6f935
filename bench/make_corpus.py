#!/usr/bin/env python3
"""Write a deterministic synthetic corpus of comment pages for benchmarks (no network).

    python bench/make_corpus.py OUT_DIR --threads 2000 --comments 50 [--form txt|html|both] [--seed 0]

Each thread is a news article (6-10 paragraphs) followed by M reader comments in the
layout of the seed pages: an author line, a date line ("August 28, 2013 at 01:53"), the
comment text, and some comments quoting an earlier one ("@Name / date / text"). The HTML
form wraps the same content in WordPress-like markup (article body, ``ol.commentlist``
with ``li.comment`` items, nested replies). Sentences are drawn with a seeded RNG from a
small phrase grammar, so the same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import html
import random
from datetime import datetime, timedelta
from pathlib import Path

SUBJECTS = ["Russia", "China", "The government", "Moscow", "Beijing", "The pipeline deal", "The summit",
            "Gazprom", "The new president", "The trade agreement", "The arms sale", "Europe", "Washington"]
VERBS = ["will change", "threatens", "depends on", "has little to do with", "could undermine", "strengthens",
         "is a response to", "will never fix", "was always about", "shows the limits of"]
OBJECTS = ["energy prices", "regional security", "the balance of power", "trade with Europe", "military cooperation",
           "the gas market", "border stability", "the alliance", "domestic politics", "foreign investment"]
OPENERS = ["", "", "", "Honestly, ", "I think ", "Frankly ", "As usual, ", "Let's be clear: ", "Sadly, "]
CLOSERS = [".", ".", ".", "!", "?", " - just look at the numbers.", ", and everyone knows it.", "."]
REACTIONS = ["Great article!", "This is nonsense.", "Who wrote this?", "Totally agree.", "Not true at all.",
             "Good point, thanks.", "LOL.", "Any sources for that?", "Well said.", "Terrible analysis."]
NAMES = ["John Chan", "Maria", "Alex K.", "Observer", "pete_w", "Anonymous", "Dmitri", "Li Wei", "Sarah J",
         "TruthSeeker", "Ken", "Olga", "Frank", "Hiro", "Nadia", "Paul R."]


def sentence(rng: random.Random) -> str:
    text = f"{rng.choice(OPENERS)}{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    text = text[0].upper() + text[1:]
    return text + rng.choice(CLOSERS)


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def make_thread(index: int, n_comments: int, seed: int) -> dict:
    rng = random.Random(seed * 1_000_003 + index)
    title = f"{rng.choice(SUBJECTS)} and {rng.choice(OBJECTS)}: what comes next? (#{index})"
    article = [paragraph(rng, rng.randint(3, 6)) for _ in range(rng.randint(6, 10))]
    start = datetime(2013, 3, 1) + timedelta(days=rng.randint(0, 300))
    comments = []
    for j in range(n_comments):
        when = start + timedelta(minutes=37 * j + rng.randint(0, 30))
        text = paragraph(rng, rng.randint(1, 4))
        if rng.random() < 0.3:
            text = rng.choice(REACTIONS) + " " + text
        parent = rng.randrange(j) if j and rng.random() < 0.25 else None
        comments.append({"author": rng.choice(NAMES), "when": when, "text": text, "parent": parent})
    return {"title": title, "article": article, "comments": comments}


def stamp(when: datetime) -> str:
    return f"{when:%B} {when.day}, {when:%Y} at {when:%H:%M}"


def to_text(thread: dict) -> str:
    blocks = [thread["title"], thread["title"], *thread["article"]]
    comments = thread["comments"]
    for c in comments:
        blocks.append(c["author"])
        blocks.append(stamp(c["when"]))
        if c["parent"] is not None:
            p = comments[c["parent"]]
            blocks.append(f"“@{p['author']}\n{stamp(p['when'])}\n\n\n{p['text']}”")
        blocks.append(c["text"])
        blocks.append("Reply")
    blocks += ["Share your thoughts", "Your Name\nYour Email\nrequired, but not published\nYour Comment",
               "Sign up for our weekly newsletter"]
    return "\n\n".join(blocks) + "\n"


def to_html(thread: dict) -> str:
    e = html.escape
    items = []
    for k, c in enumerate(thread["comments"]):
        quote = ""
        if c["parent"] is not None:
            p = thread["comments"][c["parent"]]
            quote = f"<blockquote><p>@{e(p['author'])} wrote:</p><p>{e(p['text'])}</p></blockquote>"
        items.append(
            f'<li class="comment" id="comment-{k + 1}"><article class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{e(c["author"])}</b>'
            f' <span class="says">says:</span></div><div class="comment-metadata"><time datetime="'
            f'{c["when"].isoformat()}">{stamp(c["when"])}</time></div></footer>'
            f'<div class="comment-content">{quote}<p>{e(c["text"])}</p></div>'
            f'<div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div></article></li>'
        )
    body = "".join(f"<p>{e(p)}</p>" for p in thread["article"])
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>" + e(thread["title"]) + "</title></head><body>"
        "<header><ul class='menu'><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></header>"
        f"<main><article class='post'><h1 class='entry-title'>{e(thread['title'])}</h1>"
        f"<div class='entry-content'>{body}</div></article>"
        f"<div id='comments' class='comments-area'><h2 class='comments-title'>{len(thread['comments'])} Comments</h2>"
        f"<ol class='commentlist'>{''.join(items)}</ol>"
        "<div id='respond'><h3>Leave a Reply</h3><form><p>Your Name</p><p>Your Email</p></form></div></div></main>"
        "<footer><p>Sign up for our weekly newsletter</p></footer></body></html>\n"
    )


def write_corpus(out: Path, n_threads: int, n_comments: int, *, form: str = "txt", seed: int = 0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_threads):
        thread = make_thread(i, n_comments, seed)
        if form in ("txt", "both"):
            path = out / f"page{i:06d}.txt"
            path.write_text(to_text(thread), encoding="utf-8")
            paths.append(path)
        if form in ("html", "both"):
            path = out / f"page{i:06d}.html"
            path.write_text(to_html(thread), encoding="utf-8")
            paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--threads", type=int, default=2000)
    ap.add_argument("--comments", type=int, default=50)
    ap.add_argument("--form", choices=("txt", "html", "both"), default="txt")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    paths = write_corpus(a.out, a.threads, a.comments, form=a.form, seed=a.seed)
    print(f"wrote {len(paths)} pages to {a.out}")


if __name__ == "__main__":
    main()
