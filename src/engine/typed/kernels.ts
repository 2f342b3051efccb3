/**
 * The typed trainer's products, cell update (forward and backward) and optimizer step, on
 * one arena of float32 memory. Three implementations with one signature, best first: WebAssembly relaxed SIMD (the
 * same `wasm/kernels.wat` with its multiply-adds fused, 1.2–1.3× on the products where the CPU
 * has FMA; Chromium ships it, Node 20 only behind a flag), WebAssembly SIMD (about 3–4× faster
 * than V8's scalar loops here), and plain JavaScript (where WebAssembly SIMD is missing, and the
 * reference the SIMD kernels are tested against).
 *
 * Operands are Float32Array views into the arena (`Arena.alloc`) plus element offsets, as in
 * `jsCell.ts`: the WebAssembly kernels turn a view's `byteOffset` into a pointer,
 * so every operand must come from the same arena.
 */
import { cellBackward, cellForward } from './jsCell';
import { gruCellBackward, gruCellForward } from './jsGruCell';
import { rnnCellBackward, rnnCellForward } from './jsRnnCell';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasm/kernels.generated';

export type KernelKind = 'wasm-relaxed-simd' | 'wasm-simd' | 'js';
type WasmKind = Exclude<KernelKind, 'js'>;

/** Best first: where one is unavailable, the next is used. */
export const KERNEL_KINDS: readonly KernelKind[] = ['wasm-relaxed-simd', 'wasm-simd', 'js'];

export interface TypedKernels {
  readonly kind: KernelKind;
  /**
   * C[m,n] (+)= A·B, B [k,n] row-major; A's element (i,p) at aOff + i·si + p·sp, so A [m,k] is
   * (si = k, sp = 1) and Aᵀ of A [k,m] is (si = 1, sp = m).
   */
  gemm(
    a: Float32Array, aOff: number, si: number, sp: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
    m: number, k: number, n: number, accumulate: boolean,
  ): void;
  /** C[m,n] (+)= A[m,k] · B[n,k]ᵀ. */
  gemmBT(a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number, m: number, k: number, n: number, accumulate: boolean): void;
  /**
   * One LSTM step's cell update, as `cellForward` (jsCell.ts) with the
   * pre-activations already summed in `gates` [batch, 4u]: activates them in place, then writes
   * c = f·c_prev + i·g and h = o·act(c) ([batch, u] each; c may alias c_prev).
   */
  lstmCell(
    gates: Float32Array, gOff: number, cPrev: Float32Array, cpOff: number, c: Float32Array, cOff: number,
    h: Float32Array, hOff: number, batch: number, units: number, relu: boolean,
  ): void;
  /**
   * The cell's backward for one step, as `cellBackward` (jsCell.ts): from the
   * activated gates [batch, 4u], c_t, c_{t−1} and the gradients reaching h_t and c_t ([batch, u]
   * each), writes the gate pre-activations' gradients to `dG` [batch, 4u] and replaces `dc` with
   * the gradient for c_{t−1}.
   */
  lstmCellBackward(
    gates: Float32Array, gOff: number, cells: Float32Array, cOff: number, cPrev: Float32Array, cpOff: number,
    dh: Float32Array, dhOff: number, dc: Float32Array, dcOff: number, dG: Float32Array, dgOff: number,
    batch: number, units: number, relu: boolean,
  ): void;
  /**
   * One GRU step after its products, as `gruCellForward` (jsGruCell.ts): from x̂ and ĥ [batch, 3u]
   * and h_{t−1} [batch, u], writes the activated z, r, n to `gates` and h_t to `h`.
   */
  gruCell(
    xg: Float32Array, xgOff: number, hh: Float32Array, hhOff: number, gates: Float32Array, gOff: number,
    hPrev: Float32Array, hpOff: number, h: Float32Array, hOff: number, batch: number, units: number, relu: boolean,
  ): void;
  /**
   * Its backward, as `gruCellBackward` (jsGruCell.ts): writes the gradients reaching x̂ and ĥ
   * [batch, 3u] and replaces `dh` with the part reaching h_{t−1} directly (dh·z).
   */
  gruCellBackward(
    gates: Float32Array, gOff: number, hh: Float32Array, hhOff: number, hPrev: Float32Array, hpOff: number,
    dh: Float32Array, dhOff: number, dXg: Float32Array, dxOff: number, dHH: Float32Array, dhhOff: number,
    batch: number, units: number, relu: boolean,
  ): void;
  /** SimpleRNN's step after its products, as `rnnCellForward` (jsRnnCell.ts): h = act(pre) on n floats (h may be pre). */
  rnnCell(pre: Float32Array, preOff: number, h: Float32Array, hOff: number, n: number, relu: boolean): void;
  /** Its backward, as `rnnCellBackward` (jsRnnCell.ts): dPre = dh·act'(h) on n floats, then dh = 0. */
  rnnCellBackward(h: Float32Array, hOff: number, dh: Float32Array, dhOff: number, dPre: Float32Array, dpOff: number, n: number, relu: boolean): void;
  /** Adam, tfjs' form, on n weights: step = lr / (1 − β1ᵗ), inv2 = 1 / (1 − β2ᵗ). */
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, n: number, beta1: number, beta2: number, step: number, inv2: number, eps: number): void;
}

