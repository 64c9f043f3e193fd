/** Measures elapsed wall time: `const t = new Timer(); …; t.seconds()`. */
export class Timer {
  private start = performance.now();

  /** Seconds since construction or the last `restart`. */
  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  /** Starts counting again from zero. */
  restart(): void {
    this.start = performance.now();
  }

  /** Elapsed time as text, e.g. "1.23 s" or "2 min 05 s". */
  toString(): string {
    return formatDuration(this.seconds());
  }
}

/** A duration in seconds as short text: "850 ms", "12.3 s", "2 min 05 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, "0")} s`;
}

/** Times a function (sync or async): returns its result and the seconds it took. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ result: T; seconds: number }> {
  const timer = new Timer();
  const result = await fn();
  return { result, seconds: timer.seconds() };
}
