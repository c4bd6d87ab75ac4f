/** The events of an object or of a namespace, as kubectl lists them: oldest first, the most recent few. */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { collectionPath, staticResource, type KubeObject } from '../registry';
import type { Signal } from './discovery';

export interface KubeEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  series?: { count?: number; lastObservedTime?: string };
}

/** When an event last happened. */
export function eventTime(e: KubeEvent): string {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? (e.metadata.creationTimestamp as string | undefined) ?? '';
}

/** Oldest first (kubectl's order), at most the `limit` most recent. */
export function sortEvents(events: readonly KubeEvent[], limit?: number): KubeEvent[] {
  const sorted = [...events].sort((a, b) => Date.parse(eventTime(a) || '0') - Date.parse(eventTime(b) || '0'));
  return limit !== undefined && sorted.length > limit ? sorted.slice(sorted.length - limit) : sorted;
}

export interface EventQuery extends Signal {
  /** Events about this object (kind, name, and uid when known). */
  readonly object?: { kind: string; name: string; namespace?: string; uid?: string };
  /** Default: the object's namespace, else the client's. */
  readonly namespace?: string;
  /** All namespaces (ignores `namespace`). */
  readonly allNamespaces?: boolean;
  /** Default 50. */
  readonly limit?: number;
}

/** Events of an object or of a namespace, oldest first, the most recent `limit`. */
export async function listEvents(client: KubeClient, query: EventQuery = {}): Promise<Result<KubeEvent[], KubeError>> {
  const namespace = query.allNamespaces ? undefined : (query.object?.namespace ?? query.namespace ?? client.namespace);
  const selectors: string[] = [];
  if (query.object) {
    selectors.push(`involvedObject.kind=${query.object.kind}`, `involvedObject.name=${query.object.name}`);
    if (query.object.uid) selectors.push(`involvedObject.uid=${query.object.uid}`);
  }
  const path = collectionPath(staticResource('Event'), namespace);
  const r = await client.request<{ items: KubeEvent[] }>({
    method: 'GET',
    path,
    ...(selectors.length > 0 ? { query: { fieldSelector: selectors.join(',') } } : {}),
    operation: { verb: 'list', resource: 'events', ...(namespace ? { namespace } : {}) },
    ...(query.signal ? { signal: query.signal } : {}),
  });
  return r.ok ? ok(sortEvents(r.value.body.items, query.limit ?? 50)) : r;
}

