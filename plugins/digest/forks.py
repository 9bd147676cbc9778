"""Work done in a forked process, its outcome handed back through a pipe.

A fork shares what the build holds (the corpus, the context, compiled
templates) without pickling it, which makes the second core usable for work
that only reads them: rendering article pages (`render_pool.py`) and the
whole-file outputs (`side_outputs.py`). The child hands back bytes, or its
traceback when the work fails, and leaves with `os._exit`: the parent's exit
handlers and buffered streams are not its to run.
"""
from __future__ import annotations

import gc
import os
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass


def forkable() -> bool:
    """A fork copies this process's locks but not its other threads; macOS allows too little after one."""
    return sys.platform == "linux" and threading.active_count() == 1


@dataclass
class Forked:
    """A forked process and the read end of its pipe."""

    pid: int
    pipe: int

    def wait(self) -> tuple[bool, bytes]:
        """Whether the work succeeded, and what it handed back (its traceback when it failed)."""
        with os.fdopen(self.pipe, "rb") as reader:
            message = reader.read()
        _, status = os.waitpid(self.pid, 0)
        return status == 0, message


def start(work: Callable[[], bytes]) -> Forked:
    """Run `work` in a forked process."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    gc.freeze()  # the child's collections then leave the shared objects' pages alone
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        status = 0
        try:
            with os.fdopen(write, "wb") as pipe:  # written whole, however long (a pipe holds 64 KB)
                try:
                    pipe.write(work())
                except BaseException:
                    pipe.write(traceback.format_exc().encode())
                    status = 1
        finally:
            os._exit(status)
    os.close(write)
    return Forked(pid, read)
