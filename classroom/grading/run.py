"""Executes one submitted notebook on a fresh course kernel (inside the grader's sandbox, as the grader's user).

Usage: run.py IN.ipynb OUT.ipynb TIMEOUT_S KERNEL_LOG LIMITS_JSON
       run.py --selftest PATH...   (reports which PATHs it can read and that it cannot write outside its folder)
Applies LIMITS_JSON ({"data": bytes, "nproc": n, "fsize": bytes, "nofile": n}) to itself first, so the kernel
inherits them. Prints one JSON object per line: {"event": "started"}, {"event": "cell", "index": i} before each
code cell, then {"event": "done", "status": "ok" | "died" | "timeout" | "kernel-failed", ...}. Errors in cells are
allowed (the grader reads each check cell's outputs); the executed notebook is written to OUT.ipynb.
"""
import json
import os
import resource
import sys
import time

LIMITS = {"data": resource.RLIMIT_DATA, "nproc": resource.RLIMIT_NPROC, "fsize": resource.RLIMIT_FSIZE,
          "nofile": resource.RLIMIT_NOFILE}


def say(**event):
    print(json.dumps(event), flush=True)


def apply_limits(limits):
    for name, value in limits.items():
        resource.setrlimit(LIMITS[name], (value, value))


def kernel_exit(client):
    """The kernel process's exit status when it has died, else None."""
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    return process.poll() if process is not None else None


def run(src, out, timeout, log_path):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(src, as_version=4)
    except Exception as exc:
        say(event="done", status="unreadable", detail=f"{type(exc).__name__}: {str(exc).strip()[:300]}")
        return
    client = NotebookClient(nb, timeout=timeout, kernel_name="tslab", allow_errors=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    started = time.time()
    result = {"status": "ok"}
    with open(log_path, "ab") as log:
        try:
            with client.setup_kernel(stdout=log, stderr=log):
                say(event="started", kernel_start_s=round(time.time() - started, 2))
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    say(event="cell", index=index)
                    try:
                        client.execute_cell(cell, index)
                    except DeadKernelError:
                        result = {"status": "died", "cell": index, "exit": kernel_exit(client)}
                        break
                    except CellTimeoutError:
                        result = {"status": "timeout", "cell": index}
                        break
        except Exception as exc:  # the kernel never started, or its channels broke
            if result["status"] == "ok":
                result = {"status": "kernel-failed", "detail": f"{type(exc).__name__}: {str(exc).strip()[:500]}"}
    nbformat.write(nb, out)
    say(event="done", seconds=round(time.time() - started, 2), **result)


def selftest(paths):
    """Which paths this user can read, and whether it can write outside its working folder."""
    readable = {p: os.access(p, os.R_OK) for p in paths}
    here = os.getcwd()
    writable = [d for d in ["/", "/tmp", "/etc", "/usr", os.path.dirname(here)] + list(paths)
                if os.path.isdir(d) and os.access(d, os.W_OK)]
    say(event="selftest", uid=os.getuid(), cwd=here, readable=readable, writable_outside=writable)


def main():
    if sys.argv[1] == "--selftest":
        selftest(sys.argv[2:])
        return
    src, out, timeout, log_path, limits = sys.argv[1:6]
    apply_limits(json.loads(limits))
    run(src, out, int(timeout), log_path)


if __name__ == "__main__":
    main()
