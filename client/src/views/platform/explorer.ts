import * as vscode from 'vscode';
import type { PlatformDocument } from '../../../../protocol/protocol';
import { escapeMarkdown } from '../../markdown';
import { toRange } from '../clusters/contextNode';
import { listingAbort, LiveCaches, type Connect } from '../clusters/liveCaches';
import type { PlatformDocumentsSource } from '../platformDocuments';
import { contextValueOf } from '../targets';
import type { CatalogChart } from '../../../../installation/catalog';
import { catalogItem, catalogNode, chartItem, chartNode, type PlatformCatalogNode, type PlatformChartNode } from './catalogNodes';
import { clusterState, type DeployState } from './liveState';
import { clusterNodes, memberNodes, type PlatformClusterNode, type PlatformDocumentNode, type PlatformTreeNode } from './platformTree';

export const PLATFORM_VIEW_ID = 'berth.platform';

export type { PlatformClusterNode, PlatformDocumentNode, PlatformMessageNode } from './platformTree';
export type PlatformNode = PlatformTreeNode | PlatformCatalogNode | PlatformChartNode;

export interface PlatformExplorerOptions {
  readonly documents: PlatformDocumentsSource;
  /** The names of the kubeconfig's contexts now. */
  readonly contexts: () => readonly string[];
  readonly onDidChangeContexts: vscode.Event<void>;
  readonly connect: Connect;
  /** The App Catalog's charts (bundled and the workspace's), listed when Catalog is expanded. */
  readonly catalog: () => Promise<readonly CatalogChart[]>;
}

const STATE_ICONS: Record<DeployState, [string, string | undefined]> = {
  deployed: ['pass', 'testing.iconPassed'],
  drifted: ['warning', 'list.warningForeground'],
  notDeployed: ['circle-large-outline', 'disabledForeground'],
  unknown: ['question', undefined],
};

/**
 * The Platform view: the workspace's Cluster, NodePool and Application documents grouped by
 * cluster, each with its live state (deployed, drifted, not deployed) from the shared watch caches
 * of its cluster's nodes and Deployments; a change there or in the documents refreshes it. An
 * Application on several clusters is listed under each (platformTree.ts builds the groups).
 * Below them, the App Catalog: the charts that Berth: Install from Catalog… installs.
 */
export class PlatformExplorer implements vscode.TreeDataProvider<PlatformNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PlatformNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly caches: LiveCaches<PlatformTreeNode>;
  private abort = listingAbort();

  constructor(private readonly options: PlatformExplorerOptions) {
    this.caches = new LiveCaches<PlatformTreeNode>(options.connect, (node) => this.emitter.fire(node));
    this.disposables.push(
      options.documents.onDidChange(() => this.refresh()),
      options.onDidChangeContexts(() => this.refresh()),
    );
  }

  refresh(): void {
    this.abort.abort();
    this.abort = listingAbort();
    this.caches.releaseAll();
    this.emitter.fire(undefined);
  }

  /** Lists the Catalog's charts again (a Chart.yaml came, changed or went), leaving the rest alone. */
  refreshCatalog(): void {
    this.emitter.fire(catalogNode());
  }

  async refreshDocuments(): Promise<void> {
    await this.options.documents.refresh();
    this.refresh();
  }

  getTreeItem(node: PlatformNode): vscode.TreeItem {
    switch (node.kind) {
      case 'cluster':
        return clusterItem(node);
      case 'document':
        return documentItem(node);
      case 'catalog':
        return catalogItem(node);
      case 'chart':
        return chartItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  async getChildren(node?: PlatformNode): Promise<PlatformNode[]> {
    if (!node) return [...this.roots(), catalogNode()];
    if (node.kind === 'catalog') return this.catalogCharts();
    if (node.kind !== 'cluster') return [];
    try {
      return await this.members(node, this.abort.signal);
    } catch (error) {
      return [{ kind: 'message', id: `${node.id}/failed`, text: `Reading the live state failed: ${String(error)}` }];
    }
  }

  private async catalogCharts(): Promise<PlatformNode[]> {
    try {
      const charts = await this.options.catalog();
      return charts.length > 0 ? charts.map(chartNode) : [{ kind: 'message', id: 'platform:catalog/empty', text: 'No charts: the installation has no catalog/ folder and the workspace no Chart.yaml' }];
    } catch (error) {
      return [{ kind: 'message', id: 'platform:catalog/failed', text: `Listing the catalog failed: ${String(error)}` }];
    }
  }

  private roots(): PlatformNode[] {
    const { documents, result } = { documents: this.options.documents.documents, result: this.options.documents.result };
    if (documents.length === 0) {
      const text = !this.options.documents.attached ? 'Waiting for the Berth language server…' : result.complete ? 'No Cluster, NodePool or Application documents in the workspace' : 'Reading the workspace…';
      return [{ kind: 'message', id: 'platform:empty', text }];
    }
    return clusterNodes(documents, new Set(this.options.contexts()));
  }

  private members(node: PlatformClusterNode, signal: AbortSignal): Promise<PlatformNode[]> {
    return memberNodes(node, this.options.documents.documents, this.caches, signal);
  }

  dispose(): void {
    this.abort.abort();
    this.caches.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function openCommand(document: PlatformDocument): vscode.Command {
  return { command: 'vscode.open', title: 'Open the document', arguments: [vscode.Uri.parse(document.uri), { selection: toRange(document.range) }] };
}

function clusterItem(node: PlatformClusterNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  const state = node.document ? clusterState(node.document.provider, node.context, node.contextExists) : node.contextExists ? clusterState('registered', node.context, true) : undefined;
  item.description = node.document ? `${node.document.provider ?? '?'} · ${state?.description ?? ''}` : node.contextExists ? `kubeconfig context · ${state?.description ?? ''}` : 'no Cluster document';
  item.tooltip = [node.document ? `Cluster ${node.name} (${node.document.provider ?? '?'})` : `Cluster ${node.name}: no Cluster document in the workspace`, ...(state?.details ?? [])].join('\n');
  const [icon, color] = STATE_ICONS[state?.state ?? 'unknown'];
  item.iconPath = new vscode.ThemeIcon(icon === 'pass' ? 'vm-active' : 'vm-outline', color ? new vscode.ThemeColor(color) : undefined);
  if (node.target) item.contextValue = contextValueOf(node.target);
  if (node.document) item.command = openCommand(node.document);
  return item;
}

function documentItem(node: PlatformDocumentNode): vscode.TreeItem {
  const { document, state } = node;
  const label = document.kind === 'Application' && document.namespace && document.namespace !== 'default' ? `${document.namespace}/${document.name}` : document.name;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = `${document.kind} · ${state.description}`;
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(`${document.kind} ${document.name}`)}** — ${state.state === 'notDeployed' ? 'not deployed' : state.state}`);
  for (const line of state.details) tooltip.appendText(`\n\n${line}`);
  item.tooltip = tooltip;
  const [icon, color] = STATE_ICONS[state.state];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = contextValueOf(node.target);
  item.command = openCommand(document);
  return item;
}
