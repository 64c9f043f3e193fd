"""Executes one notebook on a fresh kernel with nbclient and reports the first failing cell.

Usage: run_notebook.py IN.ipynb OUT.ipynb TIMEOUT_PER_CELL_S
Prints one JSON line: {"ok": true, "seconds": ...}
or {"ok": false, "cell": i, "source": ..., "stderr": ..., "error": ...}.
Writes the executed notebook (as far as it got) to OUT.ipynb either way.
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def stream_text(cell, name):
    streams = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == name]
    return "".join(o.get("text", "") for o in streams)


def error_text(cell):
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    return "\n".join(f"{e.get('ename', '')}: {e.get('evalue', '')}".strip(": ") for e in errors)


def main():
    src, out, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="tslab", allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    started = time.time()
    result = {"ok": True}
    kernel_started = None
    with client.setup_kernel():
        kernel_started = time.time() - started
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except Exception as exc:  # the kernel said error, or the cell timed out
                result = {"ok": False, "cell": index, "source": cell.source, "stderr": stream_text(cell, "stderr"),
                          "error": (error_text(cell) or f"{type(exc).__name__}: {str(exc).strip()[:2000]}")}
                break
    result["seconds"] = round(time.time() - started, 2)
    result["kernel_start_seconds"] = round(kernel_started, 2) if kernel_started is not None else None
    nbformat.write(nb, out)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
