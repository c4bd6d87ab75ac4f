/**
 * Deleting an object with a propagation policy, as `kubectl delete --cascade=…`:
 * - background (kubectl's default): the object goes now, the garbage collector removes what it
 *   owns afterwards;
 * - foreground: the object stays (with a deletionTimestamp) until everything it owns is gone;
 * - orphan: what it owns is kept, its owner references removed.
 * Optionally waits until the object is really gone.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import type { KubeObject, ResourceInfo } from './registry';
import { collectionPath, objectPath } from './registry';
import { waitForList } from './wait';

export type Propagation = 'background' | 'foreground' | 'orphan';

const POLICY: Record<Propagation, string> = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan' };

export interface DeleteOptions {
  /** Default background, as kubectl. */
  readonly propagation?: Propagation;
  /** Namespace of a namespaced resource; default the client's. */
  readonly namespace?: string;
  /** Server-side dry run: checked, nothing deleted. */
  readonly dryRun?: boolean;
  /** Wait until the object no longer exists (with foreground: until its dependents are gone too). */
  readonly wait?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface DeleteResult {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly propagation: Propagation;
  /** The object was gone already when the wait ended (always false without `wait`, unless the server removed it at once). */
  readonly gone: boolean;
}

/** "background" | "foreground" | "orphan" (kubectl's --cascade values), case-insensitive. */
export function parsePropagation(text: string): Result<Propagation, KubeError> {
  const lower = text.toLowerCase();
  if (lower === 'background' || lower === 'foreground' || lower === 'orphan') return ok(lower);
  if (lower === 'true') return ok('background');
  if (lower === 'false') return ok('orphan');
  return err(kubeError('invalid', `Propagation must be background, foreground or orphan (kubectl's --cascade), not "${text}".`));
}

/** Deletes one object of a resolved kind (see resourceFor / resolveKind). */
export async function deleteObject(client: KubeClient, info: ResourceInfo, name: string, options: DeleteOptions = {}): Promise<Result<DeleteResult, KubeError>> {
  if (!name) return err(kubeError('invalid', `Which ${info.kind} to delete? The name is empty.`));
  const propagation = options.propagation ?? 'background';
  if (!(propagation in POLICY)) return err(kubeError('invalid', `Propagation must be background, foreground or orphan, not "${String(propagation)}".`));
  const namespace = info.namespaced ? (options.namespace ?? client.namespace) : undefined;
  const signal = options.signal ? { signal: options.signal } : {};
  const deleted = await client.request<KubeObject & { kind?: string }>({
    method: 'DELETE',
    path: objectPath(info, namespace, name),
    query: { propagationPolicy: POLICY[propagation], dryRun: options.dryRun ? 'All' : undefined },
    operation: { verb: 'delete', resource: info.plural, ...(namespace ? { namespace } : {}), name },
    ...signal,
  });
  if (!deleted.ok) return deleted;
  const base = { kind: info.kind, name, ...(namespace ? { namespace } : {}), propagation };
  // A Status body means the object is already gone; the object itself means it is still finalizing.
  const goneNow = deleted.value.body?.kind === 'Status';
  if (!options.wait || options.dryRun || goneNow) return ok({ ...base, gone: goneNow });
  const waited = await waitGone(client, info, namespace, name, options);
  if (!waited.ok) return waited;
  return ok({ ...base, gone: true });
}

/** Waits until a list of the object's name is empty. */
async function waitGone(client: KubeClient, info: ResourceInfo, namespace: string | undefined, name: string, options: DeleteOptions): Promise<Result<void, KubeError>> {
  // An empty list sends no watch events: check it once first.
  const present = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(info, namespace),
    query: { fieldSelector: `metadata.name=${name}` },
    operation: { verb: 'list', resource: info.plural, ...(namespace ? { namespace } : {}) },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!present.ok) return present;
  if (present.value.body.items.length === 0) return ok(undefined);
  const waited = await waitForList<KubeObject>(
    client,
    collectionPath(info, namespace),
    { fieldSelector: `metadata.name=${name}` },
    (items) => items.length === 0,
    {
      timeoutMs: options.timeoutMs ?? 120_000,
      what: `${info.kind} ${namespace ? `${namespace}/` : ''}${name} to be deleted`,
      describe: (items) => (items.length === 0 ? 'gone' : `still there${(items[0]!.metadata as { finalizers?: string[] }).finalizers?.length ? ` (finalizers: ${(items[0]!.metadata as { finalizers?: string[] }).finalizers!.join(', ')})` : ''}`),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return waited.ok ? ok(undefined) : waited;
}
