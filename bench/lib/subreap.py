#!/usr/bin/env python3
"""Run a command as a child subreaper and wait for every process it leaves behind.

The CPU time of a process tree is only accounted to the parent (getrusage RUSAGE_CHILDREN,
what GNU time and other timers read) for the processes that were waited for. declare ends
Chromium by killing its whole process group, so the renderers die with their parent and
would be reaped by init, their CPU lost to the measurement. As a subreaper (Linux
prctl PR_SET_CHILD_SUBREAPER) this wrapper inherits those orphans and reaps them, so its
own parent's accounting holds the whole tree. Exit status: the command's.

    python3 bench/lib/subreap.py COMMAND [ARG ...]
"""
import ctypes
import os
import sys

PR_SET_CHILD_SUBREAPER = 36
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit(f"subreap: prctl failed: {os.strerror(ctypes.get_errno())}")
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
status = 0
while True:
    try:
        done, st = os.wait()
    except ChildProcessError:
        break
    if done == pid:
        status = os.waitstatus_to_exitcode(st)
sys.exit(status if status >= 0 else 128 - status)
