"""Where inputs run: in this process, a spawned process pool (``-j``) or a Dask cluster; results as they finish."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from discourse._logging import route_to_stderr
from discourse.errors import DiscourseError
from discourse.runner.options import InputResult, RunOptions
from discourse.runner.worker import process_input

#: Inputs per Dask task. The scheduler and client spend CPU on every task in the calling process,
#: which on a small machine is taken from the workers: on 200 inputs and 2 cores the calling
#: process used 2.2 s of CPU with one input per task, 1.3-1.5 s with four.
DASK_BATCH = 4


def process_batch(indexed_sources: list[tuple[int, str]], options: RunOptions) -> list[tuple[int, InputResult]]:
    """:func:`process_input` over a few inputs (one Dask task); each is still written when done."""
    return [(i, process_input(source, options)) for i, source in indexed_sources]


def _batches(sources: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for i, source in enumerate(sources):
        batch.append((i, source))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _dask_results(sources: Iterable[str], options: RunOptions) -> Iterator[tuple[int, InputResult]]:
    """The same per-input work on a Dask cluster (dask.distributed), with a bounded window."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # optional dependency
        raise DiscourseError("the dask backend needs dask.distributed: pip install 'discourse[dask]'") from exc
    address = options.scheduler or os.environ.get("DISCOURSE_DASK_SCHEDULER")
    cluster = None
    if address:
        # Fail fast, in one line: the default waits 30 s and then raises an 80-line traceback.
        timeout = float(os.environ.get("DISCOURSE_DASK_TIMEOUT", "10"))
        try:
            client = Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise DiscourseError(
                f"--scheduler {address}: cannot connect to the Dask scheduler within {timeout:g} s "
                f"({type(exc).__name__}: {_first_line(exc)})"
            ) from None
    else:
        import dask

        config = {
            # No dashboard, so no use for the workers' statistical profiler, which samples every
            # task's stack every 10 ms while holding the GIL.
            "distributed.worker.profile.enabled": False,
            # The nanny's default (65536) makes glibc hand freed heap back to the OS at once; the
            # pipeline frees and reallocates arrays all the time: workers used ~7% more CPU with it.
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        }
        with dask.config.set(config):
            cluster = LocalCluster(n_workers=max(1, options.jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or options.jobs)
        window = workers * 2  # tasks in flight (each DASK_BATCH inputs)
        running = as_completed()
        in_flight = 0
        for k, batch in enumerate(_batches(sources, DASK_BATCH)):
            running.add(client.submit(process_batch, batch, options, key=f"discourse-{k}", pure=False))
            in_flight += 1
            if in_flight >= window:
                yield from next(running).result()
                in_flight -= 1
        for future in running:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def _init_worker(level: int) -> None:
    """A spawned worker logs like its parent."""
    route_to_stderr(level)


def _results(sources: Iterable[str], options: RunOptions) -> Iterator[tuple[int, InputResult]]:
    """Yield (input index, result) as inputs finish; a bounded window keeps memory flat."""
    if options.backend == "dask":
        yield from _dask_results(sources, options)
        return
    if options.jobs <= 1:
        for i, source in enumerate(sources):
            yield i, process_input(source, options)
        return
    window = options.jobs * 4
    # "spawn", not fork: polars, BLAS and OpenMP keep thread pools whose locks a forked child
    # can inherit held, which deadlocks the worker.
    context = multiprocessing.get_context("spawn")
    level = logging.getLogger("discourse").getEffectiveLevel()
    pool = ProcessPoolExecutor(max_workers=options.jobs, mp_context=context, initializer=_init_worker,
                               initargs=(level,))
    try:
        pending: dict[Future, int] = {}
        for i, source in enumerate(sources):
            pending[pool.submit(process_input, source, options)] = i
            if len(pending) >= window:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=pending.__getitem__):
                    yield pending.pop(fut), fut.result()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=pending.__getitem__):
                yield pending.pop(fut), fut.result()
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM) or failed: the executor's own shutdown would wait for
        # every queued input, and a SIGTERM reaches only this process, so the workers would go
        # on writing thread folders as orphans. Stop them now.
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
