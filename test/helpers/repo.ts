import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
