import type { Message } from "./wire";

/** The kernel process's own stderr (for its logs), kept before cells' output is captured. */
const kernelStderr = process.stderr.write.bind(process.stderr);

/** Logs a kernel problem on the kernel's own stderr (the Jupyter server's log), not in the notebook. */
export function kernelLog(what: string, error?: unknown): void {
  const detail = error === undefined ? "" : `: ${error instanceof Error ? error.message : String(error)}`;
  kernelStderr(`[dlcourse kernel] ${what}${detail}\n`);
}

type StreamName = "stdout" | "stderr";

/** Text written to one stream for one request, not yet sent. */
interface HeldText {
  name: StreamName;
  parent: Message;
  text: string;
}

/**
 * Everything a cell shows goes through here, in order: printed text is held until the event loop turns (or another
 * message goes out) and consecutive writes to one stream go out as ONE stream message, as ipykernel does.
 */
export class CellOutput {
  /** The request whose output this is now (the executing cell, else the last one). */
  parent?: Message;
  private held?: HeldText;

  constructor(private readonly publish: (type: string, content: Record<string, unknown>, parent?: Message) => void) {}

  /** Takes over process.stdout and process.stderr: what cells print becomes stream messages. */
  captureProcessStreams(): void {
    for (const name of ["stdout", "stderr"] as const) {
      const stream = process[name];
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.write(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
        done?.();
        return true;
      }) as typeof stream.write;
    }
  }

  /** Adds text to a stream; it goes out on the next turn of the event loop or before the next message. */
  write(name: StreamName, text: string): void {
    if (!this.parent || text === "") return;
    if (this.held && (this.held.name !== name || this.held.parent !== this.parent)) this.flush();
    if (this.held) this.held.text += text;
    else {
      this.held = { name, parent: this.parent, text };
      setImmediate(() => this.flush());
    }
  }

  /** Publishes an IOPub message after any text held before it. */
  send(type: string, content: Record<string, unknown>, parent = this.parent): void {
    this.flush();
    this.publish(type, content, parent);
  }

  /** Sends the held text now. */
  flush(): void {
    const held = this.held;
    this.held = undefined;
    if (held) this.publish("stream", { name: held.name, text: held.text }, held.parent);
  }
}
