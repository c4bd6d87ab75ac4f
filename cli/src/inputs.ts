import { readLimitedFileSync, readUpTo } from '../../installation/readLimitedFile';
import { megabytes, DEFAULT_VALIDATION_SETTINGS, MAX_FILE_SIZE_SETTING } from '../../platform/settings';
import { collectYamlFiles } from './collectFiles';
import { UsageError } from './usageError';

/** One YAML input of a command: how to show it, its document URI, and its text. */
export interface YamlInput {
  readonly file: string;
  readonly uri: string;
  readonly text: string;
}

/** A file over the size limit: not read, only its size is known. */
export interface OversizedInput {
  readonly file: string;
  readonly uri: string;
  readonly oversized: { readonly bytes: number; readonly limit: number };
}

/**
 * Reads stdin until its end or until more than `maxBytes` bytes arrived; undefined in the
 * second case (what is still coming is never read).
 */
export type StdinReader = (maxBytes: number) => string | undefined;

/** The process's stdin, read no further than the limit. */
export const readProcessStdin: StdinReader = (maxBytes) => {
  const read = readUpTo(0, maxBytes);
  if (read.kind === 'text') return read.text;
  if (read.kind === 'oversized') return undefined;
  throw new UsageError(`<stdin>: cannot be read (${read.kind === 'unreadable' ? read.code : read.kind})`);
};

/**
 * The YAML inputs a command's path arguments name: files, directories searched recursively, or
 * `-` alone for stdin. An unreadable path, or one that is not a regular file, is a usage error
 * (exit 2) naming it; a file over `maxFileSize` megabytes is not read; stdin over it is a usage
 * error.
 */
export function readYamlSources(paths: readonly string[], readStdin: StdinReader, maxFileSize: number): (YamlInput | OversizedInput)[] {
  if (paths.length === 1 && paths[0] === '-') {
    const text = readStdin(megabytes(maxFileSize));
    if (text === undefined) {
      throw new UsageError(`<stdin>: more than ${maxFileSize} MB, over the limit for a manifest (${MAX_FILE_SIZE_SETTING}); stdin was not read further`);
    }
    return [{ file: '<stdin>', uri: 'stdin', text }];
  }
  const files = collectYamlFiles(paths);
  if (!files.ok) throw new UsageError(files.error);
  return files.value.map((file) => {
    const read = readLimitedFileSync(file, megabytes(maxFileSize));
    switch (read.kind) {
      case 'text':
        return { file, uri: file, text: read.text };
      case 'oversized':
        return { file, uri: file, oversized: { bytes: read.bytes, limit: maxFileSize } };
      case 'notRegular':
        throw new UsageError(`${file}: not a regular file (${read.type}); name a file or a directory`);
      case 'unreadable':
        throw new UsageError(`${file}: cannot be read (${read.code})`);
    }
  });
}

/** As readYamlSources, with the default size limit; a file over it is a usage error. */
export function readYamlInputs(paths: readonly string[], readStdin: StdinReader): YamlInput[] {
  const limit = DEFAULT_VALIDATION_SETTINGS.maxFileSize;
  return readYamlSources(paths, readStdin, limit).map((input) => {
    if ('text' in input) return input;
    throw new UsageError(`${input.file}: ${input.oversized.bytes} bytes, over the ${limit} MB limit for a manifest file`);
  });
}

/** Files and directories only (`-` is a path like any other here), with the default size limit. */
export function readYamlFiles(paths: readonly string[]): YamlInput[] {
  return readYamlInputs(paths, () => {
    throw new UsageError('- (stdin) is not accepted here: name files or directories');
  });
}
