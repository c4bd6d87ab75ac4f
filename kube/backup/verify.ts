/**
 * Reading a backup back (pure): backup.json checked for shape, its file names checked before any
 * is read, every file's and every object's checksum compared. A backup that does not match is
 * refused as a whole, naming each file that is missing, changed or holds changed objects.
 */
import { parseAllDocuments } from 'yaml';
import { shapeProblem, type KubeObject } from '../objects';
import { BACKUP_FORMAT, objectChecksum, sha256, type BackupFileEntry, type BackupManifest } from './manifest';

/** The names backup files have (the backup writes them so); any other is refused before it is read. */
export const BACKUP_FILE_NAME = /^[0-9]{2,4}-[a-z0-9][a-z0-9-]{0,80}\.yaml$/;

/** `<plural>.<group>`: what the API accepts as a CRD's name (it goes into a request path). */
const CRD_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

export interface VerifiedBackup {
  readonly manifest: BackupManifest;
  /** The objects in the files' order (dependency order). */
  readonly objects: readonly KubeObject[];
}

export interface BackupRefusal {
  readonly message: string;
  /** The files at fault, by name. */
  readonly files: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** backup.json parsed and its shape checked; the file names it lists are checked too. */
export function parseManifest(text: string): { ok: true; value: BackupManifest } | { ok: false; error: BackupRefusal } {
  const refuse = (why: string) => ({ ok: false as const, error: { message: `backup.json ${why}`, files: ['backup.json'] } });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse(`is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(data)) return refuse('is not an object');
  if (data['format'] !== BACKUP_FORMAT) return refuse(`is not a Berth backup (format is not "${BACKUP_FORMAT}")`);
  if (!Array.isArray(data['files']) || !Array.isArray(data['objects']) || !Array.isArray(data['namespaces']) || !Array.isArray(data['requiredSecrets'])) {
    return refuse('lacks files, objects, namespaces or requiredSecrets');
  }
  for (const file of data['files'] as unknown[]) {
    if (!isRecord(file) || typeof file['name'] !== 'string' || typeof file['sha256'] !== 'string') return refuse('has a file entry without name and sha256');
    if (!BACKUP_FILE_NAME.test(file['name'])) return refuse(`names a file "${file['name'].slice(0, 80)}" that no backup writes`);
  }
  for (const o of data['objects'] as unknown[]) {
    if (!isRecord(o) || typeof o['kind'] !== 'string' || typeof o['name'] !== 'string' || typeof o['file'] !== 'string' || typeof o['sha256'] !== 'string') return refuse('has an object entry without kind, name, file and sha256');
  }
  for (const ns of data['namespaces'] as unknown[]) if (typeof ns !== 'string') return refuse('has a namespace that is not a string');
  for (const s of data['requiredSecrets'] as unknown[]) {
    if (!isRecord(s) || typeof s['name'] !== 'string' || typeof s['namespace'] !== 'string') return refuse('has a required Secret without namespace and name');
  }
  const crds = data['requiredCrds'];
  if (crds !== undefined) {
    if (!Array.isArray(crds)) return refuse('has requiredCrds that is not a list');
    for (const c of crds as unknown[]) {
      if (!isRecord(c) || typeof c['name'] !== 'string' || typeof c['group'] !== 'string' || typeof c['kind'] !== 'string' || !Array.isArray(c['versions']) || !(c['versions'] as unknown[]).every((v) => typeof v === 'string')) {
        return refuse('has a required CRD without name, group, kind and versions');
      }
      if (!CRD_NAME.test(c['name'])) return refuse(`names a CRD "${c['name'].slice(0, 80)}" that is not a CRD name`);
    }
  }
  return { ok: true, value: data as unknown as BackupManifest };
}

/**
 * The backup's objects, when every file listed is present and unchanged and every object matches
 * its checksum. `read` gives a file's text by name (undefined when it is missing).
 */
export function verifyBackup(manifest: BackupManifest, read: (name: string) => string | undefined): { ok: true; value: VerifiedBackup } | { ok: false; error: BackupRefusal } {
  const missing: string[] = [];
  const changed: string[] = [];
  const texts = new Map<string, string>();
  for (const file of manifest.files) {
    const text = read(file.name);
    if (text === undefined) missing.push(file.name);
    else if (sha256(text) !== file.sha256) changed.push(file.name);
    else texts.set(file.name, text);
  }
  if (missing.length > 0 || changed.length > 0) {
    const parts = [...(changed.length > 0 ? [`changed since it was written (checksum differs): ${changed.join(', ')}`] : []), ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : [])];
    return { ok: false, error: { message: `The backup is corrupted or was edited; nothing was restored. Files ${parts.join('; ')}.`, files: [...changed, ...missing] } };
  }
  const objects: KubeObject[] = [];
  const wrong = new Set<string>();
  const expected = [...manifest.objects];
  for (const file of manifest.files as readonly BackupFileEntry[]) {
    const inFile = parseObjects(texts.get(file.name)!);
    const listed = expected.filter((o) => o.file === file.name);
    if (!inFile || inFile.length !== listed.length) {
      wrong.add(file.name);
      continue;
    }
    inFile.forEach((object, i) => {
      if (objectChecksum(object) !== listed[i]!.sha256) wrong.add(file.name);
      else objects.push(object);
    });
  }
  const listedFiles = new Set(manifest.files.map((f) => f.name));
  for (const o of expected) if (!listedFiles.has(o.file)) wrong.add('backup.json');
  if (wrong.size > 0) {
    return { ok: false, error: { message: `The backup's objects do not match backup.json; nothing was restored. Files: ${[...wrong].join(', ')}.`, files: [...wrong] } };
  }
  return { ok: true, value: { manifest, objects } };
}

function parseObjects(text: string): KubeObject[] | undefined {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) return undefined;
    const value = doc.toJS({ maxAliasCount: 0 }) as unknown;
    if (value === null || value === undefined) continue;
    if (shapeProblem(value)) return undefined;
    out.push(value as KubeObject);
  }
  return out;
}
