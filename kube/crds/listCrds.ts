/**
 * The CustomResourceDefinitions a cluster serves, listed page by page through the one transport
 * and trimmed to what validation reads: a CRD object as the apiserver returns it carries
 * managedFields, status and annotations (often a last-applied copy of itself) that can double
 * its size and that nothing in Berth looks at.
 */
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { listAllPages } from '../pagedList';
import { collectionPath, staticResource } from '../registry';

/** A CRD as Berth keeps it: its name, group, names, scope and versions with their schemas. */
export interface ClusterCrd {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly group: string;
    readonly names: ClusterCrdNames;
    readonly scope: string;
    readonly versions: readonly ClusterCrdVersion[];
  };
}

export interface ClusterCrdNames {
  readonly kind: string;
  readonly plural: string;
  readonly singular?: string;
  readonly listKind?: string;
  readonly shortNames?: readonly string[];
}

export interface ClusterCrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated?: boolean;
  readonly deprecationWarning?: string;
  readonly schema?: { readonly openAPIV3Schema: Record<string, unknown> };
}

/** CRDs can be large (a schema of a megabyte is not rare): a page stays well below the transport's limits. */
export const CRD_PAGE_SIZE = 50;

/** A page must arrive within this; a cluster that is away is then given up on for the cache. */
export const CRD_LIST_TIMEOUT_MS = 15_000;

const MAX_PAGES = 10_000;

type Raw = Record<string, unknown>;

/** Every CRD of the cluster (paged with limit/continue), trimmed; objects that are not CRDs are skipped. */
export async function listClusterCrds(client: KubeClient, options: { signal?: AbortSignal; pageSize?: number; timeoutMs?: number } = {}): Promise<Result<ClusterCrd[], KubeError>> {
  const listed = await listAllPages<unknown>(
    client,
    {
      path: collectionPath(staticResource('CustomResourceDefinition'), undefined),
      operation: { verb: 'list', resource: 'customresourcedefinitions.apiextensions.k8s.io' },
      timeoutMs: options.timeoutMs ?? CRD_LIST_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { pageSize: options.pageSize ?? CRD_PAGE_SIZE, maxPages: MAX_PAGES },
  );
  if (!listed.ok) return err(listed.error);
  const crds: ClusterCrd[] = [];
  for (const item of listed.value.items) {
    const crd = trimCrd(item);
    if (crd) crds.push(crd);
  }
  crds.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  return ok(crds);
}

/**
 * The parts of a CRD object that validation reads, or undefined when it is not a usable CRD (no
 * name, group, kind, plural or version). Used on what the cluster sends and on what the cache
 * file holds, so both are checked the same way.
 */
export function trimCrd(value: unknown): ClusterCrd | undefined {
  const object = asRaw(value);
  const name = asRaw(object?.metadata)?.name;
  const spec = asRaw(object?.spec);
  const names = asRaw(spec?.names);
  if (typeof name !== 'string' || name === '' || !spec || !names) return undefined;
  const { group, scope } = spec;
  if (typeof group !== 'string' || typeof names.kind !== 'string' || typeof names.plural !== 'string' || !Array.isArray(spec.versions)) return undefined;
  const versions: ClusterCrdVersion[] = [];
  for (const entry of spec.versions as unknown[]) {
    const version = trimVersion(entry);
    if (version) versions.push(version);
  }
  if (versions.length === 0) return undefined;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: { group, names: trimNames(names), scope: typeof scope === 'string' ? scope : 'Namespaced', versions },
  };
}

function trimNames(names: Raw): ClusterCrdNames {
  const shortNames = Array.isArray(names.shortNames) ? names.shortNames.filter((n): n is string => typeof n === 'string') : undefined;
  return {
    kind: names.kind as string,
    plural: names.plural as string,
    ...(typeof names.singular === 'string' ? { singular: names.singular } : {}),
    ...(typeof names.listKind === 'string' ? { listKind: names.listKind } : {}),
    ...(shortNames && shortNames.length > 0 ? { shortNames } : {}),
  };
}

function trimVersion(value: unknown): ClusterCrdVersion | undefined {
  const version = asRaw(value);
  if (!version || typeof version.name !== 'string' || version.name === '') return undefined;
  const schema = asRaw(asRaw(version.schema)?.openAPIV3Schema);
  return {
    name: version.name,
    served: version.served !== false,
    storage: version.storage === true,
    ...(version.deprecated === true ? { deprecated: true } : {}),
    ...(typeof version.deprecationWarning === 'string' ? { deprecationWarning: version.deprecationWarning } : {}),
    ...(schema ? { schema: { openAPIV3Schema: schema } } : {}),
  };
}

function asRaw(value: unknown): Raw | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}
