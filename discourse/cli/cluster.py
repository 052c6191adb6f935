"""`discourse cluster`: cluster each thread's argument units and fill the clusters table."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import reporting_errors
from discourse.errors import InputError, OutputError
from discourse.model import ThreadTables

app = typer.Typer()


def read_tables(folder: Path) -> ThreadTables:
    """The tables `discourse score -o DIR` wrote: one ``<name>.parquet`` per ThreadTables table."""
    import polars as pl

    from discourse.model import (
        CLUSTER_SCHEMA,
        COMMENT_SCHEMA,
        PARAGRAPH_SCHEMA,
        SENTENCE_SCHEMA,
        STANCE_SCHEMA,
        THREAD_SCHEMA,
        conform,
        empty,
    )

    schemas = {"threads": THREAD_SCHEMA, "comments": COMMENT_SCHEMA, "paragraphs": PARAGRAPH_SCHEMA,
               "sentences": SENTENCE_SCHEMA, "stance": STANCE_SCHEMA, "clusters": CLUSTER_SCHEMA}
    if not (folder / "sentences.parquet").is_file():
        raise InputError(folder, "no sentences.parquet (run `discourse score -o DIR` first)")
    frames = {}
    for name, schema in schemas.items():
        path = folder / f"{name}.parquet"
        if not path.is_file():
            frames[name] = empty(schema)
            continue
        try:
            frames[name] = conform(pl.read_parquet(path), schema)
        except Exception as exc:  # polars/pyarrow raise many kinds on a broken file
            raise InputError(path, f"cannot read Parquet table: {exc}") from None
    return ThreadTables(**frames)


def write_tables(tables: ThreadTables, folder: Path, *, overwrite: bool = False) -> None:
    """Write every table as ``<name>.parquet`` (the same layout as the input)."""
    paths = {name: folder / f"{name}.parquet" for name, _ in tables.items()}
    existing = [p.name for p in paths.values() if p.exists()]
    if existing and not overwrite:
        raise OutputError(f"{folder}: {', '.join(existing)} exist (use --overwrite)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            tmp = paths[name].with_suffix(".parquet.tmp")
            frame.write_parquet(tmp)
            tmp.replace(paths[name])
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write tables: {exc}") from None


class Representation(str, Enum):
    auto = "auto"
    wordllama = "wordllama"
    tfidf = "tfidf"


@app.command("cluster")
def cluster(
    input_dir: Annotated[
        Path,
        typer.Option("--input-dir", "-i", exists=True, file_okay=False, resolve_path=True,
                     help="Folder of Parquet tables written by `discourse score -o DIR`."),
    ],
    output_dir: Annotated[
        Path,
        typer.Option("--output-dir", "-o", file_okay=False, help="Folder to write the tables to (+ clusters.parquet)."),
    ],
    representation: Annotated[
        Representation, typer.Option(help="Sentence vectors: wordllama embeddings (+TF-IDF), TF-IDF+LSA, or auto.")
    ] = Representation.auto,
    distance_threshold: Annotated[
        float | None, typer.Option(help="Average-link cosine distance threshold (default: the tuned one).")
    ] = None,
    min_cluster_size: Annotated[int, typer.Option(min=1, help="Smaller clusters become 'other' (-1).")] = 3,
    overwrite: Annotated[bool, typer.Option(help="Replace existing tables in the output folder.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Cluster the argument units of each thread (article and comments together)."""
    from discourse.cluster import ArgumentClusterer, cluster_tables

    with reporting_errors():
        tables = read_tables(input_dir)
        est = ArgumentClusterer(representation=representation.value, distance_threshold=distance_threshold,
                                min_cluster_size=min_cluster_size, random_state=seed)
        out = cluster_tables(tables, clusterer=est)
        write_tables(out, output_dir, overwrite=overwrite)
        n = out.clusters.filter(out.clusters["cluster"] >= 0).height
        typer.echo(f"{len(out.thread_ids())} thread(s), {n} cluster(s) -> {output_dir}", err=True)
