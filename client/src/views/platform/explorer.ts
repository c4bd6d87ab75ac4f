import * as vscode from 'vscode';
import type { PlatformDocument } from '../../../../protocol/protocol';
import type { KubeObject } from '../../../../kube';
import { NODEPOOL_LABEL } from '../../../../platform/render/labels';
import { escapeMarkdown } from '../../markdown';
import { clusterContextName } from '../clusterContexts';
import { toRange } from '../clusters/contextNode';
import { listingAbort, LiveCaches, type Connect } from '../clusters/liveCaches';
import { DEPLOYMENTS, NODES } from '../clusters/resourceKinds';
import type { PlatformDocumentsSource } from '../platformDocuments';
import { contextValueOf, type BerthTarget } from '../targets';
import type { CatalogChart } from '../../../../installation/catalog';
import { catalogItem, catalogNode, chartItem, chartNode, type PlatformCatalogNode, type PlatformChartNode } from './catalogNodes';
import { autoscaleRange, expectedDeployments } from './expected';
import { applicationState, clusterState, poolState, unknownState, type DeployState, type LiveState } from './liveState';

export const PLATFORM_VIEW_ID = 'berth.platform';

/** A cluster's group: its Cluster document (when the workspace has one) and what names it. */
export interface PlatformClusterNode {
  readonly kind: 'cluster';
  readonly id: string;
  readonly name: string;
  readonly document?: PlatformDocument;
  /** The kubeconfig context it has (or would have). */
  readonly context?: string;
  readonly contextExists: boolean;
  readonly members: readonly PlatformDocument[];
  /** Set when there is a Cluster document (commands act on it). */
  readonly target?: BerthTarget;
}

export interface PlatformDocumentNode {
  readonly kind: 'document';
  readonly id: string;
  readonly document: PlatformDocument;
  readonly state: LiveState;
  readonly target: BerthTarget;
}

export interface PlatformMessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly text: string;
}

export type PlatformNode = PlatformClusterNode | PlatformDocumentNode | PlatformMessageNode | PlatformCatalogNode | PlatformChartNode;

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
 * of its cluster's nodes and Deployments; a change there or in the documents refreshes it.
 * Below them, the App Catalog: the charts that Berth: Install from Catalog… installs.
 */
export class PlatformExplorer implements vscode.TreeDataProvider<PlatformNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PlatformNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly caches: LiveCaches<PlatformNode>;
  private abort = listingAbort();

  constructor(private readonly options: PlatformExplorerOptions) {
    this.caches = new LiveCaches<PlatformNode>(options.connect, (node) => this.emitter.fire(node));
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
    const contexts = new Set(this.options.contexts());
    const names = new Map<string, PlatformDocument | undefined>();
    for (const d of documents) if (d.kind === 'Cluster' && !names.has(d.name)) names.set(d.name, d);
    for (const d of documents) if (d.kind !== 'Cluster' && d.cluster !== undefined && !names.has(d.cluster)) names.set(d.cluster, undefined);
    const orphans = documents.filter((d) => d.kind !== 'Cluster' && d.cluster === undefined);
    const roots: PlatformNode[] = [...names].map(([name, document]) => {
      // A name with no Cluster document may be a kubeconfig context (a registered cluster).
      const context = document ? clusterContextName(document) : name;
      const members = documents.filter((d) => d.kind !== 'Cluster' && d.cluster === name);
      const contextExists = context !== undefined && contexts.has(context);
      const target: BerthTarget | undefined = document && { type: 'clusterDocument', uri: document.uri, name: document.name, provider: document.provider ?? 'unknown', ...(contextExists ? { context } : {}) };
      return { kind: 'cluster', id: `platform:${encodeURIComponent(name)}`, name, ...(document ? { document } : {}), ...(context !== undefined ? { context } : {}), contextExists, members, ...(target ? { target } : {}) };
    });
    if (orphans.length > 0) roots.push({ kind: 'cluster', id: 'platform:-', name: '(no cluster)', contextExists: false, members: orphans });
    return roots;
  }

  private async members(node: PlatformClusterNode, signal: AbortSignal): Promise<PlatformNode[]> {
    const all = this.options.documents.documents;
    const states = await Promise.all(node.members.map((d) => this.stateOf(node, d, all, signal)));
    const nodes: PlatformNode[] = node.members.map((document, i) => documentNode(node, document, states[i]!));
    return nodes.length > 0 ? nodes : [{ kind: 'message', id: `${node.id}/empty`, text: 'No NodePool or Application names this cluster' }];
  }

  private async stateOf(node: PlatformClusterNode, document: PlatformDocument, all: readonly PlatformDocument[], signal: AbortSignal): Promise<LiveState> {
    if (!node.context || !node.contextExists) return { state: 'notDeployed', description: node.document ? 'cluster not created' : `no context ${node.name}`, details: [] };
    if (document.kind === 'NodePool') {
      const listed = await this.caches.list(node, node.context, NODES, undefined, signal);
      if (!listed.ok) return unknownState(listed.error.message.split('\n')[0]!, listed.error.message);
      return poolState(document.spec, listed.value.filter((n) => n.metadata.labels?.[NODEPOOL_LABEL] === document.name));
    }
    const namespace = document.namespace ?? 'default';
    const listed = await this.caches.list(node, node.context, DEPLOYMENTS, namespace, signal);
    if (!listed.ok) return unknownState(listed.error.message.split('\n')[0]!, listed.error.message);
    const live = new Map<string, KubeObject>(listed.value.map((d) => [d.metadata.name ?? '', d]));
    return applicationState(expectedDeployments(document, all), live, autoscaleRange(document));
  }

  dispose(): void {
    this.abort.abort();
    this.caches.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function documentNode(cluster: PlatformClusterNode, document: PlatformDocument, state: LiveState): PlatformDocumentNode {
  const context = cluster.contextExists ? cluster.context : undefined;
  const kind = document.kind === 'NodePool' ? 'NodePool' : 'Application';
  return {
    kind: 'document',
    id: `${cluster.id}/${kind}/${encodeURIComponent(document.namespace ?? '')}/${encodeURIComponent(document.name)}`,
    document,
    state,
    target: { type: 'platformDocument', uri: document.uri, kind, name: document.name, ...(context ? { context } : {}) },
  };
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