/** Float32 memory handed out in 16-byte-aligned views; sized once, never grown (growing would detach the views). */
export class Arena {
  private used = 0;
  constructor(readonly buffer: ArrayBuffer, private readonly floats: number) {}

  alloc(n: number): Float32Array {
    const start = this.used;
    this.used = start + ((n + 3) & ~3);
    if (this.used > this.floats) throw new Error(`Arena of ${this.floats} floats is full (asked for ${n} more at ${start}).`);
    return new Float32Array(this.buffer, start * 4, n);
  }
}

/** Counts what a construction would allocate, handing out throwaway arrays. */
export class SizingArena {
  floats = 0;
  alloc(n: number): Float32Array {
    this.floats += (n + 3) & ~3;
    return new Float32Array(n);
  }
}

export type Allocator = Pick<Arena, 'alloc'>;

const jsKernels: TypedKernels = {
  kind: 'js',
  gemm(a, aOff, si, sp, b, bOff, c, cOff, m, k, n, accumulate) {
    for (let i = 0; i < m; i++) {
      const cr = cOff + i * n;
      if (!accumulate) c.fill(0, cr, cr + n);
      for (let p = 0; p < k; p++) {
        const s = a[aOff + i * si + p * sp];
        if (s === 0) continue; // NaN !== 0, so NaN still propagates
        const br = bOff + p * n;
        for (let j = 0; j < n; j++) c[cr + j] += s * b[br + j];
      }
    }
  },
  gemmBT(a, aOff, b, bOff, c, cOff, m, k, n, accumulate) {
    for (let i = 0; i < m; i++) {
      const ar = aOff + i * k;
      for (let j = 0; j < n; j++) {
        const br = bOff + j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ar + p] * b[br + p];
        c[cOff + i * n + j] = accumulate ? c[cOff + i * n + j] + s : s;
      }
    }
  },
  lstmCell(gates, gOff, cPrev, cpOff, c, cOff, h, hOff, batch, units, relu) {
    cellForward(batch, units, relu, gates, gOff, null, 0, cPrev, cpOff, gates, gOff, c, cOff, h, hOff);
  },
  lstmCellBackward(gates, gOff, cells, cOff, cPrev, cpOff, dh, dhOff, dc, dcOff, dG, dgOff, batch, units, relu) {
    cellBackward(batch, units, relu, gates, gOff, cells, cOff, cPrev, cpOff, dh, dhOff, dc, dcOff, dG, dgOff);
  },
  gruCell(xg, xgOff, hh, hhOff, gates, gOff, hPrev, hpOff, h, hOff, batch, units, relu) {
    gruCellForward(batch, units, relu, xg, xgOff, hh, hhOff, gates, gOff, hPrev, hpOff, h, hOff);
  },
  gruCellBackward(gates, gOff, hh, hhOff, hPrev, hpOff, dh, dhOff, dXg, dxOff, dHH, dhhOff, batch, units, relu) {
    gruCellBackward(batch, units, relu, gates, gOff, hh, hhOff, hPrev, hpOff, dh, dhOff, dXg, dxOff, dHH, dhhOff);
  },
  rnnCell(pre, preOff, h, hOff, n, relu) {
    rnnCellForward(n, relu, pre, preOff, h, hOff);
  },
  rnnCellBackward(h, hOff, dh, dhOff, dPre, dpOff, n, relu) {
    rnnCellBackward(n, relu, h, hOff, dh, dhOff, dPre, dpOff);
  },
  adam(w, g, m, v, n, beta1, beta2, step, inv2, eps) {
    const a1 = 1 - beta1, a2 = 1 - beta2;
    for (let j = 0; j < n; j++) {
      const gj = g[j];
      const mj = beta1 * m[j] + a1 * gj;
      const vj = beta2 * v[j] + a2 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      w[j] -= (step * mj) / (Math.sqrt(vj * inv2) + eps);
    }
  },
};

