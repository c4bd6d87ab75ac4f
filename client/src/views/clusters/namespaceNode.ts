import * as vscode from 'vscode';

/** A namespace of a context's cluster (a leaf for now). */
export interface NamespaceNode {
  readonly kind: 'namespace';
  readonly context: string;
  readonly name: string;
  /** The context's own namespace (where namespaced commands act by default). */
  readonly selected: boolean;
}

export function namespaceNode(context: string, name: string, selected: boolean): NamespaceNode {
  return { kind: 'namespace', context, name, selected };
}

export function namespaceItem(node: NamespaceNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.id = `namespace:${node.context}/${node.name}`;
  item.description = node.selected ? 'context namespace' : undefined;
  item.iconPath = new vscode.ThemeIcon('symbol-namespace');
  item.contextValue = 'berth.namespace';
  return item;
}
