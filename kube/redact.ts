/**
 * Credentials never travel in an error: messages quote what servers, proxies and credential
 * plugins answered, and those may echo the request back (a proxy's "bad gateway for ... with
 * headers {...}", a plugin's stderr). Every credential a connection used is collected here and
 * replaced in its errors before they leave the kube layer (client.ts applies it to every
 * exchange).
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { KubeError } from './errors';

export const REDACTED = '<redacted>';

/** Shorter values would redact ordinary words; real tokens and keys are far longer. */
const MIN_LENGTH = 8;

/** The credentials in a request's headers and a kubeconfig user: whole values and their parts. */
export function credentialValues(headers: OutgoingHttpHeaders | readonly string[] | undefined, user: Record<string, unknown> = {}): string[] {
  const out: string[] = [];
  const entries = Array.isArray(headers) ? pairs(headers) : Object.entries((headers ?? {}) as OutgoingHttpHeaders);
  for (const [name, value] of entries) {
    if (!/^(authorization|proxy-authorization|cookie)$/i.test(name) || value === undefined) continue;
    const text = String(value);
    out.push(text);
    const [scheme, credential] = text.split(/\s+/, 2);
    if (credential) {
      out.push(credential);
      if (/^basic$/i.test(scheme ?? '')) {
        const decoded = Buffer.from(credential, 'base64').toString('utf8');
        out.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
      }
    }
  }
  for (const key of ['token', 'password', 'client-key-data']) {
    const value = user[key];
    if (typeof value === 'string') out.push(value, ...value.split(/\r?\n/));
  }
  const keyData = user['client-key-data'];
  if (typeof keyData === 'string') out.push(...Buffer.from(keyData, 'base64').toString('utf8').split(/\r?\n/).filter((line) => !line.startsWith('-----')));
  return out.map((v) => v.trim()).filter((v) => v.length >= MIN_LENGTH);
}

/** Credentials written into a server address (`https://user:password@host`), even one that does not parse. */
export function serverCredentials(server: string): string[] {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(server)?.[1];
  if (!userinfo) return [];
  const password = userinfo.slice(userinfo.indexOf(':') + 1);
  // The whole user:password always goes (its colon keeps it from matching ordinary text).
  return [`${userinfo}@`, ...(userinfo.includes(':') && password.length >= MIN_LENGTH ? [password] : [])];
}

/** Raw headers [name, value, name, value, ...] as pairs. */
function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}

/** The error with every credential in its message and detail replaced by `<redacted>`. */
export function redactError(error: KubeError, credentials: Iterable<string>): KubeError {
  // Longest first, so a value is not half-replaced through a shorter part of it.
  const secrets = [...new Set(credentials)].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return error;
  return { ...error, message: scrub(error.message, secrets), ...(error.detail !== undefined ? { detail: scrub(error.detail, secrets) } : {}) };
}
