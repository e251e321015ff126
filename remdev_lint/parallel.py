"""Linting many files in several processes.

The workers are forked, so each starts with the parent's linter (its rules compiled, its
configuration read) and nothing is pickled but paths and findings. Ctrl-C and a broken worker
end the run cleanly: see :func:`fork_map`.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


#: Below this many files one process is faster than starting more.
PARALLEL_MIN_FILES = 200


def can_fork() -> bool:
    import sys

    return sys.platform != "win32" and hasattr(os, "fork")


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class WorkerError(Exception):
    """A worker process that ended without its results (killed, crashed): a bug, said plainly."""


def fork_map(function: Callable[[Any], Any], chunks: list[Any], jobs: int) -> list[Any]:
    """``[function(chunk) for chunk in chunks]``, in ``jobs`` forked processes (worker ``k``
    takes chunks ``k``, ``k + jobs``, ...: they are interleaved slices of the files already),
    each sending its results back pickled through a pipe.

    Ctrl-C is the parent's alone: it is held back while the workers are forked, so that each
    starts with it blocked and ignores it before taking it again, and the parent takes it only
    once every worker is known; whatever ends the parent's wait (Ctrl-C, a broken worker) kills
    and reaps every worker. (multiprocessing.Pool could not promise that: a Ctrl-C while it
    forked left workers orphaned, holding the output pipes, and its terminate() can wait for
    ever on a lock an idle worker holds.)"""
    import pickle
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    workers: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for index in range(jobs):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                _worker(function, chunks[index::jobs], write_end, [r for _, r in workers] + [read_end], held)
            os.close(write_end)
            workers.append((pid, read_end))
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held back arrives here
        results: list[Any] = [None] * len(chunks)
        for index, (pid, read_end) in enumerate(workers):
            workers[index] = (pid, -1)  # the stream closes it, whatever happens
            with os.fdopen(read_end, "rb", closefd=True) as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            workers[index] = (0, -1)
            try:
                kind, payload = pickle.loads(data)
            except Exception:
                raise WorkerError(f"a worker process ended without its results ({_status(status)})") from None
            if kind == "error":
                raise payload
            results[index::jobs] = payload
        return results
    except BaseException:
        for pid, read_end in workers:
            if read_end >= 0:
                os.close(read_end)
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _worker(function: Callable[[Any], Any], chunks: list[Any], write_end: int, inherited: list[int], held: Any) -> None:
    """A forked worker: Ctrl-C ignored (the parent stops it), its chunks done, the results (or
    the exception) written to its pipe, and out without running the parent's exit handlers."""
    import pickle
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for fd in inherited:  # the read ends of the pipes of the parent and earlier workers
            os.close(fd)
        try:
            data = pickle.dumps(("ok", [function(chunk) for chunk in chunks]))
        except BaseException as exc:  # a bug: the parent raises it
            try:
                data = pickle.dumps(("error", exc))
            except Exception:
                data = pickle.dumps(("error", WorkerError(f"{type(exc).__name__}: {exc}")))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(0)


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
