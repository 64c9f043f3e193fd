"""Starts a tslab kernel, runs a long training cell, interrupts it like Kernel -> Interrupt, then inspects.

Usage: interrupt_kernel.py WORKDIR
Prints one JSON line: the training cell's reply status, what a later cell printed, and any output that
reached the later cell's parent from the training cell after the interrupt.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

SETUP = """
import { setup, tf, makeMoons, liveTraining } from "dlcourse";
await setup();
const moons = makeMoons(400, { seed: 1 });
const yFloat = moons.y.toFloat();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [2], units: 32, activation: "relu" }),
    tf.layers.dense({ units: 2, activation: "softmax" }),
  ],
});
model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy" });
const live = liveTraining({ throttleMs: 200 });
"""
TRAIN = "await model.fit(moons.X, yFloat, { epochs: 2000, batchSize: 4, callbacks: live, verbose: 0 });"
CHECK = """
await new Promise((r) => setTimeout(r, 1500));
const p = live.progress!;
console.log(JSON.stringify({
  stopRequested: p.stopRequested,
  batchesAtStop: p.batchesAtStop,
  batchesDone: p.batchesDone,
  batchesPerEpoch: p.state().batchesPerEpoch,
}));
"""


def run(kc, code, timeout=60, on_output=None):
    """Executes code; returns (reply status, outputs of this cell)."""
    msg_id = kc.execute(code)
    outputs = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind in ("stream", "display_data", "update_display_data", "error", "execute_result"):
            text, data = msg["content"].get("text", ""), msg["content"].get("data", {})
            outputs.append({"type": kind, "text": text, "data": list(data.keys())})
            if on_output:
                on_output(kind)
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply["content"]["status"], outputs


def main():
    km = KernelManager(kernel_name="tslab")
    km.start_kernel(cwd=sys.argv[1])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    try:
        status, out = run(kc, SETUP)
        assert status == "ok", out
        state = {"interrupted_at": None}

        def interrupt_once(_kind):
            if state["interrupted_at"] is None:
                time.sleep(1.0)
                km.interrupt_kernel()
                state["interrupted_at"] = time.time()

        train_status, train_out = run(kc, TRAIN, timeout=120, on_output=interrupt_once)
        time.sleep(0.5)  # tslab aborts requests queued within 200 ms of a failed cell
        check_status, check_out = run(kc, CHECK)
        print(json.dumps({"trainStatus": train_status, "interrupted": state["interrupted_at"] is not None,
                          "checkStatus": check_status, "checkOutputs": check_out, "trainOutputs": len(train_out)}))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
