import { readFileSync } from 'node:fs';
import { collectYamlFiles } from './collectFiles';
import { UsageError } from './usageError';

/** One YAML input of a command: how to show it, its document URI, and its text. */
export interface YamlInput {
  readonly file: string;
  readonly uri: string;
  readonly text: string;
}

/**
 * The YAML inputs a command's path arguments name: files, directories searched recursively, or
 * `-` alone for stdin. An unreadable path is a usage error (exit 2) naming it.
 */
export function readYamlInputs(paths: readonly string[], readStdin: () => string): YamlInput[] {
  if (paths.length === 1 && paths[0] === '-') return [{ file: '<stdin>', uri: 'stdin', text: readStdin() }];
  const files = collectYamlFiles(paths);
  if (!files.ok) throw new UsageError(files.error);
  return files.value.map((file) => {
    try {
      return { file, uri: file, text: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  });
}
