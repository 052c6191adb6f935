"""Hand a run's results to the tools analysts load next.

``export_run(RUN_DIR, fmt, OUT)`` reads the per-thread tables a ``discourse run`` wrote
(``RUN_DIR/<thread>/data/*.parquet``) and writes them as

* ``parquet`` / ``csv`` / ``ndjson``: tidy corpus tables (threads, comments, paragraphs,
  sentences, stance, clusters) plus ``CODEBOOK.md`` (every column, type, meaning);
* ``convokit``: a ConvoKit corpus folder (utterances.jsonl, speakers.json,
  conversations.json, corpus.json, index.json). The article is each conversation's root
  utterance; scores are utterance metadata;
* ``gexf`` / ``graphml``: the signed reply network (networkx): commenters are nodes, replies
  weighted edges carrying the replies' stance toward their parent and their sentiment.

Every export carries ``provenance.json``: tool version, model file hashes, input file hashes
and the command line.
"""

from __future__ import annotations

import json
import logging
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from discourse._files import digest_file
from discourse._version import __version__
from discourse.errors import InputError, OutputError
from discourse.model import COLUMN_DOCS, ThreadTables
from discourse.outputs import atomic_directory, atomic_write_text, write_tables
from discourse.parse.sources.convokit import write_convokit

__all__ = ["EXPORT_FORMATS", "export_run", "load_run", "provenance", "reply_network"]

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("parquet", "csv", "ndjson", "convokit", "gexf", "graphml")
MODELS_DIR = Path(__file__).parent / "models"
#: Characters XML 1.0 forbids: a commenter named with one made the GEXF unreadable.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def load_run(run_dir: str | Path) -> ThreadTables:
    """All threads' tables of a run folder, concatenated in thread order."""
    run_dir = Path(run_dir)
    folders = sorted(p.parent.parent for p in run_dir.glob("*/data/threads.parquet"))
    listed = _indexed_folders(run_dir)
    if listed is not None:  # what the index lists, not whatever else sits in the folder
        folders = [f for f in folders if f.name in listed]
    if not folders:
        raise InputError(run_dir, "no thread folders with data/threads.parquet (is this a `discourse run` output?)")
    parts = []
    for folder in folders:
        tables = {name: folder / "data" / f"{name}.parquet" for name in ThreadTables.TABLES}
        parts.append(ThreadTables(**{n: pl.read_parquet(p) for n, p in tables.items() if p.is_file()}))
    return ThreadTables.concat(parts)


def _indexed_folders(run_dir: Path) -> set[str] | None:
    """Thread folders the run's index (``threads.parquet``) lists; None without a readable index."""
    try:
        index = pl.read_parquet(run_dir / "threads.parquet", columns=["folder"])
    except Exception:  # absent (older runs, csv-only tables) or unreadable: fall back to the folders
        return None
    return {f for f in index["folder"].to_list() if f}


def _refuse_inside_run(run_dir: Path, out: Path) -> None:
    """An export must not replace the run it reads, a folder holding it, or one of its threads."""
    run, target = run_dir.resolve(), out.resolve()
    if run == target or target in run.parents:
        raise OutputError(f"{out}: is the run folder {run_dir} or holds it; export somewhere else")
    if target.parent == run and (target / "data" / "threads.parquet").exists():
        raise OutputError(f"{out}: is a thread folder of the run {run_dir}; export somewhere else")


def _graph_text(value: Any) -> Any:
    """Attribute text XML 1.0 can carry: control characters (other than tab and line breaks) removed."""
    if isinstance(value, str):
        return _XML_UNSAFE.sub("", value)
    return value


