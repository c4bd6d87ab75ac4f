import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readLimitedFile } from '../../../installation/readLimitedFile';

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

/**
 * A workspace file's text, when it is a regular file (after following symbolic links) of at
 * most `maxBytes`: a file event may name a device, a named pipe or a file far over the size
 * limit, and none of them may hang or fill the server. Anything else is not indexed.
 */
export async function readTextFile(path: string, maxBytes: number): Promise<string | undefined> {
  const read = await readLimitedFile(path, maxBytes);
  return read.kind === 'text' ? read.text : undefined;
}
