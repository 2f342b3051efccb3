/**
 * The per-step fused LSTM kernels for the 'webgpu' backend, as WGSL compute programs. Same
 * structure as the WebGL version: one program writes one output buffer, so a kernel call runs a
 * few small programs. Inputs are read as flat arrays by computed index; the step's row offset is
 * a uniform, and units are baked into the source and the shader key (tfjs-webgpu keys its
 * pipeline cache on `shaderKey` plus input ranks, not on sizes).
 *
 * Typed structurally (no import of @tensorflow/tfjs-backend-webgpu): we only need
 * `runWebGPUProgram` and `disposeData`.
 */
import * as tf from '@tensorflow/tfjs';
import { CELL_BACKWARD, CELL_FORWARD, kernelInputs, registerOnce, type FusedLstmAttrs } from './kernelNames';

type TensorInfo = tf.TensorInfo;

interface WebgpuProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size: boolean;
  uniforms?: string;
  getUserCode(): string;
}

interface WebgpuBackendLike {
  runWebGPUProgram(
    program: WebgpuProgram, inputs: TensorInfo[], dtype: 'float32', uniforms?: { type: 'int32'; data: number[] }[],
  ): TensorInfo;
  disposeData(dataId: object): boolean;
}

const WORKGROUP = 64;

const HELPERS = `
  fn lstmSigmoid(v : f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
  fn lstmTanh(v : f32) -> f32 {
    let e = exp(-2.0 * abs(v));
    return sign(v) * (1.0 - e) / (1.0 + e);
  }
`;

const actCode = (relu: boolean, v: string): string => (relu ? `max(${v}, 0.0)` : `lstmTanh(${v})`);
const actGradCode = (relu: boolean, a: string): string => (relu ? `select(0.0, 1.0, ${a} > 0.0)` : `(1.0 - ${a} * ${a})`);

/**
 * A flat program over an output of `rows × cols`: the body sees `index`, `b` (row) and `j`
 * (column), the uniform `uniforms.rowOffset`, and must assign `v`.
 */
