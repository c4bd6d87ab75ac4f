import { cidrsOverlap, parseIpv4Cidr } from '../rules/cidr';
import { formatBytes, formatCpu, parseQuantity } from '../rules/quantity';
import { asArray, asInteger, asObject, asString, field, type Obj } from '../rules/values';
import { clusterShares, listedClusters } from '../render/distribution';
import type { PathSegment } from '../yaml/parseChunk';
import type { InstanceType } from '../model';
import { formatNameList, NearbyNames } from '../validate/nearbyNames';
import { MAX_NODES_PER_CLUSTER, poolMaximumNodes } from '../validate/nodeLimits';
import type { RelatedLocation } from '../validate/issue';
import type { CrossIssue } from './crossIssue';
import { identityFootprint, type CrossRule } from './crossRuleCache';
import { isPlatform, nameLocation, type ManifestEntry, type WorkspaceIndex } from './workspaceIndex';

const LOCAL_PROVIDERS = new Set(['kind', 'kwok']);

function related(entry: ManifestEntry, message: string): RelatedLocation {
  return { ...nameLocation(entry), message };
}

/** The rules of PLATFORM.md that need more than one document: references, duplicates, overlaps, capacity. */
export function platformReferenceIssues(index: WorkspaceIndex, catalog: readonly InstanceType[], knownContexts: readonly string[]): CrossIssue[] {
  const clusters = index.platform('Cluster');
  const pools = index.platform('NodePool');
  const clusterByName = new Map<string, ManifestEntry>();
  for (const cluster of clusters) if (!clusterByName.has(cluster.name)) clusterByName.set(cluster.name, cluster);
  const known: KnownClusters = { byName: clusterByName, contexts: new Set(knownContexts), names: new NearbyNames([...clusterByName.keys(), ...knownContexts]) };
  return [
    ...duplicates(clusters, (c) => c.name, 'duplicate-cluster', (c) => `Cluster "${c.name}" is defined more than once in the workspace.`),
    ...cidrOverlaps(clusters),
    ...poolIssues(pools, known),
    ...clusterSizeIssues(pools),
    ...applicationIssues(index.platform('Application'), pools, known, catalog),
  ];
}

/**
 * The platform rules as a rule for CrossRuleCache: they read only Clusters, NodePools and
 * Applications and their findings hold those documents, so any change to one runs them again,
 * and edits elsewhere keep their findings.
 */
export function platformReferenceRule(catalog: () => readonly InstanceType[], knownContexts: () => readonly string[]): CrossRule<readonly CrossIssue[]> {
  return {
    footprint: (entry) => (PLATFORM_KINDS.some((kind) => isPlatform(entry, kind)) ? identityFootprint(entry) : undefined),
    context: (index) => platformReferenceIssues(index, catalog(), knownContexts()),
    shared: (issues) => issues,
    subjects: () => [],
    issuesOf: () => [],
  };
}

const PLATFORM_KINDS = ['Cluster', 'NodePool', 'Application'] as const;

/** What `spec.cluster` may name: the workspace's Clusters and the registered contexts. */
interface KnownClusters {
  readonly byName: ReadonlyMap<string, ManifestEntry>;
  readonly contexts: ReadonlySet<string>;
  /** Both, for suggestions. */
  readonly names: NearbyNames;
}

function duplicates(entries: readonly ManifestEntry[], key: (e: ManifestEntry) => string, code: string, message: (e: ManifestEntry) => string): CrossIssue[] {
  const first = new Map<string, ManifestEntry>();
  const issues: CrossIssue[] = [];
  for (const entry of entries) {
    if (!entry.name) continue;
    const k = key(entry);
    const original = first.get(k);
    if (!original) {
      first.set(k, entry);
      continue;
    }
    issues.push({
      entry,
      issue: { path: ['metadata', 'name'], on: 'value', severity: 'error', code, message: message(entry), related: [related(original, 'first defined here')] },
    });
  }
  return issues;
}

function cidrOverlaps(clusters: readonly ManifestEntry[]): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const blocks = clusters.flatMap((entry) =>
    (['podCIDR', 'serviceCIDR'] as const).flatMap((key) => {
      const text = asString(field(entry.value, 'spec', 'network', key));
      const cidr = text === undefined ? undefined : parseIpv4Cidr(text);
      return cidr ? [{ entry, key, cidr, provider: asString(field(entry.value, 'spec', 'provider')) }] : [];
    }),
  );
  for (const block of blocks) {
    for (const other of blocks) {
      if (other.entry === block.entry || other.provider !== block.provider || !cidrsOverlap(block.cidr, other.cidr)) continue;
      issues.push({
        entry: block.entry,
        issue: {
          path: ['spec', 'network', block.key],
          on: 'value',
          severity: 'error',
          code: 'cluster-cidr-overlap',
          message: `${block.key} ${block.cidr.text} overlaps ${other.key} ${other.cidr.text} of Cluster "${other.entry.name}", which shares the ${block.provider ?? ''} provider.`,
          related: [related(other.entry, `Cluster "${other.entry.name}" uses ${other.cidr.text}`)],
        },
      });
      break;
    }
  }
  return issues;
}

