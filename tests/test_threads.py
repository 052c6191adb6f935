"""Tests of discourse._threads: BLAS thread control."""

from __future__ import annotations

from typer.testing import CliRunner

from discourse.cluster import vectors as vectors_mod

runner = CliRunner()


def test_one_blas_thread_limits_blas_inside_only() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> set[int]:
        return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}

    before = blas_threads()
    with vectors_mod.one_blas_thread():
        assert blas_threads() <= {1}
    assert blas_threads() == before
