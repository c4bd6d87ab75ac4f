/**
 * Live vs applied, as `kubectl diff` shows it: each object is server-side applied in dry-run
 * (field manager `berth`, so defaults, admission and the merge with other managers' fields are
 * the server's own) and compared with what is live now. Both sides are cleaned of what the server
 * keeps for itself and printed as YAML with sorted keys, so the diff shows only intent. Secret
 * values are masked here, on both sides, so that no one who shows a diff (the CLI's text and
 * JSON, the extension's preview) can print one; a value that changes is marked as changed.
 */
import { stringify } from 'yaml';
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import { kubeError, type KubeError } from '../errors';
import { claimedIdentity, shapeProblem, withoutServerFields } from '../objects';
import { objectPath, resourceFor, type KubeObject } from '../registry';
import { maskSecretChanges, maskSecrets } from '../masking';
import { FIELD_MANAGER, orderForApply } from './apply';
import { PendingNamespaces } from './pendingNamespaces';
import type { ObjectSource } from './findings';
import { unifiedDiff } from './unifiedDiff';

export interface ObjectDiff {
  /** kubectl diff's name for it: "apps.v1.Deployment.shop.web" (group.version.Kind[.namespace].name). */
  readonly id: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The live object as YAML, Secret values masked; "" when it does not exist yet. */
  readonly liveYaml: string;
  /** What the server would store after applying it, as YAML, Secret values masked (`, changed` where they differ from live); "" when the dry run failed. */
  readonly appliedYaml: string;
  /** Why the dry run (or reading the live object) failed. */
  readonly error?: KubeError;
  /** Why the server could not dry-run it (its namespace is created by the same deploy); appliedYaml is then the object as sent. */
  readonly unchecked?: string;
  readonly source?: ObjectSource;
}

export interface DiffOptions {
  /** Namespace of namespaced objects that name none; default the client's. */
  readonly namespace?: string;
  /** Take over fields another manager owns, as the deploy would with --force-conflicts. */
  readonly force?: boolean;
  /** The source of each object, by its index in `objects`. */
  readonly sources?: readonly (ObjectSource | undefined)[];
  readonly signal?: AbortSignal;
}

/** Errors after which the other objects would only fail the same way. */
const FATAL = new Set(['unreachable', 'timeout', 'cancelled', 'unauthorized', 'invalidKubeconfig']);

function sortedYaml(object: unknown): string {
  return stringify(object, { sortMapEntries: true, aliasDuplicateObjects: false, lineWidth: 0 });
}

/** An object as diffable YAML: without server-kept fields, Secret values masked, keys sorted (as kubectl's Go YAML prints them). */
export function diffYaml(object: unknown): string {
  return sortedYaml(maskSecrets(withoutServerFields(object)));
}

/** Both sides of one object's diff as `diffYaml` prints them, a Secret value that changes marked on the applied side; `live` undefined when there is none. */
export function diffYamls(live: unknown, applied: unknown): { liveYaml: string; appliedYaml: string } {
  const masked = maskSecretChanges(live === undefined ? undefined : withoutServerFields(live), withoutServerFields(applied));
  return { liveYaml: masked.live === undefined ? '' : sortedYaml(masked.live), appliedYaml: sortedYaml(masked.applied) };
}

/** kubectl diff's file name for an object. */
export function diffId(o: { apiVersion: string; kind: string; name: string; namespace?: string }): string {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/', 2) : ['', o.apiVersion];
  return [group ? `${group}.${version}` : version, o.kind, ...(o.namespace ? [o.namespace] : []), o.name].join('.');
}

/**
 * For every object (in apply order): the live YAML and the YAML the server would store. A failure
 * of one object is its `error`; only a cluster that cannot be used at all (unreachable,
 * credentials, cancelled) fails the whole diff.
 */
