import * as vscode from 'vscode';
import type { PlatformDocument } from '../../../../protocol/protocol';
import type { KubeconfigContext } from '../../../../kube';
import { escapeMarkdown, markdownCode } from '../../markdown';
import { contextValueOf } from '../targets';
import { idPart, type ClusterDocumentNode, type ContextNode } from './node';

export function contextNode(context: KubeconfigContext, server: string, current: boolean, cluster?: PlatformDocument): ContextNode {
  return { kind: 'context', id: `ctx:${idPart(context.name)}`, context, server, current, ...(cluster ? { cluster } : {}), target: { type: 'context', context: context.name } };
}

export function contextItem(node: ContextNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.context.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const cluster = node.cluster ? `Cluster ${node.cluster.name} · ` : '';
  item.description = `${cluster}${node.current ? `current · ${node.server}` : node.server}`;
  const { context } = node;
  item.tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(context.name)}**${node.current ? ' (current context)' : ''}\n\ncluster ${markdownCode(context.cluster)} at ${markdownCode(node.server)}, user ${markdownCode(context.user)}, namespace ${markdownCode(context.namespace ?? 'default')}\n\nfrom ${markdownCode(context.file)}${node.cluster ? `\n\nCluster document **${escapeMarkdown(node.cluster.name)}** (${escapeMarkdown(node.cluster.provider ?? '?')})` : ''}`,
  );
  item.iconPath = new vscode.ThemeIcon(node.current ? 'vm-active' : 'vm');
  item.contextValue = contextValueOf(node.target);
  return item;
}

export function clusterDocumentNode(document: PlatformDocument, expectedContext: string | undefined): ClusterDocumentNode {
  return {
    kind: 'clusterDocument',
    id: `doc:${idPart(document.uri)}#${idPart(document.name)}`,
    document,
    ...(expectedContext !== undefined ? { expectedContext } : {}),
    target: { type: 'clusterDocument', uri: document.uri, name: document.name, provider: document.provider ?? 'unknown' },
  };
}

export function clusterDocumentItem(node: ClusterDocumentNode): vscode.TreeItem {
  const { document } = node;
  const item = new vscode.TreeItem(document.name, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const registered = document.provider === 'registered';
  item.description = registered ? `registered · context ${node.expectedContext ?? '?'} not found` : `not created · ${document.provider ?? 'no provider'}`;
  item.tooltip = new vscode.MarkdownString(
    registered
      ? `Cluster **${escapeMarkdown(document.name)}** adopts the kubeconfig context ${markdownCode(node.expectedContext ?? '?')}, which is not in your kubeconfig (nor in \`berth.kubeconfigs\`).`
      : `Cluster **${escapeMarkdown(document.name)}** (${escapeMarkdown(document.provider ?? '?')}) is not created: no context ${markdownCode(node.expectedContext ?? '?')} in your kubeconfig.`,
  );
  item.iconPath = new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('disabledForeground'));
  item.contextValue = contextValueOf(node.target);
  item.command = { command: 'vscode.open', title: 'Open the Cluster document', arguments: [vscode.Uri.parse(document.uri), { selection: toRange(document.range) }] };
  return item;
}

export function toRange(range: PlatformDocument['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
