/**
 * npm 11 skips a dependency's install scripts unless package.json's `allowScripts` says yes or no
 * to it, and warns about every package it has no answer for. A fresh install must print no
 * warnings, so every package in the lock that has an install script needs an answer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean; version?: string }>;
};

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
const nameOf = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('install scripts', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.hasInstallScript)
    .map(([path, p]) => ({ name: nameOf(path), version: p.version }));

  it('the lock has packages with install scripts (else this test checks nothing)', () => {
    expect(withScripts.length).toBeGreaterThan(0);
  });

  it.each(withScripts.map((p) => [p.name, p.version]))('allowScripts decides for %s@%s', (name, version) => {
    const answers = pkg.allowScripts ?? {};
    expect(typeof (answers[name] ?? answers[`${name}@${version}`])).toBe('boolean');
  });
});
