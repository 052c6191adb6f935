from __future__ import annotations

import json

import networkx as nx
import polars as pl
import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.errors import InputError, OutputError
from discourse.export import export_run, load_run, reply_network
from tests.conftest import make_thread, write_run

runner = CliRunner()


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    threads = [make_thread(thread_id="t1", n_comments=6), make_thread(thread_id="t2", n_comments=3)]
    return write_run(tmp_path_factory.mktemp("export") / "run", threads)


def test_load_run_concatenates_threads(run_dir) -> None:
    tables = load_run(run_dir)
    assert tables.threads["thread_id"].to_list() == ["t1", "t2"]
    assert tables.comments.height == 9


@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson"])
def test_tidy_tables_open_in_polars(run_dir, tmp_path, fmt) -> None:
    out = export_run(run_dir, fmt, tmp_path / fmt)
    reader = {"parquet": pl.read_parquet, "csv": pl.read_csv, "ndjson": pl.read_ndjson}[fmt]
    comments = reader(out / f"comments.{fmt}")
    assert comments.height == 9 and {"comment_id", "reply_to", "compound"} <= set(comments.columns)
    codebook = (out / "CODEBOOK.md").read_text()
    assert "| `reply_source` |" in codebook and "## stance" in codebook
    meta = json.loads((out / "provenance.json").read_text())
    assert meta["tool"] == "discourse" and "version" in meta and "command" in meta


def test_convokit_layout_keeps_ids_texts_and_reply_links(run_dir, tmp_path) -> None:
    out = export_run(run_dir, "convokit", tmp_path / "ck")
    assert sorted(p.name for p in out.iterdir()) == [
        "conversations.json", "corpus.json", "index.json", "provenance.json", "speakers.json", "utterances.jsonl"]
    utts = [json.loads(line) for line in (out / "utterances.jsonl").read_text().splitlines()]
    ids = {u["id"] for u in utts}
    roots = [u for u in utts if u["reply-to"] is None]
    assert [r["id"] for r in roots] == ["t1__article", "t2__article"]
    for u in utts:
        assert u["conversation_id"] in ids
        assert u["reply-to"] is None or u["reply-to"] in ids
        assert set(u) >= {"id", "speaker", "conversation_id", "reply-to", "timestamp", "text", "meta"}
    c2 = next(u for u in utts if u["id"] == "t1__c2")
    assert c2["reply-to"] == "t1__c1" and c2["meta"]["stance_to_article"] == "deny"
    index = json.loads((out / "index.json").read_text())
    assert set(index) >= {"utterances-index", "speakers-index", "conversations-index", "overall-index", "version"}


def test_convokit_loads_when_installed(run_dir, tmp_path) -> None:
    convokit = pytest.importorskip("convokit", reason="convokit not installed: the layout test above checks the files")
    out = export_run(run_dir, "convokit", tmp_path / "ck")
    corpus = convokit.Corpus(filename=str(out))
    assert len(corpus.get_conversation_ids()) == 2


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_reply_network_opens_in_networkx(run_dir, tmp_path, fmt) -> None:
    path = export_run(run_dir, fmt, tmp_path / f"net.{fmt}")
    graph = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(path)
    assert graph.number_of_edges() >= 1
    _, _, data = next(iter(graph.edges(data=True)))
    assert {"weight", "sign", "n_deny", "mean_compound"} <= set(data)


def test_reply_network_signs_edges_by_stance() -> None:
    from tests.conftest import hand_scored

    graph = reply_network(hand_scored(make_thread(n_comments=4)))
    assert graph.has_edge("Bob", "Ann")  # c2 (Bob) replies to c1 (Ann)
    assert graph.number_of_nodes() == 4


def test_export_errors_are_clear(tmp_path, run_dir) -> None:
    with pytest.raises(InputError, match="no thread folders"):
        export_run(tmp_path, "csv", tmp_path / "x")
    export_run(run_dir, "csv", tmp_path / "x")
    with pytest.raises(OutputError, match="exists"):
        export_run(run_dir, "csv", tmp_path / "x")


def test_export_command(run_dir, tmp_path) -> None:
    result = runner.invoke(app, ["export", str(run_dir), "--to", "graphml", "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.graphml").is_file()
    result = runner.invoke(app, ["export", str(tmp_path), "--to", "csv", "-o", str(tmp_path / "t")])
    assert result.exit_code == 3 and "no thread folders" in result.output


def test_run_with_export_option(tmp_path) -> None:
    from tests.conftest import SEEDS

    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(SEEDS / "004_7fdc06c34d09003f.txt"), "-o", str(out), "-j", "1", "-q",
                                 "--export", "convokit", "--export", "gexf"])
    assert result.exit_code == 0, result.output
    assert (out / "export" / "convokit" / "utterances.jsonl").is_file()
    assert nx.read_gexf(out / "export" / "replies.gexf").number_of_nodes() >= 1
