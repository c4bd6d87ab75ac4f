/**
 * Secret values, fit to show: every `data` and `stringData` value of a Secret becomes
 * `<masked: N bytes>` (N is what the Secret really holds, counted without decoding), and so does
 * kubectl's last-applied-configuration annotation on a Secret, which holds a copy of the data.
 * Only a key the user explicitly reveals keeps its value. Pure: the input is never changed.
 * Every place that shows a live object masks through here (describe, the Clusters view's Secret
 * keys, Open in Editor, the deploy diff and its preview); the deploy plan finds the placeholders
 * with `maskedKeys` and refuses to send them to the cluster.
 */
import { LAST_APPLIED_ANNOTATION } from './objects';

const MASKED = /^<masked: \d+ bytes(?: of binary data)?(?:, changed)?>$/;

/**
 * Which Secret values to show: none (false, the default), one key, or every key (true: what
 * `berth describe --reveal` asks for).
 */
export type Reveal = boolean | string;

function reveals(reveal: Reveal, key: string): boolean {
  return reveal === true || reveal === key;
}

/** `<masked: 12 bytes>`; `<masked: 12 bytes, changed>` for the new side of a value that changed. */
export function maskedValue(bytes: number, binary = false, changed = false): string {
  return `<masked: ${bytes} bytes${binary ? ' of binary data' : ''}${changed ? ', changed' : ''}>`;
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

/** Where a Secret holds values: its two maps, and kubectl's last-applied copy among the annotations. */
type SecretPlace = 'data' | 'stringData' | 'annotation';

/** Whether the value at a place and key differs from the other version's (the diff's live side). */
type ChangedTest = (place: SecretPlace, key: string, value: unknown) => boolean;

const unchanged: ChangedTest = () => false;

/** A placeholder is kept as it is: masking twice must not count the placeholder's own bytes. */
function maskOne(value: unknown, bytesOf: (value: string) => number, changed: boolean): unknown {
  if (isMaskedValue(value)) return value;
  return maskedValue(typeof value === 'string' ? bytesOf(value) : 0, false, changed);
}

function maskMap(place: 'data' | 'stringData', map: unknown, reveal: string | undefined, changed: ChangedTest): unknown {
  if (!isObject(map)) return map;
  const bytesOf = place === 'data' ? base64Bytes : (v: string) => Buffer.byteLength(v);
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, key === reveal ? value : maskOne(value, bytesOf, changed(place, key, value))]));
}

function lastApplied(object: unknown): unknown {
  return isObject(object) && isObject(object['metadata']) && isObject(object['metadata']['annotations']) ? object['metadata']['annotations'][LAST_APPLIED_ANNOTATION] : undefined;
}

function maskSecret(secret: Json, reveal: string | undefined, changed: ChangedTest = unchanged): Json {
  const copy: Json = { ...secret };
  if ('data' in copy) copy['data'] = maskMap('data', copy['data'], reveal, changed);
  if ('stringData' in copy) copy['stringData'] = maskMap('stringData', copy['stringData'], reveal, changed);
  const annotation = lastApplied(copy);
  if (typeof annotation === 'string') {
    const metadata = copy['metadata'] as Json;
    const masked = maskOne(annotation, (v) => Buffer.byteLength(v), changed('annotation', LAST_APPLIED_ANNOTATION, annotation));
    copy['metadata'] = { ...metadata, annotations: { ...(metadata['annotations'] as Json), [LAST_APPLIED_ANNOTATION]: masked } };
  }
  return copy;
}

/**
 * Both sides of a diff of one object, masked: when either is a Secret, each value becomes its
 * placeholder, and a value that differs from the live one is `<masked: N bytes, changed>` on the
 * applied side, so the diff still shows which keys change (as `kubectl diff` marks `***
 * (before)`/`*** (after)`) without showing a value. `live` is undefined for an object that does
 * not exist yet. Other kinds are returned as they are.
 */
export function maskSecretChanges<T>(live: T | undefined, applied: T): { live: T | undefined; applied: T } {
  const isSecret = (value: unknown): value is Json => isObject(value) && value['kind'] === 'Secret';
  if (!isSecret(live) && !isSecret(applied)) return { live, applied };
  const before = isObject(live) ? live : undefined;
  const liveValue = (place: SecretPlace, key: string): unknown => {
    if (place === 'annotation') return lastApplied(before);
    const map = before?.[place];
    return isObject(map) ? map[key] : undefined;
  };
  const changed: ChangedTest = (place, key, value) => before !== undefined && liveValue(place, key) !== undefined && liveValue(place, key) !== value;
  return {
    live: isSecret(live) ? (maskSecret(live, undefined) as T) : live,
    applied: isSecret(applied) ? (maskSecret(applied, undefined, changed) as T) : applied,
  };
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
