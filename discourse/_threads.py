"""BLAS thread control: one BLAS thread inside a worker (a corpus run's parallelism is across inputs)."""

from __future__ import annotations

import functools
from typing import Any

import numpy  # noqa: F401  (loads numpy's BLAS before the controller looks; see _blas_controller)
import scipy.linalg  # noqa: F401  (loads scipy's BLAS, which the clusterer's SVD uses)
from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]


@functools.lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    # Created once, after this module's imports loaded numpy's and scipy's BLAS: threadpool_limits
    # scans the loaded libraries again on every call (~2 ms, twice per thread of a corpus run).
    # A controller made before those imports sees no library, and its limit does nothing: a
    # `--jobs 2` run then spent three times the CPU of `--jobs 1` on threaded OpenBLAS.
    return ThreadpoolController()


def one_blas_thread() -> Any:
    """Context manager limiting BLAS to one thread.

    A thread's matrices are small, and threaded OpenBLAS on them is ~70x slower (0.97 s vs
    0.014 s for a 200-sentence thread, measured) when the cores are busy; a corpus run's
    parallelism is across inputs.
    """
    return _blas_controller().limit(limits=1, user_api="blas")
