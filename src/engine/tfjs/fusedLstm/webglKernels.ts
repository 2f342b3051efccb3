/**
 * The per-step fused LSTM kernels for the 'webgl' backend, as GPGPU fragment shaders. A WebGL
 * program writes one output texture, so each kernel call runs a few small programs (one per
 * output, plus one intermediate) — still one tfjs kernel call per step instead of ~15.
 *
 * The step index reaches the shader as a uniform, so each program compiles once per shape, not
 * once per timestep. Units are baked into the source (tfjs keys its program cache on the source).
 *
 * Typed structurally (no import of @tensorflow/tfjs-backend-webgl internals): we only need
 * `runWebGLProgram` and `disposeIntermediateTensorInfo`.
 */
import * as tf from '@tensorflow/tfjs';
import { CELL_BACKWARD, CELL_FORWARD, kernelInputs, registerOnce, UNPACK, type FusedLstmAttrs } from './kernelNames';

type TensorInfo = tf.TensorInfo;

interface GpgpuProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms?: { name: string; type: 'int' | 'float' }[];
}

interface WebglBackendLike {
  runWebGLProgram(program: GpgpuProgram, inputs: TensorInfo[], dtype: 'float32', uniforms?: number[][]): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
  texData: { get(dataId: object): { isPacked?: boolean } };
  unpackTensor(info: TensorInfo): TensorInfo;
  incRef(dataId: object): void;
}

const HELPERS = `
  float lstmSigmoid(float v) { return 1.0 / (1.0 + exp(-v)); }
  float lstmTanh(float v) {
    float e = exp(-2.0 * abs(v));
    return sign(v) * (1.0 - e) / (1.0 + e);
  }
`;

const actCode = (relu: boolean, v: string): string => (relu ? `max(${v}, 0.0)` : `lstmTanh(${v})`);
/** act'(z) from a = act(z). */
const actGradCode = (relu: boolean, a: string): string => (relu ? `(${a} > 0.0 ? 1.0 : 0.0)` : `(1.0 - ${a} * ${a})`);

function program(variableNames: string[], outputShape: number[], body: string, uniforms: string[] = []): GpgpuProgram {
  return {
    variableNames,
    outputShape,
    customUniforms: uniforms.map((name) => ({ name, type: 'int' as const })),
    userCode: `${HELPERS}
  void main() {
    ivec2 rc = getOutputCoords();
    int b = rc.x;
    int j = rc.y;
    ${body}
  }`,
  };
}

function cellForward(backend: WebglBackendLike, inputs: tf.NamedTensorInfoMap, attrs: FusedLstmAttrs): TensorInfo[] {
  const { xp, hr, cPrev, recurrentMask } = kernelInputs(inputs, ['xp', 'hr', 'cPrev'], ['recurrentMask']);
  const [B, G] = hr.shape;
  const U = G / 4;
  const relu = attrs.activation === 'relu';
  const rowOffset = (attrs.t ?? 0) * B;
  const gatesProg = program(
    ['xp', 'hr'],
    [B, G],
    `float z = getXp(b + rowOffset, j) + getHr(b, j);
    int gate = j / ${U};
    setOutput(gate == 2 ? ${actCode(relu, 'z')} : lstmSigmoid(z));`,
    ['rowOffset'],
  );
  const gates = backend.runWebGLProgram(gatesProg, [xp, hr], 'float32', [[rowOffset]]);
  const cProg = program(
    ['gates', 'cPrev'],
    [B, U],
    `setOutput(getGates(b, ${U} + j) * getCPrev(b, j) + getGates(b, j) * getGates(b, ${2 * U} + j));`,
  );
  const c = backend.runWebGLProgram(cProg, [gates, cPrev], 'float32');
  const hProg = program(['gates', 'c'], [B, U], `setOutput(getGates(b, ${3 * U} + j) * ${actCode(relu, 'getC(b, j)')});`);
  const h = backend.runWebGLProgram(hProg, [gates, c], 'float32');
  const outs = [gates, c, h];
  if (recurrentMask) {
    const hmProg = program(['h', 'recMask'], [B, U], `setOutput(getH(b, j) * getRecMask(b, j));`);
    outs.push(backend.runWebGLProgram(hmProg, [h, recurrentMask], 'float32'));
  }
  return outs;
}

