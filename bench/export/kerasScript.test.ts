/** Every tutorial's Keras script is valid Python (parsed by the Python the export checks use). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/runConfig';
import { kerasScript } from '../../src/scenarios/kerasScript';
import { SCENARIO_IDS } from '../../src/scenarios/types';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

describe('kerasScript as Python', () => {
  it.each(SCENARIO_IDS)('%s parses', (id) => {
    const run = spawnSync(PYTHON, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: kerasScript(defaultConfig(id)), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
