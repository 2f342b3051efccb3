/**
 * A Python 3 that can import h5py and numpy, for the export checks: `$PYTHON` if set, else
 * Debian's `/usr/bin/python3` (where apt installs python3-h5py), else whatever `python3` is on
 * the PATH (which may be another installation without them).
 */
import { spawnSync } from 'node:child_process';

export function pythonWithH5py(): string | null {
  const candidates = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  return candidates.find((p) => spawnSync(p, ['-c', 'import h5py, numpy'], { stdio: 'ignore' }).status === 0) ?? null;
}
