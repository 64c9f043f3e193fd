"""Runs TypeScript cells that exercise the kernel's compiler side (tracebacks, imports, modules) and writes each
cell's reply and IOPub messages, as JSON, to argv[1]. The kernel starts in the current folder."""
import json
import sys

from jupyter_client.manager import start_new_kernel

from kernel_protocol import TIMEOUT, run

CELLS = {
    "thrower": (
        'const limit = 1;\nfunction check(n: number) {\n  if (n > limit) throw new RangeError("too big: " + n);\n}'
    ),
    "throwInCell": "check(0);\ncheck(5);",
    "shorthandDeclare": "const px = 3;\nconst py = 4;",
    "shorthand": "const point = { px, py, z: 0 };\npoint",
    "esmImport": 'import greet, { answer } from "esm-only-package";\n`${greet("you")} ${answer}`',
    "esmTypes": 'import greet2 from "esm-only-package";\ngreet2(42);',
    "esmDynamic": 'const sub = await import("esm-only-package/extra");\nsub.extra',
    "localImport": 'import { double } from "./local-helper";\ndouble(21)',
    "moduleCell": "/** @module shapes */\nexport function area(w: number, h: number): number {\n  return w * h;\n}",
    "moduleImport": 'import { area } from "./shapes";\narea(6, 7)',
    "tslabDisplay": 'import * as tslab from "tslab";\ntslab.display.html("<i>via tslab</i>");',
}


def main():
    km, kc = start_new_kernel(kernel_name="tslab", startup_timeout=TIMEOUT)
    try:
        results = {name: run(kc, code) for name, code in CELLS.items()}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    with open(sys.argv[1], "w", encoding="utf8") as out:
        json.dump(results, out)


if __name__ == "__main__":
    sys.exit(main())
