"""Builds on a Dask distributed cluster (``build --executor dask``): :class:`DaskExecutor`, a
``concurrent.futures`` executor whose jobs run on the workers of a Dask scheduler (a running one at an address, or
a local cluster it starts), and :class:`WarmKernelPlugin`, the worker plugin that gives each Dask worker its warm
kernel. Dask schedules; nothing here queues or assigns jobs.

Dask only executes: the client (the ``build`` process) plans, decides what is unchanged and writes every HTML,
the manifest and the index (:mod:`.batch`); a worker runs :func:`.batch.run_job` and returns the HTML with the
result. Workers on other machines therefore need the project folder (notebooks, config, data) at the same state
and the package installed, most simply through a shared mount of the folder; the reports folder stays with the
client. A report whose worker read other inputs than the client planned with fails, naming the inputs.

The warm kernel: ``setup`` installs the warm engine (:mod:`.engine`) in the worker's task thread, since an engine
belongs to the thread that created it and a worker with one thread (``--nthreads 1``, as the local cluster has)
runs every task in that thread; the kernel starts with the worker's first report and is reset before each.
``teardown`` shuts it down: when the build ends (the executor unregisters the plugin, so the next build starts
with fresh kernels and the current code) or when the worker closes. A worker with more threads keeps the warm
kernel in one of them; its other threads run each report in a kernel of their own.

Failures: a failing notebook is that report's result (cell and reason), as with every executor. A worker that
dies while it builds a report (killed, out of memory) is replaced by Dask's nanny and Dask runs the report again
on another worker, up to the scheduler's ``distributed.scheduler.allowed-failures`` (3 by default); after that,
or when the task is cancelled (the scheduler went away), the report fails with :class:`WorkerLostError`, whose
reason names no machine.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, Future
from contextlib import suppress
from functools import partial
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, wait
from distributed.scheduler import KilledWorker

from ..core.checksums import code_digest
from . import engine
from .batch import ClusterError, ensure_kernel

log = logging.getLogger(__name__)

#: The name under which the warm-kernel plugin is registered with the scheduler.
PLUGIN_NAME = "integration-analysis-warm-kernel"
#: How long a build waits for the scheduler to have a worker.
WORKER_TIMEOUT_S = 60
#: How long teardown waits for the task thread to shut its kernel down before killing the kernel.
TEARDOWN_TIMEOUT_S = 60
#: Dask settings of the local cluster: a worker takes one report at a time (so a worker that dies takes only that
#: report with it, and the last reports go to idle workers), and no statistical profiler samples the task thread
#: every 10 ms (it is there for the dashboard, which the local cluster does not start).
LOCAL_CLUSTER_CONFIG = {"distributed.scheduler.worker-saturation": 1.0, "distributed.worker.profile.enabled": False}


class WorkerLostError(RuntimeError):
    """A report's task did not finish: Dask lost the workers that ran it, or cancelled it."""


def _start_engine() -> None:
    """In the worker's task thread: the kernel spec (a worker on another machine may lack it) and the engine.
    The checksum of the package is taken now, when the worker has just imported it, so a worker still running
    older code after the files changed reports another package and its reports fail instead of passing."""
    code_digest()
    ensure_kernel()
    engine.init_worker()


class WarmKernelPlugin(WorkerPlugin):
    """Each Dask worker keeps one warm kernel across the reports of a build (see the module's docstring)."""

    name = PLUGIN_NAME
    idempotent = False  # registering again replaces the plugin: the old kernels are shut down, new ones start

    async def setup(self, worker: Any) -> None:
        if worker.state.nthreads > 1:
            log.warning(
                "worker %s has %d threads: one keeps a warm kernel, the others start a kernel per report; "
                "start workers with --nthreads 1",
                worker.name,
                worker.state.nthreads,
            )
        await _in_task_thread(worker, _start_engine)

    async def teardown(self, worker: Any) -> None:
        try:
            await asyncio.wait_for(_in_task_thread(worker, engine.uninstall), TEARDOWN_TIMEOUT_S)
        except (TimeoutError, RuntimeError):  # the task thread is busy or gone: stop the kernel from here
            log.warning("worker %s: the task thread did not shut its kernel down; killing it", worker.name)
            engine.uninstall()