def provenance(run_dir: str | Path, *, command: list[str] | None = None) -> dict[str, Any]:
    """What produced an export: versions, model hashes, input hashes, command line."""
    run_dir = Path(run_dir)
    inputs = []
    for state in sorted((run_dir / ".state").glob("*.json")):
        try:
            record = json.loads(state.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if "input_hash" in record:
            inputs.append({"source": record.get("source"), "sha256": record.get("input_hash"),
                           "version": record.get("version")})
    models = {p.name: digest_file(p).hexdigest() for p in sorted(MODELS_DIR.glob("*")) if p.suffix in (".json", ".npz")}
    return {
        "tool": "discourse",
        "version": __version__,
        "python": sys.version.split()[0],
        "models": models,
        "inputs": sorted(inputs, key=lambda r: str(r["source"])),
        "command": command if command is not None else sys.argv,
        "run_dir": str(run_dir),
    }


def codebook(tables: ThreadTables) -> str:
    """CODEBOOK.md: every exported table and column with its type and meaning."""
    lines = ["# Codebook", "", f"Tables exported by discourse {__version__}. One file per table.", "",
             "In CSV files, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is "
             "written with a leading single quote (`'`), so that a spreadsheet shows it instead of running it "
             "as a formula (CSV injection). Remove that quote to get the original text; Parquet and NDJSON "
             "files keep the text unchanged.", ""]
    for name, frame in tables.items():
        lines += [f"## {name}", "", "| column | type | meaning |", "|---|---|---|"]
        docs = COLUMN_DOCS.get(name, {})
        for column, dtype in frame.schema.items():
            meaning = docs.get(column) or COLUMN_DOCS["*"].get(column, "")
            lines.append(f"| `{column}` | {dtype} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


def reply_network(tables: ThreadTables):
    """The signed reply network as a networkx DiGraph (commenter → commenter replied to).

    Edge attributes: ``weight`` (number of replies), ``n_agree``/``n_disagree``/``n_neutral``
    (the replies' agreement with their parent), ``n_support``/``n_deny``/``n_query``/``n_comment``
    (their reply stance), ``sign`` (+1 more agree than disagree, -1 more disagree than agree, 0
    otherwise; from the SDQC support/deny counts for runs made before the agreement model) and
    ``mean_compound`` (the replies' sentiment). Node attributes: ``n_comments`` and
    ``mean_compound``. Anonymous comments are separate nodes.
    """
    comments = tables.comments
    by_key = {(r["thread_id"], r["comment_id"]): r for r in comments.iter_rows(named=True)}
    parent_rows = (list(tables.stance.filter(pl.col("target_kind") == "parent").iter_rows(named=True))
                   if tables.stance.height else [])
    parent_stance = {(r["thread_id"], r["comment_id"]): r["label"] for r in parent_rows}
    parent_agreement = {(r["thread_id"], r["comment_id"]): r["agreement"] for r in parent_rows if r.get("agreement")}
    has_agreement = bool(parent_agreement)

    def node(row: dict[str, Any]) -> str:
        return row["author"] or f"[anonymous {row['thread_id']} {row['comment_id']}]"

    graph = nx.DiGraph()
    sentiments: dict[str, list[float]] = defaultdict(list)
    for row in comments.iter_rows(named=True):
        name = node(row)
        graph.add_node(name)
        compound = row.get("compound")
        if compound is not None and not math.isnan(compound):
            sentiments[name].append(compound)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for key, row in sorted(by_key.items()):
        parent = by_key.get((row["thread_id"], row["reply_to"])) if row["reply_to"] else None
        if parent is None:
            continue
        edge = edges.setdefault((node(row), node(parent)), {"labels": Counter(), "agreement": Counter(),
                                                            "compound": []})
        edge["labels"][parent_stance.get(key, "comment")] += 1
        edge["agreement"][parent_agreement.get(key, "neutral")] += 1
        if row.get("compound") is not None and not math.isnan(row["compound"]):
            edge["compound"].append(row["compound"])
    for (source, target), edge in sorted(edges.items()):
        labels, agree = edge["labels"], edge["agreement"]
        pos, neg = (agree["agree"], agree["disagree"]) if has_agreement else (labels["support"], labels["deny"])
        sign = 1 if pos > neg else -1 if neg > pos else 0
        graph.add_edge(
            source, target, weight=sum(labels.values()), sign=sign,
            n_agree=agree["agree"], n_disagree=agree["disagree"], n_neutral=agree["neutral"],
            n_support=labels["support"], n_deny=labels["deny"], n_query=labels["query"],
            n_comment=labels["comment"],
            mean_compound=round(sum(edge["compound"]) / len(edge["compound"]), 4) if edge["compound"] else 0.0,
        )
    counts = Counter(node(r) for r in comments.iter_rows(named=True))
    for name in graph.nodes:
        values = sentiments.get(name, [])
        graph.nodes[name]["n_comments"] = counts.get(name, 0)
        graph.nodes[name]["mean_compound"] = round(sum(values) / len(values), 4) if values else 0.0
    return graph


def _clean_graph(graph: Any) -> Any:
    """A copy of ``graph`` whose node names and string attributes are valid XML text."""
    names = {n: _graph_text(n) for n in graph.nodes}
    if len(set(names.values())) < len(names):  # two names differing only in control characters
        names = {n: _graph_text(n) if _graph_text(n) == n else f"{_graph_text(n)} [{i}]"
                 for i, n in enumerate(graph.nodes)}
    clean = nx.relabel_nodes(graph, names, copy=True)
    for _, attrs in clean.nodes(data=True):
        attrs.update({k: _graph_text(v) for k, v in attrs.items()})
    for _, _, attrs in clean.edges(data=True):
        attrs.update({k: _graph_text(v) for k, v in attrs.items()})
    return clean


def export_run(
    run_dir: str | Path,
    fmt: str,
    out: str | Path,
    *,
    overwrite: bool = False,
    command: list[str] | None = None,
) -> Path:
    """Export a run folder to ``out`` in format ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    if fmt not in EXPORT_FORMATS:
        raise OutputError(f"{out}: unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    out = Path(out)
    _refuse_inside_run(Path(run_dir), out)
    tables = load_run(run_dir)
    meta = provenance(run_dir, command=command)
    if fmt in ("gexf", "graphml"):
        if out.exists() and not overwrite:
            raise OutputError(f"{out}: exists (use --overwrite to replace it)")
        if out.is_dir():
            raise OutputError(f"{out}: is a folder; give a file name for the {fmt} network")
        try:  # like the folder formats, which create their parents
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{out}: cannot create {out.parent} ({exc.strerror or exc})") from None
        graph = _clean_graph(reply_network(tables))
        graph.graph.update({"tool": "discourse", "version": __version__, "provenance": json.dumps(meta)})
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(graph, tmp)
            tmp.replace(out)
        except (OSError, ValueError, TypeError) as exc:
            raise OutputError(f"{out}: cannot write the {fmt} network ({exc})") from None
        finally:
            tmp.unlink(missing_ok=True)  # never left behind, whatever failed
        atomic_write_text(out.with_name(out.name + ".provenance.json"), json.dumps(meta, indent=1) + "\n")
        return out
    try:
        with atomic_directory(out, overwrite=overwrite) as tmp:
            if fmt == "convokit":
                write_convokit(tables, tmp, meta)
            else:
                write_tables(tmp, dict(tables.items()), formats=(fmt,))
                atomic_write_text(tmp / "CODEBOOK.md", codebook(tables))
            atomic_write_text(tmp / "provenance.json", json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    except OSError as exc:  # -o under a file, a read-only or full disk: one line, not a traceback
        raise OutputError(f"{out}: cannot write the export ({exc.strerror or exc})") from None
    return out
