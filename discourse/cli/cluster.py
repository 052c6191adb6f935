"""`discourse cluster`: cluster each thread's argument units and fill the clusters table."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import Quiet, Verbose, configure_logging, reporting_errors, state

app = typer.Typer()


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
    min_cluster_size: Annotated[
        str, typer.Option(help="Smaller clusters become 'other' (-1); 'auto': 2 below 100 sentences, else 3.")
    ] = "auto",
    overwrite: Annotated[bool, typer.Option(help="Replace existing tables in the output folder.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Cluster the argument units of each thread (article and comments together)."""
    configure_logging(verbose, quiet)
    from discourse.cluster import ArgumentClusterer
    from discourse.pipeline import cluster_folder

    if min_cluster_size != "auto" and not (min_cluster_size.isdigit() and int(min_cluster_size) >= 1):
        raise typer.BadParameter(f"expected 'auto' or a whole number >= 1, got {min_cluster_size!r}",
                                 param_hint="--min-cluster-size")
    with reporting_errors():
        size: int | str = min_cluster_size if min_cluster_size == "auto" else int(min_cluster_size)
        est = ArgumentClusterer(representation=representation.value, distance_threshold=distance_threshold,
                                min_cluster_size=size, random_state=seed)
        out = cluster_folder(input_dir, output_dir, clusterer=est, overwrite=overwrite)
        n = out.clusters.filter(out.clusters["cluster"] >= 0).height
        if not state.quiet:
            typer.echo(f"{len(out.thread_ids())} thread(s), {n} cluster(s) -> {output_dir}", err=True)
