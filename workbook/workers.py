"""Several PDFs laid out at once (``--per-person --jobs N``) in worker processes tied to the run.

A worker restores the default handling of SIGTERM (it ends the worker; the parent's SIGTERM-as-Ctrl-C
handler is not inherited), leaves Ctrl-C to the parent and, on Linux, is killed by the system when the
process that started it dies, even by ``kill -9``: no worker outlives the run holding a plan's text or the
terminal. A worker that dies (the out-of-memory killer) ends the run at once with :class:`WorkerDied`; the
others are stopped and nothing is written.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from workbook.errors import BuildError

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
STOP_WAIT = 5.0  # seconds a stopped worker gets to end before the run goes on without it


class WorkerDied(BuildError):
    """A worker process ended without its PDF (killed, out of memory); nothing was written."""

    def __init__(self) -> None:
        super().__init__("a packet worker stopped unexpectedly; nothing was written")


def start_method(platform: str = sys.platform) -> str | None:
    """``fork`` on Linux (workers share the imports, so they start at once); elsewhere the system's default:
    on macOS forking a process that has loaded system frameworks can crash it."""
    return "fork" if platform.startswith("linux") else None


def map_in_workers(job: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``map(job, items)`` on ``jobs`` worker processes, results in order; every worker is gone when it ends."""
    context = multiprocessing.get_context(start_method())
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))
    finished = False
    try:
        with _stop_signals_held():  # the workers are forked here: see _start_worker
            results = pool.map(job, items)
        yield from results
        finished = True
    except BrokenProcessPool:
        raise WorkerDied() from None
    finally:
        _stop(pool, finished)


def _stop(pool: ProcessPoolExecutor, finished: bool) -> None:
    """Shut the pool down; unless every result came back, kill its workers first (none may be left waiting
    to hand over a result nobody reads)."""
    processes: list[Any] = list((getattr(pool, "_processes", None) or {}).values())
    if not finished:
        for process in processes:
            with suppress(Exception):
                process.kill()
    pool.shutdown(wait=finished, cancel_futures=True)
    for process in processes:
        with suppress(Exception):
            process.join(STOP_WAIT)


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the workers are forked: a worker forked with them held cannot be stopped
    by one before it handles them itself, and the run knows every worker before one can stop it."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(parent: int) -> None:
    """In each worker, before any work: SIGTERM ends it (the default), Ctrl-C is the parent's to handle (it
    stops the workers), and the worker dies with the parent (Linux)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
