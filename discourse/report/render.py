"""Stage 4: per-thread reports (Markdown + self-contained HTML + data) and the corpus index.

The numbers are gathered once into a plain *view* (dicts and lists, see
:func:`~discourse.report.view.thread_view` and, for the index,
:func:`~discourse.report.index.index_view`), which both templates render. Templates are Jinja2 with autoescaping
on for HTML; the Markdown templates escape page text with the ``md`` filter. Nothing from a
page is ever inserted unescaped, and the HTML loads nothing from the network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import jinja2
import polars as pl

from discourse.model import Thread, ThreadTables
from discourse.outputs import atomic_write_text, write_tables

# Names that lived here before the split, still importable from this module (`as` marks a re-export).
from discourse.report.figures import AGREEMENT_FIGURE as AGREEMENT_FIGURE
from discourse.report.figures import AGREEMENT_PLAIN as AGREEMENT_PLAIN
from discourse.report.figures import AGREEMENT_SCORES as AGREEMENT_SCORES
from discourse.report.figures import MODEL_CARDS as MODEL_CARDS
from discourse.report.figures import MODEL_FIGURES as MODEL_FIGURES
from discourse.report.figures import PLAIN_FIGURES as PLAIN_FIGURES
from discourse.report.index import COVERAGE_MARKS as COVERAGE_MARKS
from discourse.report.index import INDEX_COLUMNS, index_view
from discourse.report.index import MIN_RANK_COMMENTERS as MIN_RANK_COMMENTERS
from discourse.report.index import MIN_RANK_COMMENTS as MIN_RANK_COMMENTS
from discourse.report.view import MAX_COMMENTS_SHOWN as MAX_COMMENTS_SHOWN
from discourse.report.view import _cluster_examples as _cluster_examples
from discourse.report.view import count_phrase as count_phrase
from discourse.report.view import thread_view

__all__ = ["index_view", "render_index", "render_tables", "render_thread", "thread_view"]


TEMPLATES = Path(__file__).parent / "templates"


def md_escape(value: Any, *, inline: bool = True) -> str:
    """Escape page text for GitHub Markdown: no HTML, links or table breaks get through.

    >>> md_escape("<script>|*x*")
    '&lt;script&gt;\\\\|\\\\*x\\\\*'
    """
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]|#!~])", r"\\\1", text)
    if inline:
        text = " ".join(text.split())
    return text


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    # Inside a Markdown code span only a backtick or a line break could end it early.
    env.filters["code"] = lambda x: " ".join(str(x).replace("`", "'").split())
    env.filters["pct"] = lambda x: "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.0%}"
    env.filters["signed"] = lambda x: "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:+.2f}"
    env.filters["tojson_safe"] = lambda x: jinja2.utils.htmlsafe_json_dumps(x, sort_keys=True)
    return env


_ENV: jinja2.Environment | None = None


def _env() -> jinja2.Environment:
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


def render_thread(
    tables: ThreadTables,
    contrast: Any,
    folder: str | Path,
    *,
    thread: Thread | None = None,
    generated_at: str | None = None,
    table_formats: tuple[str, ...] = ("csv", "parquet"),
    related: dict[str, Any] | None = None,
    pseudonymized: str | None = None,
) -> dict[str, Any]:
    """Write ``report.md``, ``report.html``, ``charts/*.svg`` and ``data/`` for one thread.

    ``related`` (from the corpus step) adds a section contrasting this article with the
    commenters of related threads: ``{"threads": [{"title", "folder", "n_comments"}], "summary": [...]}``.
    Returns the thread's summary row for the corpus index.
    """
    folder = Path(folder)
    view = thread_view(tables, contrast)
    view["generated_at"] = generated_at
    view["related"] = related
    view["pseudonymized"] = pseudonymized  # the salt's fingerprint, never the salt
    env = _env()
    for chart in view["charts"]:
        atomic_write_text(folder / "charts" / f"{chart.name}.svg", chart.svg)
    atomic_write_text(folder / "report.md", env.get_template("thread.md.j2").render(**view))
    atomic_write_text(folder / "report.html", env.get_template("thread.html.j2").render(**view))
    write_tables(folder / "data", dict(tables.items()), formats=table_formats)
    if thread is not None:
        atomic_write_text(folder / "thread.json", json.dumps(thread.to_dict(), ensure_ascii=False, indent=1) + "\n")
    row = view["thread"]
    summary = {
        "thread_id": row["thread_id"],
        "source": row["source"],
        "title": row["title"],
        "truncated": row["truncated"],
        "n_comments": row["n_comments"],
        "n_commenters": row["n_commenters"],
        "n_replies": row["n_replies"],
        "coverage": row["coverage"],
        "coverage_sentence": view["coverage_sentence"],
        "article_words": view["article_words"],
        "editorial_compound": view["tone"]["editorial"],
        "comment_compound": view["tone"]["comment"],
        "divergence": view["divergence"],
        "n_units_editorial": view["n_units"]["editorial"],
        "n_units_comment": view["n_units"]["comment"],
        "comment_tone": view["tone_split"]["comments"]["counts"],
        "editorial_tone": view["tone_split"]["article"]["counts"],
        "language": view["language"]["code"],
        "n_unnamed": view["n_unnamed"],
        "n_clusters": sum(1 for c in view["clusters"] if c["cluster"] != -1),
        "comment_only_clusters": [c["label"] for c in view["clusters"] if c["only_side"] == "comment"],
        "stance_article": view["stance_article"],
        "agreement_article": view["agreement_article"],
        "agreement_parent": view["agreement_parent"],
        "headline": view["summary"][0] if view["summary"] else None,
    }
    atomic_write_text(folder / "summary.json", json.dumps(summary, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    return summary


def render_index(
    threads: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    out_dir: str | Path,
    *,
    generated_at: str | None = None,
    table_formats: tuple[str, ...] = ("csv", "parquet"),
    related: list[dict[str, Any]] | None = None,
    pseudonymized: str | None = None,
) -> None:
    """Write ``index.md``, ``index.html`` and ``threads.csv``/``.parquet`` for a run."""
    out_dir = Path(out_dir)
    view = index_view(threads, errors)
    view["generated_at"] = generated_at
    view["related"] = related
    view["pseudonymized"] = pseudonymized  # the salt's fingerprint, never the salt or []
    script = (TEMPLATES / "_sort.js").read_text(encoding="utf-8")
    view["sort_script"] = script
    view["script_hash"] = "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    env = _env()
    atomic_write_text(out_dir / "index.md", env.get_template("index.md.j2").render(**view))
    atomic_write_text(out_dir / "index.html", env.get_template("index.html.j2").render(**view))
    table = pl.DataFrame(
        [{k: t.get(k) for k in INDEX_COLUMNS} for t in view["threads"]], schema=INDEX_COLUMNS, strict=False
    )
    write_tables(out_dir, {"threads": table}, formats=table_formats)


def render_tables(
    tables_dir: str | Path,
    out_dir: str | Path,
    *,
    overwrite: bool = False,
    generated_at: str | None = None,
) -> int:
    """Render every thread in a folder of stage tables (``discourse cluster -o``); return the count."""
    from discourse.contrast import contrast_thread
    from discourse.outputs import atomic_directory, prepare_output_dir, read_stage_tables
    from discourse.runner import thread_folder

    tables = read_stage_tables(tables_dir, required=("threads", "comments", "paragraphs"))
    out = prepare_output_dir(out_dir, overwrite=overwrite)
    summaries = []
    for thread_id in tables.thread_ids():
        part = tables.for_thread(thread_id)
        row = part.threads.row(0, named=True) if part.threads.height else {}
        # The folder names of `discourse run`: ids that slug alike or differ in case stay apart.
        folder = thread_folder(thread_id, row.get("source") or "", row.get("input_format"))
        with atomic_directory(out / folder, overwrite=True) as tmp:
            summary = render_thread(part, contrast_thread(part), tmp, generated_at=generated_at)
        summary["folder"] = folder
        summaries.append(summary)
    render_index(summaries, [], out, generated_at=generated_at)
    return len(summaries)
