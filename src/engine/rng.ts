/**
 * A small seeded random number generator (mulberry32). Everything random in a run (data, initial
 * weights, shuffling, dropout masks) draws from one of these, so a seed reproduces a run exactly.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi) — numpy's `randint(lo, hi)`. */
  int(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A new generator whose stream is independent of this one's future draws. */
  fork(): Rng;
  /** Where the stream stands, to continue it later (a checkpoint). */
  state(): RngState;
  /** Continues from a saved `state()`: the same draws follow as after it was taken. */
  setState(state: RngState): void;
}

/** A generator's position: plain numbers, so it survives `postMessage` and IndexedDB. */
export interface RngState {
  s: number;
  spare: number | null;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRng(Math.floor(next() * 4294967296)),
    state: () => ({ s: state, spare: spare ?? null }),
    setState: (saved) => {
      state = saved.s >>> 0;
      spare = saved.spare ?? undefined;
    },
  };
  return rng;
}

/** Fisher–Yates shuffle of `0..n-1`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * Routes `Math.random` through a seeded generator until the returned function is called.
 * tfjs draws dropout masks (and any unseeded random op) from `Math.random`, so this is what makes
 * dropout reproducible for a given seed. Training owns the swap for its whole duration.
 */
export function seedMathRandom(rng: Rng): () => void {
  const original = Math.random;
  Math.random = rng.next;
  return () => {
    Math.random = original;
  };
}
