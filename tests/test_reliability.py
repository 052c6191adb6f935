"""Issue #19: what a hostile or careless corpus broke. Each test builds its own input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.errors import OutputError
from discourse.export import export_run, load_run
from discourse.parse import read_import
from discourse.parse.dates import data_timestamp as _when
from discourse.runner import RunOptions, iter_inputs, run_corpus, thread_folder
from tests.parse.sources.fixtures import COMMENTS, DISQUS, SUBMISSION, WXR, write_jsonl

HEADER = "thread_id,comment_id,author,timestamp,text,reply_to,article_text\n"


def table(path: Path, *rows: str) -> Path:
    """A comments table: each row ``thread_id,comment_id,author,timestamp,text,reply_to,article_text``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def thread_rows(tid: str, *, author: str = "Annabel Quist", stamp: str = "2013-08-10T01:00:00") -> list[str]:
    return [
        f"{tid},a,{author},{stamp},The gas price will never be agreed. Mail me at ann@example.org,,"
        "Russia and China signed a gas deal this week.",
        f"{tid},b,Bob Rivers,2013-08-10T02:00:00,Nonsense: the deal is done and {author} knows it.,a,",
    ]


def run(inputs: list[Path | str], out: Path, **kw) -> object:
    return run_corpus([str(p) for p in inputs], RunOptions(output_dir=str(out), jobs=1, **kw))


def index_folders(out: Path) -> list[str]:
    return pl.read_parquet(out / "threads.parquet")["folder"].to_list()


# 1. --resume keys on every option that changes outputs -------------------------------------


def test_resume_with_privacy_options_redoes_the_inputs(tmp_path: Path) -> None:
    source = table(tmp_path / "in" / "comments.csv", *thread_rows("t1"))
    out = tmp_path / "out"
    run([source], out)
    summary = run([source], out, resume=True, pseudonymize=True, redact=True)
    assert summary.skipped == 0 and summary.threads == 1
    written = next(out.glob("*/thread.json")).read_text(encoding="utf-8")
    assert "Annabel" not in written and "ann@example.org" not in written
    # the same options again: now it is resumed
    assert run([source], out, resume=True, pseudonymize=True, redact=True).skipped == 1


# 2. a run never reads its own output ---------------------------------------------------------


def test_run_of_the_current_folder_skips_its_own_reports(tmp_path: Path, monkeypatch) -> None:
    pages = tmp_path / "pages"
    table(pages / "comments.csv", *thread_rows("t1"))
    monkeypatch.chdir(pages)
    run(["."], Path("reports"))
    summary = run(["."], Path("reports"), overwrite=True)
    assert (summary.inputs, summary.threads, summary.failed) == (1, 1, 0)


def test_parse_into_its_input_folder_does_not_double(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from discourse.cli import app

    folder = tmp_path / "pages"
    table(folder / "comments.csv", *thread_rows("t1"))
    target = folder / "threads.jsonl"
    for _ in range(3):
        result = CliRunner().invoke(app, ["parse", str(folder), "-o", str(target), "--overwrite"])
        assert result.exit_code == 0, result.output
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1
    assert list(iter_inputs([folder], exclude=[target])) == [str(folder / "comments.csv")]


# 3. thread folders never collide ------------------------------------------------------------


def test_ids_that_slug_alike_or_differ_in_case_get_their_own_folders(tmp_path: Path) -> None:
    source = table(tmp_path / "comments.csv", *(r for tid in ("a", "a-", "a_", "A") for r in thread_rows(tid)))
    out = tmp_path / "out"
    summary = run([source], out)
    folders = index_folders(out)
    assert summary.threads == 4 and len({f.lower() for f in folders}) == 4
    assert all((out / f / "thread.json").is_file() for f in folders)


def test_same_named_exports_get_their_own_folders(tmp_path: Path) -> None:
    exports = []
    for k in range(3):
        path = tmp_path / "blogs" / f"blog{k}" / "export.xml"
        path.parent.mkdir(parents=True)
        path.write_text(WXR.replace("Pipelines", f"Pipelines {k}"), encoding="utf-8")
        exports.append(path)
    out = tmp_path / "out"
    summary = run([tmp_path / "blogs"], out)
    folders = index_folders(out)
    assert summary.failed == 0 and len(folders) == summary.threads == 3 * len(read_import(exports[0], "wxr"))
    assert len({f.lower() for f in folders}) == len(folders)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=30), unique=True, max_size=30),
       st.sampled_from(["txt", "html", "comments-table", "wxr", None]))
