"""The grader's sandbox: runs one submission's runner in a minimal, read-only file system as an unprivileged user.

Started as root by classroom/grading/sandbox.mjs through
  unshare --mount --pid --net --ipc --uts --fork --kill-child python3 sandbox.py CONFIG_JSON
so this process is PID 1 of new PID, mount, network, IPC and UTS namespaces: when it exits (or is killed), the
kernel kills every process the submission started. It builds a new root from a tmpfs with, read-only: /usr, the
few /etc files programs need, the course's dist/, node_modules/, package.json and kernel-setup/ (at their usual
paths) and this folder's run.py; read-write: only the submission's scratch folder, mounted at /grader/submission
(nosuid, nodev); a fresh /proc; /dev with null, zero, full, random and urandom. Nothing else of the host exists
there: no /home, /root, /tmp, /run, /var, no other submission, no report. The network namespace has only a
loopback interface (the runner talks to the kernel over 127.0.0.1). Then it chroots there, drops to the grader's
user and group with no supplementary groups and no_new_privs (setuid programs cannot raise privileges), and runs
run.py; it reaps orphans and exits with run.py's status.
"""
import ctypes
import fcntl
import json
import os
import socket
import struct
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND = 1, 2, 4, 32, 4096
ETC = ["passwd", "group", "nsswitch.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "hosts",
       "alternatives", "mime.types", "jupyter", "python3", "python3.11"]
DEVICES = ["null", "zero", "full", "random", "urandom"]
SCRATCH = "/grader/submission"
libc = ctypes.CDLL(None, use_errno=True)


def mount(source, target, fstype=None, flags=0, data=None):
    enc = (lambda s: s.encode() if s is not None else None)
    if libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def bind(source, target, writable=False, devices=False):
    """Binds `source` (a folder or file) at `target`: read-only unless `writable`, nosuid, nodev unless `devices`."""
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    mount(source, target, None, MS_BIND)
    flags = MS_REMOUNT | MS_BIND | MS_NOSUID | (0 if devices else MS_NODEV) | (0 if writable else MS_RDONLY)
    mount(None, target, None, flags)


def mirror(root, path):
    """Recreates `path` (a symbolic link such as /bin -> usr/bin, or a folder) inside the new root, read-only."""
    if os.path.islink(path):
        os.symlink(os.readlink(path), root + path)
    elif os.path.exists(path):
        bind(path, root + path)


def loopback_up():
    """Brings up `lo` in this (new) network namespace, which gives it 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", 0x1 | 0x8 | 0x40))  # SIOCSIFFLAGS: UP|LOOPBACK|RUNNING


def build_root(cfg):
    root = cfg["root"]
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=4m")
    for top in ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]:
        mirror(root, top)
    for extra in cfg.get("extra_ro", []):  # e.g. a Node installed outside /usr
        bind(extra, root + extra)
    for name in ETC:
        mirror(root, "/etc/" + name)
    os.makedirs(root + "/dev")
    mount("tmpfs", root + "/dev", "tmpfs", MS_NOSUID, "mode=755,size=64k")
    for name in DEVICES:
        bind("/dev/" + name, f"{root}/dev/{name}", writable=True, devices=True)
    for i, name in enumerate(["stdin", "stdout", "stderr"]):
        os.symlink(f"/proc/self/fd/{i}", f"{root}/dev/{name}")
    os.symlink("/proc/self/fd", root + "/dev/fd")
    os.makedirs(root + "/proc")
    mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV)
    for path in cfg["course_ro"]:
        if not path.startswith("/usr/"):  # under /usr it is there already
            bind(path, root + path)
    bind(cfg["scratch"], root + SCRATCH, writable=True)
    os.symlink(cfg["node_modules"], root + "/grader/node_modules")  # `import "dlcourse"` resolves from here
    mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def start_runner(cfg):
    """Forks the runner: chroot, then the grader's user with no privileges left, then run.py."""
    pid = os.fork()
    if pid:
        return pid
    try:
        os.chroot(cfg["root"])
        os.chdir(SCRATCH)
        os.setgroups([])
        os.setgid(cfg["gid"])
        os.setuid(cfg["uid"])
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        os.execve(cfg["argv"][0], cfg["argv"], cfg["env"])
    except BaseException as exc:  # report and never fall back to running as root
        print(json.dumps({"event": "done", "status": "sandbox-failed", "detail": str(exc)}), flush=True)
    finally:
        os._exit(70)


def main():
    cfg = json.loads(sys.argv[1])
    if os.getpid() != 1 or os.getuid() != 0:
        sys.exit("sandbox.py must run as root as PID 1 of a new PID namespace (see classroom/grading/sandbox.mjs)")
    try:
        build_root(cfg)
        loopback_up()
    except OSError as exc:
        print(json.dumps({"event": "done", "status": "sandbox-failed", "detail": str(exc)}), flush=True)
        sys.exit(71)
    runner = start_runner(cfg)
    while True:  # PID 1 reaps every orphan; leaving kills the namespace's remaining processes
        pid, status = os.wait()
        if pid == runner:
            sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)


if __name__ == "__main__":
    main()