def _in_task_thread(worker: Any, function: Callable[[], None]) -> asyncio.Future:
    """Run ``function`` in the thread pool that runs the worker's tasks (its only thread with ``--nthreads 1``)."""
    return asyncio.wrap_future(worker.executors["default"].submit(function))


def local_cluster(workers: int) -> LocalCluster:
    """A Dask cluster on this machine: ``workers`` worker processes with one thread each, under
    :data:`LOCAL_CLUSTER_CONFIG`, without a dashboard and with its HTTP endpoint on a free port (not Dask's 8787,
    which another cluster on the machine may hold)."""
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
        )


class DaskExecutor(Executor):
    """A ``concurrent.futures`` executor on a Dask cluster: the scheduler at ``scheduler`` (``tcp://host:8786``),
    or without one a local cluster of ``workers`` worker processes with one thread each. Every worker gets the
    :class:`WarmKernelPlugin` for the life of the executor; a lost worker's report comes back as
    :class:`WorkerLostError`. Raises :class:`ClusterError` when the scheduler cannot be reached, has no worker
    within :data:`WORKER_TIMEOUT_S`, or its workers cannot install the plugin."""

    def __init__(self, workers: int = 1, *, scheduler: str | None = None) -> None:
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None
        self._tasks: set[Any] = set()  # the Dask futures not yet settled (a settled one is released)
        where = scheduler or f"a local cluster of {workers} worker process(es)"
        try:
            if scheduler is None:
                self._cluster = local_cluster(workers)
            self._client = Client(scheduler if scheduler is not None else self._cluster, set_as_default=False)
            self._client.wait_for_workers(1, timeout=WORKER_TIMEOUT_S)
            self._client.register_plugin(WarmKernelPlugin(), name=PLUGIN_NAME)
        except Exception as exc:  # no connection, no worker, or a worker whose plugin could not start its engine
            self._close()
            raise ClusterError(f"cannot build on the Dask cluster at {where}: {type(exc).__name__}: {exc}") from exc

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if self._client is None:
            raise RuntimeError("cannot submit to a DaskExecutor after shutdown")
        task = self._client.submit(fn, *args, pure=False, **kwargs)  # pure=False: every call runs
        future: Future = Future()
        self._tasks.add(task)
        task.add_done_callback(partial(self._settle, future))
        return future

    def _settle(self, future: Future, task: Any) -> None:
        """Pass a finished task's outcome to its future (in Dask's callback thread) and release the task, so the
        worker drops its copy of the result (a report's HTML) instead of holding every report to the end."""
        try:
            _transfer(task, future)
        finally:
            self._tasks.discard(task)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Wait for (or cancel) the submitted tasks, take the plugin off the workers (their kernels shut down),
        close the client and a local cluster."""
        if self._client is None:
            return
        if cancel_futures:
            self._client.cancel(list(self._tasks))
        elif wait:
            _wait_for(list(self._tasks))
        self._close()

    def _close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            try:
                client.unregister_worker_plugin(PLUGIN_NAME)
            except Exception:  # not registered, or the scheduler has gone: the workers' own close ends the kernels
                log.debug("could not unregister the worker plugin", exc_info=True)
            client.close()
        if cluster is not None:
            cluster.close()


def _wait_for(tasks: list[Any]) -> None:
    with suppress(Exception):  # the outcome of every task is in its future already
        wait(tasks)


def _transfer(task: Any, future: Future) -> None:
    """Set ``future`` to the outcome of the finished Dask ``task``; a lost worker or a cancelled task becomes a
    :class:`WorkerLostError` whose reason names no machine."""
    try:
        future.set_result(task.result())
    except KilledWorker as exc:
        attempts = exc.allowed_failures + 1
        times = f" ({attempts}-mal, auf verschiedenen Workern)" if attempts > 1 else ""
        future.set_exception(
            WorkerLostError(f"der Dask-Worker fiel beim Bauen dieses Berichts aus{times}; Bericht nicht gebaut")
        )
    except CancelledError:
        future.set_exception(
            WorkerLostError("Dask hat den Auftrag abgebrochen (Scheduler nicht mehr erreichbar?); Bericht nicht gebaut")
        )
    except BaseException as exc:  # the task's own exception, raised again on the client
        future.set_exception(exc)
