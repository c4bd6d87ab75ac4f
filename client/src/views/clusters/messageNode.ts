import * as vscode from 'vscode';
import { denialMessage, parseResourceLabel, type KubeError } from '../../../../kube';
import type { LoadMoreNode, MessageNode } from './node';

export const LOAD_MORE_COMMAND = 'berth.clusters.loadMore';

export function messageNode(id: string, text: string, severity: MessageNode['severity'] = 'info', detail?: string): MessageNode {
  return { kind: 'message', id, text, severity, ...(detail !== undefined ? { detail } : {}) };
}

/** An error as a row: the actionable first line, the whole message as tooltip; what RBAC denies is greyed, with the verb to ask for. */
export function errorNode(id: string, error: KubeError): MessageNode {
  const op = error.operation;
  if (error.kind === 'forbidden' && op?.resource) {
    return messageNode(`${id}/denied`, `Not permitted: you may not ${op.verb} ${op.resource}${op.namespace ? ` in ${op.namespace}` : ''}`, 'denied', `${denialMessage(op.verb, parseResourceLabel(op.resource), op.namespace)}\n\n${error.message}`);
  }
  return messageNode(`${id}/error`, error.message.split('\n')[0]!, 'error', error.detail && !error.message.includes(error.detail) ? `${error.message}\n\n${error.detail}` : error.message);
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.tooltip = node.detail ?? node.text;
  item.iconPath =
    node.icon !== undefined
      ? new vscode.ThemeIcon(node.icon)
      : node.severity === 'error'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : node.severity === 'denied'
          ? new vscode.ThemeIcon('lock', new vscode.ThemeColor('disabledForeground'))
          : new vscode.ThemeIcon('info');
  item.contextValue = 'berth.message';
  return item;
}

export function loadMoreItem(node: LoadMoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = `${node.remaining} more`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'berth.loadMore';
  // No arguments: VS Code keeps a row's command arguments only while that row is drawn, and a live
  // folder re-listed between the drawing and the click would lose the click. The command reads the
  // selection instead, which the click sets first and which follows the row's id to its new element.
  item.command = { command: LOAD_MORE_COMMAND, title: 'Load more' };
  return item;
}