function program(key: string, variableNames: string[], rows: number, cols: number, body: string): WebgpuProgram {
  const outputShape = [rows, cols];
  return {
    variableNames,
    outputShape,
    shaderKey: `fusedLstm_${key}_${cols}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil((rows * cols) / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: 'rowOffset : i32,',
    getUserCode: () => `${HELPERS}
  fn main(index : i32) {
    if (index < uniforms.size) {
      let b = index / ${cols};
      let j = index - b * ${cols};
      var v = 0.0;
      ${body}
      setOutputAtIndex(index, v);
    }
  }`,
  };
}

function runner(backend: WebgpuBackendLike, rowOffset: number) {
  return (p: WebgpuProgram, inputs: TensorInfo[]): TensorInfo =>
    backend.runWebGPUProgram(p, inputs, 'float32', [{ type: 'int32', data: [rowOffset] }]);
}

function cellForward(backend: WebgpuBackendLike, inputs: tf.NamedTensorInfoMap, attrs: FusedLstmAttrs): TensorInfo[] {
  const { xp, hr, cPrev, recurrentMask } = kernelInputs(inputs, ['xp', 'hr', 'cPrev'], ['recurrentMask']);
  const [B, G] = hr.shape;
  const U = G / 4;
  const relu = attrs.activation === 'relu';
  const k = `${attrs.activation}_${U}`;
  const runP = runner(backend, (attrs.t ?? 0) * B);
  const gates = runP(
    program(`fwdGates_${k}`, ['xp', 'hr'], B, G, `
      let z = xp[(b + uniforms.rowOffset) * ${G} + j] + hr[index];
      if (j / ${U} == 2) { v = ${actCode(relu, 'z')}; } else { v = lstmSigmoid(z); }`),
    [xp, hr],
  );
  const c = runP(
    program(`fwdC_${k}`, ['gates', 'cPrev'], B, U, `
      let g = b * ${G} + j;
      v = gates[g + ${U}] * cPrev[index] + gates[g] * gates[g + ${2 * U}];`),
    [gates, cPrev],
  );
  const h = runP(
    program(`fwdH_${k}`, ['gates', 'c'], B, U, `v = gates[b * ${G} + ${3 * U} + j] * ${actCode(relu, 'c[index]')};`),
    [gates, c],
  );
  const outs = [gates, c, h];
  if (recurrentMask) outs.push(runP(program(`fwdHm_${k}`, ['h', 'recMask'], B, U, `v = h[index] * recMask[index];`), [h, recurrentMask]));
  return outs;
}

function cellBackward(backend: WebgpuBackendLike, inputs: tf.NamedTensorInfoMap, attrs: FusedLstmAttrs): TensorInfo[] {
  const { gates, cells, c0, dy, dhRec, dcNext, recurrentMask } = kernelInputs(
    inputs, ['gates', 'cells', 'c0', 'dy'], ['dhRec', 'dcNext', 'recurrentMask']);
  const [B, U] = c0.shape;
  const G = 4 * U;
  const relu = attrs.activation === 'relu';
  const t = attrs.t ?? 0;
  const steps = attrs.steps ?? 1;
  const runP = runner(backend, t * B);
  const k = `${attrs.activation}_${U}`;

  // dh = dy_t + dhRec·mask
  const useDy = attrs.returnSequences || t === steps - 1;
  const names: string[] = [];
  const ins: TensorInfo[] = [];
  const terms: string[] = [];
  if (useDy) {
    names.push('dy');
    ins.push(dy);
    terms.push(attrs.returnSequences ? `dy[(b + uniforms.rowOffset) * ${U} + j]` : 'dy[index]');
  }
  if (dhRec) {
    names.push('dhRec');
    ins.push(dhRec);
    if (recurrentMask) {
      names.push('recMask');
      ins.push(recurrentMask);
      terms.push('dhRec[index] * recMask[index]');
    } else terms.push('dhRec[index]');
  }
  const dhKey = `bwdDh_${k}_${names.join('-')}_${attrs.returnSequences ? 'seq' : 'last'}`;
  const dh = runP(program(dhKey, names, B, U, `v = ${terms.length ? terms.join(' + ') : '0.0'};`), ins);

  // dc' = dcNext + dh·o·act'(c_t)
  const dcNames = ['gates', 'cells', 'dh'];
  const dcIns: TensorInfo[] = [gates, cells, dh];
  if (dcNext) {
    dcNames.push('dcNext');
    dcIns.push(dcNext);
  }
  const dc = runP(
    program(`bwdDc_${k}_${dcNext ? 'next' : 'last'}`, dcNames, B, U, `
      let r = b + uniforms.rowOffset;
      let a = ${actCode(relu, `cells[r * ${U} + j]`)};
      v = dh[index] * gates[r * ${G} + ${3 * U} + j] * ${actGradCode(relu, 'a')};
      ${dcNext ? 'v = v + dcNext[index];' : ''}`),
    dcIns,
  );

  const first = t === 0;
  const dG = runP(
    program(`bwdDg_${k}_${first ? 'first' : 'later'}`, ['gates', 'cells', 'dh', 'dc', first ? 'c0' : 'cellsPrev'], B, G, `
      let gate = j / ${U};
      let kk = j - gate * ${U};
      let r = b + uniforms.rowOffset;
      let s = gates[r * ${G} + j];
      let dcv = dc[b * ${U} + kk];
      if (gate == 0) {
        v = dcv * gates[r * ${G} + ${2 * U} + kk] * s * (1.0 - s);
      } else if (gate == 1) {
        let cp = ${first ? `c0[b * ${U} + kk]` : `cellsPrev[(r - uniforms.outShape.x) * ${U} + kk]`};
        v = dcv * cp * s * (1.0 - s);
      } else if (gate == 2) {
        v = dcv * gates[r * ${G} + kk] * ${actGradCode(relu, 's')};
      } else {
        let a = ${actCode(relu, `cells[r * ${U} + kk]`)};
        v = dh[b * ${U} + kk] * a * s * (1.0 - s);
      }`),
    [gates, cells, dh, dc, first ? c0 : cells],
  );
  const dcPrev = runP(
    program(`bwdDcPrev_${k}`, ['gates', 'dc'], B, U, `v = dc[index] * gates[(b + uniforms.rowOffset) * ${G} + ${U} + j];`),
    [gates, dc],
  );
  backend.disposeData(dh.dataId);
  backend.disposeData(dc.dataId);
  return [dG, dcPrev];
}

/** Registers the two per-step kernels for 'webgpu'. Safe to call more than once. */
export function registerWebgpuKernels(): void {
  registerOnce(CELL_FORWARD, 'webgpu', ({ inputs, attrs, backend }) =>
    cellForward(backend as WebgpuBackendLike, inputs, attrs as unknown as FusedLstmAttrs));
  registerOnce(CELL_BACKWARD, 'webgpu', ({ inputs, attrs, backend }) =>
    cellBackward(backend as WebgpuBackendLike, inputs, attrs as unknown as FusedLstmAttrs));
}
