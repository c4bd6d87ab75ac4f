import * as vscode from 'vscode';
import type { KubeObject } from '../../../../kube';
import { contextValueOf } from '../targets';
import { healthIcon } from './icons';
import { idPart, type PoolNode } from './node';
import { poolSummary } from './summaries';

/** `cluster` names the pool's cluster for commands: its Cluster document, else the context. */
export function poolNode(parentId: string, context: string, pool: string, nodes: readonly KubeObject[], cluster: string): PoolNode {
  return {
    kind: 'pool',
    id: `${parentId}/${pool === '' ? '-' : idPart(pool)}`,
    parentId,
    context,
    pool,
    nodes,
    summary: poolSummary(nodes),
    ...(pool !== '' ? { target: { type: 'nodePool', context, pool, cluster } as const } : {}),
  };
}

export function poolItem(node: PoolNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.pool || '(no pool)', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = node.summary.description;
  item.tooltip = node.pool ? `Node pool ${node.pool}: the nodes labelled berth.dev/nodepool=${node.pool}` : 'Nodes without the berth.dev/nodepool label';
  item.iconPath = healthIcon('server-process', node.summary.health);
  item.contextValue = node.target ? contextValueOf(node.target) : 'berth.nodePool.none';
  return item;
}
