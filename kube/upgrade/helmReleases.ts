/**
 * Helm 3 releases as the cluster stores them: one Secret (type helm.sh/release.v1, the default
 * driver) or ConfigMap (the configmap driver) per revision, labelled owner=helm, whose
 * `release` holds the release as JSON, gzipped and base64-encoded by Helm (and, in a Secret,
 * base64-encoded once more by the API). The manifest Helm applied is in it, so what a release
 * installed is known without the chart. Decoding is bounded: the encoded text, the inflated
 * bytes and the JSON are each capped, and whatever does not decode is an error value.
 */
import { gunzipSync } from 'node:zlib';
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { listAllPages } from '../pagedList';
import type { KubeObject } from '../registry';

export interface HelmRelease {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  /** "chart-1.2.3", when the release names its chart. */
  readonly chart?: string;
  /** Every object the release applied, as one multi-document YAML text. */
  readonly manifest: string;
}

/** Secrets are at most 1 MiB; Helm's own base64 inside the API's adds a third, twice. */
export const MAX_ENCODED_RELEASE = 4 * 1024 * 1024;
/** Inflated JSON of one release: a chart rendering tens of megabytes of YAML is not a chart. */
export const MAX_RELEASE_JSON = 32 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/**
 * A release from the `release` value of its Secret (`apiEncoded`: still in the API's base64, as
 * `data` holds it) or ConfigMap (Helm's encoding only).
 */
export function decodeHelmRelease(value: string, apiEncoded: boolean): Result<HelmRelease, string> {
  let helmEncoded = value;
  if (apiEncoded) {
    const outer = base64Bytes(value);
    if (!outer.ok) return outer;
    helmEncoded = outer.value.toString('latin1');
  }
  const inner = base64Bytes(helmEncoded);
  if (!inner.ok) return inner;
  let json: Buffer = inner.value;
  if (GZIP_MAGIC.every((byte, i) => json[i] === byte)) {
    try {
      json = gunzipSync(json, { maxOutputLength: MAX_RELEASE_JSON });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return err(code === 'ERR_BUFFER_TOO_LARGE' ? `inflates to more than ${MAX_RELEASE_JSON / 1024 / 1024} MiB` : `is not valid gzip (${code ?? (error as Error).message})`);
    }
  } else if (json.length > MAX_RELEASE_JSON) {
    return err(`is more than ${MAX_RELEASE_JSON / 1024 / 1024} MiB`);
  }
  let data: unknown;
  try {
    data = JSON.parse(json.toString('utf8'));
  } catch {
    return err('is not a Helm release (not JSON)');
  }
  return releaseOf(data);
}

function base64Bytes(text: string): Result<Buffer, string> {
  if (text.length > MAX_ENCODED_RELEASE) return err(`is more than ${MAX_ENCODED_RELEASE / 1024 / 1024} MiB encoded`);
  // Node's decoder skips what is not base64; a release that is not base64 is corrupt, not shorter.
  if (text.length % 4 !== 0 || !BASE64.test(text)) return err('is not base64');
  return ok(Buffer.from(text, 'base64'));
}

function releaseOf(data: unknown): Result<HelmRelease, string> {
  const record = asRecord(data);
  const name = record?.name;
  const namespace = record?.namespace;
  const revision = record?.version;
  const manifest = record?.manifest ?? '';
  if (typeof name !== 'string' || name === '' || typeof namespace !== 'string' || typeof revision !== 'number' || !Number.isSafeInteger(revision) || typeof manifest !== 'string') {
    return err('is not a Helm release (no name, namespace, version or manifest)');
  }
  const metadata = asRecord(asRecord(record?.chart)?.metadata);
  const chart = typeof metadata?.name === 'string' ? `${metadata.name}${typeof metadata.version === 'string' ? `-${metadata.version}` : ''}` : undefined;
  return ok({ name, namespace, revision, manifest, ...(chart === undefined ? {} : { chart }) });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

// ---------- listing ----------

export interface HelmReleaseListing {
  /** The latest deployed revision of each release. */
  readonly releases: readonly HelmRelease[];
  /** Release objects that did not decode, and storage that could not be listed. */
  readonly notes: readonly string[];
}

/** A page holds whole releases of up to a megabyte each. */
const PAGE = 20;
const MAX_PAGES = 500;

type Storage = 'secrets' | 'configmaps';

/**
 * The deployed releases of every namespace, from both of Helm's storage drivers. A driver the
 * identity may not list is a note, not a failure; an unreachable server is a failure.
 */
export async function listHelmReleases(client: KubeClient, signal?: AbortSignal): Promise<Result<HelmReleaseListing, KubeError>> {
  const latest = new Map<string, HelmRelease>();
  const notes: string[] = [];
  for (const storage of ['secrets', 'configmaps'] as const) {
    const listed = await listStorage(client, storage, signal, (object) => {
      const where = `Helm release ${storage === 'secrets' ? 'Secret' : 'ConfigMap'} ${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
      const raw = (object as { data?: Record<string, unknown> }).data?.release;
      if (typeof raw !== 'string') return void notes.push(`${where} has no release data`);
      const release = decodeHelmRelease(raw, storage === 'secrets');
      if (!release.ok) return void notes.push(`${where} was not read: its release ${release.error}`);
      const key = `${release.value.namespace}/${release.value.name}`;
      const known = latest.get(key);
      if (!known || known.revision < release.value.revision) latest.set(key, release.value);
    });
    if (!listed.ok) {
      if (listed.error.kind === 'forbidden' || listed.error.kind === 'notFound') notes.push(`Helm releases in ${storage} were not checked: ${listed.error.message}`);
      else return listed;
    } else if (listed.value === 'truncated') {
      notes.push(`Helm releases in ${storage}: only the first ${PAGE * MAX_PAGES} were read`);
    }
  }
  const releases = [...latest.values()].sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
  return ok({ releases, notes });
}

async function listStorage(client: KubeClient, storage: Storage, signal: AbortSignal | undefined, each: (object: KubeObject) => void): Promise<Result<'done' | 'truncated', KubeError>> {
  const listed = await listAllPages<KubeObject | null>(
    client,
    {
      path: `/api/v1/${storage}`,
      query: { labelSelector: 'owner=helm,status=deployed', ...(storage === 'secrets' ? { fieldSelector: 'type=helm.sh/release.v1' } : {}) },
      operation: { verb: 'list', resource: storage },
      ...(signal ? { signal } : {}),
    },
    { pageSize: PAGE, maxPages: MAX_PAGES },
  );
  if (!listed.ok) return listed;
  for (const item of listed.value.items) if (item && typeof item === 'object' && item.metadata) each(item);
  return ok(listed.value.truncated ? 'truncated' : 'done');
}