/** Resolves `spec.cluster`: a Cluster of the workspace, a registered context, or an issue. */
function clusterReference(entry: ManifestEntry, known: KnownClusters): { cluster?: ManifestEntry; issue?: CrossIssue } {
  const name = asString(field(entry.value, 'spec', 'cluster'));
  return name === undefined ? {} : resolveCluster(entry, name, ['spec', 'cluster'], known);
}

/** Resolves a cluster name found at `path` of `entry`: a Cluster of the workspace, a registered context, or an issue on that path. */
function resolveCluster(entry: ManifestEntry, name: string, path: readonly PathSegment[], known: KnownClusters): { cluster?: ManifestEntry; issue?: CrossIssue } {
  const cluster = known.byName.get(name);
  if (cluster || known.contexts.has(name)) return cluster ? { cluster } : {};
  const listed = known.names.listFor(name);
  const suggestions = known.names.closest(name);
  return {
    issue: {
      entry,
      issue: {
        path,
        on: 'value',
        severity: 'error',
        code: 'unknown-cluster',
        message:
          known.names.size > 0
            ? `Cluster "${name}" is neither defined in the workspace nor a registered context. Known clusters: ${formatNameList(listed)}.`
            : `Cluster "${name}" is neither defined in the workspace nor a registered context, and none are known: add a Cluster document or register a kubeconfig context.`,
        data: { replacements: suggestions.length > 0 ? suggestions : listed.names },
      },
    },
  };
}

function poolIssues(pools: readonly ManifestEntry[], known: KnownClusters): CrossIssue[] {
  const issues: CrossIssue[] = [];
  issues.push(
    ...duplicates(
      pools,
      (p) => `${asString(field(p.value, 'spec', 'cluster')) ?? ''}/${p.name}`,
      'duplicate-node-pool',
      (p) => `NodePool "${p.name}" is defined more than once for cluster "${asString(field(p.value, 'spec', 'cluster')) ?? ''}".`,
    ),
  );
  for (const pool of pools) {
    const { cluster, issue } = clusterReference(pool, known);
    if (issue) issues.push(issue);
    if (!cluster) continue;
    const type = asString(field(cluster.value, 'spec', 'type'));
    const provider = asString(field(cluster.value, 'spec', 'provider'));
    if (type === 'serverless') {
      issues.push({
        entry: pool,
        issue: {
          path: ['spec', 'cluster'],
          on: 'value',
          severity: 'error',
          code: 'node-pool-on-serverless',
          message: `Cluster "${cluster.name}" is serverless: it has no nodes, so it cannot have node pools.`,
          related: [related(cluster, `Cluster "${cluster.name}" is type: serverless`)],
        },
      });
    }
    if (asString(field(pool.value, 'spec', 'os')) === 'windows' && provider !== undefined && LOCAL_PROVIDERS.has(provider)) {
      issues.push({
        entry: pool,
        issue: {
          path: ['spec', 'os'],
          on: 'value',
          severity: 'warning',
          code: 'windows-not-local',
          message: `Windows nodes are not available on ${provider}: cluster "${cluster.name}" runs Linux nodes only.`,
          related: [related(cluster, `Cluster "${cluster.name}" uses provider ${provider}`)],
        },
      });
    }
  }
  return issues;
}

/** A cluster's pools together may grow to at most MAX_NODES_PER_CLUSTER nodes: each of its pools says so. */
function clusterSizeIssues(pools: readonly ManifestEntry[]): CrossIssue[] {
  const byCluster = new Map<string, { pools: ManifestEntry[]; nodes: number }>();
  for (const pool of pools) {
    const cluster = asString(field(pool.value, 'spec', 'cluster'));
    if (cluster === undefined) continue;
    let group = byCluster.get(cluster);
    if (!group) byCluster.set(cluster, (group = { pools: [], nodes: 0 }));
    group.pools.push(pool);
    group.nodes += poolMaximumNodes(pool.value);
  }
  const issues: CrossIssue[] = [];
  for (const [cluster, group] of byCluster) {
    if (group.nodes <= MAX_NODES_PER_CLUSTER) continue;
    for (const pool of group.pools) {
      const scaling = asObject(field(pool.value, 'spec', 'scaling'));
      const key = ['max', 'desired', 'min'].find((k) => scaling?.[k] !== undefined);
      issues.push({
        entry: pool,
        issue: {
          path: key ? ['spec', 'scaling', key] : ['spec', 'cluster'],
          on: 'value',
          severity: 'error',
          code: 'cluster-too-many-nodes',
          message: `The ${group.pools.length} node pools of cluster "${cluster}" add up to ${group.nodes} nodes at their maximum size, more than the ${MAX_NODES_PER_CLUSTER} a cluster may have.`,
        },
      });
    }
  }
  return issues;
}