def test_thread_folders_are_distinct_ignoring_case(ids: list[str], fmt: str | None) -> None:
    folders = [thread_folder(tid, "comments.csv", fmt) for tid in ids]
    assert len({f.lower() for f in folders}) == len(ids)
    assert all(f and "/" not in f and "\\" not in f and len(f) <= 80 for f in folders)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=20), st.lists(st.text(min_size=1, max_size=20), min_size=2, max_size=5,
                                                  unique=True))
def test_one_id_from_many_sources_gets_many_folders(tid: str, sources: list[str]) -> None:
    folders = {thread_folder(tid, s, "wxr").lower() for s in sources}
    assert len(folders) == len(sources)


# 4. folder inputs pick up every supported format ----------------------------------------------


def test_folder_inputs_include_import_formats_and_a_lone_reddit_dump_is_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "forum.xml").write_text(DISQUS, encoding="utf-8")
    (folder / "blog.xml").write_text(WXR, encoding="utf-8")
    (folder / "comments.tsv").write_text(HEADER.replace(",", "\t") + "\n".join(
        r.replace(",", "\t") for r in thread_rows("t9")) + "\n", encoding="utf-8")
    pl.read_csv(table(tmp_path / "c.csv", *thread_rows("t8"))).write_parquet(folder / "comments.parquet")
    write_jsonl(folder / "dump.ndjson", [SUBMISSION, *COMMENTS])
    found = sorted(Path(p).name for p in iter_inputs([folder]))
    assert found == ["blog.xml", "comments.parquet", "comments.tsv", "dump.ndjson", "forum.xml"]
    summary = run([folder], tmp_path / "out")
    assert summary.inputs == 5 and summary.failed == 0, summary.errors


# 5. one bad value does not sink a file ---------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+05:00",
                                   "Fri, 31 Dec 9999 23:59:59 -1200"])
def test_timestamps_without_a_utc_equivalent_are_dropped_not_fatal(value: str) -> None:
    iso, raw, precision = _when(value)
    assert iso is None and raw == value and precision is None


def test_a_year_is_a_year_not_seconds_since_1970() -> None:
    assert _when("2013") == ("2013", "2013", "year")


def test_a_bad_timestamp_leaves_the_rest_of_the_file(tmp_path: Path) -> None:
    rows = thread_rows("t1", stamp="9999-12-31T23:59:59-12:00") + thread_rows("t2", stamp="2013")
    out = tmp_path / "out"
    summary = run([table(tmp_path / "c.csv", *rows)], out)
    assert summary.failed == 0 and summary.threads == 2
    comments = load_run(out).comments.sort("thread_id", "comment_id")
    assert comments["timestamp"].to_list()[:1] == [None] and comments["timestamp_raw"][0].startswith("9999")
    assert "2013" in comments["timestamp"].to_list()


# 6. stale thread folders do not survive into export ------------------------------------------


def test_overwrite_and_resume_remove_stale_thread_folders(tmp_path: Path) -> None:
    one = table(tmp_path / "in" / "one.csv", *thread_rows("t1"))
    two = table(tmp_path / "in" / "two.csv", *thread_rows("t2"))
    out = tmp_path / "out"
    run([one, two], out)
    run([one], out, overwrite=True)
    assert len(index_folders(out)) == 1 and len(list(out.glob("*/thread.json"))) == 1
    assert load_run(out).threads.height == 1
    table(one, *thread_rows("t3"))  # the input changed: its old thread t1 is gone
    run([one], out, resume=True)
    assert [json.loads(p.read_text())["thread_id"] for p in out.glob("*/thread.json")] == ["t3"]
    export = export_run(out, "parquet", tmp_path / "export")
    assert pl.read_parquet(export / "threads.parquet")["thread_id"].to_list() == ["t3"]


