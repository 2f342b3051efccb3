import { describe, expect, it } from 'vitest';
import { blasRefusal, blasText, loadedBlas, OPENBLAS_OVERRIDES, torchEnv } from './torchBlas';

/** /proc/self/maps lines as Linux writes them: address, perms, offset, device, inode, path. */
const maps = (...paths: string[]) =>
  [
    '55d4c0a00000-55d4c0a01000 r--p 00000000 08:01 1234 /usr/bin/python3.11',
    '7f1a2b000000-7f1a2b021000 rw-p 00000000 00:00 0 ',
    ...paths.map((p, i) => `7f1a2c${i}00000-7f1a2c${i}80000 r-xp 00010000 08:01 ${5000 + i}                    ${p}`),
    '7f1a2d000000-7f1a2d200000 r-xp 00000000 08:01 7777 /usr/lib/x86_64-linux-gnu/libtorch_cpu.so.2.1',
    '7ffd1e000000-7ffd1e021000 rw-p 00000000 00:00 0                          [stack]',
  ].join('\n');

const REFERENCE = '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0';
const REFERENCE_LAPACK = '/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3.11.0';
const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3';
const OPENBLAS_CORE = '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so';

describe('loadedBlas', () => {
  it('finds Debian’s reference BLAS (libblas3) and refuses it, saying how to install OpenBLAS', () => {
    const blas = loadedBlas(maps(REFERENCE, REFERENCE_LAPACK), 'BLAS_INFO=generic');
    expect(blas).toEqual({ kind: 'reference', libraries: [REFERENCE], configBlas: 'generic' });
    expect(blasText(blas)).toBe(`the reference BLAS (${REFERENCE}; torch built with BLAS_INFO=generic)`);
    const refusal = blasRefusal(blas);
    expect(refusal).toContain(REFERENCE);
    expect(refusal).toContain('apt-get install python3-torch libopenblas0-pthread');
    expect(refusal?.split('. ')).toHaveLength(1);
  });

  it('finds OpenBLAS behind the generic libblas.so.3 name, and lets it be timed', () => {
    const blas = loadedBlas(maps(OPENBLAS_CORE, OPENBLAS, '/usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3'));
    expect(blas.kind).toBe('openblas');
    expect(blas.libraries).toEqual([OPENBLAS, OPENBLAS_CORE]);
    expect(blasRefusal(blas)).toBeUndefined();
    expect(blasText(blas)).toBe(`OpenBLAS (${OPENBLAS}, ${OPENBLAS_CORE})`);
  });

  it.each([
    ['/opt/intel/lib/libmkl_rt.so.2', 'mkl'],
    ['/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3', 'blis'],
    ['/usr/lib/x86_64-linux-gnu/atlas/libblas.so.3', 'atlas'],
  ])('finds %s as %s', (path, kind) => {
    expect(loadedBlas(maps(path)).kind).toBe(kind);
    expect(blasRefusal(loadedBlas(maps(path)))).toBeUndefined();
  });

  it('falls back to torch’s build configuration when the BLAS is linked in (a pip wheel with MKL)', () => {
    const blas = loadedBlas(maps(), 'PyTorch built with:\n  - CPU capability usage: AVX2\n  - Build settings: BLAS_INFO=mkl, BUILD_TYPE=Release');
    expect(blas).toEqual({ kind: 'mkl', libraries: [], configBlas: 'mkl', cpuCapability: 'AVX2' });
    expect(blasText(blas)).toBe('MKL (built in; torch built with BLAS_INFO=mkl, CPU capability AVX2)');
    expect(loadedBlas(maps()).kind).toBe('unknown');
  });
});

describe('torchEnv', () => {
  it('removes the OpenBLAS core-type and L2-size overrides and keeps the rest', () => {
    const env = { PATH: '/usr/bin', OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '262144', OPENBLAS_NUM_THREADS: '2', HOME: '/root' };
    expect(torchEnv(env)).toEqual({ PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '2', HOME: '/root' });
    expect(env.OPENBLAS_CORETYPE).toBe('Haswell');
    expect(OPENBLAS_OVERRIDES).toEqual(['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE']);
  });
});
