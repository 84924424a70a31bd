"""A papermill engine that keeps one Jupyter kernel alive and runs successive notebooks in it.

Starting a kernel and importing pandas, matplotlib, seaborn and the package take about as long as running a
report notebook; a build of many reports pays that once per worker process instead of once per report.
:class:`WarmEngine` is a papermill engine (registered under a name with ``papermill_engines``, chosen with
``papermill.execute_notebook(..., engine_name=...)``): papermill still parameterizes the notebook, records the
cell metadata and raises ``PapermillExecutionError`` for a failing cell; nbclient still executes the cells (the
client is given the engine's kernel manager, so it neither starts nor shuts down the kernel, and the engine's
kernel client, so it does not open new channels).

Every notebook starts clean:

- before each notebook the kernel's working directory is set to the one a fresh kernel would have (the
  caller's, i.e. papermill's ``cwd``) and IPython's ``reset(new_session=True)`` empties the user namespace
  (no variable of one report is visible in the next), the output cache and the history, and sets the execution
  counter back to 1 (so execution counts and "Zelle N" in error messages are those of a fresh kernel); the
  entries a fresh kernel has and the reset does not rebuild (``__doc__``, ``__spec__``, ``_``, …) are put back
  from a copy taken when the kernel started, so the namespace is exactly that of a fresh kernel;
- after a failed notebook (a cell raised, a timeout, a dead kernel, an interrupted run) the kernel is shut down
  and the next notebook gets a new one; so it does after ``max_notebooks`` notebooks (memory);
- imported modules stay loaded: that is the point. Module state is therefore shared by the notebooks of one
  kernel: the package's caches (indicator registry, region) on purpose, since they are read from files of the
  package and of ``config/`` that a build does not change and do not depend on a report's parameters; the
  charts set their matplotlib style per chart and restore it. Data (``load_tidy``, ``compute_indicators``) is
  not cached: each report reads it afresh. A warning shown once per process (Python's default) appears only in
  the first notebook of a kernel: that is stderr, which the reports drop.
The kernel is shut down by :meth:`WarmEngine.close` (also a context manager); :func:`install` registers an
engine for the process and closes it at interpreter exit, and :func:`init_worker` does that as the initializer
of a worker process (``ProcessPoolExecutor(initializer=init_worker)``), so the kernel ends with its worker.
An engine belongs to the thread that created it (the asyncio loop of its kernel client is per thread).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from typing import Any

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import run_sync
from nbformat import NotebookNode
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, NotebookExecutionManager, papermill_engines
from papermill.log import logger as papermill_logger
from papermill.utils import merge_kwargs, remove_args

from .kernels import BuildKernelManager

log = logging.getLogger(__name__)

#: The name under which :func:`install` registers the engine with papermill.
ENGINE_NAME = "warm"
#: nbclient's default for a kernel it starts (``NotebookClient.ipython_hist_file``): no history file on disk.
HISTORY_ARGUMENT = "--HistoryManager.hist_file=:memory:"

# Run in a new kernel before its first notebook: a copy of the fresh user namespace (and of its hidden part),
# kept on the shell object, not in the namespace.
_SNAPSHOT = "get_ipython()._warm_engine_fresh = (dict(get_ipython().user_ns), dict(get_ipython().user_ns_hidden))\n"
# Run before each notebook. IPython's reset drops everything but ``__builtin(s)__`` and ``__name__`` and rebuilds
# its own entries (``In``, ``Out``, ``_ih``, ``exit``, …); what it does not rebuild (``__doc__``, ``__spec__``,
# ``_``, …) is put back from the snapshot, so the namespace is that of a fresh kernel. No name is bound
# (``__import__``; a comprehension's variables stay in the comprehension). The reset ends with a full garbage
# collection (IPython's output cache flush), after which everything still alive (modules, loaded data) is moved to
# the collector's permanent generation (``gc.freeze``): the next reset's collection then scans only what one
# notebook allocated, not the whole kernel again (about 50 ms a report). Objects are still freed when their last
# reference goes; only a reference cycle among the frozen ones waits for the kernel's replacement.
_PREPARE = """\
__import__("os").chdir({cwd!r})
get_ipython().reset(new_session=True)
get_ipython().user_ns.update(
    {{k: v for k, v in get_ipython()._warm_engine_fresh[0].items() if k not in get_ipython().user_ns}}
)
get_ipython().user_ns_hidden.update(
    {{k: v for k, v in get_ipython()._warm_engine_fresh[1].items() if k not in get_ipython().user_ns_hidden}}
)
__import__("gc").freeze()
"""


class KernelPreparationError(RuntimeError):
    """The kernel could not be reset for the next notebook."""


class WarmEngine(Engine):
    """A papermill engine that runs notebook after notebook in one kernel, reset between notebooks.

    Unlike papermill's engines (used as classes), an instance holds the kernel: register the instance, e.g.
    ``papermill_engines.register("warm", WarmEngine())``, or use :func:`install`.
    """

    def __init__(
        self, *, startup_timeout: float = 60, shutdown_now: bool = False, max_notebooks: int | None = 200
    ) -> None:
        self.startup_timeout = startup_timeout
        self.shutdown_now = shutdown_now
        #: After this many notebooks a kernel is replaced (its memory grows by a fraction of a MB per report).
        self.max_notebooks = max_notebooks
        self.kernels_started = 0
        self.notebooks_run = 0
        self._runs_in_kernel = 0
        self._kernel_name: str | None = None
        self._km: AsyncKernelManager | None = None
        self._kc: AsyncKernelClient | None = None
        self._owner = threading.get_ident()
        self._closed = False

    # --- what papermill calls ----------------------------------------------------------------------------------

    def execute_notebook(  # type: ignore[override]  # papermill's Engine has a classmethod here
        self,
        nb: NotebookNode,
        kernel_name: str,
        output_path: str | None = None,
        progress_bar: bool = True,
        log_output: bool = False,
        autosave_cell_every: int = 30,
        **kwargs: Any,
    ) -> NotebookNode:
        """Execute ``nb`` in the warm kernel; the same steps as papermill's ``Engine.execute_notebook``."""
        self._check_usable()
        nb_man = NotebookExecutionManager(
            nb,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        nb_man.notebook_start()
        try:
            self.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb

    def execute_managed_notebook(  # type: ignore[override]
        self,
        nb_man: NotebookExecutionManager,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: float = 60,
        execution_timeout: float | None = None,
        **kwargs: Any,
    ) -> NotebookNode:
        """Run the cells with papermill's nbclient wrapper, in this engine's kernel (arguments as for
        papermill's ``NBClientEngine``)."""
        self._check_usable()
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=papermill_logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        self._prepare(kernel_name, os.getcwd())
        client = PapermillNotebookClient(nb_man, km=self._km, **final_kwargs)
        client.kc = self._kc  # reuse the channels: nbclient only opens a client when it has none
        try:
            client.execute()
        except BaseException:  # timeout, dead kernel, interrupt: the kernel's state is unknown
            self._discard_after_failure()
            raise
        self.notebooks_run += 1
        self._runs_in_kernel += 1
        if nb_man.nb.metadata.get("papermill", {}).get("exception"):
            self._discard_after_failure()  # a cell raised: the next notebook gets a fresh kernel
        return nb_man.nb

    def _discard_after_failure(self) -> None:
        """Discard the kernel without letting a problem in doing so hide the notebook's own error."""
        try:
            self.discard_kernel()
        except Exception:  # the kernel is forgotten either way; the notebook's error is what the caller needs
            log.warning("could not shut down the kernel after a failed notebook", exc_info=True)

    # --- the kernel --------------------------------------------------------------------------------------------

    @property
    def kernel_id(self) -> str | None:
        """The id of the running kernel (``None`` before the first notebook and after :meth:`close`)."""
        return self._km.kernel_id if self._km is not None else None

    @property
    def kernel_pid(self) -> int | None:
        """The process id of the running kernel, if there is one."""
        provisioner = self._km.provisioner if self._km is not None else None
        return getattr(provisioner, "pid", None)

    def start_kernel(self, kernel_name: str) -> None:
        """Start a kernel of ``kernel_name`` (as nbclient would, history in memory, with the build's kernel manager:
        encrypted, shut down without an interrupt), wait until it answers and keep a copy of its fresh namespace;
        a running kernel is shut down first."""
        self._check_usable()
        self.discard_kernel(now=False)
        km = BuildKernelManager(kernel_name=kernel_name)
        run_sync(km.start_kernel)(extra_arguments=[HISTORY_ARGUMENT])
        self._km, self._kc, self._kernel_name = km, km.client(), kernel_name
        try:
            self._kc.start_channels()
            run_sync(self._kc.wait_for_ready)(timeout=self.startup_timeout)
            self._kc.allow_stdin = False
            self._run_silently(_SNAPSHOT)
        except BaseException:
            self.discard_kernel()
            raise
        self.kernels_started += 1
        self._runs_in_kernel = 0
        log.debug("kernel %s (%s) started", km.kernel_id, kernel_name)

    def discard_kernel(self, *, now: bool = True) -> None:
        """Shut the kernel down (at once by default) and forget it; the next notebook starts a new one."""
        km, kc = self._km, self._kc
        self._km = self._kc = self._kernel_name = None
        if km is None:
            return
        if threading.get_ident() != self._owner:  # the client's event loop is the owner thread's: just kill
            process = getattr(km.provisioner, "process", None)
            if process is not None:
                process.kill()
            return
        try:
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=now)
        finally:
            run_sync(km.cleanup_resources)()
            if kc is not None:
                kc.stop_channels()
        log.debug("kernel %s shut down", km.kernel_id)

    def close(self) -> None:
        """Shut the kernel down (gracefully, unless ``shutdown_now``); the engine cannot be used afterwards."""
        if self._closed:
            return
        self._closed = True
        self.discard_kernel(now=self.shutdown_now)

    def __enter__(self) -> WarmEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_usable(self) -> None:
        if self._closed:
            raise RuntimeError("WarmEngine is closed")
        if threading.get_ident() != self._owner:
            raise RuntimeError("a WarmEngine can only be used in the thread that created it")

    def _prepare(self, kernel_name: str, cwd: str) -> None:
        """A kernel of ``kernel_name`` with an empty namespace, execution count 1 and working directory ``cwd``:
        the running one reset, or a new one."""
        if self._km is not None and (
            kernel_name != self._kernel_name
            or (self.max_notebooks is not None and self._runs_in_kernel >= self.max_notebooks)
            or not run_sync(self._km.is_alive)()
        ):
            self.discard_kernel()
        if self._km is None:
            self.start_kernel(kernel_name)
            fresh = True
        else:
            fresh = False
        try:
            self._reset(cwd)
        except (RuntimeError, TimeoutError):  # KernelPreparationError is a RuntimeError
            if fresh:
                raise
            log.warning("kernel %s could not be reset; starting a new one", self.kernel_id, exc_info=True)
            self.discard_kernel()
            self.start_kernel(kernel_name)
            self._reset(cwd)

    def _reset(self, cwd: str) -> None:
        self._run_silently(_PREPARE.format(cwd=cwd))

    def _run_silently(self, code: str) -> None:
        """Execute ``code`` in the kernel without history or execution count; raise if it fails."""
        assert self._kc is not None
        reply = run_sync(self._kc.execute_interactive)(
            code,
            silent=True,
            store_history=False,
            allow_stdin=False,
            stop_on_error=False,
            timeout=self.startup_timeout,
            output_hook=_ignore,
        )
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelPreparationError(f"{content.get('ename')}: {content.get('evalue')}")


