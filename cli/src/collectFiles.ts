import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileType } from '../../installation/readLimitedFile';
import { err, ok, type Result } from '../../platform/result';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
const YAML_FILE = /\.ya?ml$/i;

/**
 * The YAML files named by the CLI's path arguments: files as given, directories searched
 * recursively for *.yaml / *.yml (skipping .git and node_modules), in a stable order. Symbolic
 * links are followed; what they lead to must be a regular file or a directory.
 */
export function collectYamlFiles(paths: readonly string[]): Result<string[], string> {
  const files: string[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return err(code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: cannot be read (${code ?? String(error)})`);
    }
    if (stats.isDirectory()) {
      const walked = walk(path);
      if (!walked.ok) return walked;
      files.push(...walked.value);
    } else if (stats.isFile()) {
      files.push(path);
    } else {
      // A device, FIFO or socket never ends or blocks: reading /dev/zero would fill the memory.
      return err(`${path}: not a regular file (${fileType(stats)}); name a file or a directory`);
    }
  }
  return ok([...new Set(files)]);
}

function walk(directory: string): Result<string[], string> {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    return err(`${directory}: cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      const nested = walk(path);
      if (!nested.ok) return nested;
      files.push(...nested.value);
    } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
      files.push(path);
    }
  }
  return ok(files);
}