def test_export_lists_only_the_indexed_threads(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([table(tmp_path / "one.csv", *thread_rows("t1"))], out)
    stray = out / "copy"
    stray.mkdir()
    os.system(f"cp -r {next(out.glob('t1*'))}/. {stray}")
    assert load_run(out).threads.height == 1


# 7. an export never replaces its run ------------------------------------------------------------


@pytest.mark.parametrize("where", ["run", "parent", "thread"])
def test_export_into_the_run_is_refused(tmp_path: Path, where: str) -> None:
    out = tmp_path / "out"
    run([table(tmp_path / "one.csv", *thread_rows("t1"))], out)
    target = {"run": out, "parent": tmp_path, "thread": next(out.glob("t1*"))}[where]
    before = sorted(str(p) for p in out.rglob("*"))
    with pytest.raises(OutputError):
        export_run(out, "csv", target, overwrite=True)
    assert sorted(str(p) for p in out.rglob("*")) == before


# 8. CSV formula injection ---------------------------------------------------------------------


def test_csv_cells_that_start_a_formula_are_quoted(tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x"\u002c"y")', "+1+1", "-2+3", "@SUM(A1)"]
    rows = [f't1,c{i},{"@admin" if i == 0 else "Ann"},,"{t.replace(chr(34), chr(34) * 2)}",,Article text.'
            for i, t in enumerate(hostile)]
    out = tmp_path / "out"
    run([table(tmp_path / "c.csv", *rows)], out)
    export = export_run(out, "csv", tmp_path / "export")
    for csv_file in [*out.glob("*/data/comments.csv"), export / "comments.csv", out / "threads.csv"]:
        for row in pl.read_csv(csv_file, infer_schema=False).iter_rows():
            for cell in row:
                assert cell is None or cell[:1] not in "=+-@", (csv_file, cell)
    texts = pl.read_csv(export / "comments.csv", infer_schema=False)["text"].to_list()
    assert texts == ["'" + t for t in hostile]
    assert load_run(out).comments["text"].to_list() == hostile  # Parquet keeps the text unchanged
    assert "single quote" in (export / "CODEBOOK.md").read_text()


# 9. report.md escapes what comes from the data ---------------------------------------------------


def test_report_md_escapes_ids_reply_to_and_coverage(tmp_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)>"
    utterances = [
        {"id": "root", "conversation_id": "root", "reply-to": None, "speaker": "[editorial]",
         "text": "An article about pipelines and prices.", "meta": {}},
        {"id": evil, "conversation_id": "root", "reply-to": "root", "speaker": "ann", "text": "First.", "meta": {}},
        {"id": "c2", "conversation_id": "root", "reply-to": evil, "speaker": "bob", "text": "Second.", "meta": {}},
    ]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "utterances.jsonl", utterances)
    (corpus / "conversations.json").write_text(json.dumps({"root": {"meta": {"coverage": evil, "title": evil}}}))
    (corpus / "speakers.json").write_text("{}")
    (corpus / "corpus.json").write_text("{}")
    out = tmp_path / "out"
    summary = run([corpus], out)
    assert summary.failed == 0, summary.errors
    for report in [*out.glob("*/report.md"), out / "index.md"]:
        assert "<img" not in report.read_text(encoding="utf-8"), report


# 10. graph exports survive control characters ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_export_with_control_characters_in_names(tmp_path: Path, fmt: str) -> None:
    rows = [r.replace("Annabel Quist", "Ann\x01\x1bie").replace("Bob Rivers", "Bob\x0b") for r in thread_rows("t1")]
    out = tmp_path / "out"
    run([table(tmp_path / "c.csv", *rows)], out)
    target = tmp_path / f"replies.{fmt}"
    export_run(out, fmt, target)
    graph = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(target)
    assert sorted(graph.nodes) == ["Annie", "Bob"]
    assert not list(target.parent.glob("*.tmp"))


def test_graph_export_failure_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    run([table(tmp_path / "c.csv", *thread_rows("t1"))], out)

    def broken(graph, path):
        Path(path).write_text("half")
        raise ValueError("boom")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OutputError, match="boom"):
        export_run(out, "graphml", tmp_path / "replies.graphml")
    assert not list(tmp_path.glob(".*.tmp")) and not (tmp_path / "replies.graphml").exists()


