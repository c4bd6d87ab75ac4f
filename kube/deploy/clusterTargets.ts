/**
 * Where each cluster of a multi-cluster Application deploys: the Cluster document of that name
 * (among the deployed files or the workspace's) says it, with the context kwokctl and kind create
 * (`kwok-<name>`, `kind-<name>`) or a registered cluster's adopted `registered.context`, read from
 * `registered.kubeconfig` when it names a file. A name no Cluster document defines is a kubeconfig
 * context of that name, as `spec.cluster` may be.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionedContextName, registeredContext, usableName } from '../../platform/clusterContext';
import { err, type Result } from '../../platform/result';
import { kubeError, type KubeError } from '../errors';
import { expandHome, loadKubeconfig, selectTarget, type KubeconfigLoadOptions, type KubeTarget } from '../kubeconfig';

/** A Cluster document as the plan found it. */
export interface ClusterDefinition {
  readonly name: string;
  readonly value: unknown;
  /** The file (path or URI) it was read from, when known: a relative `registered.kubeconfig` is resolved against its folder. */
  readonly uri?: string;
}

export interface ClusterDestination {
  readonly cluster: string;
  /** The kubeconfig context to deploy through, when the definition names one. */
  readonly context?: string;
  /** A registered cluster's own kubeconfig file, as written (`~` and relative paths not yet resolved). */
  readonly kubeconfig?: string;
  /** The Cluster document's file, when the cluster is defined by one. */
  readonly definedIn?: string;
  /** The Cluster document's provider, when the cluster is defined by one. */
  readonly provider?: string;
  /** Why the definition gives no usable context. */
  readonly problem?: string;
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

/** The destination of `cluster` given the Cluster documents in reach (the first of a name wins, as the workspace index says). */
export function clusterDestination(cluster: string, definitions: readonly ClusterDefinition[]): ClusterDestination {
  const definition = definitions.find((d) => d.name === cluster);
  if (!definition) return { cluster, context: cluster };
  const provider = field(definition.value, 'spec', 'provider');
  const base = { cluster, ...(definition.uri !== undefined ? { definedIn: definition.uri } : {}), ...(typeof provider === 'string' ? { provider } : {}) };
  switch (provider) {
    case 'kwok':
    case 'kind':
      return { ...base, context: provisionedContextName(provider, cluster) };
    case 'registered': {
      const context = registeredContext(field(definition.value, 'spec'));
      const kubeconfig = field(definition.value, 'spec', 'registered', 'kubeconfig');
      if (context === undefined) return { ...base, problem: `Cluster ${cluster} is registered but names no usable registered.context` };
      if (kubeconfig !== undefined && !usableName(kubeconfig)) return { ...base, problem: `Cluster ${cluster} has a registered.kubeconfig that is not a usable path` };
      return { ...base, context, ...(kubeconfig !== undefined ? { kubeconfig } : {}) };
    }
    default:
      return { ...base, context: cluster };
  }
}

function folderOf(uri: string): string | undefined {
  try {
    return dirname(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  } catch {
    return undefined;
  }
}

function failure(destination: ClusterDestination, message: string): Result<KubeTarget, KubeError> {
  return err(kubeError('invalidKubeconfig', `Cluster ${destination.cluster}: ${message}`));
}

/**
 * The kubeconfig target of a destination. `base` carries the caller's kubeconfig options (the
 * extension's registered files, its program policy); `namespace`, when given, overrides the context's.
 */
export function destinationTarget(destination: ClusterDestination, base: KubeconfigLoadOptions = {}, namespace?: string): Result<KubeTarget, KubeError> {
  if (destination.problem !== undefined || destination.context === undefined) return failure(destination, destination.problem ?? 'no context to deploy to');
  let options: KubeconfigLoadOptions = base;
  if (destination.kubeconfig !== undefined) {
    const expanded = expandHome(destination.kubeconfig, base.home ?? homedir());
    const folder = destination.definedIn !== undefined ? folderOf(destination.definedIn) : undefined;
    if (!isAbsolute(expanded) && folder === undefined) return failure(destination, `registered.kubeconfig "${destination.kubeconfig}" is relative and the Cluster's folder is unknown; write an absolute path or one starting with ~/`);
    const file = isAbsolute(expanded) ? expanded : resolve(folder!, expanded);
    if (!existsSync(file)) return failure(destination, `registered.kubeconfig ${file} does not exist`);
    // Only that file: the cluster's context is looked up where its Cluster document says it is.
    options = { ...options, kubeconfigEnv: file, registered: [] };
  }
  const kubeconfig = loadKubeconfig(options);
  if (!kubeconfig.ok) return failure(destination, kubeconfig.error.message);
  const target = selectTarget(kubeconfig.value, { context: destination.context, ...(namespace !== undefined ? { namespace } : {}) });
  if (target.ok) return target;
  const hint = destination.provider === 'kwok' || destination.provider === 'kind' ? ` Create it with \`berth cluster up\` on ${destination.definedIn ?? 'its Cluster document'}.` : '';
  return failure(destination, `${target.error.message}${hint}`);
}
