import * as path from "node:path";

/** A Jupyter MIME bundle: MIME type → content (JSON types as objects, text as strings). */
export type MimeBundle = Record<string, unknown>;

type WriteDisplayData = (
  content: { data: MimeBundle; metadata: object; transient: { display_id?: string } },
  update: boolean,
) => void;

/** The path of tslab's launcher when this code runs in a tslab kernel, else undefined. */
function tslabLauncher(): string | undefined {
  const main = require.main?.filename;
  return main && /tslab[\\/]bin[\\/]tslab$/.test(main) ? main : undefined;
}

/** What our own kernel (src/kernel) offers code in cells, under `Symbol.for("dlcourse.kernel")`. */
interface KernelDisplayApi {
  display(bundle: MimeBundle, options: { displayId?: string; update?: boolean; metadata?: object }): void;
}

/** Our kernel's display function as a writer, when this code runs in it. */
function ownKernelWriter(): WriteDisplayData | undefined {
  const api = (globalThis as Record<symbol, KernelDisplayApi | undefined>)[Symbol.for("dlcourse.kernel")];
  if (!api) return undefined;
  return (content, update) =>
    api.display(content.data, { displayId: content.transient.display_id, update, metadata: content.metadata });
}

/** The display writer of the kernel running this code (ours, or tslab's internal one), or undefined outside one. */
function kernelWriter(): WriteDisplayData | undefined {
  const own = ownKernelWriter();
  if (own) return own;
  const main = tslabLauncher();
  if (!main) return undefined;
  const jupyter = require(path.join(path.dirname(main), "..", "dist", "jupyter.js")) as {
    lastWriteDisplayData?: WriteDisplayData | null;
  };
  return jupyter.lastWriteDisplayData ?? undefined;
}

/** True when this code runs inside a tslab Jupyter kernel that can show rich output. */
export function inKernel(): boolean {
  return kernelWriter() !== undefined;
}

/** Sends one display_data (or update_display_data) with a full MIME bundle; false outside a kernel. */
export function sendDisplayData(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): boolean {
  const write = kernelWriter();
  if (!write) return false;
  const transient = options.displayId ? { display_id: options.displayId } : {};
  write({ data, metadata: {}, transient }, Boolean(options.update));
  return true;
}

/** The method under which a value gives our kernel its own MIME bundle as a cell's last expression (Deno's name). */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/**
 * Gives `target` (one object, or a class's prototype) a `JUPYTER_DISPLAY` method returning `bundle(this)`; it never
 * throws (a failure shows as one line of text). Not enumerable, so spreads, `Object.entries` and JSON skip it.
 */
export function displayAs<T>(target: object, bundle: (value: T) => MimeBundle): void {
  Object.defineProperty(target, JUPYTER_DISPLAY, {
    configurable: true,
    value(this: T): MimeBundle {
      try {
        return bundle(this);
      } catch (error) {
        const what = (this as object | null)?.constructor?.name ?? typeof this;
        return { "text/plain": `${what} (cannot show it: ${error instanceof Error ? error.message : String(error)})` };
      }
    },
  });
}
