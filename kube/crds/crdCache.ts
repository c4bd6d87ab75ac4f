/**
 * The CRDs of each cluster Berth has listed, kept on disk so that custom resources validate while
 * the cluster is away: one JSON file per cluster server, `<cache>/crds/<hash of the server URL>.json`
 * (cache: berthCacheDir). A file is replaced whole (written beside it, then renamed), so a reader
 * never sees half of one; it is read with a size limit and its shape checked, so a damaged file is
 * an error value, never a crash or a wrong schema.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../../platform/result';
import { berthCacheDir } from '../cacheDir';
import { trimCrd, type ClusterCrd } from './listCrds';

/** What one cache file holds. */
export interface CrdCacheEntry {
  /** The cluster's server URL, as the kubeconfig names it (the file's key). */
  readonly server: string;
  /** The kubeconfig context the CRDs were last read through. */
  readonly context: string;
  /** When they were read from the cluster (ISO 8601). */
  readonly cachedAt: string;
  readonly crds: readonly ClusterCrd[];
}

export type CrdCacheErrorKind = 'corrupt' | 'too-large' | 'io';

export interface CrdCacheError {
  readonly kind: CrdCacheErrorKind;
  /** The cache file concerned. */
  readonly file: string;
  readonly message: string;
}

export interface CrdCacheOptions {
  /** The folder of the cache files; default `<berthCacheDir>/crds`. */
  readonly dir?: string;
  /** The largest file read or written; default 64 MB. */
  readonly maxBytes?: number;
}

export const MAX_CRD_CACHE_BYTES = 64 * 1024 * 1024;

/** The default folder of the CRD cache files. */
export function crdCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(berthCacheDir(env), 'crds');
}

/** The cache file of a cluster server: one per server, whichever context reaches it. */
export function crdCacheFile(server: string, options: CrdCacheOptions = {}): string {
  const hash = createHash('sha256').update(normalizeServer(server)).digest('hex').slice(0, 32);
  return join(options.dir ?? crdCacheDir(), `${hash}.json`);
}

/** The cached CRDs of a server; undefined when none are cached. */
export function readCrdCache(server: string, options: CrdCacheOptions = {}): Result<CrdCacheEntry | undefined, CrdCacheError> {
  const file = crdCacheFile(server, options);
  const maxBytes = options.maxBytes ?? MAX_CRD_CACHE_BYTES;
  const fail = (kind: CrdCacheErrorKind, message: string) => err<CrdCacheError>({ kind, file, message });
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return fail('corrupt', `The CRD cache ${file} is not a file.`);
    if (stat.size > maxBytes) return fail('too-large', `The CRD cache ${file} is ${stat.size} bytes, over the ${maxBytes}-byte limit: delete it, Berth lists the cluster again.`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return fail('io', `The CRD cache ${file} cannot be read: ${(error as Error).message}`);
  }
  // The file may have grown between the check and the read.
  if (text.length > maxBytes) return fail('too-large', `The CRD cache ${file} is over the ${maxBytes}-byte limit: delete it, Berth lists the cluster again.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail('corrupt', `The CRD cache ${file} is not valid JSON (${(error as Error).message}): delete it, Berth lists the cluster again.`);
  }
  const entry = cacheEntry(data);
  if (typeof entry === 'string') return fail('corrupt', `The CRD cache ${file} is damaged (${entry}): delete it, Berth lists the cluster again.`);
  if (normalizeServer(entry.server) !== normalizeServer(server)) return fail('corrupt', `The CRD cache ${file} belongs to another server (${entry.server}).`);
  return ok(entry);
}

/**
 * Replaces the cached CRDs of `entry.server`: written to a temporary file in the same folder and
 * renamed over the old one, so readers see the old or the new file, never a mix. Returns the file.
 */
export function writeCrdCache(entry: CrdCacheEntry, options: CrdCacheOptions = {}): Result<string, CrdCacheError> {
  const file = crdCacheFile(entry.server, options);
  const maxBytes = options.maxBytes ?? MAX_CRD_CACHE_BYTES;
  const text = JSON.stringify({ server: entry.server, context: entry.context, cachedAt: entry.cachedAt, crds: entry.crds });
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) return err({ kind: 'too-large', file, message: `The CRDs of ${entry.server} take ${bytes} bytes, over the ${maxBytes}-byte limit of the CRD cache: they are used but not cached.` });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
    return ok(file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
    return err({ kind: 'io', file, message: `The CRD cache ${file} cannot be written: ${(error as Error).message}` });
  }
}

/** "https://host:6443/" and "https://HOST:6443" are one server. */
function normalizeServer(server: string): string {
  try {
    return new URL(server).href.replace(/\/+$/, '');
  } catch {
    return server.replace(/\/+$/, '');
  }
}

/** The entry a parsed file holds, or what is wrong with it. */
function cacheEntry(data: unknown): CrdCacheEntry | string {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'not an object';
  const { server, context, cachedAt, crds } = data as Record<string, unknown>;
  if (typeof server !== 'string' || server === '') return 'no server';
  if (typeof context !== 'string') return 'no context';
  if (typeof cachedAt !== 'string' || Number.isNaN(Date.parse(cachedAt))) return 'no valid cachedAt';
  if (!Array.isArray(crds)) return 'no crds list';
  const trimmed: ClusterCrd[] = [];
  for (const [index, item] of crds.entries()) {
    const crd = trimCrd(item);
    if (!crd) return `crds[${index}] is not a CustomResourceDefinition`;
    trimmed.push(crd);
  }
  return { server, context, cachedAt, crds: trimmed };
}
