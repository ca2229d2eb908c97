#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# What /proc and nsfs say about namespaces, as the oracle of ns.sh:
#
#   ns_proc.py task PID   one line per file of /proc/PID/ns:
#                         FILE INODE OWNER LEVEL   (OWNER/LEVEL "-" if none)
#   ns_proc.py count      one line per namespace some process is in:
#                         TYPE INODE NPROCS LOWEST_PID
#
# OWNER comes from the NS_GET_USERNS ioctl, LEVEL (pid and user namespaces)
# from walking NS_GET_PARENT, the counts from stat() of /proc/*/ns/*, all in
# one process so that it counts only itself.
import errno
import fcntl
import os
import sys

NSIO = 0xB7
NS_GET_USERNS = (NSIO << 8) | 0x1
NS_GET_PARENT = (NSIO << 8) | 0x2


def ioctl_fd(fd, req):
    try:
        return fcntl.ioctl(fd, req)
    except OSError as e:
        if e.errno in (errno.EPERM, errno.ENOENT):
            return None
        raise


def owner_and_level(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        ofd = ioctl_fd(fd, NS_GET_USERNS)
        owner = "-"
        if ofd is not None:
            owner = str(os.fstat(ofd).st_ino)
            os.close(ofd)
        level = "-"
        name = os.path.basename(path)
        if name in ("pid", "pid_for_children", "user"):
            depth, cur = 0, os.dup(fd)
            while True:
                parent = ioctl_fd(cur, NS_GET_PARENT)
                os.close(cur)
                if parent is None:
                    break
                depth, cur = depth + 1, parent
            level = str(depth)
        return owner, level
    finally:
        os.close(fd)


def task(pid):
    d = "/proc/%s/ns" % pid
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        try:
            ino = os.stat(p).st_ino
            owner, level = owner_and_level(p)
        except FileNotFoundError:
            continue	# pid_for_children before the namespace's init
        print(name, ino, owner, level)


def count():
    seen = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        for name in ("mnt", "cgroup", "uts", "ipc", "user", "pid", "net",
                     "time"):
            try:
                ino = os.stat("/proc/%s/ns/%s" % (pid, name)).st_ino
            except OSError:
                continue	# exited, or a zombie without namespaces
            e = seen.setdefault((name, ino), [0, int(pid)])
            e[0] += 1
            e[1] = min(e[1], int(pid))
    for (name, ino), (n, low) in sorted(seen.items()):
        print(name, ino, n, low)


if len(sys.argv) == 3 and sys.argv[1] == "task":
    task(sys.argv[2])
elif len(sys.argv) == 2 and sys.argv[1] == "count":
    count()
else:
    sys.exit("usage: ns_proc.py task PID | count")