function cellBackward(backend: WebglBackendLike, inputs: tf.NamedTensorInfoMap, attrs: FusedLstmAttrs): TensorInfo[] {
  const { gates, cells, c0, dy, dhRec, dcNext, recurrentMask } = kernelInputs(
    inputs, ['gates', 'cells', 'c0', 'dy'], ['dhRec', 'dcNext', 'recurrentMask']);
  const [B, U] = c0.shape;
  const G = 4 * U;
  const relu = attrs.activation === 'relu';
  const t = attrs.t ?? 0;
  const steps = attrs.steps ?? 1;
  const row = t * B;

  // dh = dy_t + dhRec·mask, as its own [B,U] texture (read by the next two programs).
  const useDy = attrs.returnSequences || t === steps - 1;
  const dhNames: string[] = [];
  const dhInputs: TensorInfo[] = [];
  const terms: string[] = [];
  if (useDy) {
    dhNames.push('dy');
    dhInputs.push(dy);
    terms.push(attrs.returnSequences ? 'getDy(b + rowOffset, j)' : 'getDy(b, j)');
  }
  if (dhRec) {
    dhNames.push('dhRec');
    dhInputs.push(dhRec);
    if (recurrentMask) {
      dhNames.push('recMask');
      dhInputs.push(recurrentMask);
      terms.push('getDhRec(b, j) * getRecMask(b, j)');
    } else terms.push('getDhRec(b, j)');
  }
  const dhProg = program(dhNames, [B, U], `setOutput(${terms.length ? terms.join(' + ') : '0.0'});`, ['rowOffset']);
  const dh = backend.runWebGLProgram(dhProg, dhInputs, 'float32', [[row]]);

  // dc' = dcNext + dh·o·act'(c_t)
  const dcNames = ['gates', 'cells', 'dh'];
  const dcInputs: TensorInfo[] = [gates, cells, dh];
  if (dcNext) {
    dcNames.push('dcNext');
    dcInputs.push(dcNext);
  }
  const dcProg = program(
    dcNames,
    [B, U],
    `float a = ${actCode(relu, 'getCells(b + rowOffset, j)')};
    float v = getDh(b, j) * getGates(b + rowOffset, ${3 * U} + j) * ${actGradCode(relu, 'a')};
    ${dcNext ? 'v += getDcNext(b, j);' : ''}
    setOutput(v);`,
    ['rowOffset'],
  );
  const dc = backend.runWebGLProgram(dcProg, dcInputs, 'float32', [[row]]);

  // dGates from dc', dh and the saved gates; c_{t-1} comes from c0 at the first step.
  const first = t === 0;
  const dgProg = program(
    ['gates', 'cells', 'dh', 'dc', first ? 'c0' : 'cellsPrev'],
    [B, G],
    `int gate = j / ${U};
    int k = j - gate * ${U};
    int r = b + rowOffset;
    float s = getGates(r, j);
    float dcv = getDc(b, k);
    float v;
    if (gate == 0) {
      v = dcv * getGates(r, ${2 * U} + k) * s * (1.0 - s);
    } else if (gate == 1) {
      float cp = ${first ? 'getC0(b, k)' : `getCellsPrev(r - ${B}, k)`};
      v = dcv * cp * s * (1.0 - s);
    } else if (gate == 2) {
      v = dcv * getGates(r, k) * ${actGradCode(relu, 's')};
    } else {
      float a = ${actCode(relu, 'getCells(r, k)')};
      v = getDh(b, k) * a * s * (1.0 - s);
    }
    setOutput(v);`,
    ['rowOffset'],
  );
  const dG = backend.runWebGLProgram(dgProg, [gates, cells, dh, dc, first ? c0 : cells], 'float32', [[row]]);

  const dcPrevProg = program(['gates', 'dc'], [B, U], `setOutput(getDc(b, j) * getGates(b + rowOffset, ${U} + j));`, ['rowOffset']);
  const dcPrev = backend.runWebGLProgram(dcPrevProg, [gates, dc], 'float32', [[row]]);
  backend.disposeIntermediateTensorInfo(dh);
  backend.disposeIntermediateTensorInfo(dc);
  return [dG, dcPrev];
}

function unpack(backend: WebglBackendLike, inputs: tf.NamedTensorInfoMap): TensorInfo {
  const { x } = kernelInputs(inputs, ['x']);
  if (backend.texData.get(x.dataId).isPacked) return backend.unpackTensor(x);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Registers the per-step kernels and the unpack helper for 'webgl'. Safe to call more than once. */
export function registerWebglKernels(): void {
  registerOnce(UNPACK, 'webgl', ({ inputs, backend }) => unpack(backend as WebglBackendLike, inputs));
  registerOnce(CELL_FORWARD, 'webgl', ({ inputs, attrs, backend }) =>
    cellForward(backend as WebglBackendLike, inputs, attrs as unknown as FusedLstmAttrs));
  registerOnce(CELL_BACKWARD, 'webgl', ({ inputs, attrs, backend }) =>
    cellBackward(backend as WebglBackendLike, inputs, attrs as unknown as FusedLstmAttrs));
}
