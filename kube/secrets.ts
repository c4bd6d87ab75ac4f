/**
 * Secret values, fit to show: every `data` and `stringData` value of a Secret becomes
 * `<masked: N bytes>` (N is what the Secret really holds, counted without decoding), and so does
 * kubectl's last-applied-configuration annotation on a Secret, which holds a copy of the data.
 * Only a key the user explicitly reveals keeps its value. Pure: the input is never changed.
 * Used wherever a live object is shown (describe, live YAML in an editor); the apply path can
 * tell a masked document by `hasMaskedValues` and refuse to send placeholders to the cluster.
 */

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MASKED = /^<masked: \d+ bytes(?: of binary data)?>$/;

/** `<masked: 12 bytes>` */
export function maskedValue(bytes: number, binary = false): string {
  return `<masked: ${bytes} bytes${binary ? ' of binary data' : ''}>`;
}

export function isMaskedValue(value: unknown): boolean {
  return typeof value === 'string' && MASKED.test(value);
}

/** Bytes of a base64 value (what the Secret really holds), without decoding it into text. */
export function base64Bytes(value: string): number {
  const clean = value.replace(/\s/g, '');
  if (clean.length === 0) return 0;
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

export interface SecretMaskOptions {
  /** The one key (of data or stringData) whose value stays visible. */
  readonly reveal?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maskMap(map: unknown, bytesOf: (value: string) => number, reveal: string | undefined): unknown {
  if (!isObject(map)) return map;
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, key === reveal ? value : maskedValue(typeof value === 'string' ? bytesOf(value) : 0)]));
}

function maskSecret(secret: Json, reveal: string | undefined): Json {
  const copy: Json = { ...secret };
  if ('data' in copy) copy['data'] = maskMap(copy['data'], base64Bytes, reveal);
  if ('stringData' in copy) copy['stringData'] = maskMap(copy['stringData'], (v) => Buffer.byteLength(v), reveal);
  const metadata = copy['metadata'];
  if (isObject(metadata) && isObject(metadata['annotations']) && typeof metadata['annotations'][LAST_APPLIED] === 'string') {
    const annotation = metadata['annotations'][LAST_APPLIED] as string;
    copy['metadata'] = { ...metadata, annotations: { ...metadata['annotations'], [LAST_APPLIED]: maskedValue(Buffer.byteLength(annotation)) } };
  }
  return copy;
}

/**
 * The value with every Secret in it masked: a Secret, a list of objects (`items`, as a
 * SecretList or a `kind: List` holds them), or an array of objects. Anything else is returned
 * as it is.
 */
export function maskSecrets<T>(value: T, options: SecretMaskOptions = {}): T {
  if (Array.isArray(value)) return value.map((item: unknown) => maskSecrets(item, options)) as T;
  if (!isObject(value)) return value;
  if (value['kind'] === 'Secret') return maskSecret(value, options.reveal) as T;
  if (Array.isArray(value['items'])) return { ...value, items: maskSecrets(value['items'], options) } as T;
  return value;
}

/** Whether a document still holds a placeholder of `maskSecrets` (applying it would store the placeholder). */
export function hasMaskedValues(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasMaskedValues);
  if (!isObject(value)) return false;
  if (value['kind'] === 'Secret') {
    const annotations = isObject(value['metadata']) ? value['metadata']['annotations'] : undefined;
    return [value['data'], value['stringData'], annotations].some((map) => isObject(map) && Object.values(map).some(isMaskedValue));
  }
  return Array.isArray(value['items']) && value['items'].some(hasMaskedValues);
}
