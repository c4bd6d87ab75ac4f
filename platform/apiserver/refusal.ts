/**
 * How an apiserver refusal becomes an issue: the path puts the range on the field, the message
 * starts with the apiserver's own field path and reason ("spec.ports: Required value") so it
 * reads like what `kubectl apply` would print, followed by our explanation.
 */
import type { Issue } from '../validate/issue';
import type { PathSegment } from '../yaml/parseChunk';

export type Path = readonly PathSegment[];

/** The apiserver's reasons (k8s.io/apimachinery field.ErrorType), worded as it prints them. */
export type Reason = 'Required value' | 'Invalid value' | 'Duplicate value' | 'Not found' | 'Unsupported value' | 'Forbidden' | 'Too long';

export interface Refusal {
  readonly code: string;
  /** Where the range goes in the document. */
  readonly path: Path;
  /** `key` for a missing child (the range lands on its parent's key) or a bad map key. */
  readonly on?: 'key' | 'value';
  /** The field as the apiserver names it, when it differs from `path` (a missing child, a map key). */
  readonly field?: Path | string;
  readonly reason: Reason;
  /** The offending value, printed after the reason as the apiserver does. */
  readonly value?: unknown;
  readonly detail?: string;
}

export function refusal(r: Refusal): Issue {
  const field = typeof r.field === 'string' ? r.field : fieldPath(r.field ?? r.path);
  const value = r.value === undefined ? '' : `: ${printed(r.value)}`;
  const detail = r.detail ? `: ${r.detail}` : '';
  return { path: r.path, on: r.on ?? 'value', severity: 'error', code: r.code, message: `${field}: ${r.reason}${value}${detail}` };
}

/** `spec.containers[0].image`; a segment that is not an identifier is a map key: `data[tls.crt]`. */
export function fieldPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number' || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

/** Supported values as the apiserver lists them: `"Always", "Never"`. */
export function supported(values: readonly string[]): string {
  return `supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

function printed(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