interface WasmExports {
  gemm(a: number, si: number, sp: number, b: number, c: number, m: number, k: number, n: number, acc: number): void;
  gemmBT(a: number, b: number, c: number, m: number, k: number, n: number, acc: number): void;
  lstmCell(gates: number, cPrev: number, c: number, h: number, batch: number, units: number, relu: number): void;
  lstmCellBackward(gates: number, cells: number, cPrev: number, dh: number, dc: number, dG: number, batch: number, units: number, relu: number): void;
  adam(w: number, g: number, m: number, v: number, n: number, b1: number, b2: number, step: number, inv2: number, eps: number): void;
  gruCell(xg: number, hh: number, gates: number, hPrev: number, h: number, batch: number, units: number, relu: number): void;
  gruCellBackward(gates: number, hh: number, hPrev: number, dh: number, dXg: number, dHH: number, batch: number, units: number, relu: number): void;
  rnnCell(pre: number, h: number, n: number, relu: number): void;
  rnnCellBackward(h: number, dh: number, dPre: number, n: number, relu: number): void;
  setScratch(p: number): void;
}

const BINARIES: { readonly [K in WasmKind]: string } = {
  'wasm-relaxed-simd': KERNELS_RELAXED_WASM_BASE64,
  'wasm-simd': KERNELS_WASM_BASE64,
};

const compiled = new Map<WasmKind, WebAssembly.Module | null>();
/** A kind's compiled module, or null where the engine lacks its features. Compiled once (a few KB: sync is fine). */
function wasmModule(kind: WasmKind): WebAssembly.Module | null {
  if (compiled.has(kind)) return compiled.get(kind)!;
  let module: WebAssembly.Module | null = null;
  try {
    if (typeof WebAssembly !== 'undefined') {
      const bytes = Uint8Array.from(atob(BINARIES[kind]), (ch) => ch.charCodeAt(0));
      module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    }
  } catch {
    module = null;
  }
  compiled.set(kind, module);
  return module;
}

export function kernelsAvailable(kind: KernelKind): boolean {
  return kind === 'js' || wasmModule(kind) !== null;
}

/** The fastest kernels this engine runs. */
export function bestKernelKind(): KernelKind {
  return KERNEL_KINDS.find(kernelsAvailable)!;
}

/** The WebAssembly `gemm`'s packing space, at the start of each arena: a panel of B (64 × 128 floats), four rows of A (64 × 4). */
const GEMM_SCRATCH_FLOATS = 64 * 128 + 64 * 4;