function applicationIssues(
  apps: readonly ManifestEntry[],
  pools: readonly ManifestEntry[],
  known: KnownClusters,
  catalog: readonly InstanceType[],
): CrossIssue[] {
  const issues: CrossIssue[] = [...duplicateApplications(apps)];
  const poolsByCluster = new Map<string, { byName: Map<string, ManifestEntry>; names?: NearbyNames }>();
  for (const pool of pools) {
    const clusterName = asString(field(pool.value, 'spec', 'cluster')) ?? '';
    let group = poolsByCluster.get(clusterName);
    if (!group) poolsByCluster.set(clusterName, (group = { byName: new Map() }));
    if (!group.byName.has(pool.name)) group.byName.set(pool.name, pool);
  }
  for (const app of apps) {
    for (const target of applicationTargets(app)) {
      const { cluster, issue } = resolveCluster(app, target.cluster, target.path, known);
      if (issue) issues.push(issue);
      if (target.pool === undefined || issue) continue;
      const clusterPools = poolsByCluster.get(target.cluster) ?? { byName: new Map<string, ManifestEntry>() };
      const pool = clusterPools.byName.get(target.pool.name);
      if (!pool) {
        const names = (clusterPools.names ??= new NearbyNames(clusterPools.byName.keys()));
        const poolName = target.pool.name;
        issues.push({
          entry: app,
          issue: {
            path: target.pool.path,
            on: 'value',
            severity: 'error',
            code: 'unknown-node-pool',
            message:
              names.size > 0
                ? `NodePool "${poolName}" is not a pool of cluster "${target.cluster}"; its pools are ${formatNameList(names.listFor(poolName))}.`
                : `NodePool "${poolName}" is not a pool of cluster "${target.cluster}", which has no node pools in the workspace.`,
            data: { replacements: names.closest(poolName).length > 0 ? names.closest(poolName) : names.listFor(poolName).names },
            ...(cluster ? { related: [related(cluster, `Cluster "${target.cluster}"`)] } : {}),
          },
        });
        continue;
      }
      const capacity = capacityIssue(app, pool, catalog, target);
      if (capacity) issues.push(capacity);
    }
  }
  return issues;
}

/** One cluster an Application runs in: where its name is written, the pool it is placed on there, and its share of scaling.max. */
interface ApplicationTarget {
  readonly cluster: string;
  readonly path: readonly PathSegment[];
  readonly pool?: { readonly name: string; readonly path: readonly PathSegment[] };
  /** Set for a multi-cluster Application: the cluster's HPA maximum. */
  readonly maxPods?: number;
}

/** The clusters of `spec.cluster` or `spec.clusters` (first of each name), with the pool each one's pods go to (an override's wins). */
function applicationTargets(app: ManifestEntry): readonly ApplicationTarget[] {
  let found = applicationTargetsByValue.get(app.value);
  if (!found) applicationTargetsByValue.set(app.value, (found = readApplicationTargets(app)));
  return found;
}

/** Each Application's targets, read once while it is unchanged: the rules run again over every document after each edit. */
const applicationTargetsByValue = new WeakMap<Obj, readonly ApplicationTarget[]>();

function readApplicationTargets(app: ManifestEntry): ApplicationTarget[] {
  const spec = asObject(field(app.value, 'spec'));
  if (!spec) return [];
  const topPool = asString(field(spec, 'placement', 'nodePool'));
  const listed = listedClusters(spec);
  if (listed === undefined) {
    const cluster = asString(spec['cluster']);
    if (cluster === undefined) return [];
    return [{ cluster, path: ['spec', 'cluster'], ...(topPool !== undefined ? { pool: { name: topPool, path: ['spec', 'placement', 'nodePool'] } } : {}) }];
  }
  const items = asArray(spec['clusters']);
  return clusterShares(spec, listed).map((share) => {
    const overridePool = asString(field(share.override?.value, 'placement', 'nodePool'));
    const pool =
      overridePool !== undefined && share.override
        ? { name: overridePool, path: ['spec', 'overrides', share.override.index, 'placement', 'nodePool'] }
        : topPool !== undefined
          ? { name: topPool, path: ['spec', 'placement', 'nodePool'] }
          : undefined;
    return {
      cluster: share.cluster,
      path: ['spec', 'clusters', items.indexOf(share.cluster)],
      ...(pool ? { pool } : {}),
      ...(share.scaling ? { maxPods: share.scaling.max } : {}),
    };
  });
}

