/** A source of uniform random numbers in [0, 1). */
export type Rng = () => number;

/** A fast seeded generator (mulberry32): the same seed gives the same sequence on every machine. */
export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unseededRandom = Math.random;

/**
 * Makes runs repeatable: seeds our shuffles/splits/generators AND `Math.random`, which TF.js uses for
 * weight initialisers and dropout when no explicit seed is given. Call it once in the setup cell.
 */
export function seed(n: number): void {
  if (!Number.isInteger(n)) throw new Error(`seed(n): expected an integer, got ${n}`);
  Math.random = makeRng(n);
}

/** Restores the unseeded `Math.random`. */
export function unseed(): void {
  Math.random = unseededRandom;
}

/** The generator helpers use when none is given: seeded from `seed` (via Math.random) or an explicit seed. */
export function rngFor(seedValue?: number): Rng {
  return seedValue === undefined ? makeRng(Math.floor(Math.random() * 2 ** 32)) : makeRng(seedValue);
}

/** Shuffles an array in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, rng: Rng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** 0, 1, …, n−1 in a random order. */
export function permutation(n: number, rng: Rng): Int32Array {
  return shuffleInPlace(
    Int32Array.from({ length: n }, (_, i) => i),
    rng,
  );
}

/** A standard normal sample (Box–Muller). */
export function randomNormal(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
