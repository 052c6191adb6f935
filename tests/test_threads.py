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


def test_blas_limit_takes_effect_in_a_fresh_worker() -> None:
    # A worker process imports discourse._threads before anything loads numpy: the controller must
    # still see the BLAS libraries, or its limit does nothing (a --jobs 2 run then burned three
    # times the CPU of --jobs 1 on threaded OpenBLAS). A limit over no library is not a limit.
    import subprocess
    import sys

    code = (
        "from discourse._threads import one_blas_thread\n"
        "from threadpoolctl import threadpool_info\n"
        "with one_blas_thread():\n"
        "    print(sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[1]"
