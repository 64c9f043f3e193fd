import { Worker } from "node:worker_threads";

/** One call of a function our modules export: "module.name", then its numeric arguments. */
export type KernelCall = [fn: string, ...args: number[]];

/** Int32 slots of each helper's control block (64 bytes apart, so that no two helpers share a cache line). */
const SLOT_INTS = 16;
const [GO, DONE, READY, CALLS, FAILED] = [0, 1, 2, 3, 4];

/** Numbers each helper's call list holds (function id, argument count, arguments; per call). */
const CALL_CAPACITY = 4096;

/**
 * Polls of a helper's DONE flag before the main thread sleeps on it (a few µs: its own share usually ends at about the
 * same time). Longer polling, here or in the helpers between kernels, measured no faster on this 2-core VM and takes
 * the core from whatever else runs there.
 */
const MAIN_SPIN_POLLS = 1_000;

/** Longest a wait for a helper may take before we call it stuck (ms). */
const STUCK_AFTER_MS = 120_000;

/**
 * The helper thread's program (plain JS, run with eval): it binds our modules to the shared memory, says it is ready,
 * then sleeps until the main thread bumps GO, runs its call list, bumps DONE, and sleeps again.
 */
const HELPER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const { memory, modules, control, calls, slot, slotInts, capacity } = workerData;
const fns = modules.flatMap(({ module, names }) => {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  return names.map((name) => exports[name]);
});
const flags = new Int32Array(control, slot * slotInts * 4, slotInts);
const list = new Float64Array(calls, slot * capacity * 8, capacity);
Atomics.store(flags, ${READY}, 1);
parentPort.postMessage("ready");
for (let seen = 0; ; ) {
  Atomics.wait(flags, ${GO}, seen);
  seen = Atomics.load(flags, ${GO});
  try {
    for (let at = 0, left = flags[${CALLS}]; left > 0; left--) {
      const argc = list[at + 1];
      fns[list[at]](...list.subarray(at + 2, at + 2 + argc));
      at += 2 + argc;
    }
  } catch (e) {
    Atomics.store(flags, ${FAILED}, 1);
    require("node:fs").writeSync(2, "dlcourse kernel thread: " + String(e) + "\\n"); // at once: console is async here
  }
  Atomics.store(flags, ${DONE}, seen);
  Atomics.notify(flags, ${DONE});
}`;

/**
 * Helper threads that run our compiled kernels on the threaded wasm build's shared memory: the main thread splits a
 * kernel's work into call lists, hands one to each helper and runs the first itself (`run`). Helpers sleep in
 * Atomics.wait between kernels and never keep the process alive.
 */
export class KernelThreads {
  private readonly control: Int32Array;
  private readonly calls: Float64Array;
  private readonly ids = new Map<string, number>();
  private readonly workers: Worker[];
  private generation = 0;
  /** Call lists handed to helpers so far (tests check that a kernel's work did split). */
  handedOut = 0;

  /** Starts `helpers` threads with `modules` (name → compiled module) bound to `memory`. */
  constructor(memory: WebAssembly.Memory, modules: Map<string, WebAssembly.Module>, helpers: number) {
    const control = new SharedArrayBuffer(helpers * SLOT_INTS * 4);
    const calls = new SharedArrayBuffer(helpers * CALL_CAPACITY * 8);
    [this.control, this.calls] = [new Int32Array(control), new Float64Array(calls)];
    const listed = [...modules].map(([moduleName, module]) => {
      const names = WebAssembly.Module.exports(module).flatMap((e) => (e.kind === "function" ? [e.name] : []));
      for (const name of names) this.ids.set(`${moduleName}.${name}`, this.ids.size); // the helpers' order
      return { module, names };
    });
    this.workers = Array.from({ length: helpers }, (_, slot) => {
      const workerData = {
        memory,
        modules: listed,
        control,
        calls,
        slot,
        slotInts: SLOT_INTS,
        capacity: CALL_CAPACITY,
      };
      const worker = new Worker(HELPER_SOURCE, { eval: true, workerData });
      worker.unref();
      worker.on("error", () => Atomics.store(this.control, slot * SLOT_INTS + FAILED, 1));
      return worker;
    });
  }

  /** Resolves when every helper is ready, or after `timeoutMs` (their share of work then runs here until they are). */
  async ready(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    const started = this.workers.map(
      (worker) => new Promise<void>((resolve) => worker.once("message", () => resolve())),
    );
    await Promise.race([Promise.all(started), timeout]);
    clearTimeout(timer);
  }

  /** Helpers started and ready (with their modules bound); until then their share of the work runs here. */
  get readyHelpers(): number {
    let ready = 0;
    while (ready < this.workers.length && Atomics.load(this.control, ready * SLOT_INTS + READY) === 1) ready++;
    return ready;
  }

  /** Helper threads started (ready or not). */
  get helpers(): number {
    return this.workers.length;
  }

  /** Threads a kernel may split its work into: this one and the ready helpers. */
  get threads(): number {
    return 1 + this.readyHelpers;
  }

  /**
   * Runs the call lists in order, the list `calls[t]` on thread t, all threads at once: `calls[0]` here (through
   * `local`), `calls[i]` on helper i — or here, beyond the ready helpers — and returns when all are done. Long lists
   * go in rounds of what a helper's buffer holds.
   */
  run(calls: KernelCall[][], local: (call: KernelCall) => void): void {
    const perRound = Math.floor(CALL_CAPACITY / (1 + Math.max(...calls.flat().map((call) => call.length))));
    const rounds = Math.max(...calls.map((list) => Math.ceil(list.length / perRound)));
    for (let round = 0; round < rounds; round++)
      this.runRound(
        calls.map((list) => list.slice(round * perRound, (round + 1) * perRound)),
        local,
      );
  }

  /** One round of `run`: each list fits a helper's buffer. */
  private runRound(calls: KernelCall[][], local: (call: KernelCall) => void): void {
    const helpers = Math.min(this.readyHelpers, calls.length - 1);
    for (let slot = 0; slot < helpers; slot++) this.writeCalls(slot, calls[slot + 1]);
    this.generation++;
    this.handedOut += helpers;
    for (let slot = 0; slot < helpers; slot++) {
      Atomics.store(this.control, slot * SLOT_INTS + GO, this.generation);
      Atomics.notify(this.control, slot * SLOT_INTS + GO);
    }
    try {
      for (const list of [calls[0], ...calls.slice(1 + helpers)]) list.forEach(local);
    } finally {
      // also when this thread's share threw: the helpers must be done before their buffers are written again
      const failures = Array.from({ length: helpers }, (_, slot) => this.awaitHelper(slot)).filter(Boolean);
      if (failures.length) throw new Error(failures.join("; "));
    }
  }

  /** Writes helper `slot`'s calls into its buffer: function id, argument count, arguments. */
  private writeCalls(slot: number, calls: KernelCall[]): void {
    let at = slot * CALL_CAPACITY;
    for (const [fn, ...args] of calls) {
      const id = this.ids.get(fn);
      if (id === undefined) throw new Error(`kernel threads have no function ${fn}`);
      this.calls[at] = id;
      this.calls[at + 1] = args.length;
      this.calls.set(args, at + 2);
      at += 2 + args.length;
    }
    this.control[slot * SLOT_INTS + CALLS] = calls.length;
  }

  /**
   * Waits until helper `slot` has finished the current generation; says how it failed, if it did (and clears that),
   * throws if it is stuck.
   */
  private awaitHelper(slot: number): string | undefined {
    const base = slot * SLOT_INTS;
    for (let i = 0; i < MAIN_SPIN_POLLS && Atomics.load(this.control, base + DONE) !== this.generation; i++);
    for (;;) {
      const done = Atomics.load(this.control, base + DONE);
      if (done === this.generation) break;
      if (Atomics.wait(this.control, base + DONE, done, STUCK_AFTER_MS) === "timed-out")
        throw new Error(`kernel thread ${slot + 1} did not finish within ${STUCK_AFTER_MS / 1000} s`);
    }
    if (Atomics.exchange(this.control, base + FAILED, 0) === 1)
      return `kernel thread ${slot + 1} failed (its error is on stderr)`;
    return undefined;
  }
}
