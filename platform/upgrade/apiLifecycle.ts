/**
 * When API versions stop being served: schemas/kubernetes/removed-apis.json read into one table.
 * Kubernetes' own APIs are numbered by Kubernetes releases; an operator's (cert-manager, KEDA,
 * Istio) by the operator's releases, which no Kubernetes upgrade changes: those count as gone
 * whatever the target, since the operator's current releases no longer serve them.
 */
import { err, ok, type Result } from '../result';
import type { SchemaFileReader } from '../schema/schemaFiles';
import { compareMinors, minorOf } from './versions';

export interface ApiRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/** `kubernetes`: served by kube-apiserver; `kubernetes-config`: a file a component reads (an audit policy); otherwise the operator's name. */
export type ApiOwner = 'kubernetes' | 'kubernetes-config' | string;

export interface ApiLifecycle extends ApiRef {
  readonly owner: ApiOwner;
  /** Release (of Kubernetes, or of the owning operator) that deprecated it. */
  readonly deprecatedIn?: string;
  /** Release from which it is not served (for Kubernetes, possibly planned by the API's prerelease lifecycle). */
  readonly removedIn?: string;
  readonly replacement: ApiRef | null;
  /** The field changes the move to the replacement needs. */
  readonly notes?: string;
}

/** What an API version is at a target Kubernetes version. */
export type ApiStatus = { readonly state: 'removed'; readonly entry: ApiLifecycle } | { readonly state: 'deprecated'; readonly entry: ApiLifecycle };

export const REMOVED_APIS_FILE = 'kubernetes/removed-apis.json';

/** The lifecycle of every deprecated or removed API version Berth knows, by apiVersion and kind. */
export class ApiLifecycleTable {
  private readonly byKey = new Map<string, ApiLifecycle>();

  constructor(entries: readonly ApiLifecycle[]) {
    for (const entry of entries) if (!this.byKey.has(keyOf(entry))) this.byKey.set(keyOf(entry), entry);
  }

  /** Reads and checks removed-apis.json; a malformed entry is an error naming it. */
  static read(read: SchemaFileReader): Result<ApiLifecycleTable, string> {
    const text = read(REMOVED_APIS_FILE);
    if (text === undefined) return err(`Berth's schema file ${REMOVED_APIS_FILE} is missing: reinstall Berth.`);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return err(`${REMOVED_APIS_FILE} is not JSON: ${(error as Error).message}`);
    }
    return parseLifecycleFile(data);
  }

  entries(): readonly ApiLifecycle[] {
    return [...this.byKey.values()];
  }

  /**
   * The entry of exactly this apiVersion and kind; a typed list (`PodDisruptionBudgetList`) has
   * its item kind's, with the replacement's list kind.
   */
  lookup(apiVersion: string, kind: string): ApiLifecycle | undefined {
    const exact = this.byKey.get(`${apiVersion}\u0000${kind}`);
    if (exact || kind.length <= 4 || !kind.endsWith('List')) return exact;
    const item = this.byKey.get(`${apiVersion}\u0000${kind.slice(0, -4)}`);
    if (!item) return undefined;
    return { ...item, kind, replacement: item.replacement && { apiVersion: item.replacement.apiVersion, kind: `${item.replacement.kind}List` } };
  }

  /** Removed or deprecated at `target` (a Kubernetes minor such as "1.25"); undefined when fine there. */
  statusAt(apiVersion: string, kind: string, target: string): ApiStatus | undefined {
    const entry = this.lookup(apiVersion, kind);
    return entry && statusOf(entry, target);
  }
}

export function statusOf(entry: ApiLifecycle, target: string): ApiStatus | undefined {
  if (!isKubernetesVersioned(entry)) return entry.removedIn !== undefined ? { state: 'removed', entry } : entry.deprecatedIn !== undefined ? { state: 'deprecated', entry } : undefined;
  if (entry.removedIn !== undefined && compareMinors(entry.removedIn, target) <= 0) return { state: 'removed', entry };
  if (entry.deprecatedIn !== undefined && compareMinors(entry.deprecatedIn, target) <= 0) return { state: 'deprecated', entry };
  return undefined;
}

/** Whether the entry's release numbers are Kubernetes'. */
export function isKubernetesVersioned(entry: ApiLifecycle): boolean {
  return entry.owner === 'kubernetes' || entry.owner === 'kubernetes-config';
}

/** "policy/v1" → "policy", "v1" → "". */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function parseLifecycleFile(data: unknown): Result<ApiLifecycleTable, string> {
  if (!isRecord(data)) return err(`${REMOVED_APIS_FILE} is not an object`);
  const entries: ApiLifecycle[] = [];
  const sections: readonly [string, (raw: Record<string, unknown>) => ApiOwner | undefined][] = [
    ['removed', () => 'kubernetes'],
    ['deprecated', () => 'kubernetes'],
    ['configFiles', () => 'kubernetes-config'],
    ['components', (raw) => (typeof raw.component === 'string' && raw.component !== '' ? raw.component : undefined)],
  ];
  for (const [section, ownerOf] of sections) {
    const list = data[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return err(`${REMOVED_APIS_FILE}: ${section} is not a list`);
    for (const [index, raw] of list.entries()) {
      const entry = isRecord(raw) ? parseEntry(raw, ownerOf(raw)) : undefined;
      if (!entry) return err(`${REMOVED_APIS_FILE}: ${section}[${index}] is not a valid entry`);
      entries.push(entry);
    }
  }
  return ok(new ApiLifecycleTable(entries));
}

function parseEntry(raw: Record<string, unknown>, owner: ApiOwner | undefined): ApiLifecycle | undefined {
  const { apiVersion, kind, deprecatedIn, removedIn, replacement, notes } = raw;
  if (owner === undefined || typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') return undefined;
  if (!optionalVersion(deprecatedIn) || !optionalVersion(removedIn) || (deprecatedIn === undefined && removedIn === undefined)) return undefined;
  if (notes !== undefined && typeof notes !== 'string') return undefined;
  let target: ApiRef | null = null;
  if (replacement !== null) {
    if (!isRecord(replacement) || typeof replacement.apiVersion !== 'string' || typeof replacement.kind !== 'string') return undefined;
    target = { apiVersion: replacement.apiVersion, kind: replacement.kind };
  }
  return {
    apiVersion,
    kind,
    owner,
    ...(deprecatedIn === undefined ? {} : { deprecatedIn: deprecatedIn as string }),
    ...(removedIn === undefined ? {} : { removedIn: removedIn as string }),
    replacement: target,
    ...(notes === undefined ? {} : { notes }),
  };
}

function optionalVersion(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && minorOf(value) !== undefined);
}

function keyOf(ref: ApiRef): string {
  return `${ref.apiVersion}\u0000${ref.kind}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
