/** Calls `onInterrupt` on SIGINT (Jupyter's Kernel → Interrupt) until the returned function is called. */
export function onInterrupt(onInterrupt: () => void): () => void {
  const listener = () => onInterrupt();
  process.on("SIGINT", listener);
  return () => {
    process.off("SIGINT", listener);
  };
}

/** Lets pending events (such as a SIGINT) run before the next batch. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
