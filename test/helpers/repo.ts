import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root, found from a bundled test in dist/test/... or a source file alike. */
export function repoRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schemas'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No repository root above ${start}`);
    dir = parent;
  }
  return dir;
}

/**
 * A script module of the repository (`scripts/…mjs`), loaded as its command runs it (not bundled
 * into the test), typed by the caller.
 */
export async function importScript<T>(relativePath: string): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot(), relativePath)).href)) as T;
}
