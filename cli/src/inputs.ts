import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { megabytes, DEFAULT_VALIDATION_SETTINGS } from '../../platform/settings';
import { collectYamlFiles, fileType } from './collectFiles';
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
 * The YAML inputs a command's path arguments name: files, directories searched recursively, or
 * `-` alone for stdin. An unreadable path, or one that is not a regular file, is a usage error
 * (exit 2) naming it; a file over `maxFileSize` megabytes is not read.
 */
export function readYamlSources(paths: readonly string[], readStdin: () => string, maxFileSize: number): (YamlInput | OversizedInput)[] {
  if (paths.length === 1 && paths[0] === '-') return [{ file: '<stdin>', uri: 'stdin', text: readStdin() }];
  const files = collectYamlFiles(paths);
  if (!files.ok) throw new UsageError(files.error);
  return files.value.map((file) => {
    const read = readBounded(file, megabytes(maxFileSize));
    return 'text' in read ? { file, uri: file, text: read.text } : { file, uri: file, oversized: { bytes: read.bytes, limit: maxFileSize } };
  });
}

/** As readYamlSources, with the default size limit; a file over it is a usage error. */
export function readYamlInputs(paths: readonly string[], readStdin: () => string): YamlInput[] {
  const limit = DEFAULT_VALIDATION_SETTINGS.maxFileSize;
  return readYamlSources(paths, readStdin, limit).map((input) => {
    if ('text' in input) return input;
    throw new UsageError(`${input.file}: ${input.oversized.bytes} bytes, over the ${limit} MB limit for a manifest file`);
  });
}

const CHUNK_BYTES = 1 << 20;

/**
 * A file's text, read no further than `maxBytes`: the size on disk is checked first, and the
 * read stops past the limit anyway (a file may grow while it is read, or report no size at all).
 */
function readBounded(file: string, maxBytes: number): { text: string } | { bytes: number } {
  let fd: number;
  try {
    // Non-blocking, so that a path swapped for a named pipe since it was listed cannot hang the open.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`${file}: not a regular file (${fileType(stats)}); name a file or a directory`);
    if (stats.size > maxBytes) return { bytes: stats.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) return { bytes: total };
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}
