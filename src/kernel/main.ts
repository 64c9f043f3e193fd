/**
 * The dlcourse TypeScript kernel: `node dist/kernel/main.js --connection-file <file>` (our kernelspec runs it).
 * tslab's converter compiles the cells; everything Jupyter sees is this folder's.
 */
import { Channels, readConnectionFile } from "./channels";
import { CellExecutor } from "./executor";
import { History } from "./history";
import { Kernel } from "./kernel";
import { kernelLog } from "./output";

/** The connection file named on the command line (`--connection-file F`, `-f F` or the only argument). */
function connectionFileArgument(argv: string[]): string {
  const flag = argv.findIndex((a) => a === "--connection-file" || a === "-f");
  const file = flag >= 0 ? argv[flag + 1] : argv.find((a) => !a.startsWith("-"));
  if (!file) throw new Error("usage: node dist/kernel/main.js --connection-file <file>");
  return file;
}

/** Where the kernel offers rich display to code in cells (a library finds it under this global symbol). */
const KERNEL_API = Symbol.for("dlcourse.kernel");

/** Starts the kernel and serves until it is shut down. */
async function main(): Promise<void> {
  const channels = new Channels(readConnectionFile(connectionFileArgument(process.argv.slice(2))));
  await channels.bind();
  const version = (require("../../package.json") as { version: string }).version;
  const executor = new CellExecutor(process.cwd());
  const kernel = new Kernel(channels, executor, new History(), version);
  kernel.output.captureProcessStreams();
  (globalThis as Record<symbol, unknown>)[KERNEL_API] = {
    display: kernel.display.bind(kernel),
    clearOutput: kernel.clearOutput.bind(kernel),
  };
  process.on("SIGINT", () => kernel.interrupt());
  const showStray = (error: unknown) => {
    const { traceback } = executor.errorOf(error);
    kernel.output.write("stderr", `Uncaught (in a callback or promise): ${traceback.join("\n")}\n`);
  };
  process.on("uncaughtException", showStray);
  process.on("unhandledRejection", showStray);
  await kernel.serve();
}

main().catch((e) => {
  kernelLog("could not start", e);
  process.exit(1);
});
