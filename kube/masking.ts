/**
 * Secret values, fit to show: every `data` and `stringData` value of a Secret becomes
 * `<masked: N bytes>` (N is what the Secret really holds, counted without decoding), and so does
 * kubectl's last-applied-configuration annotation on a Secret, which holds a copy of the data.
 * Only a key the user explicitly reveals keeps its value. Pure: the input is never changed.
 * Every place that shows a live object masks through here (describe, the Clusters view's Secret
 * keys, Open in Editor, the deploy preview); the deploy plan finds the placeholders with
 * `maskedKeys` and refuses to send them to the cluster.
 */
import { LAST_APPLIED_ANNOTATION } from './objects';

const MASKED = /^<masked: \d+ bytes(?: of binary data)?>$/;

/**
 * Which Secret values to show: none (false, the default), one key, or every key (true: what
 * `berth describe --reveal` asks for).
 */
export type Reveal = boolean | string;

function reveals(reveal: Reveal, key: string): boolean {
  return reveal === true || reveal === key;
}

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

/** A base64 value as text, or undefined when it is binary (not printable UTF-8). */
export function printableText(encoded: string): string | undefined {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  return !text.includes('\uFFFD') && !/[\x00-\x08\x0E-\x1F]/.test(text) ? text : undefined;
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
  if (isObject(metadata) && isObject(metadata['annotations']) && typeof metadata['annotations'][LAST_APPLIED_ANNOTATION] === 'string') {
    const annotation = metadata['annotations'][LAST_APPLIED_ANNOTATION] as string;
    copy['metadata'] = { ...metadata, annotations: { ...metadata['annotations'], [LAST_APPLIED_ANNOTATION]: maskedValue(Buffer.byteLength(annotation)) } };
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

/** An object fit to show: Secret data and its last-applied copy masked, but for what `reveal` names. */
export function redactObject<T>(object: T, reveal: Reveal = false): T {
  if (reveal === true) return object;
  return maskSecrets(object, typeof reveal === 'string' ? { reveal } : {});
}

export interface SecretEntry {
  readonly key: string;
  /** The decoded text of a revealed, printable value; otherwise its placeholder. */
  readonly value: string;
  /** What the Secret holds under the key, in bytes. */
  readonly bytes: number;
  readonly revealed: boolean;
}

/**
 * A Secret's `data` for display, sorted by key: each value `<masked: N bytes>`, or for a revealed
 * key its decoded text (binary values stay masked, with a note).
 */
export function maskSecretData(data: Record<string, unknown> | undefined, reveal: Reveal = false): SecretEntry[] {
  return Object.entries(data ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => {
      const encoded = typeof value === 'string' ? value : '';
      const bytes = base64Bytes(encoded);
      if (!reveals(reveal, key)) return { key, value: maskedValue(bytes), bytes, revealed: false };
      const text = printableText(encoded);
      return text === undefined ? { key, value: maskedValue(bytes, true), bytes, revealed: false } : { key, value: text, bytes, revealed: true };
    });
}

/**
 * The keys of a document's Secrets that still hold a placeholder of `maskSecrets` (applying it
 * would store the placeholder): `data`/`stringData` keys by name, the last-applied copy by its
 * annotation name. Empty when nothing is masked.
 */
export function maskedKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(maskedKeys);
  if (!isObject(value)) return [];
  if (value['kind'] === 'Secret') {
    const annotations = isObject(value['metadata']) ? value['metadata']['annotations'] : undefined;
    const keys = [value['data'], value['stringData'], annotations].flatMap((map) => (isObject(map) ? Object.entries(map).filter(([, v]) => isMaskedValue(v)).map(([k]) => k) : []));
    return [...new Set(keys)];
  }
  return Array.isArray(value['items']) ? value['items'].flatMap(maskedKeys) : [];
}