export async function diffObjects(client: KubeClient, objects: readonly unknown[], options: DiffOptions = {}): Promise<Result<ObjectDiff[], KubeError>> {
  const ordered = orderForApply(objects.map((object, index) => ({ kind: (object as { kind?: unknown } | null)?.kind, object, source: options.sources?.[index] })));
  const diffs: ObjectDiff[] = [];
  const pendingNamespaces = new PendingNamespaces(true);
  for (const { object, source } of ordered) {
    const o = object as KubeObject;
    const from = source ? { source } : {};
    const problem = shapeProblem(o);
    if (problem) {
      const base = claimedIdentity(o);
      diffs.push({ ...base, id: diffId(base), liveYaml: '', appliedYaml: '', error: kubeError('invalid', `Not a Kubernetes object that can be applied: ${problem}.`), ...from });
      continue;
    }
    const name = o.metadata.name!;
    const info = await resourceFor(client, o.apiVersion, o.kind, options.signal);
    if (!info.ok) {
      if (FATAL.has(info.error.kind)) return err(info.error);
      const base = { apiVersion: o.apiVersion, kind: o.kind, name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) };
      diffs.push({ ...base, id: diffId(base), liveYaml: '', appliedYaml: '', error: info.error, ...from });
      continue;
    }
    const namespace = info.value.namespaced ? (o.metadata.namespace ?? options.namespace ?? client.namespace) : undefined;
    const base = { apiVersion: o.apiVersion, kind: o.kind, name, ...(namespace ? { namespace } : {}) };
    const id = diffId(base);
    const path = objectPath(info.value, namespace, name);
    const body = { ...o, metadata: { ...o.metadata, ...(namespace ? { namespace } : {}) } };
    const compared = await liveAndApplied(client, path, body, { verb: 'get', resource: info.value.plural, namespace, name }, options);
    if (!compared.ok) {
      if (FATAL.has(compared.error.error.kind)) return err(compared.error.error);
      const unchecked = pendingNamespaces.excuse(compared.error.error, namespace);
      if (unchecked !== undefined) diffs.push({ ...base, id, liveYaml: '', appliedYaml: diffYaml(body), unchecked, ...from });
      else diffs.push({ ...base, id, liveYaml: compared.error.liveYaml, appliedYaml: '', error: compared.error.error, ...from });
      continue;
    }
    pendingNamespaces.note(o.kind, name, compared.value.liveYaml === '');
    diffs.push({ ...base, id, ...compared.value, ...from });
  }
  return ok(diffs);
}

type Operation = { verb: string; resource: string; namespace: string | undefined; name: string };
/** Why an object could not be compared, with the live side when it was read. */
interface CompareFailure {
  readonly error: KubeError;
  readonly liveYaml: string;
}

/**
 * The live object and the dry-run result, taken against the same live version: a controller
 * writing between the read and the dry run (the Deployment controller's revision annotation)
 * would otherwise show its change as the user's. A dry run answers with the resourceVersion of
 * the object it was applied to ("" for a new one), so when that is not the version read, the
 * object is read again and the pair retaken, a few times.
 */
async function liveAndApplied(
  client: KubeClient,
  path: string,
  body: KubeObject,
  operation: Operation,
  options: DiffOptions,
): Promise<Result<{ liveYaml: string; appliedYaml: string }, CompareFailure>> {
  const signal = options.signal ? { signal: options.signal } : {};
  const failure = (error: KubeError, liveYaml = ''): CompareFailure => ({ error, liveYaml });
  const readLive = async (): Promise<Result<KubeObject | undefined, KubeError>> => {
    const live = await client.request<KubeObject>({ method: 'GET', path, operation, ...signal });
    if (live.ok) return ok(live.value.body);
    return live.error.kind === 'notFound' ? ok(undefined) : err(live.error);
  };
  let before = await readLive();
  for (let attempt = 0; ; attempt++) {
    if (!before.ok) return err(failure(before.error));
    const liveYaml = before.value ? diffYaml(before.value) : '';
    const applied = await client.request<KubeObject>({
      method: 'PATCH',
      path,
      query: { fieldManager: FIELD_MANAGER, force: options.force ? true : undefined, dryRun: 'All' },
      contentType: 'application/apply-patch+yaml',
      body,
      operation: { ...operation, verb: 'apply (dry run)' },
      ...signal,
    });
    if (!applied.ok) return err(failure(applied.error, liveYaml));
    const sameVersion = (applied.value.body.metadata?.resourceVersion || undefined) === (before.value?.metadata?.resourceVersion || undefined);
    if (sameVersion || attempt === 2) return ok(diffYamls(before.value, applied.value.body));
    before = await readLive();
  }
}


/** The object differs (or is new); false for failed objects, which have nothing to compare. */
export function hasDifference(diff: ObjectDiff): boolean {
  return !diff.error && diff.liveYaml !== diff.appliedYaml;
}

/** One object's unified diff, headed live/<id> and applied/<id>; "" when the same. */
export function objectUnifiedDiff(diff: ObjectDiff, context = 3): string {
  if (diff.error) return '';
  return unifiedDiff(diff.liveYaml, diff.appliedYaml, { beforeLabel: `live/${diff.id}`, afterLabel: `applied/${diff.id}`, context });
}
