import { listedClusters, replicaDistribution } from '../render/distribution';
import type { Issue } from '../validate/issue';
import { asArray, asObject, asString, type Obj } from './values';

/**
 * Rules of PLATFORM.md ("Several clusters") that one Application document can break: exactly
 * one of `cluster` and `clusters`; `distribution` and `overrides` only with `clusters`; weights
 * only with `divided`, one per listed cluster; overrides naming listed clusters, once each.
 * Whether the clusters exist is a workspace rule (platformReferenceRules).
 */
export function multiClusterRules(spec: Obj): Issue[] {
  const clusters = listedClusters(spec);
  const choice = clusterChoiceIssues(spec);
  // A `clusters` that is no list is the schema's to report.
  if (clusters === undefined) return spec.clusters === undefined || spec.clusters === null ? [...choice, ...withoutClusters(spec)] : choice;
  return [...choice, ...weightIssues(spec, clusters), ...overrideIssues(spec, clusters)];
}

function clusterChoiceIssues(spec: Obj): Issue[] {
  const hasCluster = spec.cluster !== undefined && spec.cluster !== null;
  const hasClusters = spec.clusters !== undefined && spec.clusters !== null;
  if (hasCluster && hasClusters) {
    return [
      {
        path: ['spec', 'clusters'],
        on: 'key',
        severity: 'error',
        code: 'cluster-and-clusters',
        message: 'spec has both "cluster" and "clusters"; name one cluster with cluster or several with clusters, not both.',
      },
    ];
  }
  if (hasCluster || hasClusters) return [];
  return [
    {
      path: ['spec'],
      on: 'key',
      severity: 'error',
      code: 'missing-required',
      message: 'spec is missing the required field "cluster" (or "clusters", to deploy to several clusters)',
      data: { insertField: { name: 'cluster', placeholder: '""' } },
    },
  ];
}

/** `distribution` and `overrides` say how several clusters differ: on a single-cluster Application they would do nothing. */
function withoutClusters(spec: Obj): Issue[] {
  return (['distribution', 'overrides'] as const)
    .filter((key) => spec[key] !== undefined && spec[key] !== null)
    .map((key): Issue => ({
      path: ['spec', key],
      on: 'key',
      severity: 'error',
      code: 'needs-clusters',
      message: `${key} is only for an Application on several clusters: list them in spec.clusters instead of spec.cluster.`,
    }));
}

function weightIssues(spec: Obj, clusters: readonly string[]): Issue[] {
  const weights = asObject(asObject(spec.distribution)?.weights);
  if (!weights) return [];
  if (replicaDistribution(spec) !== 'divided') {
    return [
      {
        path: ['spec', 'distribution', 'weights'],
        on: 'key',
        severity: 'error',
        code: 'weights-without-divided',
        message: 'distribution.weights is only for replicas: divided; with duplicated every cluster runs spec.replicas. Remove weights or set replicas: divided.',
      },
    ];
  }
  const issues: Issue[] = [];
  for (const name of Object.keys(weights)) {
    if (clusters.includes(name)) continue;
    issues.push({
      path: ['spec', 'distribution', 'weights', name],
      on: 'key',
      severity: 'error',
      code: 'unknown-weight-cluster',
      message: `distribution.weights names cluster "${name}", which is not in spec.clusters (${clusters.join(', ')}).`,
      data: { replacements: clusters.filter((c) => !(c in weights)) },
    });
  }
  const missing = clusters.filter((c) => !(c in weights));
  if (missing.length > 0) {
    issues.push({
      path: ['spec', 'distribution', 'weights'],
      on: 'key',
      severity: 'error',
      code: 'missing-weight',
      message: `distribution.weights has no weight for ${missing.map((c) => `"${c}"`).join(', ')}: divided needs a weight for each listed cluster.`,
    });
  }
  return issues;
}

function overrideIssues(spec: Obj, clusters: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const scaled = asObject(spec.scaling) !== undefined;
  asArray(spec.overrides).forEach((raw, index) => {
    const override = asObject(raw);
    const cluster = asString(override?.cluster);
    if (!override) return;
    if (cluster !== undefined && !clusters.includes(cluster)) {
      issues.push({
        path: ['spec', 'overrides', index, 'cluster'],
        on: 'value',
        severity: 'error',
        code: 'override-cluster-not-listed',
        message: `This override is for cluster "${cluster}", which is not in spec.clusters (${clusters.join(', ')}).`,
        data: { replacements: clusters.filter((c) => !seen.has(c)) },
      });
    } else if (cluster !== undefined && seen.has(cluster)) {
      issues.push({
        path: ['spec', 'overrides', index, 'cluster'],
        on: 'value',
        severity: 'error',
        code: 'duplicate-override',
        message: `Cluster "${cluster}" has an earlier override; merge their changes into one.`,
      });
    }
    if (cluster !== undefined) seen.add(cluster);
    if (scaled && override.replicas !== undefined) {
      issues.push({
        path: ['spec', 'overrides', index, 'replicas'],
        on: 'key',
        severity: 'warning',
        code: 'replicas-ignored',
        message: 'replicas is ignored because scaling is set: each cluster gets an HorizontalPodAutoscaler with its share of scaling.min and scaling.max.',
      });
    }
  });
  return issues;
}
