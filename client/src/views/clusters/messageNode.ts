import * as vscode from 'vscode';

/** A line of information in place of children: no contexts, an unreachable cluster, an error. */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly text: string;
  readonly detail?: string;
  readonly severity: 'info' | 'error';
}

export function messageNode(id: string, text: string, severity: 'info' | 'error' = 'info', detail?: string): MessageNode {
  return { kind: 'message', id, text, severity, ...(detail !== undefined ? { detail } : {}) };
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = `message:${node.id}`;
  item.tooltip = node.detail ?? node.text;
  item.iconPath = new vscode.ThemeIcon(node.severity === 'error' ? 'error' : 'info');
  item.contextValue = 'berth.message';
  return item;
}
