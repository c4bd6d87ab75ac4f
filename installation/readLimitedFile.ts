/**
 * Reading a file a user or a workspace named, without trusting what it is: only a regular file
 * (after following symbolic links) is read, and no further than a byte limit. A device such as
 * /dev/zero never ends and a named pipe blocks until someone writes, so either would hang or
 * fill the memory; a file's size is known before reading, and the read stops past the limit
 * anyway (a file may grow while it is read).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

export type LimitedRead =
  | { readonly kind: 'text'; readonly text: string }
  /** Over the limit: not read (or read no further than the limit); `bytes` is how much there is at least. */
  | { readonly kind: 'oversized'; readonly bytes: number }
  | { readonly kind: 'notRegular'; readonly type: string }
  | { readonly kind: 'unreadable'; readonly code: string };

// Non-blocking, so that a path swapped for a named pipe since it was listed cannot hang the open.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const CHUNK_BYTES = 1 << 20;
/** After a short read, what the read that confirms the end (or finds a file grown since its size was taken) reads at most. */
const PROBE_BYTES = 4096;

/**
 * How much the next read asks for: a file's known size (plus one byte, to see the end) first,
 * so that a small file costs a small buffer, not a megabyte; a short read is normally the end.
 */
function nextReadBytes(sizeHint: number | undefined, lastRead: number | undefined, lastAsked: number | undefined): number {
  if (lastRead === undefined) return sizeHint === undefined ? CHUNK_BYTES : Math.min(CHUNK_BYTES, sizeHint + 1);
  return lastRead < (lastAsked ?? 0) ? PROBE_BYTES : CHUNK_BYTES;
}

/** A file's text, when it is a regular file of at most `maxBytes` bytes. Never throws. */
export function readLimitedFileSync(path: string, maxBytes: number): LimitedRead {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'notRegular', type: fileType(stats) };
    if (stats.size > maxBytes) return { kind: 'oversized', bytes: stats.size };
    return readUpTo(fd, maxBytes, stats.size);
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync(fd);
  }
}

/** As readLimitedFileSync, without blocking the event loop (the language server reads this way). */
export async function readLimitedFile(path: string, maxBytes: number): Promise<LimitedRead> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { kind: 'notRegular', type: fileType(stats) };
    if (stats.size > maxBytes) return { kind: 'oversized', bytes: stats.size };
    const chunks = new LimitedChunks(maxBytes, stats.size);
    for (;;) {
      const buffer = chunks.next();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      const outcome = chunks.took(buffer, bytesRead);
      if (outcome) return outcome;
    }
  } catch (error) {
    return unreadable(error);
  } finally {
    await handle.close();
  }
}

/**
 * Reads an open descriptor (a file, or stdin) until its end, or until more than `maxBytes`
 * bytes arrived: then it stops and says so, whatever is still coming. `sizeHint` is the file's
 * size when known.
 */
export function readUpTo(fd: number, maxBytes: number, sizeHint?: number): LimitedRead {
  const chunks = new LimitedChunks(maxBytes, sizeHint);
  for (;;) {
    const buffer = chunks.next();
    let read: number;
    try {
      read = readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EOF') return chunks.text();
      return unreadable(error);
    }
    const outcome = chunks.took(buffer, read);
    if (outcome) return outcome;
  }
}

/** What the reads gave so far and how much the next asks for: the one loop body of the blocking and the async reader. */
class LimitedChunks {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private lastRead: number | undefined;
  private lastAsked: number | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeHint: number | undefined,
  ) {}

  /** The buffer for the next read: never more than one byte past the limit. */
  next(): Buffer {
    const buffer = Buffer.allocUnsafe(Math.min(nextReadBytes(this.sizeHint, this.lastRead, this.lastAsked), this.maxBytes + 1 - this.total));
    this.lastAsked = buffer.length;
    return buffer;
  }

  /** Keeps what a read gave; the outcome once there is one (the end, or more than the limit), else undefined. */
  took(buffer: Buffer, bytesRead: number): LimitedRead | undefined {
    this.lastRead = bytesRead;
    if (bytesRead === 0) return this.text();
    this.chunks.push(buffer.subarray(0, bytesRead));
    this.total += bytesRead;
    return this.total > this.maxBytes ? { kind: 'oversized', bytes: this.total } : undefined;
  }

  text(): LimitedRead {
    return { kind: 'text', text: Buffer.concat(this.chunks, this.total).toString('utf8') };
  }
}

/** What kind of thing a path that is not a regular file is, in words. */
export function fileType(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a file';
}

function unreadable(error: unknown): LimitedRead {
  return { kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? String(error) };
}
