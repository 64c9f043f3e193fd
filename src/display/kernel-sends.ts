/**
 * Reliable kernel messages under tslab.
 *
 * tslab sends every Jupyter message with zeromq's `send()` and never waits for it. Two things then lose output:
 * - zeromq sends up to 512 messages per socket at once, then delays the next one to the event loop and refuses
 *   (EBUSY, thrown synchronously) every other `send()` until the delayed one went out. tslab does not catch that:
 *   a `console.log` line is silently lost (Node's console swallows write errors), and a display update thrown
 *   from inside `model.fit` ends training with an error message that is itself lost — the cell fails without a
 *   word and the frontend aborts the queued cells.
 * - The output channel (IOPub) is a PUB socket, which silently DROPS messages once ~1,000 wait for a slow reader
 *   (its high-water mark, fixed when tslab created it): a loop printing 10,000 lines lost ~2,500 of them.
 * `queueKernelSends` makes a refused send wait its turn, and keeps the message count low the way Python's
 * ipykernel does: printed text is held for a few milliseconds and consecutive lines go out as one message, and a
 * display update still waiting to be sent is replaced by a newer update of the same display.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";

/** How long printed text may wait to be merged with the lines that follow it. */
const STREAM_FLUSH_MS = 20;
const DELIMITER = "<IDS|MSG>";
const PATCHED = Symbol.for("dlcourse.queuedKernelSends");
const ZEROMQ_ENTRY = /[\\/]zeromq[\\/]lib[\\/]index\.js$/;

type Send = (this: object, message: unknown) => Promise<unknown>;

/** A Jupyter wire message cut into its frames: routing prefix (identities, delimiter, signature) and JSON parts. */
interface WireMessage {
  prefix: unknown[];
  msgType: string | undefined;
  /** The JSON parts as sent: header, parent header, metadata, content, extra buffers. */
  bodies: string[];
  /** The content, parsed on first use (see contentOf). */
  content?: Content;
}

/** The part of a message's content that merging looks at. */
interface Content {
  name?: string;
  text?: string;
  transient?: { display_id?: string };
}

/**
 * A message waiting for its socket: the frames to send (merged stream text is kept apart until then), and its senders'
 * promises.
 */
interface Pending {
  frames: unknown;
  wire?: WireMessage;
  texts?: string[];
  settle: { resolve: (value: unknown) => void; reject: (reason: unknown) => void }[];
}

/**
 * The key that signs kernel messages, set by the latest `queueKernelSends` (printed text is merged only when known).
 */
let signingKey: string | undefined;

/**
 * Makes every zeromq socket loaded in this process queue a refused (EBUSY) send instead of throwing, and merge printed
 * text signed with `key` (tslab's connection key; no merging when undefined); returns how many zeromq copies are now
 * patched.
 */
export function queueKernelSends(key: string | undefined = kernelConnectionKey()): number {
  signingKey = key;
  const prototypes = loadedZeromqSocketPrototypes();
  prototypes.forEach(patchSend);
  return prototypes.length;
}

