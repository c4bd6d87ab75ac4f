import * as vscode from 'vscode';
import type { KubeconfigContext } from '../../kube';

/** A kubeconfig context; expanding it lists the namespaces of its cluster. */
export interface ContextNode {
  readonly kind: 'context';
  readonly context: KubeconfigContext;
  readonly server: string;
  readonly current: boolean;
}

export function contextNode(context: KubeconfigContext, server: string, current: boolean): ContextNode {
  return { kind: 'context', context, server, current };
}

export function contextItem(node: ContextNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.context.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `context:${node.context.name}`;
  item.description = node.current ? `current · ${node.server}` : node.server;
  item.tooltip = new vscode.MarkdownString(
    `**${node.context.name}**${node.current ? ' (current context)' : ''}\n\ncluster \`${node.context.cluster}\` at \`${node.server}\`, user \`${node.context.user}\`, namespace \`${node.context.namespace ?? 'default'}\`\n\nfrom \`${node.context.file}\``,
  );
  item.iconPath = new vscode.ThemeIcon(node.current ? 'vm-active' : 'vm');
  item.contextValue = 'berth.context';
  return item;
}
