"""The kernel manager of a build: how the kernels that run the report notebooks are started and stopped.

:class:`BuildKernelManager` is jupyter_client's ``AsyncKernelManager`` with two changes, so that a normal build
prints no alarming kernel messages:

- transport encryption: jupyter_client provisions CurveZMQ keys for a kernel whose spec declares support (as
  ipykernel's does), so the kernel has no reason to warn "Kernel is running over TCP without encryption";
- shutdown without an interrupt: jupyter_client's ``shutdown_kernel`` sends SIGINT before the shutdown request.
  An idle kernel ignores it, but one that is still handling a message logs "KeyboardInterrupt caught in kernel".
  A kernel asked to shut down needs no interrupt: the shutdown request, then SIGTERM and SIGKILL if it has not
  exited within ``shutdown_wait_time`` (or SIGKILL at once with ``now``) stop it all the same.

The warm engine (:mod:`.engine`) starts its kernels with this class; papermill's own engine gets it as
``kernel_manager_class`` (passed on to nbclient).
"""

from __future__ import annotations

import zmq
from jupyter_client import AsyncKernelManager
from traitlets import default


class BuildKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` with encrypted transport where possible and a shutdown without SIGINT."""

    @default("transport_encryption")
    def _encrypt_where_possible(self) -> str:
        # "auto": keys for every kernel spec that declares CurveZMQ support; only with a libzmq that has it
        # (jupyter_client refuses "auto" otherwise)
        return "auto" if zmq.has("curve") else "disabled"

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # type: ignore[override]
        """Stop the kernel as jupyter_client does, without the interrupt it sends first: a shutdown request,
        then SIGTERM and SIGKILL if the kernel has not exited in time; with ``now`` SIGKILL at once."""
        if not self.owns_kernel:
            return
        self.shutting_down = True  # what jupyter_client sets, so that a restarter does not revive the kernel
        self.stop_restarter()
        if not now:
            await self.request_shutdown(restart=restart)
            await self.finish_shutdown(restart=restart)
        elif self.has_kernel:
            assert self.provisioner is not None
            await self.provisioner.kill(restart=restart)
            await self.provisioner.wait()
        await self.cleanup_resources(restart=restart)