def _ignore(_msg: dict[str, Any]) -> None:
    """Output hook for the preparation code (which prints nothing)."""


_installed: dict[str, WarmEngine] = {}


def install(name: str = ENGINE_NAME, **options: Any) -> WarmEngine:
    """Create a :class:`WarmEngine` for this process and thread, register it with papermill as ``name`` and shut
    its kernel down at interpreter exit. Replaces (and closes) an engine installed earlier under that name."""
    previous = _installed.pop(name, None)
    if previous is not None:
        previous.close()
        atexit.unregister(previous.close)
    engine = WarmEngine(**options)
    papermill_engines.register(name, engine)
    _installed[name] = engine
    atexit.register(engine.close)
    return engine


def installed(name: str = ENGINE_NAME) -> WarmEngine | None:
    """The engine :func:`install` registered as ``name``, if it can be used here (same thread, not closed)."""
    engine = _installed.get(name)
    if engine is None or engine._closed or engine._owner != threading.get_ident():
        return None
    return engine


def uninstall(name: str = ENGINE_NAME) -> None:
    """Close the engine installed as ``name`` (if any) and take it out of papermill's registry."""
    engine = _installed.pop(name, None)
    if engine is not None:
        engine.close()
        atexit.unregister(engine.close)
    papermill_engines.register(name, None)  # papermill treats a falsy engine as not registered


def init_worker() -> None:
    """Initializer of a worker process: install the warm engine (its kernel starts with the first notebook and
    is stopped at once when the worker exits: at the end of a build there is nothing a kernel could still save,
    and a graceful shutdown of ipykernel takes up to 3 s, which the whole build would wait for)."""
    install(shutdown_now=True)
