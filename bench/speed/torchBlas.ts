/**
 * Which BLAS PyTorch multiplies with, and the environment it runs in. Debian's python3-torch is
 * linked against the generic `libblas.so.3`, so it runs on whichever BLAS the alternatives system
 * points that name at: with the reference BLAS (libblas3) IMDB tutorial 1 takes 601 ms a batch,
 * with OpenBLAS (libopenblas0-pthread) 47 ms. A comparison against the reference BLAS would make
 * the lab look 13× faster than it is, so it is refused, and every PyTorch figure names its BLAS.
 * Pure, so the classification is unit-tested.
 */

export type BlasKind = 'openblas' | 'mkl' | 'blis' | 'atlas' | 'reference' | 'unknown';

export interface LoadedBlas {
  kind: BlasKind;
  /** The BLAS library files mapped into the process (symlinks resolved, as /proc/self/maps shows them). */
  libraries: string[];
  /** torch's own build configuration says, e.g. "BLAS_INFO=open" (a wheel may link MKL statically). */
  configBlas?: string;
  /** The vector instructions torch's own kernels use here ("CPU capability usage: AVX2"). */
  cpuCapability?: string;
}

/** Fast implementations by how their files are named; checked before the reference one. */
const FAST: readonly { kind: Exclude<BlasKind, 'reference' | 'unknown'>; file: RegExp }[] = [
  { kind: 'openblas', file: /openblas/i },
  { kind: 'mkl', file: /libmkl/i },
  { kind: 'blis', file: /blis/i },
  { kind: 'atlas', file: /atlas/i },
];

/** A shared library that provides BLAS (LAPACK alone does not count: it calls into BLAS). */
const BLAS_FILE = /\/lib(open)?blas[^/]*\.so|\/libcblas[^/]*\.so|\/libmkl_[^/]*\.so|\/libblis[^/]*\.so|\/lib[st]?atlas[^/]*\.so/i;

/**
 * The BLAS a process has loaded, from its /proc/<pid>/maps listing (or just its mapped file paths)
 * and torch's build configuration (`torch.__config__.show()`).
 */
export function loadedBlas(maps: string, torchConfig = ''): LoadedBlas {
  const paths = new Set<string>();
  for (const line of maps.split('\n')) {
    const path = line.trim().split(/\s+/).find((field) => field.startsWith('/'));
    if (path && BLAS_FILE.test(path)) paths.add(path);
  }
  const libraries = [...paths].sort();
  const config = {
    ...withValue('configBlas', /BLAS_INFO=(\w+)/.exec(torchConfig)?.[1]),
    ...withValue('cpuCapability', /CPU capability usage: (\w+)/.exec(torchConfig)?.[1]),
  };
  const fast = FAST.find(({ file }) => libraries.some((l) => file.test(l)));
  if (fast) return { kind: fast.kind, libraries, ...config };
  // Debian's libblas3 lives in .../blas/libblas.so.3.x; any other plain libblas is netlib's too.
  if (libraries.some((l) => /\/libblas[^/]*\.so/.test(l))) return { kind: 'reference', libraries, ...config };
  // Nothing mapped: a wheel with its BLAS linked in, which torch's configuration names.
  if (config.configBlas === 'mkl') return { kind: 'mkl', libraries, ...config };
  if (config.configBlas === 'open') return { kind: 'openblas', libraries, ...config };
  return { kind: 'unknown', libraries, ...config };
}

/** `{ [key]: value }`, or nothing when there is no value (so results hold no undefined keys). */
function withValue<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** The BLAS in words, for the results and the tables: "OpenBLAS (/usr/lib/…/libopenblasp-r0.3.21.so)". */
export function blasText(blas: LoadedBlas): string {
  const name: { readonly [K in BlasKind]: string } = {
    openblas: 'OpenBLAS', mkl: 'MKL', blis: 'BLIS', atlas: 'ATLAS', reference: 'the reference BLAS', unknown: 'an unknown BLAS',
  };
  const where = blas.libraries.length ? blas.libraries.join(', ') : blas.configBlas ? 'built in' : 'no BLAS library mapped';
  const torch = [blas.configBlas && `BLAS_INFO=${blas.configBlas}`, blas.cpuCapability && `CPU capability ${blas.cpuCapability}`].filter(Boolean);
  return `${name[blas.kind]} (${where}${torch.length ? `; torch built with ${torch.join(', ')}` : ''})`;
}

export const TORCH_INSTALL = 'apt-get install python3-torch libopenblas0-pthread';

/** Why PyTorch must not be timed with this BLAS, in one sentence; undefined when it may. */
export function blasRefusal(blas: LoadedBlas): string | undefined {
  if (blas.kind !== 'reference') return undefined;
  return (
    `PyTorch is not timed: it loads the reference BLAS (${blas.libraries.join(', ')}), about 13× slower than OpenBLAS, ` +
    `which would flatter the lab; install OpenBLAS (\`${TORCH_INSTALL}\`, or select it with ` +
    '`update-alternatives --config libblas.so.3-x86_64-linux-gnu`) and run again.'
  );
}

/**
 * OpenBLAS tuning overrides that must not reach PyTorch: a forced core type or L2 size picks
 * kernels for another CPU than this one, so PyTorch would not run at its best.
 */
export const OPENBLAS_OVERRIDES = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;

/** The environment PyTorch runs in: this one without the OpenBLAS overrides. */
export function torchEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of OPENBLAS_OVERRIDES) delete clean[name];
  return clean;
}
