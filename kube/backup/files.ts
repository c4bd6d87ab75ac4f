/**
 * The backup on disk: the only file I/O of backup and restore. Writing refuses a directory that
 * already holds a backup (never mixes two); Secret files get mode 0600. Reading takes only the
 * names backup.json lists, after they were checked.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, type BackupFile, type BackupManifest } from './manifest';
import { parseManifest, verifyBackup, type BackupRefusal, type VerifiedBackup } from './verify';

/** Larger files are not a backup Berth wrote; refuse rather than read them whole. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export function writeBackupFiles(dir: string, files: readonly BackupFile[]): { ok: true } | { ok: false; error: string } {
  try {
    if (existsSync(join(dir, MANIFEST_FILE))) return { ok: false, error: `${dir} already holds a backup (${MANIFEST_FILE}); choose an empty directory.` };
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      const path = join(dir, file.name);
      writeFileSync(path, file.text, { mode: file.mode, flag: 'wx' });
      // The umask may have widened nothing, but a narrower umask must not leave a Secret file wider.
      chmodSync(path, file.mode);
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `Could not write the backup to ${dir}: ${(error as Error).message}` };
  }
}

function readText(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The backup in `dir`, checked: a refusal names the files that are missing or changed. */
export function readBackupDir(dir: string): { ok: true; value: VerifiedBackup } | { ok: false; error: BackupRefusal } {
  const manifestText = readText(join(dir, MANIFEST_FILE));
  if (manifestText === undefined) return { ok: false, error: { message: `${dir} holds no ${MANIFEST_FILE}: not a Berth backup.`, files: [MANIFEST_FILE] } };
  const manifest = parseManifest(manifestText);
  if (!manifest.ok) return manifest;
  return verifyBackup(manifest.value as BackupManifest, (name) => readText(join(dir, name)));
}