/**
 * `namespace` and `name` are unique among the Applications of one cluster: an Application on
 * [a, b] clashes with one on a. A later Application is told once per earlier one it clashes
 * with, naming the clusters they share.
 */
function duplicateApplications(apps: readonly ManifestEntry[]): CrossIssue[] {
  const first = new Map<string, ManifestEntry>();
  const issues: CrossIssue[] = [];
  for (const app of apps) {
    if (!app.name) continue;
    const targets = applicationTargets(app).map((t) => t.cluster);
    const shared = new Map<ManifestEntry, string[]>();
    for (const cluster of targets.length > 0 ? targets : ['']) {
      const key = `${cluster}/${app.namespace}/${app.name}`;
      const original = first.get(key);
      if (!original) first.set(key, app);
      else if (original !== app) shared.set(original, [...(shared.get(original) ?? []), cluster]);
    }
    for (const [original, clusters] of shared) {
      issues.push({
        entry: app,
        issue: {
          path: ['metadata', 'name'],
          on: 'value',
          severity: 'error',
          code: 'duplicate-application',
          message: `Application "${app.namespace}/${app.name}" is defined more than once for ${clusters.length === 1 ? 'cluster' : 'clusters'} ${clusters.map((c) => `"${c}"`).join(', ')}.`,
          related: [related(original, 'first defined here')],
        },
      });
    }
  }
  return issues;
}

/**
 * `scaling.max` pods at their requests must fit the pool at its `scaling.max` nodes; for a
 * multi-cluster Application, that cluster's share of scaling.max must fit its pool.
 */
function capacityIssue(app: ManifestEntry, pool: ManifestEntry, catalog: readonly InstanceType[], target: ApplicationTarget): CrossIssue | undefined {
  const declared = asInteger(field(app.value, 'spec', 'scaling', 'max'));
  const maxPods = declared === undefined ? undefined : (target.maxPods ?? declared);
  const type = catalog.find((t) => t.name === asString(field(pool.value, 'spec', 'instanceType')));
  const poolScaling = asObject(field(pool.value, 'spec', 'scaling'));
  const maxNodes = asInteger(poolScaling?.max) ?? asInteger(poolScaling?.desired);
  if (maxPods === undefined || !type || maxNodes === undefined) return undefined;
  const requests = asObject(field(app.value, 'spec', 'resources')) ?? asObject(field(app.value, 'spec', 'limits'));
  const cpu = parseQuantity(requests?.cpu);
  const memory = parseQuantity(requests?.memory);
  const nodeMemory = parseQuantity(type.memory) ?? 0;
  const problems: string[] = [];
  if (cpu !== undefined && cpu * maxPods > type.cpu * maxNodes) {
    problems.push(`${maxPods} pods × ${formatCpu(cpu)} CPU = ${formatCpu(cpu * maxPods)} CPU, but ${maxNodes} × ${type.name} give ${formatCpu(type.cpu * maxNodes)} CPU`);
  }
  if (memory !== undefined && memory * maxPods > nodeMemory * maxNodes) {
    problems.push(`${maxPods} pods × ${formatBytes(memory)} = ${formatBytes(memory * maxPods)} memory, but ${maxNodes} × ${type.name} give ${formatBytes(nodeMemory * maxNodes)}`);
  }
  if (maxPods > type.pods * maxNodes) problems.push(`${maxPods} pods exceed ${maxNodes} nodes × ${type.pods} pods`);
  if (problems.length === 0) return undefined;
  return {
    entry: app,
    issue: {
      path: ['spec', 'scaling', 'max'],
      on: 'value',
      severity: 'warning',
      code: 'pool-capacity-exceeded',
      message:
        target.maxPods === undefined
          ? `scaling.max does not fit node pool "${pool.name}" at its maximum size: ${problems.join('; ')}.`
          : `scaling.max does not fit node pool "${pool.name}" of cluster "${target.cluster}" at its maximum size: ${problems.join('; ')}.`,
      related: [related(pool, `NodePool "${pool.name}": up to ${maxNodes} × ${type.name} (${type.cpu} CPU, ${type.memory})`)],
    },
  };
}
