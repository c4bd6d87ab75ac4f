import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { provisionedContextName } from '../../../platform/clusterContext';
import { clusterDown, clusterUp, kubeconfigFiles, type ProvisionResult } from '../../../kube';
import { DIAGNOSTIC_SOURCE } from '../../../platform/diagnostics';
import { clustersIn, poolsOfCluster, type Cluster, type NodePool } from '../../../platform/model';
import { ensureTrusted } from '../trust';
import { instanceCatalog } from './catalog';
import { reportError, reportProblem, withCancellableProgress } from './feedback';
import type { CommandDeps } from './deps';
import { workspacePlatformDocuments } from './platformDocuments';
import { targetOf } from './targets';

interface Found {
  readonly cluster: Cluster;
  readonly pools: NodePool[];
  readonly uri: vscode.Uri;
}

/**
 * The errors Berth's language server reports for the Cluster's file, as one sentence; undefined
 * when there are none. Creating a cluster from a file that does not validate would hand its
 * mistakes to kind or kwokctl (the cluster library refuses bad names and sizes itself too).
 */
function validationErrors(uri: vscode.Uri): string | undefined {
  const errors = vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === DIAGNOSTIC_SOURCE && d.severity === vscode.DiagnosticSeverity.Error);
  if (errors.length === 0) return undefined;
  const shown = errors.slice(0, 3).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `${uri.path.split('/').pop()} has ${errors.length} error${errors.length === 1 ? '' : 's'} (${shown.join('; ')}${more}). Fix ${errors.length === 1 ? 'it' : 'them'} first (see the Problems view).`;
}

/**
 * The Cluster a command acts on, with its NodePools (from the same file and the workspace): the
 * node's document, else the Cluster of the active YAML editor (picked when it has several).
 */
async function findCluster(deps: CommandDeps, arg: unknown, title: string): Promise<Found | string | undefined> {
  const target = targetOf(arg);
  let uri: vscode.Uri | undefined;
  let name: string | undefined;
  if (target?.type === 'clusterDocument') {
    uri = vscode.Uri.parse(target.uri);
    name = target.name;
  } else if (arg instanceof vscode.Uri) {
    uri = arg;
  } else {
    uri = vscode.window.activeTextEditor?.document.uri;
  }
  if (!uri) return 'open the YAML file that defines the Cluster (or use the Clusters view).';
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const docs = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  const clusters = clustersIn(docs);
  if (clusters.length === 0) return `${uri.path.split('/').pop()} defines no Cluster.`;
  if (name === undefined) {
    name = clusters.length === 1
      ? clusters[0]!.metadata.name
      : await deps.prompts.pick(clusters.map((c) => ({ label: c.metadata.name, description: String(c.spec.provider ?? ''), value: c.metadata.name })), { title });
    if (name === undefined) return undefined;
  }
  const cluster = clusters.find((c) => c.metadata.name === name);
  if (!cluster) return `${uri.path.split('/').pop()} defines no Cluster "${name}".`;
  const pools = poolsOfCluster(docs, name);
  for (const d of await workspacePlatformDocuments(deps)) {
    if (d.kind === 'NodePool' && d.cluster === name && !pools.some((p) => p.metadata.name === d.name)) pools.push({ metadata: { name: d.name }, spec: d.spec as NodePool['spec'] });
  }
  return { cluster, pools, uri };
}

/** Berth: Create Cluster: kwok (locally built control plane) or kind, with progress and Cancel (which rolls back). */
export function createClusterCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<ProvisionResult | undefined> => {
    if (!ensureTrusted('Creating a cluster')) return undefined;
    const found = await findCluster(deps, arg, 'Berth: Create Cluster');
    if (typeof found === 'string') return void (await reportProblem(deps, `Cannot create a cluster: ${found}`));
    if (!found) return undefined;
    const { cluster, pools } = found;
    const name = cluster.metadata.name;
    const invalid = validationErrors(found.uri);
    if (invalid) return void (await reportProblem(deps, `Cannot create cluster ${name}: ${invalid}`));
    const kubeconfigFile = kubeconfigFiles()[0]!;
    const result = await withCancellableProgress(`Berth: creating ${cluster.spec.provider} cluster ${name}`, (signal, progress) => {
      const onProgress = (line: string) => { deps.log.info(`cluster ${name}: ${line}`); progress.report(line); };
      return clusterUp(cluster, pools, { kubeconfigFile, signal, onProgress, catalog: instanceCatalog(deps.ctx.extensionContext.extensionPath) });
    });
    if (!result.ok) return void (await reportError(deps, result.error, `Create cluster ${name}`));
    deps.clusters.refresh();
    void deps.prompts.message('info', `Berth: cluster ${name} is up: context "${result.value.context}" in ${result.value.kubeconfigFile}${result.value.nodes.length > 0 ? ` with ${result.value.nodes.length} nodes` : ''}.`);
    return result.value;
  };
}

/** Berth: Delete Cluster: a kwok or kind cluster Berth created, after a modal confirmation; never a registered one. */
export function deleteClusterCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    if (!ensureTrusted('Deleting a cluster')) return false;
    const found = await findCluster(deps, arg, 'Berth: Delete Cluster');
    if (typeof found === 'string') return void (await reportProblem(deps, `Cannot delete a cluster: ${found}`)), false;
    if (!found) return false;
    const { provider } = found.cluster.spec;
    const name = found.cluster.metadata.name;
    if (provider !== 'kind' && provider !== 'kwok') return void (await reportProblem(deps, `Cluster ${name} is ${provider}: Berth never deletes it.`)), false;
    const context = provisionedContextName(provider, name);
    const confirmed = await deps.prompts.confirm(`Delete the ${provider} cluster ${name} and its context "${context}"?`, {
      detail: 'Everything deployed to it is lost. This cannot be undone.',
      action: 'Delete Cluster',
    });
    if (!confirmed) return false;
    const kubeconfigFile = kubeconfigFiles()[0]!;
    const result = await withCancellableProgress(`Berth: deleting ${provider} cluster ${name}`, (signal, progress) => {
      const onProgress = (line: string) => { deps.log.info(`cluster ${name}: ${line}`); progress.report(line); };
      return clusterDown({ provider, name }, { kubeconfigFile, signal, onProgress });
    });
    if (!result.ok) return void (await reportError(deps, result.error, `Delete cluster ${name}`)), false;
    deps.clusters.refresh();
    void deps.prompts.message('info', `Berth: cluster ${name} (${provider}) deleted; context "${context}" removed.`);
    return true;
  };
}
