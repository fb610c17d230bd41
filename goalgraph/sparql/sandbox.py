"""Walls around a process that evaluates untrusted SPARQL: no network, death with its parent.

Two independent walls keep such a process off the network (Linux):

* :func:`enter_empty_network` moves it into a new, empty network namespace (``unshare``
  with ``CLONE_NEWNET``; with ``CLONE_NEWUSER`` as well when it is not root). Such a
  namespace has only a loopback interface that is down: every ``connect`` fails.
* :func:`forbid_sockets` installs a seccomp filter under which ``socket`` (and
  ``io_uring_setup``) fail with ``EPERM``, so no socket can be opened at all.

:func:`isolate` installs every wall it can and raises :class:`SandboxError` when none holds,
so a process that cannot be walled off never reads a query. :func:`die_with_parent` makes the
kernel kill the process when its parent goes away.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import signal
import struct

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_KILL_PROCESS = 0x80000000
#: Per architecture: the audit arch value and the numbers of ``socket`` and ``io_uring_setup``.
_ARCHES = {
    "x86_64": (0xC000003E, (41, 425)),
    "aarch64": (0xC00000B7, (198, 425)),
}
_X32_SYSCALL_BIT = 0x40000000


class SandboxError(OSError):
    """No wall against network access could be installed."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent(parent_pid: int | None = None) -> None:
    """Have the kernel send SIGKILL to this process when its parent dies; exit at once if
    the parent (``parent_pid``) is already gone."""
    if platform.system() != "Linux":  # pragma: no cover - Linux only
        return
    if _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:  # pragma: no cover
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def enter_empty_network() -> None:
    """Move this process into a new network namespace with no usable interface."""
    libc = _libc()
    if libc.unshare(CLONE_NEWNET) == 0:
        return
    first = ctypes.get_errno()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        code = ctypes.get_errno() or first
        raise SandboxError(code, f"unshare(CLONE_NEWNET) failed: {os.strerror(code)}")
    # Keep the same ids inside the new user namespace (best effort: files stay readable).
    for path, text in (
        ("/proc/self/setgroups", "deny"),
        ("/proc/self/uid_map", f"{uid} {uid} 1"),
        ("/proc/self/gid_map", f"{gid} {gid} 1"),
    ):
        try:
            with open(path, "w", encoding="ascii") as handle:
                handle.write(text)
        except OSError:
            pass


def _filter_program(arch: int, blocked: tuple[int, ...]) -> bytes:
    """A classic BPF program: wrong arch → kill; x32 or a blocked call → EPERM; else allow."""
    ld_w_abs, jeq_k, jge_k, ret_k = 0x20, 0x15, 0x35, 0x06

    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    deny = SECCOMP_RET_ERRNO | errno.EPERM
    program = [
        op(ld_w_abs, 0, 0, 4),  # seccomp_data.arch
        op(jeq_k, 1, 0, arch),
        op(ret_k, 0, 0, SECCOMP_RET_KILL_PROCESS),
        op(ld_w_abs, 0, 0, 0),  # seccomp_data.nr
        op(jge_k, len(blocked) + 1, 0, _X32_SYSCALL_BIT),
    ]
    for index, number in enumerate(blocked):
        program.append(op(jeq_k, len(blocked) - index, 0, number))
    program += [op(ret_k, 0, 0, SECCOMP_RET_ALLOW), op(ret_k, 0, 0, deny)]
    return b"".join(program)


def forbid_sockets() -> None:
    """Install a seccomp filter under which ``socket()`` fails with ``EPERM``."""
    machine = platform.machine()
    if platform.system() != "Linux" or machine not in _ARCHES:
        raise SandboxError(errno.ENOSYS, f"no seccomp filter for {platform.system()}/{machine}")
    arch, blocked = _ARCHES[machine]
    code = _filter_program(arch, blocked)
    buffer = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(len(code) // 8, ctypes.addressof(buffer))
    libc = _libc()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        number = ctypes.get_errno()
        raise SandboxError(number, f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(number)}")
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong]
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0) != 0:
        number = ctypes.get_errno()
        raise SandboxError(number, f"seccomp filter refused: {os.strerror(number)}")


def isolate() -> tuple[str, ...]:
    """Install every wall this machine allows; the names of those installed. Raises
    :class:`SandboxError` when none could be installed."""
    walls: list[str] = []
    problems: list[str] = []
    for name, install in (("network-namespace", enter_empty_network), ("seccomp", forbid_sockets)):
        try:
            install()
        except OSError as exc:
            problems.append(f"{name}: {exc}")
        else:
            walls.append(name)
    if not walls:
        raise SandboxError(
            errno.EPERM,
            "cannot cut this process off the network (" + "; ".join(problems) + ")",
        )
    return tuple(walls)
