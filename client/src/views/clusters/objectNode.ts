import * as vscode from 'vscode';
import type { KubeObject } from '../../../../kube';
import { escapeMarkdown, markdownCode } from '../../markdown';
import { contextValueOf } from '../targets';
import { healthIcon } from './icons';
import { idPart, type ContainerNode, type DataKeyNode, type ObjectNode } from './node';
import type { ResourceKind } from './resourceKinds';
import { containerSummary } from './summaries';

/** `scope` joins the row's id when names repeat among its siblings (the namespace, among every namespace's pods). */
export function objectNode(parentId: string, context: string, resource: ResourceKind, object: KubeObject, scope?: string): ObjectNode {
  const name = object.metadata.name ?? '';
  const namespace = object.metadata.namespace;
  return {
    kind: 'object',
    id: `${parentId}/${scope === undefined ? '' : `${idPart(scope)}/`}${idPart(name)}`,
    parentId,
    context,
    resource,
    object,
    ...(resource.summary ? { summary: resource.summary(object) } : {}),
    target: { type: 'object', context, ...(namespace ? { namespace } : {}), apiVersion: resource.apiVersion, kind: resource.kind, name },
  };
}

export function objectItem(node: ObjectNode): vscode.TreeItem {
  const name = node.object.metadata.name ?? '';
  const label = node.resource.kind === 'Event' ? String((node.object as { reason?: unknown }).reason ?? name) : name;
  const item = new vscode.TreeItem(label, node.resource.expands ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.summary?.description;
  item.iconPath = healthIcon(node.resource.icon, node.summary?.health);
  item.contextValue = contextValueOf(node.target);
  return item;
}

/**
 * The row's tooltip, given when the row is hovered (the view's resolveTreeItem): VS Code parses
 * every Markdown tooltip it is handed on the extension host, and a page draws hundreds of rows.
 */
export function objectTooltip(node: ObjectNode): vscode.MarkdownString {
  const name = node.object.metadata.name ?? '';
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(node.resource.kind)}** ${markdownCode(`${node.object.metadata.namespace ? `${node.object.metadata.namespace}/` : ''}${name}`)}`);
  if (node.summary?.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(node.summary.description)}`);
  if (node.summary?.detail) tooltip.appendMarkdown(`\n\n${escapeMarkdown(node.summary.detail)}`);
  return tooltip;
}

export function containerNodes(parentId: string, context: string, pod: KubeObject): ContainerNode[] {
  const spec = (pod as { spec?: { containers?: { name?: string }[]; initContainers?: { name?: string }[] } }).spec;
  const namespace = pod.metadata.namespace ?? 'default';
  const podName = pod.metadata.name ?? '';
  const make = (name: string, init: boolean): ContainerNode => ({
    kind: 'container',
    id: `${parentId}/${init ? 'init:' : ''}${idPart(name)}`,
    name,
    init,
    summary: containerSummary(pod, name),
    target: { type: 'container', context, namespace, pod: podName, container: name },
  });
  return [...(spec?.initContainers ?? []).map((c) => make(c.name ?? '', true)), ...(spec?.containers ?? []).map((c) => make(c.name ?? '', false))];
}

export function containerItem(node: ContainerNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = `${node.init ? 'init · ' : ''}${node.summary.description}`;
  item.tooltip = node.summary.detail ? `${node.summary.description}\n\n${node.summary.detail}` : node.summary.description;
  item.iconPath = healthIcon('package', node.summary.health);
  item.contextValue = contextValueOf(node.target);
  return item;
}

export function dataKeyItem(node: DataKeyNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.iconPath = new vscode.ThemeIcon('symbol-key');
  item.contextValue = 'berth.dataKey';
  return item;
}
