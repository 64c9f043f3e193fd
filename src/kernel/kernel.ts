import { inspect } from "node:util";
import * as ts from "@tslab/typescript-for-tslab";
import type { Channels } from "./channels";
import { completeness } from "./complete";
import type { CellExecutor } from "./executor";
import type { History, HistoryQuery } from "./history";
import { CellOutput, kernelLog } from "./output";
import { Message, PROTOCOL_VERSION, reply } from "./wire";

type Content = Record<string, unknown>;
type Handler = (request: Message) => Promise<Content> | Content;

/** A MIME bundle an object shows itself as (Deno's convention: a method under `Symbol.for("Jupyter.display")`). */
const DISPLAY = Symbol.for("Jupyter.display");

/**
 * The kernel's behaviour: one handler per request type (as ipykernel's shell_handlers), shell requests handled one
 * at a time in arrival order, IOPub status `busy` → `idle` around each — so `idle` means nothing is executing.
 */
export class Kernel {
  readonly output: CellOutput;
  private executionCount = 0;
  private readonly queue: Message[] = [];
  private draining = false;
  private readonly handlers: Record<string, Handler> = {
    kernel_info_request: () => this.kernelInfo(),
    execute_request: (r) => this.execute(r),
    complete_request: (r) => this.complete(r),
    inspect_request: (r) => this.inspect(r),
    is_complete_request: (r) => completeness(String(r.content.code ?? "")),
    history_request: (r) => ({ status: "ok", history: this.history.query(r.content as HistoryQuery) }),
    comm_info_request: () => ({ status: "ok", comms: {} }),
    interrupt_request: () => this.interrupt(),
    shutdown_request: (r) => this.shutdown(r),
  };

  constructor(
    private readonly channels: Channels,
    private readonly executor: CellExecutor,
    private readonly history: History,
    private readonly version: string,
  ) {
    this.output = new CellOutput(
      (type, content, parent) => void channels.send(channels.iopub, reply(parent, type, content)),
    );
  }

  /** Serves shell (queued) and control (at once) requests until the sockets close. */
  async serve(): Promise<void> {
    this.output.send("status", { execution_state: "starting" });
    void this.serveControl();
    for await (const request of this.channels.receive(this.channels.shell)) {
      this.queue.push(request);
      void this.drain();
    }
  }

  /** Shows `bundle` as display_data (or updates the display `displayId`) in the current cell's output. */
  display(bundle: Content, options: { displayId?: string; update?: boolean; metadata?: Content } = {}): void {
    const transient = options.displayId ? { display_id: options.displayId } : {};
    const type = options.update ? "update_display_data" : "display_data";
    this.output.send(type, { data: bundle, metadata: options.metadata ?? {}, transient });
  }

  /** Clears the current cell's output (at once, or when the next output arrives with `wait`). */
  clearOutput(wait = false): void {
    this.output.send("clear_output", { wait });
  }

  /** Handles queued shell requests one after another. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    for (let request = this.queue.shift(); request; request = this.queue.shift()) await this.handleShell(request);
    this.draining = false;
  }

  /** One shell request: busy, the handler's reply, idle. */
  private async handleShell(request: Message): Promise<void> {
    this.output.send("status", { execution_state: "busy" }, request);
    await this.answer(this.channels.shell, request);
    this.output.send("status", { execution_state: "idle" }, request);
  }

  /** Control requests are answered at once, even while a cell runs, without status messages. */
  private async serveControl(): Promise<void> {
    for await (const request of this.channels.receive(this.channels.control))
      await this.answer(this.channels.control, request);
  }

  /** Runs the request's handler and sends its reply (`<type>_reply`); unknown types are logged and ignored. */
  private async answer(socket: Channels["shell"], request: Message): Promise<void> {
    const type = request.header.msg_type;
    const handler = this.handlers[type];
    if (!handler) return kernelLog(`no handler for ${type}`);
    let content: Content;
    try {
      content = await handler(request);
    } catch (e) {
      kernelLog(`${type} failed`, e);
      content = { status: "error", ename: "KernelError", evalue: String(e), traceback: [] };
    }
    this.output.flush();
    await this.channels.send(socket, reply(request, type.replace(/_request$/, "_reply"), content));
  }