function wasmKernels(kind: WasmKind, memory: WebAssembly.Memory, scratch: Float32Array): TypedKernels {
  const x = new WebAssembly.Instance(wasmModule(kind)!, { env: { memory } }).exports as unknown as WasmExports;
  x.setScratch(scratch.byteOffset);
  const ptr = (view: Float32Array, off: number): number => view.byteOffset + off * 4;
  return {
    kind,
    gemm: (a, aOff, si, sp, b, bOff, c, cOff, m, k, n, accumulate) =>
      x.gemm(ptr(a, aOff), si, sp, ptr(b, bOff), ptr(c, cOff), m, k, n, accumulate ? 1 : 0),
    gemmBT: (a, aOff, b, bOff, c, cOff, m, k, n, accumulate) =>
      x.gemmBT(ptr(a, aOff), ptr(b, bOff), ptr(c, cOff), m, k, n, accumulate ? 1 : 0),
    lstmCell: (gates, gOff, cPrev, cpOff, c, cOff, h, hOff, batch, units, relu) =>
      x.lstmCell(ptr(gates, gOff), ptr(cPrev, cpOff), ptr(c, cOff), ptr(h, hOff), batch, units, relu ? 1 : 0),
    lstmCellBackward: (gates, gOff, cells, cOff, cPrev, cpOff, dh, dhOff, dc, dcOff, dG, dgOff, batch, units, relu) =>
      x.lstmCellBackward(ptr(gates, gOff), ptr(cells, cOff), ptr(cPrev, cpOff), ptr(dh, dhOff), ptr(dc, dcOff), ptr(dG, dgOff), batch, units, relu ? 1 : 0),
    gruCell: (xg, xgOff, hh, hhOff, gates, gOff, hPrev, hpOff, h, hOff, batch, units, relu) =>
      x.gruCell(ptr(xg, xgOff), ptr(hh, hhOff), ptr(gates, gOff), ptr(hPrev, hpOff), ptr(h, hOff), batch, units, relu ? 1 : 0),
    gruCellBackward: (gates, gOff, hh, hhOff, hPrev, hpOff, dh, dhOff, dXg, dxOff, dHH, dhhOff, batch, units, relu) =>
      x.gruCellBackward(ptr(gates, gOff), ptr(hh, hhOff), ptr(hPrev, hpOff), ptr(dh, dhOff), ptr(dXg, dxOff), ptr(dHH, dhhOff), batch, units, relu ? 1 : 0),
    rnnCell: (pre, preOff, h, hOff, n, relu) => x.rnnCell(ptr(pre, preOff), ptr(h, hOff), n, relu ? 1 : 0),
    rnnCellBackward: (h, hOff, dh, dhOff, dPre, dpOff, n, relu) =>
      x.rnnCellBackward(ptr(h, hOff), ptr(dh, dhOff), ptr(dPre, dpOff), n, relu ? 1 : 0),
    adam: (w, g, m, v, n, beta1, beta2, step, inv2, eps) =>
      x.adam(ptr(w, 0), ptr(g, 0), ptr(m, 0), ptr(v, 0), n, beta1, beta2, step, inv2, eps),
  };
}

/** WebAssembly's 32-bit memory: 65,536 pages of 64 KiB. */
export const MAX_ARENA_FLOATS = (65536 * 65536) / 4;

/**
 * An arena of `floats` floats and the kernels that work on it: the `prefer`red kind (by default
 * the best there is) or, where this engine lacks it, the next one in `KERNEL_KINDS`.
 */
export function createArena(floats: number, prefer: KernelKind = KERNEL_KINDS[0]): { arena: Arena; kernels: TypedKernels } {
  if (floats > MAX_ARENA_FLOATS) {
    throw new Error(`it would need ${(floats * 4 / 2 ** 30).toFixed(1)} GiB of memory, past WebAssembly's 4 GiB`);
  }
  const kind = KERNEL_KINDS.slice(KERNEL_KINDS.indexOf(prefer)).find(kernelsAvailable)!;
  if (kind !== 'js') {
    const pages = Math.max(1, Math.ceil(((floats + GEMM_SCRATCH_FLOATS) * 4) / 65536));
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const arena = new Arena(memory.buffer, floats + GEMM_SCRATCH_FLOATS);
    return { arena, kernels: wasmKernels(kind, memory, arena.alloc(GEMM_SCRATCH_FLOATS)) };
  }
  return { arena: new Arena(new ArrayBuffer(floats * 4), floats), kernels: jsKernels };
}
