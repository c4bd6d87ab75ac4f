import { lstatSync, mkdirSync, mkdtempSync, readdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

/** A chart copied with unsaved editor text is bounded: bigger ones are rendered from disk. */
const MAX_FILES = 2_000;
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * Runs `use` on a copy of a chart folder in which some files hold the editor's unsaved text, so
 * that what is rendered is what the user sees (helm reads only files). Symbolic links are not
 * followed; the copy is removed afterwards. Returns undefined when the chart is too big to copy.
 */
export async function withChartSnapshot<T>(chartDir: string, unsaved: ReadonlyMap<string, string>, use: (copy: string) => Promise<T>): Promise<T | undefined> {
  const files = listFiles(chartDir);
  if (!files) return undefined;
  const copy = mkdtempSync(join(tmpdir(), 'berth-chart-'));
  try {
    for (const file of files) {
      const target = join(copy, relative(chartDir, file));
      mkdirSync(dirname(target), { recursive: true });
      const text = unsaved.get(file);
      if (text === undefined) copyFileSync(file, target);
    }
    for (const [file, text] of unsaved) {
      const path = relative(chartDir, file);
      if (path.startsWith('..') || path.startsWith(sep)) continue;
      mkdirSync(dirname(join(copy, path)), { recursive: true });
      writeFileSync(join(copy, path), text);
    }
    return await use(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function listFiles(root: string): string[] | undefined {
  const out: string[] = [];
  let bytes = 0;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const name of readdirSync(dir)) {
      if (name === '.git' || name === 'node_modules') continue;
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) pending.push(path);
      else if (stat.isFile()) {
        out.push(path);
        bytes += stat.size;
        if (out.length > MAX_FILES || bytes > MAX_BYTES) return undefined;
      }
    }
  }
  return out;
}