/** The HMAC key in the connection file given to this kernel process (`--config-path FILE`), or undefined. */
export function kernelConnectionKey(argv: readonly string[] = process.argv): string | undefined {
  const at = argv.indexOf("--config-path");
  if (at < 0 || !argv[at + 1]) return undefined;
  try {
    const key = (JSON.parse(fs.readFileSync(argv[at + 1], "utf8")) as { key?: unknown }).key;
    return typeof key === "string" ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The native socket prototype (which holds `send`) of every zeromq copy in the module cache. */
function loadedZeromqSocketPrototypes(): Record<string | symbol, unknown>[] {
  return Object.keys(require.cache)
    .filter((file) => ZEROMQ_ENTRY.test(file))
    .map((file) => require.cache[file]?.exports?.Socket?.prototype)
    .filter((proto) => typeof proto?.send === "function");
}

/** Wraps `proto.send` once: each socket gets an outbox that every send goes through. */
function patchSend(proto: Record<string | symbol, unknown>): void {
  if (proto[PATCHED]) return;
  const send = proto.send as Send;
  const outboxes = new WeakMap<object, Outbox>();
  const queuedSend = function (this: object, message: unknown): Promise<unknown> {
    let outbox = outboxes.get(this);
    if (!outbox) outboxes.set(this, (outbox = new Outbox(this, send)));
    return outbox.post(message);
  };
  // Native methods are read-only but configurable.
  Object.defineProperty(proto, "send", { value: queuedSend, configurable: true });
  proto[PATCHED] = true;
}

/** One socket's ordered queue of messages not yet accepted by zeromq. */
class Outbox {
  private readonly pending: Pending[] = [];
  private flushScheduled = false;
  private streamTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: object,
    private readonly send: Send,
  ) {}

  /**
   * Sends `frames` now when nothing waits and it is not printed text; otherwise queues it (merging where it can).
   * Resolves once zeromq took it.
   */
  post(frames: unknown): Promise<unknown> {
    const wire = this.mergeable(frames);
    const isStream = wire?.msgType === "stream";
    if (this.pending.length === 0 && !isStream) {
      try {
        return this.send.call(this.socket, frames);
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
    }
    const sent = new Promise((resolve, reject) => this.enqueue({ frames, wire, settle: [{ resolve, reject }] }));
    if (isStream) this.flushStreamsSoon();
    else this.flush();
    return sent;
  }

  /**
   * `frames` cut into a Jupyter message when this outbox may merge it (printed text only when re-signable), else
   * undefined.
   */
  private mergeable(frames: unknown): WireMessage | undefined {
    const wire = signingKey === undefined ? undefined : parseWireMessage(frames);
    return wire && (wire.msgType !== "stream" || isSigned(wire, signingKey!)) ? wire : undefined;
  }

  /**
   * Adds a message after the last one, merged into it when it continues the same printed stream or updates the same
   * display.
   */
  private enqueue(next: Pending): void {
    const last = this.pending.at(-1);
    if (last && sameStream(last.wire, next.wire)) {
      (last.texts ??= [contentOf(last.wire!).text ?? ""]).push(contentOf(next.wire!).text ?? "");
      last.settle.push(...next.settle);
    } else if (last && sameDisplayUpdate(last.wire, next.wire)) {
      this.pending[this.pending.length - 1] = { ...next, settle: [...last.settle, ...next.settle] };
    } else {
      this.pending.push(next);
    }
  }

  /** Sends the held printed text after a short wait, unless another message flushes it first. */
  private flushStreamsSoon(): void {
    this.streamTimer ??= setTimeout(() => {
      this.streamTimer = undefined;
      this.flush();
    }, STREAM_FLUSH_MS);
  }

  /** Sends queued messages in order until zeromq refuses one, then retries on the next turn of the event loop. */
  private flush(): void {
    while (this.pending.length > 0) {
      const next = this.pending[0];
      const frames = next.texts ? mergedFrames(next.wire!, next.texts.join(""), signingKey!) : next.frames;
      try {
        this.send.call(this.socket, frames).then(
          (value) => next.settle.forEach((s) => s.resolve(value)),
          (error) => next.settle.forEach((s) => s.reject(error)),
        );
      } catch (error) {
        if (isBusy(error)) return this.retryNextTurn();
        next.settle.forEach((s) => s.reject(error));
      }
      this.pending.shift();
    }
  }

  /** Schedules one retry of `flush` after zeromq refused a send. */
  private retryNextTurn(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }
}

/** The frames of a Jupyter message, or undefined for anything else. */
function parseWireMessage(frames: unknown): WireMessage | undefined {
  if (!Array.isArray(frames)) return undefined;
  const at = frames.findIndex((frame) => String(frame) === DELIMITER);
  if (at < 0 || frames.length < at + 6) return undefined;
  const bodies = frames.slice(at + 2).map(String);
  try {
    return {
      prefix: frames.slice(0, at + 2),
      msgType: (JSON.parse(bodies[0]) as { msg_type?: string }).msg_type,
      bodies,
    };
  } catch {
    return undefined;
  }
}

/** True when `wire` carries the signature `key` gives it: only then may it be signed again after merging. */
function isSigned(wire: WireMessage, key: string): boolean {
  return String(wire.prefix.at(-1)) === sign(key, wire.bodies);
}

/** The parsed content of `wire` ({} when it is not JSON), parsed once: merging asks for it several times per line. */
function contentOf(wire: WireMessage): Content {
  if (!wire.content) {
    try {
      wire.content = JSON.parse(wire.bodies[3]) as Content;
    } catch {
      wire.content = {};
    }
  }
  return wire.content;
}

/** True when `b` is printed text that continues `a`'s (same request, same stdout/stderr). */
function sameStream(a: WireMessage | undefined, b: WireMessage | undefined): boolean {
  return (
    a?.msgType === "stream" &&
    b?.msgType === "stream" &&
    a.bodies[1] === b.bodies[1] &&
    contentOf(a).name === contentOf(b).name
  );
}

/** True when `b` is an update of the display that `a` updates, for the same request: `a` is then out of date. */
function sameDisplayUpdate(a: WireMessage | undefined, b: WireMessage | undefined): boolean {
  if (a?.msgType !== "update_display_data" || b?.msgType !== "update_display_data" || a.bodies[1] !== b.bodies[1])
    return false;
  const id = contentOf(a).transient?.display_id;
  return id !== undefined && id === contentOf(b).transient?.display_id;
}

/** The frames of `wire` with its text replaced by `text`, signed again. */
function mergedFrames(wire: WireMessage, text: string, key: string): unknown[] {
  const [header, parent, metadata] = wire.bodies;
  const bodies = [header, parent, metadata, JSON.stringify({ ...contentOf(wire), text }), ...wire.bodies.slice(4)];
  return [...wire.prefix.slice(0, -1), sign(key, bodies), ...bodies];
}

/**
 * The HMAC-SHA256 signature of a message's JSON parts, as the kernel protocol defines it (tslab always uses SHA-256).
 */
function sign(key: string, bodies: readonly string[]): string {
  const hmac = crypto.createHmac("sha256", key);
  bodies.forEach((body) => hmac.update(body));
  return hmac.digest("hex");
}

/** True for zeromq's "socket is busy writing" refusal. */
function isBusy(error: unknown): boolean {
  return (error as { code?: string })?.code === "EBUSY";
}
