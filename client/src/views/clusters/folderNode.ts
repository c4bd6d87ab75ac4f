import * as vscode from 'vscode';
import type { FolderKey, FolderNode } from './node';
import { resourceKind } from './resourceKinds';

export function folderNode(parentId: string, folder: FolderKey, label: string, context: string, namespace?: string): FolderNode {
  return { kind: 'folder', id: `${parentId}/${folder}`, folder, label, context, ...(namespace !== undefined ? { namespace } : {}) };
}

const ICONS: Record<string, string> = { nodePools: 'server-process', namespaces: 'symbol-namespace', helmReleases: 'package' };

export function folderItem(node: FolderNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(ICONS[node.folder] ?? resourceKind(node.folder)?.icon ?? 'folder');
  item.contextValue = `berth.folder.${node.folder}`;
  return item;
}
