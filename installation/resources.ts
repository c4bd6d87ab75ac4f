import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding `schemas/` and `snippets/`: the extension or package root. Bundles live
 * in `dist/`, sources in `installation/`; walking up finds the root from either.
 */
export function findResourceRoot(start: string = __dirname): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'schemas', 'platform'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`Berth's schemas/ folder was not found above ${start}; the installation is incomplete.`);
}

/** Reads a resource file as UTF-8 text; undefined when it does not exist. */
export function readResource(root: string, relativePath: string): string | undefined {
  try {
    return readFileSync(join(root, relativePath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
