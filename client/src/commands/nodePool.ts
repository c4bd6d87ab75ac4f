import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { collectionPath, poolToScale, refuseKindPoolScaling, scaleKwokPool, type KubeObject, staticResource } from '../../../kube';
import { isNodePool, type NodePool } from '../../../platform/model';
import { NODEPOOL_LABEL } from '../../../platform/render/labels';
import { ensureTrusted } from '../trust';
import { instanceCatalog } from './catalog';
import { reportError, reportProblem, withCancellableProgress } from './feedback';
import type { CommandDeps } from './deps';
import { countProblem } from './inputs';
import { workspacePlatformDocuments } from './platformDocuments';
import { contextFor, targetOf } from './targets';

interface PoolChoice {
  readonly context: string;
  readonly pool: string;
  /** The NodePool document's file, when the pool came from the Platform view. */
  readonly uri?: string;
}

async function choosePool(deps: CommandDeps, arg: unknown): Promise<PoolChoice | undefined | string> {
  const target = targetOf(arg);
  if (target?.type === 'nodePool') return { context: target.context, pool: target.pool };
  if (target?.type === 'platformDocument' && target.kind === 'NodePool') {
    if (!target.context) return `NodePool ${target.name}: its cluster is not created yet; create the cluster first.`;
    return { context: target.context, pool: target.name, uri: target.uri };
  }
  const context = await contextFor(deps, target, 'Berth: Scale Node Pool');
  if (!context.ok) return context.error.message;
  if (context.value === undefined) return undefined;
  const client = await deps.session.open(context.value);
  if (!client.ok) return client.error.message;
  const nodes = await client.value.request<{ items?: KubeObject[] }>({ method: 'GET', path: collectionPath(staticResource('Node'), undefined), query: { labelSelector: NODEPOOL_LABEL }, operation: { verb: 'list', resource: 'nodes' } });
  if (!nodes.ok) return nodes.error.message;
  const counts = new Map<string, number>();
  for (const node of nodes.value.body.items ?? []) {
    const pool = node.metadata.labels?.[NODEPOOL_LABEL];
    if (pool) counts.set(pool, (counts.get(pool) ?? 0) + 1);
  }
  if (counts.size === 0) return `Context "${context.value}" has no node pools (no nodes labelled ${NODEPOOL_LABEL}).`;
  const pool = await deps.prompts.pick([...counts].sort().map(([name, n]) => ({ label: name, description: `${n} nodes`, value: name })), { title: 'Berth: Scale Node Pool' });
  return pool === undefined ? undefined : { context: context.value, pool };
}

/** The NodePool document: from its file, else from the workspace (language server), else undefined. */
async function poolDocument(deps: CommandDeps, choice: PoolChoice): Promise<NodePool | undefined> {
  if (choice.uri) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(choice.uri)));
    const found = parseAllDocuments(text).map((d) => d.toJS() as unknown).filter(isNodePool).find((d) => d.metadata.name === choice.pool);
    if (found) return found;
  }
  const doc = (await workspacePlatformDocuments(deps)).find((d) => d.kind === 'NodePool' && d.name === choice.pool);
  return doc ? { metadata: { name: doc.name }, spec: doc.spec as NodePool['spec'] } : undefined;
}

/**
 * Berth: Scale Node Pool: kwok pools gain or lose simulated nodes (drained first); kind pools
 * are fixed at creation and registered pools are only shown, both refused with the reason.
 */
export function scaleNodePoolCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<{ previous: number; nodes: readonly string[] } | undefined> => {
    if (!ensureTrusted('Scaling a node pool')) return undefined;
    const choice = await choosePool(deps, arg);
    if (typeof choice === 'string') return void (await reportProblem(deps, choice));
    if (!choice) return undefined;
    if (choice.context.startsWith('kind-')) return void (await reportProblem(deps, refuseKindPoolScaling(choice.pool, choice.context.slice('kind-'.length)).message));
    const client = await deps.session.open(choice.context);
    if (!client.ok) return void (await reportError(deps, client.error, 'Scale node pool'));
    const target = await poolToScale(client.value, choice.pool, await poolDocument(deps, choice), instanceCatalog(deps.ctx.extensionContext.extensionPath));
    if (!target.ok) return void (await reportError(deps, target.error, 'Scale node pool'));
    const { pool, catalog, nodes, podCIDR } = target.value;
    const text = await deps.prompts.input({
      title: `Berth: Scale node pool ${choice.pool} (${choice.context})`,
      prompt: `Nodes (now ${nodes.length})`,
      value: String(nodes.length),
      validate: (t) => countProblem(t, 'Nodes', 100),
    });
    if (text === undefined) return undefined;
    const to = Number(text.trim());
    const scaled = await withCancellableProgress(`Berth: scaling node pool ${choice.pool} to ${to}`, (signal, progress) =>
      scaleKwokPool(client.value, pool, to, catalog, { signal, ...(podCIDR !== undefined ? { podCIDR } : {}), onProgress: (message) => { deps.log.info(`node pool ${choice.pool}: ${message}`); progress.report(message); } }),
    );
    if (!scaled.ok) return void (await reportError(deps, scaled.error, `Scale node pool ${choice.pool}`));
    void deps.prompts.message('info', `Berth: node pool ${choice.pool}: ${scaled.value.previous} → ${scaled.value.nodes.length} nodes.`);
    return { previous: scaled.value.previous, nodes: scaled.value.nodes };
  };
}
