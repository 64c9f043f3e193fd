/**
 * Reliable kernel messages under tslab.
 *
 * tslab sends every Jupyter message with zeromq's `send()` and never waits for it. zeromq sends up to 512
 * messages per socket at once, then delays the next one to the event loop and refuses (EBUSY, thrown
 * synchronously) every other `send()` until the delayed one went out. tslab does not catch that: a
 * `console.log` line is silently lost (Node's console swallows write errors), and a display update thrown
 * from inside `model.fit` ends training with an error message that is itself lost — the cell fails without
 * a word and the frontend aborts the queued cells. `queueKernelSends` makes a refused send wait its turn.
 */

/** A message waiting for its socket, with the promise handed back to its sender. */
interface Pending {
  message: unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Send = (this: object, message: unknown) => Promise<unknown>;

const PATCHED = Symbol.for("dlcourse.queuedKernelSends");
const ZEROMQ_ENTRY = /[\\/]zeromq[\\/]lib[\\/]index\.js$/;

/** Makes every zeromq socket loaded in this process queue a refused (EBUSY) send instead of throwing; returns how many zeromq copies are now patched. */
export function queueKernelSends(): number {
  const prototypes = loadedZeromqSocketPrototypes();
  prototypes.forEach(patchSend);
  return prototypes.length;
}

/** The native socket prototype (which holds `send`) of every zeromq copy in the module cache. */
function loadedZeromqSocketPrototypes(): Record<string | symbol, unknown>[] {
  return Object.keys(require.cache)
    .filter((file) => ZEROMQ_ENTRY.test(file))
    .map((file) => require.cache[file]?.exports?.Socket?.prototype)
    .filter((proto) => typeof proto?.send === "function");
}

/** Wraps `proto.send` once: a send refused with EBUSY, and every later send on that socket, waits in a per-socket queue. */
function patchSend(proto: Record<string | symbol, unknown>): void {
  if (proto[PATCHED]) return;
  const send = proto.send as Send;
  const queues = new WeakMap<object, Pending[]>();
  const queuedSend = function (this: object, message: unknown): Promise<unknown> {
    const queue = queues.get(this);
    if (!queue?.length) {
      try {
        return send.call(this, message);
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
    }
    return enqueue(this, message, queues, send);
  };
  Object.defineProperty(proto, "send", { value: queuedSend, configurable: true }); // native methods are read-only but configurable
  proto[PATCHED] = true;
}

/** Adds `message` to the socket's queue (starting its flush if the queue was empty); resolves once it is sent. */
function enqueue(socket: object, message: unknown, queues: WeakMap<object, Pending[]>, send: Send): Promise<unknown> {
  const queue = queues.get(socket) ?? [];
  queues.set(socket, queue);
  return new Promise((resolve, reject) => {
    queue.push({ message, resolve, reject });
    if (queue.length === 1) setImmediate(() => flush(socket, queue, send));
  });
}

/** Sends queued messages in order until zeromq refuses one again, then retries on the next turn of the event loop. */
function flush(socket: object, queue: Pending[], send: Send): void {
  while (queue.length > 0) {
    const next = queue[0];
    try {
      send.call(socket, next.message).then(next.resolve, next.reject);
    } catch (error) {
      if (isBusy(error)) return void setImmediate(() => flush(socket, queue, send));
      next.reject(error);
    }
    queue.shift();
  }
}

/** True for zeromq's "socket is busy writing" refusal. */
function isBusy(error: unknown): boolean {
  return (error as { code?: string })?.code === "EBUSY";
}
