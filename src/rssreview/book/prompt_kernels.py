"""A Jupyter kernel manager and client for the warm kernels that wait no longer than a kernel needs.

A warm kernel starts and stops in a few hundredths of a second (book/warm.py), so jupyter_client's
fixed waits had become most of the cost of running a chapter:

- Starting: `wait_for_ready` sends kernel_info, takes one IOPub message as proof that IOPub is
  connected, then drains IOPub until it has been silent for 0.2 s. `PromptKernelClient` stops as
  soon as IOPub has carried the kernel's `idle` status for a kernel_info request: IOPub is then
  connected and nothing sent at start-up is still on its way. A message left over belongs to a
  kernel_info request, and nbclient only reads messages whose parent is the cell it is executing.
- Stopping: after killing a kernel, jupyter_client looks every 0.1 s whether it has gone;
  `PromptKernelManager` looks every 0.01 s.

Outputs are unchanged: tests/book/test_execute.py compares them with a fresh kernel's.
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from traitlets import Type

IOPUB_WAIT = 0.2  # seconds IOPub may stay silent before kernel_info is asked again (jupyter_client: 0.2)
POLL = 0.01  # seconds between looks at a killed kernel (jupyter_client: 0.1)


class PromptKernelClient(AsyncKernelClient):
    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel has answered kernel_info on the shell channel and IOPub has caught up."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply" and await self._iopub_caught_up():
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _iopub_caught_up(self) -> bool:
        """Whether IOPub brings the kernel's `idle` after a kernel_info request; False if it falls silent first."""
        while True:
            try:
                message = await self.iopub_channel.get_msg(timeout=IOPUB_WAIT)
            except Empty:
                return False
            if (
                message["msg_type"] == "status"
                and message["content"].get("execution_state") == "idle"
                and message["parent_header"].get("msg_type") == "kernel_info_request"
            ):
                return True


class PromptKernelManager(AsyncKernelManager):
    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)

    async def _async_wait(self, pollinterval: float = POLL) -> None:
        """Wait for a killed kernel to go, looking every `POLL` seconds (jupyter_client's own loop, faster)."""
        while await self._async_is_alive():
            await asyncio.sleep(min(pollinterval, POLL))
