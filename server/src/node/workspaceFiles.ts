import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const YAML_FILE = /\.ya?ml$/i;
/** Never worth indexing, whatever the settings say. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** Every *.yaml / *.yml below `root` that `isExcluded` (given the path relative to root) lets through. */
export async function listYamlFiles(root: string, isExcluded: (relativePath: string) => boolean, limit = 20000): Promise<string[]> {
  const out: string[] = [];
  const pending = [root];
  while (pending.length > 0 && out.length < limit) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // Unreadable folders are skipped: they hold nothing Berth can show.
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (ALWAYS_SKIPPED.has(entry.name) || isExcluded(rel)) continue;
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && YAML_FILE.test(entry.name)) out.push(path);
    }
  }
  return out.sort();
}

export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
