// scripts/tools/dependencies.mjs: `npm start` and `npm test` run `npm ci` first on a fresh clone
// and after the lock file changed, and not otherwise.
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importScript } from '../helpers/repo';
import { tempDir } from '../helpers/tempDir';

interface DependenciesModule {
  needsNpmCi(root: string): boolean;
}

async function dependencies(): Promise<DependenciesModule> {
  return importScript<DependenciesModule>('scripts/tools/dependencies.mjs');
}

/** A project folder with a lock file and, when `installedAt` is given, an install record from then. */
function project(dir: string, lockAt: Date, installedAt?: Date): string {
  writeFileSync(join(dir, 'package-lock.json'), '{}');
  utimesSync(join(dir, 'package-lock.json'), lockAt, lockAt);
  if (installedAt) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules/.package-lock.json'), '{}');
    utimesSync(join(dir, 'node_modules/.package-lock.json'), installedAt, installedAt);
  }
  return dir;
}

describe('npm ci before start and test', () => {
  const earlier = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-02-01T00:00:00Z');

  it('is due in a fresh clone (no node_modules)', async (t) => {
    assert.equal((await dependencies()).needsNpmCi(project(tempDir(t), earlier)), true);
  });

  it('is due when the lock file changed after the install', async (t) => {
    assert.equal((await dependencies()).needsNpmCi(project(tempDir(t), later, earlier)), true);
  });

  it('is not due when the install is newer than the lock file', async (t) => {
    assert.equal((await dependencies()).needsNpmCi(project(tempDir(t), earlier, later)), false);
  });
});
