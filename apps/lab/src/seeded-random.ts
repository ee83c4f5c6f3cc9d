/**
 * A small seeded pseudo-random generator, so that data splits, batch order and
 * initial weights are the same on every machine and on every backend.
 * Math.random cannot be seeded, and tfjs / ONNX Runtime each have their own
 * generators, which is why the lab owns this one.
 */

/** A stream of uniform numbers in [0, 1), reproducible from its seed. */
export interface SeededRandom {
  /** The next uniform number in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  nextInt(n: number): number;
  /** The next standard normal number (Box–Muller). */
  nextNormal(): number;
}

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast, passes
 * PractRand for the lengths used here, and its output is a pure function of
 * the seed, independent of the JS engine.
 */
export function createRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    nextInt: (n) => Math.floor(next() * n),
    nextNormal: () => {
      // 1 − u keeps the logarithm's argument in (0, 1].
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * Derives an independent seed for a named purpose ("split", "init",
 * "batches/3"), so changing how many numbers one purpose draws never shifts
 * another purpose's stream. FNV-1a over the name, mixed with the seed.
 */
export function deriveSeed(seed: number, purpose: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < purpose.length; i++) {
    hash ^= purpose.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** A Fisher–Yates permutation of 0..n−1 drawn from `random`. */
export function permutation(n: number, random: SeededRandom): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}
