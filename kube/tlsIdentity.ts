import type https from 'node:https';

/** What a connection authenticates with and whom it trusts: requests with the same identity can share a connection. */
export type TlsIdentity = Pick<https.RequestOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'>;

export function tlsIdentityOf(options: https.RequestOptions): TlsIdentity {
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options;
  return { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername };
}

/**
 * Whether two requests' credentials are the same, compared in place: the client library reads them
 * anew for each request (new Buffers of the same bytes), and encoding them to compare would cost
 * each request kilobytes of strings.
 */
export function sameTlsIdentity(a: TlsIdentity, b: TlsIdentity): boolean {
  return (
    sameValue(a.ca, b.ca) &&
    sameValue(a.cert, b.cert) &&
    sameValue(a.key, b.key) &&
    sameValue(a.pfx, b.pfx) &&
    a.passphrase === b.passphrase &&
    a.rejectUnauthorized === b.rejectUnauthorized &&
    a.servername === b.servername
  );
}

/** Buffers by their bytes, lists and plain objects by their members (a key with its passphrase), the rest as `===`. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((value, index) => sameValue(value, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