# 14. smaller ones ---------------------------------------------------------------------------------


def test_many_quotes_deep_in_markup_take_linear_time() -> None:
    import time

    from discourse.parse.sources._build import html_text as _html_text

    message = "<div>" * 250 + "<blockquote>q</blockquote>" * 40000 + "</div>" * 250
    started = time.perf_counter()
    _, quoted = _html_text(message)
    assert quoted.count("q") == 40000
    assert time.perf_counter() - started < 2.5  # 4.9 s on main: every quote walked its 250 ancestors


def test_renaming_a_duplicate_id_never_makes_another_duplicate(tmp_path: Path) -> None:
    source = table(tmp_path / "c.csv",
                   "t1,a,Ann,,First comment here.,,Article text.", "t1,a~2,Bob,,Second comment here.,,",
                   "t1,a,Cy,,Third comment here.,,")
    ids = [c.id for c in read_import(source, "comments-table")[0].comments]
    assert len(ids) == len(set(ids)) == 3


def test_an_xml_export_with_a_doctype_longer_than_the_head_is_still_an_export(tmp_path: Path) -> None:
    from discourse.parse import parse_file

    head, rest = DISQUS.split("\n", 1)
    path = tmp_path / "forum.xml"
    path.write_text(f"{head}\n<!DOCTYPE disqus [\n<!-- {'x' * 70000} -->\n]>\n{rest}", encoding="utf-8")
    threads = parse_file(path)
    assert {t.input_format for t in threads} == {"disqus"}


def test_convokit_metadata_of_the_wrong_type_is_dropped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "utterances.jsonl", [
        {"id": "t1__article", "conversation_id": "t1__article", "reply-to": None, "speaker": "[editorial]",
         "text": "An article.", "meta": {"side": "editorial"}},
        {"id": "t1__c1", "conversation_id": "t1__article", "reply-to": "t1__article", "speaker": "ann",
         "text": "A comment.", "meta": {"side": "comment", "comment_id": "c1"}},
    ])
    (corpus / "conversations.json").write_text(json.dumps({"t1__article": {"meta": {
        "declared_comments": "many", "coverage": "<b>all</b>", "coverage_note": ["x"]}}}))
    (thread,) = read_import(corpus, "convokit")
    assert (thread.declared_comments, thread.coverage) == (None, "unknown")


# 15. ties are broken by position, not by floating-point noise --------------------------------------


def test_equally_central_members_give_the_first_as_example() -> None:
    import numpy as np

    from discourse.cluster.labels import _central_examples

    # Both members are equally central; the second wins by 1e-9, less than BLAS builds differ by.
    x = np.array([[1.0, 0.0], [0.0, 1.0 + 1e-9], [1.0, 1.0]], dtype=np.float64)
    assert _central_examples(x, np.array([0, 0, 1])) == {0: 0, 1: 2}
    assert _central_examples(x[[1, 0, 2]], np.array([0, 0, 1])) == {0: 0, 1: 2}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["a.txt", "b.csv", "c.html", "d.xml", "e.parquet", "f.ndjson", "g.tsv", "h.warc",
                                 "i.warc.gz", "j.jsonl", "k.htm", "l.json", "m.xml.gz"]),
                min_size=1, max_size=8, unique=True),
       st.sampled_from(["reports", "out", "sub/out"]), st.booleans())
