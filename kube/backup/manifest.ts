/**
 * A backup as data (pure but for hashing): the saved objects as one YAML file per kind in
 * dependency order, and `backup.json` describing where they came from and, for each file and
 * object, a SHA-256 checksum, so a corrupted or hand-edited backup is refused before a restore.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { orderForApply } from '../deploy/apply';
import type { KubeObject } from '../objects';
import type { RequiredCrd } from './customKinds';

export const BACKUP_FORMAT = 'berth.dev/backup/v1';
export const MANIFEST_FILE = 'backup.json';

export interface BackedUpObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly file: string;
  readonly sha256: string;
}

export interface BackupFileEntry {
  readonly name: string;
  readonly sha256: string;
  readonly objects: number;
  /** Holds Secret values: written with mode 0600. */
  readonly secret?: boolean;
}

export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
}

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly berthVersion: string;
  readonly createdAt: string;
  readonly source: { readonly context: string; readonly server: string; readonly kubernetesVersion?: string };
  readonly selection: string;
  /** The namespaces the objects were in (re-created when missing on restore). */
  readonly namespaces: readonly string[];
  /** In dependency order. */
  readonly files: readonly BackupFileEntry[];
  readonly objects: readonly BackedUpObject[];
  /** Secrets not saved (no --include-secrets): the restore checks that they exist. */
  readonly requiredSecrets: readonly SecretRef[];
  /** CRDs the backup's custom resources need: restore checks the target has them (absent in backups without custom resources). */
  readonly requiredCrds?: readonly RequiredCrd[];
  readonly persistentVolumeClaims: { readonly claims: readonly SecretRef[]; readonly note: string } | undefined;
  readonly notes: readonly string[];
}

export interface BackupFile {
  readonly name: string;
  readonly text: string;
  /** File mode: 0o600 for Secrets, 0o644 otherwise. */
  readonly mode: number;
}

export interface BackupContent {
  readonly manifest: BackupManifest;
  /** The object files, then backup.json. */
  readonly files: readonly BackupFile[];
}

export const PVC_DATA_NOTE = 'PersistentVolumeClaims are saved as claims only: the data in their volumes is not backed up.';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with keys sorted at every level: the same object always gives the same checksum. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function objectChecksum(object: unknown): string {
  return sha256(canonicalJson(object));
}

/** A kind as it may appear in a file name: letters and digits only (it came from the cluster). */
const SAFE_KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

export interface BackupInput {
  /** Clean objects to save (cleanForBackup's output); Secrets among them only when they are to be written. */
  readonly objects: readonly KubeObject[];
  readonly berthVersion: string;
  readonly createdAt: string;
  readonly source: BackupManifest['source'];
  readonly selection: string;
  readonly namespaces: readonly string[];
  readonly requiredSecrets: readonly SecretRef[];
  readonly requiredCrds?: readonly RequiredCrd[];
  readonly notes: readonly string[];
}

/** The files of a backup; a kind that cannot be a file name is an error naming it. */
export function buildBackup(input: BackupInput): { ok: true; value: BackupContent } | { ok: false; error: string } {
  const byKind = new Map<string, KubeObject[]>();
  for (const object of orderForApply(input.objects)) {
    if (!SAFE_KIND.test(object.kind)) return { ok: false, error: `The cluster returned an object of kind "${object.kind.slice(0, 80)}", which cannot name a file; nothing was written.` };
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
    const key = `${object.kind}|${group}`;
    byKind.set(key, [...(byKind.get(key) ?? []), object]);
  }
  const files: BackupFile[] = [];
  const entries: BackupFileEntry[] = [];
  const objects: BackedUpObject[] = [];
  let index = 0;
  const usedNames = new Set<string>();
  for (const [, group] of byKind) {
    const kind = group[0]!.kind;
    index++;
    let name = `${String(index).padStart(2, '0')}-${kind.toLowerCase()}.yaml`;
    if (usedNames.has(name)) name = `${String(index).padStart(2, '0')}-${kind.toLowerCase()}-${index}.yaml`;
    usedNames.add(name);
    const sorted = [...group].sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    const text = sorted.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
    const secret = kind === 'Secret';
    files.push({ name, text, mode: secret ? 0o600 : 0o644 });
    entries.push({ name, sha256: sha256(text), objects: sorted.length, ...(secret ? { secret: true } : {}) });
    for (const o of sorted) {
      objects.push({ apiVersion: o.apiVersion, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name!, file: name, sha256: objectChecksum(o) });
    }
  }
  const claims = input.objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name! }));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    berthVersion: input.berthVersion,
    createdAt: input.createdAt,
    source: input.source,
    selection: input.selection,
    namespaces: [...input.namespaces].sort(),
    files: entries,
    objects,
    requiredSecrets: input.requiredSecrets,
    requiredCrds: input.requiredCrds ?? [],
    persistentVolumeClaims: claims.length > 0 ? { claims, note: PVC_DATA_NOTE } : undefined,
    notes: input.notes,
  };
  files.push({ name: MANIFEST_FILE, text: JSON.stringify(manifest, null, 2) + '\n', mode: 0o644 });
  return { ok: true, value: { manifest, files } };
}
