"""Drives our TypeScript kernel through jupyter_client and writes what each behaviour produced, as JSON, to argv[1]."""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


def run(kc, code, **options):
    """Sends one cell; returns its reply and every IOPub message until the kernel goes idle for it."""
    msg_id = kc.execute(code, **options)
    return collect(kc, msg_id)


def collect(kc, msg_id):
    """The reply to `msg_id` and its IOPub messages (up to its idle status)."""
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    messages = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append({"type": msg["msg_type"], "content": msg["content"]})
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return {"reply": reply["content"], "iopub": messages}


def status_during_long_cell(kc):
    """Sends kernel_info while a cell awaits 1.5 s: every status seen in between, and when the cell's reply came."""
    cell = kc.execute("await new Promise((r) => setTimeout(r, 1500)); 1")
    time.sleep(0.3)
    info = kc.kernel_info()
    states = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["msg_type"] == "status":
            states.append([msg["parent_header"].get("msg_type"), msg["content"]["execution_state"]])
        if msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == cell:
            if msg["content"]["execution_state"] == "idle":
                break
    replies = [kc.get_shell_msg(timeout=TIMEOUT)["parent_header"]["msg_id"] for _ in range(2)]
    return {"states": states, "repliesInOrder": replies == [cell, info]}


def abort_after_error(kc):
    """An error with a cell queued behind it, then a cell sent right after the error reply."""
    failing = kc.execute('await new Promise((r) => setTimeout(r, 500));\nthrow new TypeError("first");')
    queued = kc.execute("const queuedRan = true;")
    replies = {}
    while len(replies) < 2:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
    after = run(kc, "1 + 1")
    return {"failing": replies[failing], "queued": replies[queued], "after": after["reply"]["status"]}


def interrupt_awaiting_cell(km, kc):
    """Interrupts a cell awaiting a promise that never settles; then runs another cell."""
    msg_id = kc.execute("await new Promise(() => {});")
    time.sleep(1.0)
    km.interrupt_kernel()
    interrupted = collect(kc, msg_id)
    return {"reply": interrupted["reply"], "next": run(kc, "40 + 2")["reply"]["status"]}


def main():
    km, kc = start_new_kernel(kernel_name="tslab", startup_timeout=TIMEOUT)
    try:
        kc.kernel_info()
        banner = kc.get_shell_msg(timeout=TIMEOUT)["content"]["banner"]
        results = {
            "banner": banner,
            "value": run(kc, "6 * 7"),
            "suppressed": run(kc, "6 * 7;"),
            "undefinedValue": run(kc, "undefined"),
            "richValue": run(kc, '({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>rich</b>" }) })'),
            "runtimeError": run(kc, 'const o: any = null;\no.toString();'),
            "typeError": run(kc, 'const x: number = 1;\nconst s: string = x;'),
            "lines": run(kc, 'for (let i = 0; i < 10000; i++) console.log("line " + i);'),
            "updates": run(
                kc,
                'const api = (globalThis as any)[Symbol.for("dlcourse.kernel")];\n'
                "for (let i = 0; i < 3000; i++)\n"
                '  api.display({ "text/plain": `u${i}` }, { displayId: "d", update: i > 0 });',
            ),
            "stray": run(
                kc, 'setTimeout(() => { throw new Error("later"); }, 0);\nawait new Promise((r) => setTimeout(r, 50));'
            ),
            "alive": run(kc, '"still here"'),
            "statusDuringCell": status_during_long_cell(kc),
            "abort": abort_after_error(kc),
            "interrupt": interrupt_awaiting_cell(km, kc),
        }
        kc.history(hist_access_type="tail", n=1000)
        results["historySessions"] = sorted({h[0] for h in kc.get_shell_msg(timeout=TIMEOUT)["content"]["history"]})
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    with open(sys.argv[1], "w", encoding="utf8") as out:  # a file: a large write to a pipe can be cut short
        json.dump(results, out)


if __name__ == "__main__":
    sys.exit(main())
