import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTorchPython } from './torch';

describe('findTorchPython', () => {
  const dir = mkdtempSync(join(tmpdir(), 'torch-probe-'));
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('probes torch without the OpenBLAS overrides, and reads the BLAS it loaded', () => {
    // A stand-in for Python that answers the probe with what its environment held.
    const fake = join(dir, 'python');
    writeFileSync(fake, '#!/bin/sh\nprintf \'{"version": "[%s|%s|%s]", "maps": "7f00-7f80 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0", "config": ""}\' "$OPENBLAS_CORETYPE" "$OPENBLAS_L2_SIZE" "$KEEP_ME"\n');
    chmodSync(fake, 0o755);
    Object.assign(process.env, { SPEED_PYTHON: fake, OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '262144', KEEP_ME: 'kept' });
    const found = findTorchPython();
    rmSync(dir, { recursive: true, force: true });
    expect(found).toEqual({ python: fake, version: '[||kept]', blas: { kind: 'reference', libraries: ['/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0'] } });
  });
});
