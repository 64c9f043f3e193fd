import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One executed cell: session number, execution count, source, and its result as text (if any). */
interface Entry {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

/** What a history_request asks (Jupyter messaging spec, "History"). */
export interface HistoryQuery {
  hist_access_type?: "tail" | "range" | "search";
  output?: boolean;
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** Jupyter's data directory (JUPYTER_DATA_DIR, else the platform default on Linux and macOS). */
function jupyterDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share"), "jupyter");
}

/** Input history of every session of this kernel, kept in a JSON-lines file that survives restarts. */
export class History {
  readonly session: number;
  private readonly entries: Entry[];

  constructor(private readonly file = path.join(jupyterDataDir(), "dlcourse-kernel", "history.jsonl")) {
    this.entries = readEntries(file);
    this.session = Math.max(0, ...this.entries.map((e) => e.session)) + 1;
  }

  /** Records a cell of this session. */
  add(line: number, input: string, output: string | null): void {
    const entry = { session: this.session, line, input, output };
    this.entries.push(entry);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, JSON.stringify(entry) + "\n");
    } catch {
      // history is a convenience: a read-only home must not break execution
    }
  }

  /** The entries a history_request asks for, as [session, line, input] or [session, line, [input, output]]. */
  query(q: HistoryQuery): unknown[] {
    return this.select(q).map((e) => [e.session, e.line, q.output ? [e.input, e.output] : e.input]);
  }

  /** The entries matching a query, oldest first. */
  private select(q: HistoryQuery): Entry[] {
    if (q.hist_access_type === "range") {
      const session = !q.session ? this.session : q.session < 0 ? this.session + q.session : q.session;
      const [start, stop] = [q.start ?? 0, q.stop ?? Infinity];
      return this.entries.filter((e) => e.session === session && e.line >= start && e.line < stop);
    }
    if (q.hist_access_type === "search") {
      const pattern = globPattern(q.pattern ?? "*");
      let found = this.entries.filter((e) => pattern.test(e.input));
      if (q.unique) found = lastOfEachInput(found);
      return q.n ? found.slice(-q.n) : found;
    }
    return this.entries.slice(-(q.n ?? 10));
  }
}

/** The entries with distinct inputs, each at its last occurrence, in order. */
function lastOfEachInput(entries: Entry[]): Entry[] {
  const last = new Map(entries.map((e) => [e.input, e]));
  return entries.filter((e) => last.get(e.input) === e);
}

/** A history search pattern (glob: `*` any text, `?` one character) as a whole-input regular expression. */
function globPattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${escaped}$`);
}

/** The entries stored in `file` (none when it does not exist; unreadable lines are skipped). */
function readEntries(file: string): Entry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Entry];
      } catch {
        return [];
      }
    });
}
