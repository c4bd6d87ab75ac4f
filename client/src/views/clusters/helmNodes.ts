/**
 * The "Helm releases" rows of a namespace: releases (label name, description "rev N · chart ·
 * app version · status") and their revisions. Names and texts come from the cluster's release
 * records: they are shown as plain labels, never as markdown or commands.
 */
import * as vscode from 'vscode';
import type { HelmReleaseSummary, HelmRevision } from '../../../../kube';
import { healthIcon } from './icons';
import { idPart, type HelmReleaseNode, type HelmRevisionNode } from './node';
import type { Health } from './summaries';

export const HELM_RELEASE_CONTEXT = 'berth.helmRelease';
export const HELM_REVISION_CONTEXT = 'berth.helmRevision';

export function helmReleaseNode(parentId: string, context: string, namespace: string, release: HelmReleaseSummary): HelmReleaseNode {
  return { kind: 'helmRelease', id: `${parentId}/${idPart(release.name)}`, context, namespace, release };
}

export function helmRevisionNodes(parent: HelmReleaseNode, revisions: readonly HelmRevision[]): HelmRevisionNode[] {
  // Newest first, as `helm history` is read: the current revision on top.
  return [...revisions]
    .sort((a, b) => b.revision - a.revision)
    .map((revision) => ({
      kind: 'helmRevision',
      id: `${parent.id}/rev-${revision.revision}`,
      context: parent.context,
      namespace: parent.namespace,
      release: parent.release.name,
      revision,
      current: revision.revision === parent.release.revision,
    }));
}

/** helm's release states, by how a user should read them. */
function health(status: string): Health {
  if (status === 'deployed') return 'ok';
  if (status === 'failed') return 'error';
  if (status.startsWith('pending') || status === 'uninstalling') return 'progress';
  return 'idle';
}

export function helmReleaseItem(node: HelmReleaseNode): vscode.TreeItem {
  const r = node.release;
  const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = [`rev ${r.revision}`, r.chart, r.appVersion, r.status].filter((p) => p !== '').join(' · ');
  item.tooltip = `Helm release ${r.name} in namespace ${node.namespace}\nRevision ${r.revision}, ${r.status}\nChart ${r.chart}${r.appVersion ? `, app version ${r.appVersion}` : ''}\nUpdated ${r.updated}`;
  item.iconPath = healthIcon('package', health(r.status));
  item.contextValue = HELM_RELEASE_CONTEXT;
  return item;
}

export function helmRevisionItem(node: HelmRevisionNode): vscode.TreeItem {
  const r = node.revision;
  const item = new vscode.TreeItem(`revision ${r.revision}`, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = [r.status, r.chart, r.appVersion, r.description].filter((p) => p !== '').join(' · ');
  item.tooltip = `${node.release} revision ${r.revision}${node.current ? ' (current)' : ''}\n${r.status}: ${r.description}\nChart ${r.chart}${r.appVersion ? `, app version ${r.appVersion}` : ''}\nUpdated ${r.updated}`;
  item.iconPath = healthIcon(node.current ? 'pass' : 'history', node.current ? health(r.status) : undefined);
  item.contextValue = node.current ? `${HELM_REVISION_CONTEXT}.current` : HELM_REVISION_CONTEXT;
  return item;
}
