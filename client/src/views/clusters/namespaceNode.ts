import * as vscode from 'vscode';
import { contextValueOf } from '../targets';
import { idPart, type NamespaceNode } from './node';

export function namespaceNode(parentId: string, context: string, name: string, selected: boolean, phase?: string): NamespaceNode {
  return { kind: 'namespace', id: `${parentId}/${idPart(name)}`, context, name, selected, ...(phase ? { phase } : {}), target: { type: 'namespace', context, namespace: name } };
}

export function namespaceItem(node: NamespaceNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const terminating = node.phase === 'Terminating';
  item.description = [node.selected ? 'context namespace' : undefined, terminating ? 'Terminating' : undefined].filter(Boolean).join(' · ') || undefined;
  item.iconPath = terminating ? new vscode.ThemeIcon('symbol-namespace', new vscode.ThemeColor('disabledForeground')) : new vscode.ThemeIcon('symbol-namespace');
  item.contextValue = contextValueOf(node.target);
  return item;
}
