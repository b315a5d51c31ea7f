"""How a worker hands back its result: it returns what to do with it, and that runs on the event loop
once the worker has succeeded. A cancelled worker (an exclusive one replaced by a newer) delivers nothing,
and no handler has to know which worker a result came from."""

from __future__ import annotations

from collections.abc import Callable

from textual.worker import Worker, WorkerState

Done = Callable[[], None]
"""A worker's result: the change to make on the event loop."""


def finish(event: Worker.StateChanged) -> str | None:
    """Apply a succeeded worker's `Done`; for a failed worker, the one line saying why (else None)."""
    if event.state is WorkerState.SUCCESS and callable(event.worker.result):
        event.worker.result()
    elif event.state is WorkerState.ERROR:
        return str(event.worker.error or "no reason given")
    return None
