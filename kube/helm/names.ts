/**
 * Checks on everything that becomes a helm argument. Names come from users, files and
 * clusters; a checked name can never be read by helm as a flag, nor carry a second line.
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { err, ok, type Result } from '../../platform/result';
import { kubeError, type KubeError } from '../errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** helm refuses longer release names: it appends suffixes to them in its own record names. */
const MAX_RELEASE = 53;

function invalid(message: string): Result<never, KubeError> {
  return err(kubeError('invalid', message));
}

export function checkRelease(name: string): Result<string, KubeError> {
  if (!DNS_LABEL.test(name) || name.length > MAX_RELEASE) {
    return invalid(`"${printable(name)}" is not a valid release name: lower-case letters, digits and "-", starting and ending with a letter or digit, at most ${MAX_RELEASE} characters.`);
  }
  return ok(name);
}

export function checkNamespace(name: string): Result<string, KubeError> {
  if (!DNS_LABEL.test(name) || name.length > 63) {
    return invalid(`"${printable(name)}" is not a valid namespace name: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.`);
  }
  return ok(name);
}

export function checkRevision(revision: number): Result<number, KubeError> {
  if (!Number.isSafeInteger(revision) || revision < 1) return invalid(`${String(revision)} is not a release revision: revisions are whole numbers from 1.`);
  return ok(revision);
}

/** Context names are free text in a kubeconfig; only what would break the argument is refused. */
export function checkContext(name: string): Result<string, KubeError> {
  if (name === '' || /[\0\r\n]/.test(name)) return invalid(`"${printable(name)}" is not a usable context name.`);
  return ok(name);
}

/** An absolute path (so it cannot start with "-") to an existing folder or file. */
export function checkPath(path: string, kind: 'folder' | 'file', what: string): Result<string, KubeError> {
  if (path === '' || /[\0\r\n]/.test(path)) return invalid(`The ${what} path "${printable(path)}" is not usable.`);
  const absolute = isAbsolute(path) ? path : resolve(path);
  let isKind = false;
  try {
    const stat = statSync(absolute);
    isKind = kind === 'folder' ? stat.isDirectory() : stat.isFile();
  } catch {
    return invalid(`The ${what} ${printable(path)} does not exist.`);
  }
  if (!isKind) return invalid(`The ${what} ${printable(path)} is not a ${kind}.`);
  return ok(absolute);
}

/** `key=value` for --set: one line, and a key before the "=". */
export function checkSet(assignment: string): Result<string, KubeError> {
  if (/[\0\r\n]/.test(assignment) || !/^[^=]+=/.test(assignment) || assignment.startsWith('-')) {
    return invalid(`"${printable(assignment)}" is not a --set value: write key=value on one line.`);
  }
  return ok(assignment);
}

/** A name as it may be quoted back in a message: control characters shown, length bounded. */
export function printable(text: string): string {
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}