def test_folder_walks_never_yield_the_output(names: list[str], out_name: str, glob_form: bool) -> None:
    """Every supported file of the input folder is found, nothing inside the output folder is."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / out_name
        out.mkdir(parents=True)
        for name in names:
            (root / name).write_text("x")
            (out / name).write_text("x")
        found = list(iter_inputs([f"{root}/**/*" if glob_form else root], exclude=[out]))
        assert not [f for f in found if Path(f).resolve().is_relative_to(out.resolve()) and Path(f) != out.parent]
        assert sorted(Path(f).name for f in found if Path(f).parent == root and Path(f).is_file()) == sorted(names)


_OUTPUT_OPTIONS = {
    "input_format": st.sampled_from([None, "txt", "html", "comments-table"]),
    "captured_at": st.sampled_from([None, "2013-08-10T00:00:00"]),
    "columns": st.sampled_from([(), (("text", "body"),)]),
    "articles": st.sampled_from([None, "articles.csv"]),
    "generated_at": st.sampled_from([None, "2026-01-01"]),
    "table_formats": st.sampled_from([("csv", "parquet"), ("parquet",)]),
    "pseudonym_salt": st.sampled_from([None, "00" * 16, "11" * 16]),
    "redact": st.booleans(),
}


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries(_OUTPUT_OPTIONS), st.fixed_dictionaries(_OUTPUT_OPTIONS))
def test_resume_keys_differ_whenever_an_output_option_does(a: dict, b: dict) -> None:
    from discourse.runner import options_key

    key_a, key_b = options_key(RunOptions(output_dir="o", **a)), options_key(RunOptions(output_dir="o", **b))
    assert (key_a == key_b) == (a == b)
    # jobs, backend and overwrite do not change outputs: they must not force a redo
    assert options_key(RunOptions(output_dir="o", jobs=4, overwrite=True, **a)) == key_a


def test_the_same_page_twice_keeps_one_folder_and_reports_the_second(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    page = (SEEDS / "004_7fdc06c34d09003f.txt").read_bytes()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_bytes(page)
    out = tmp_path / "out"
    summary = run([tmp_path / "a", tmp_path / "b"], out)
    assert (summary.threads, summary.failed) == (1, 1)
    assert "already reported from" in summary.errors[0]["error"] and str(tmp_path / "b") in summary.errors[0]["source"]
    assert len(index_folders(out)) == 1


@pytest.mark.parametrize("kernel", ["Prescott"])
def test_seed_outputs_do_not_depend_on_the_blas_kernel(tmp_path: Path, kernel: str) -> None:
    """Another OpenBLAS kernel rounds dot products differently; on main it changed a cluster's example."""
    import subprocess
    import sys

    from tests.conftest import REPO

    out = tmp_path / "out"
    env = {**os.environ, "OPENBLAS_CORETYPE": kernel}
    subprocess.run([sys.executable, "-m", "discourse", "run", "seeds", "-o", str(out), "-j", "1", "-q"],
                   cwd=REPO, env=env, check=True, timeout=300)
    committed = REPO / "reports"
    changed = [str(p.relative_to(out)) for p in out.rglob("*.csv")
               if p.read_bytes() != (committed / p.relative_to(out)).read_bytes()]
    assert changed == []


def test_report_stage_folders_do_not_collide_either(tmp_path: Path) -> None:
    from discourse.model import ThreadTables
    from discourse.outputs import write_stage_tables
    from discourse.report.render import render_tables
    from tests.conftest import hand_scored, make_thread

    tables = ThreadTables.concat([hand_scored(make_thread(thread_id=tid)) for tid in ("a", "a-", "a_", "A")])
    write_stage_tables(tables, tmp_path / "tables")
    assert render_tables(tmp_path / "tables", tmp_path / "out") == 4
    folders = index_folders(tmp_path / "out")
    assert len({f.lower() for f in folders}) == 4 and all((tmp_path / "out" / f / "report.md").is_file()
                                                          for f in folders)