  /** kernel_info_reply: who we are and which TypeScript compiles the cells. */
  private kernelInfo(): Content {
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "dlcourse-kernel",
      implementation_version: this.version,
      language_info: {
        name: "typescript",
        version: ts.version,
        mimetype: "text/typescript",
        file_extension: ".ts",
        pygments_lexer: "typescript",
        codemirror_mode: { name: "javascript", typescript: true },
      },
      banner: `dlcourse TypeScript kernel ${this.version} (TypeScript ${ts.version}, Node ${process.version})`,
      help_links: [{ text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" }],
    };
  }

  /**
   * execute_request: runs the cell and publishes its input, output, result or error; an error aborts the requests
   * queued before it.
   */
  private async execute(request: Message): Promise<Content> {
    const {
      code = "",
      silent = false,
      store_history = true,
      stop_on_error = true,
    } = request.content as {
      code?: string;
      silent?: boolean;
      store_history?: boolean;
      stop_on_error?: boolean;
    };
    const recorded = store_history && !silent;
    if (recorded) this.executionCount++;
    const count = this.executionCount;
    this.output.parent = request;
    if (!silent) this.output.send("execute_input", { code, execution_count: count });
    const result = await this.executor.run(code, `In[${count}]`);
    const shown =
      result.ok && result.value !== undefined && !silent && !/;\s*$/.test(code)
        ? displayBundle(result.value)
        : undefined;
    if (recorded) this.history.add(count, code, shown ? String(shown["text/plain"]) : null);
    if (!result.ok) {
      this.output.send("error", { ...result.error });
      if (stop_on_error) this.abortQueued();
      return { status: "error", execution_count: count, ...result.error };
    }
    if (shown) this.output.send("execute_result", { execution_count: count, data: shown, metadata: {} });
    return { status: "ok", execution_count: count, user_expressions: {}, payload: [] };
  }

  /** After an error: every execute_request already received gets an "aborted" reply instead of running. */
  private abortQueued(): void {
    const isExecute = (r: Message) => r.header.msg_type === "execute_request";
    const aborted = this.queue.filter(isExecute);
    this.queue.splice(0, this.queue.length, ...this.queue.filter((r) => !isExecute(r)));
    for (const request of aborted) {
      this.output.send("status", { execution_state: "busy" }, request);
      void this.channels.send(
        this.channels.shell,
        reply(request, "execute_reply", { status: "aborted", execution_count: this.executionCount }),
      );
      this.output.send("status", { execution_state: "idle" }, request);
    }
  }

  /** complete_request: TypeScript's completions at the cursor. */
  private complete(request: Message): Content {
    const { code = "", cursor_pos } = request.content as { code?: string; cursor_pos?: number };
    const found = this.executor.complete(code, cursor_pos ?? code.length);
    return { status: "ok", matches: found.matches, cursor_start: found.start, cursor_end: found.end, metadata: {} };
  }

  /** inspect_request: the type and documentation of the name at the cursor. */
  private inspect(request: Message): Content {
    const { code = "", cursor_pos } = request.content as { code?: string; cursor_pos?: number };
    const text = this.executor.inspect(code, cursor_pos ?? code.length);
    return { status: "ok", found: text !== undefined, data: text ? { "text/plain": text } : {}, metadata: {} };
  }

  /** interrupt_request (interrupt_mode "message"): stops a cell that awaits. */
  interrupt(): Content {
    this.executor.interrupt();
    return { status: "ok" };
  }

  /** shutdown_request: replies, then closes the sockets and exits. */
  private shutdown(request: Message): Content {
    setTimeout(() => {
      this.channels.close();
      process.exit(0);
    }, 100);
    return { status: "ok", restart: Boolean(request.content.restart) };
  }
}

/** A value as a MIME bundle: its own (Symbol.for("Jupyter.display")) merged over Node's inspect as text/plain. */
export function displayBundle(value: unknown): Content {
  const own =
    value !== null && typeof value === "object" && typeof (value as Record<symbol, unknown>)[DISPLAY] === "function"
      ? ((value as Record<symbol, () => Content>)[DISPLAY]() ?? {})
      : {};
  return { "text/plain": inspect(value, { colors: false, depth: 3 }), ...own };
}
