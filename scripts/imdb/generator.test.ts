import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATOR_SOURCES, REPO_ROOT, generatorFingerprint } from './generator';

describe('generatorFingerprint', () => {
  it('lists files that exist (keep the list in step with renames)', () => {
    for (const rel of GENERATOR_SOURCES) expect(existsSync(join(REPO_ROOT, rel)), rel).toBe(true);
  });

  it('is a stable SHA-256', async () => {
    const a = await generatorFingerprint();
    expect(a.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await generatorFingerprint()).toEqual(a);
  });
});
