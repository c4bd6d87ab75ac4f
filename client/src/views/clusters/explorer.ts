import * as vscode from 'vscode';
import type { PlatformDocument } from '../../../../protocol/protocol';
import { helmHistory, helmListReleases, type KubeObject } from '../../../../kube';
import { NODEPOOL_LABEL } from '../../../../platform/render/labels';
import { clusterContextName, clusterRoots } from '../clusterContexts';
import type { ClusterSource } from './source';
import { type ClusterNode, type ContextNode, type FolderNode, type HelmReleaseNode, type LoadMoreNode, type ObjectNode, type PoolNode } from './node';
import { clusterDocumentItem, clusterDocumentNode, contextItem, contextNode } from './contextNode';
import { folderItem, folderNode } from './folderNode';
import { helmReleaseItem, helmReleaseNode, helmRevisionItem, helmRevisionNodes } from './helmNodes';
import { helmTargetFor } from './helmSource';
import { ALL_PODS, ALL_PODS_FOLDER, ALL_PODS_LABEL } from './allPods';
import { listingAbort, LiveCaches } from './liveCaches';
import { errorNode, loadMoreItem, messageItem, messageNode } from './messageNode';
import { namespaceItem, namespaceNode } from './namespaceNode';
import { containerItem, containerNodes, dataKeyItem, objectItem, objectNode, objectTooltip } from './objectNode';
import { poolItem, poolNode } from './poolNode';
import type { NamespaceFilter } from './namespaceFilter';
import { pageOf } from './paging';
import { PagedListings } from './pagedListing';
import { JOBS, NAMESPACE_FOLDERS, NAMESPACES, NODES, PODS, resourceKind, type ResourceKind } from './resourceKinds';
import { jobsOf, podsOf } from './selectors';
import { byName, dataKeys, eventTime, groupByLabel } from './summaries';
import { UsageSampler } from './usage';
import { DrawnUsage, RedrawPacer } from './usageRedraw';
import { RowReuse } from './rowReuse';

export const CLUSTERS_VIEW_ID = 'berth.clusters';

/** The item with the row's usage after its description. */
function withUsageText(item: vscode.TreeItem, usage: string | undefined): vscode.TreeItem {
  if (usage) item.description = [item.description, usage].filter((d) => typeof d === 'string' && d !== '').join(' · ');
  return item;
}

/** A later turn of the event loop, after its timers: what came before and what follows are two tasks. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** What the view reads besides the kubeconfig; settings are read when a level is listed. */
export interface ExplorerOptions {
  /** The workspace's Cluster documents and the rest (roots for Clusters not created). */
  readonly platformDocuments: () => readonly PlatformDocument[];
  readonly onDidChangePlatformDocuments: vscode.Event<void>;
  readonly pageSize: () => number;
  readonly revealSecrets: () => boolean;
  /** Rows above the contexts (the local cluster's progress while `npm start` brings it up). */
  readonly banner?: { readonly rows: () => ClusterNode[]; readonly onDidChange: vscode.Event<unknown> };
}

/**
 * The Clusters view. Roots: every kubeconfig context, then every Cluster document of the
 * workspace that no context matches ("not created"). Under a context: Node pools, Namespaces and
 * All pods (read a page at a time from the API server, not watched);
 * under a namespace, one folder per kind, then Helm releases (from `helm list`, each expanding to
 * its revisions). Each level is listed when expanded, from the shared
 * watch caches, and stays live (debounced) until collapsed; long lists are paged.
 */
export class ClusterExplorer implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ClusterNode | ClusterNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private abort = listingAbort();
  private readonly caches: LiveCaches<ClusterNode>;
  private readonly listings = new PagedListings();
  private selectedContext: (() => string | undefined) | undefined;
  /** Pages shown per parent id (1 when absent). */
  private readonly pages = new Map<string, number>();
  /** Parents by id, as VS Code holds them (it refreshes by identity). */
  private readonly parents = new Map<string, ClusterNode>();
  private filter: NamespaceFilter | undefined;
  private readonly filterEmitter = new vscode.EventEmitter<NamespaceFilter | undefined>();
  readonly onDidChangeFilter = this.filterEmitter.event;
  /** CPU and memory of the pools, nodes and pods drawn, while the view is visible. */
  private readonly usage: UsageSampler<PoolNode | ObjectNode>;
  /** The usage text each row was drawn with: a sample redraws only the rows whose numbers changed. */
  private readonly drawnUsage = new DrawnUsage<PoolNode | ObjectNode>();
  private readonly usageRedraws = new RedrawPacer<PoolNode | ObjectNode>((rows) => this.emitter.fire(rows));
  /**
   * Rows kept by the object they show: a folder listed again ("Load more…", a usage redraw, a
   * watch event) redraws hundreds of rows, and only new or changed objects need a new row and item.
   */
  private readonly rows = new RowReuse<vscode.TreeItem>();
  /** The context rows drawn, by context name: where "no metrics-server" is said. */
  private readonly contextRows = new Map<string, ClusterNode>();

  constructor(
    private readonly source: ClusterSource,
    private readonly options: ExplorerOptions,
  ) {
    this.caches = new LiveCaches<ClusterNode>((context) => source.connect(context), (node) => this.emitter.fire(node));
    this.usage = new UsageSampler<PoolNode | ObjectNode>({
      connect: (context) => this.caches.client(context),
      drawnRows: () => this.drawnUsage.rows(),
      // Only rows whose numbers changed are redrawn, a few at a time (usageRedraw.ts).
      sampled: (rows) => this.usageRedraws.add(this.drawnUsage.changed(rows, (row) => this.usageOf(row))),
      metricsServedChanged: (context) => {
        const row = this.contextRows.get(context);
        if (row) this.emitter.fire(row);
      },
      podNamespace: (row) => (row.kind === 'object' && row.resource.kind === 'Pod' ? row.object.metadata.namespace : undefined),
    });
    this.disposables.push(
      this.filterEmitter,
      source.onDidChange(() => this.refresh()),
      options.onDidChangePlatformDocuments(() => this.emitter.fire(undefined)),
      ...(options.banner ? [options.banner.onDidChange(() => this.emitter.fire(undefined))] : []),
    );
  }

  get namespaceFilter(): NamespaceFilter | undefined {
    return this.filter;
  }

  setNamespaceFilter(filter: NamespaceFilter | undefined): void {
    this.filter = filter;
    this.filterEmitter.fire(filter);
    for (const node of this.parents.values()) if (node.kind === 'folder' && node.folder === 'namespaces') this.emitter.fire(node);
  }

  /** Drops every subscription and cached client and lists again from the top. */
  refresh(): void {
    this.abort.abort();
    this.abort = listingAbort();
    this.caches.releaseAll();
    this.listings.releaseAll();
    this.usage.reset();
    this.drawnUsage.clear();
    this.usageRedraws.clear();
    this.pages.clear();
    this.parents.clear();
    this.emitter.fire(undefined);
  }

  /** Usage is sampled only while the view is visible. */
  setVisible(visible: boolean): void {
    this.usage.setVisible(visible);
  }

  /**
   * Marks as current the context this window's commands act on (Use Context changes it without
   * rewriting the kubeconfig), instead of the kubeconfig's current-context.
   */
  followSelection(selected: () => string | undefined, onDidChange: vscode.Event<void>): vscode.Disposable {
    this.selectedContext = selected;
    this.emitter.fire(undefined);
    return onDidChange(() => this.emitter.fire(undefined));
  }

  /** A node collapsed: it stops being live; its children are listed afresh when it opens again. */
  collapsed(node: ClusterNode): void {
    this.caches.release(node.id);
    this.listings.release(node.id);
    this.drawnUsage.forgetUnder(node.id);
    this.emitter.fire(node);
  }

  loadMore(node: LoadMoreNode): void {
    const parent = this.parents.get(node.parentId);
    this.pages.set(node.parentId, (this.pages.get(node.parentId) ?? 1) + 1);
    if (parent) this.emitter.fire(parent);
  }

  /** The watch caches the tree holds (for the log and tests). */
  heldCaches(): string[] {
    return this.caches.held();
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    switch (node.kind) {
      case 'context': {
        this.contextRows.set(node.context.name, node);
        const item = contextItem(node);
        if (this.usage.servesNoMetrics(node.context.name)) item.description = `${String(item.description ?? '')} · no metrics-server on this cluster`;
        return item;
      }
      case 'clusterDocument':
        return clusterDocumentItem(node);
      case 'folder':
        return folderItem(node);
      case 'namespace':
        return namespaceItem(node);
      case 'pool':
        return withUsageText(poolItem(node), this.drawUsage(node));
      case 'object': {
        if (node.resource.kind !== 'Node' && node.resource.kind !== 'Pod') return this.rows.item(node, undefined, () => objectItem(node));
        // Built once per object and usage text (rowReuse.ts).
        const usage = this.drawUsage(node);
        return this.rows.item(node, usage, () => withUsageText(objectItem(node), usage));
      }
      case 'container':
        return containerItem(node);
      case 'dataKey':
        return dataKeyItem(node);
      case 'helmRelease':
        return helmReleaseItem(node);
      case 'helmRevision':
        return helmRevisionItem(node);
      case 'loadMore':
        return loadMoreItem(node);
      case 'message':
        return messageItem(node);
    }
  }

  /** Object rows get their tooltip when hovered (objectTooltip). */
  resolveTreeItem(item: vscode.TreeItem, node: ClusterNode): vscode.TreeItem {
    if (node.kind === 'object' && item.tooltip === undefined) item.tooltip = objectTooltip(node);
    return item;
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    if (!node) return this.roots();
    this.parents.set(node.id, node);
    this.drawnUsage.forgetChildrenOf(node.id);
    const signal = this.abort.signal;
    try {
      switch (node.kind) {
        case 'context':
          return this.contextChildren(node);
        case 'folder':
          return await this.folderChildren(node, signal);
        case 'namespace':
          return [...NAMESPACE_FOLDERS.map((kind) => folderNode(node.id, kind.key, kind.label, node.context, node.name)), folderNode(node.id, 'helmReleases', 'Helm releases', node.context, node.name)];
        case 'pool':
          return node.nodes.map((n) => this.objectRow(node.id, node.context, NODES, n));
        case 'object':
          return await this.objectChildren(node, signal);
        case 'helmRelease':
          return await this.helmRevisions(node, signal);
        default:
          return [];
      }
    } catch (error) {
      // Never let a listing throw into VS Code: the row says what went wrong.
      return [messageNode(`${node.id}/failed`, `Listing failed: ${String(error)}`, 'error')];
    }
  }

  private roots(): ClusterNode[] {
    const banner = this.options.banner?.rows() ?? [];
    return banner.length > 0 ? [...banner, ...this.kubeconfigRoots().filter((n) => n.id !== 'kubeconfig/empty')] : this.kubeconfigRoots();
  }

  private kubeconfigRoots(): ClusterNode[] {
    const kubeconfig = this.source.kubeconfig();
    const documents = this.options.platformDocuments();
    if (!kubeconfig.ok) {
      const roots = clusterRoots([], documents);
      return [errorNode('kubeconfig', kubeconfig.error), ...roots.missing.map((d) => clusterDocumentNode(d, clusterContextName(d)))];
    }
    const { contexts, clusters, currentContext, files } = kubeconfig.value;
    const servers = new Map(clusters.map((c) => [c.name, c.server]));
    const roots = clusterRoots(contexts, documents);
    const current = this.selectedContext?.() ?? currentContext;
    const nodes: ClusterNode[] = roots.contexts.map(({ context, cluster }) => contextNode(context, servers.get(context.cluster) ?? '(no cluster entry)', context.name === current, cluster));
    nodes.push(...roots.missing.map((d) => clusterDocumentNode(d, clusterContextName(d))));
    if (nodes.length === 0) return [messageNode('kubeconfig/empty', `No contexts in ${files.join(', ') || 'any kubeconfig'}`)];
    return nodes;
  }

  /** The row's latest usage text, recorded as drawn (so the next sample reads for it). */
  private drawUsage(node: PoolNode | ObjectNode): string | undefined {
    const usage = this.usageOf(node);
    this.drawnUsage.record(node, usage);
    this.usage.drawn(node);
    return usage;
  }

  /** The usage a pool, node or pod row shows from the latest sample. */
  private usageOf(node: PoolNode | ObjectNode): string | undefined {
    if (node.kind === 'pool') return this.usage.pool(node.context, node.nodes);
    return node.resource.kind === 'Node' ? this.usage.node(node.context, node.object) : this.usage.pod(node.context, node.object);
  }

  /** The row of a listed object: the one drawn before for the same object here (rowReuse.ts), else a new one. */
  private objectRow(parentId: string, context: string, kind: ResourceKind, object: KubeObject, scope?: string): ObjectNode {
    return this.rows.node(object, parentId, kind, () => objectNode(parentId, context, kind, object, scope));
  }

  private contextChildren(node: ContextNode): ClusterNode[] {
    return [
      folderNode(node.id, 'nodePools', 'Node pools', node.context.name),
      folderNode(node.id, 'namespaces', 'Namespaces', node.context.name),
      folderNode(node.id, ALL_PODS_FOLDER, ALL_PODS_LABEL, node.context.name),
    ];
  }

  private async folderChildren(node: FolderNode, signal: AbortSignal): Promise<ClusterNode[]> {
    if (node.folder === 'namespaces') {
      const listed = await this.caches.list(node, node.context, NAMESPACES, undefined, signal);
      if (!listed.ok) return [errorNode(node.id, listed.error)];
      const selected = this.contextNamespace(node.context);
      const filter = this.filter;
      const shown = listed.value.filter((ns) => !filter || filter.matches(ns.metadata.name ?? '')).sort(byName);
      if (shown.length === 0) return [messageNode(`${node.id}/empty`, filter ? `No namespace matches "${filter.text}"` : 'No namespaces')];
      return this.paged(node, shown, (ns) => namespaceNode(node.id, node.context, ns.metadata.name ?? '', ns.metadata.name === selected, (ns as { status?: { phase?: string } }).status?.phase));
    }
    if (node.folder === 'nodePools') {
      const listed = await this.caches.list(node, node.context, NODES, undefined, signal);
      if (!listed.ok) return [errorNode(node.id, listed.error)];
      if (listed.value.length === 0) return [messageNode(`${node.id}/empty`, 'No nodes')];
      const cluster = this.clusterNameOf(node.context);
      return [...groupByLabel(listed.value, NODEPOOL_LABEL)].map(([pool, nodes]) => poolNode(node.id, node.context, pool, nodes, cluster));
    }
    if (node.folder === 'helmReleases') return this.helmReleases(node, signal);
    if (node.folder === ALL_PODS_FOLDER) return this.allPods(node, signal);
    const kind = resourceKind(node.folder);
    if (!kind || node.namespace === undefined) return [];
    const listed = await this.caches.list(node, node.context, kind, node.namespace, signal);
    if (!listed.ok) return [errorNode(node.id, listed.error)];
    // Events newest first; everything else by name.
    const items = kind.key === 'events' ? [...listed.value].sort((a, b) => eventTime(b) - eventTime(a)) : [...listed.value].sort(byName);
    if (items.length === 0) return [messageNode(`${node.id}/empty`, `No ${kind.label}`)];
    return this.paged(node, items, (o) => this.objectRow(node.id, node.context, kind, o));
  }

  /**
   * Every pod of the cluster as the server orders them (by namespace, then name): as many pages
   * as "Load more…" asked for, each fetched once with `limit`/`continue`; no watch.
   */
  private async allPods(node: FolderNode, signal: AbortSignal): Promise<ClusterNode[]> {
    const client = await this.caches.client(node.context);
    if (!client.ok) return [errorNode(node.id, client.error)];
    const pageSize = this.options.pageSize();
    const count = (this.pages.get(node.id) ?? 1) * pageSize;
    const listed = await this.listings.upTo(node.id, client.value, ALL_PODS, count, pageSize, signal);
    if (!listed.ok) return [errorNode(node.id, listed.error)];
    // The page's parse and the rows' drawing as two tasks, not one long one.
    await nextTask();
    const { items, complete, remaining } = listed.value;
    if (items.length === 0) return [messageNode(`${node.id}/empty`, 'No pods')];
    const shown = items.slice(0, count);
    // Pod names repeat across namespaces: the namespace is part of each row's id.
    const nodes: ClusterNode[] = shown.map((pod) => this.objectRow(node.id, node.context, ALL_PODS, pod, pod.metadata.namespace ?? ''));
    // Without the server's count of what is left, at least one more page is.
    const left = items.length - shown.length + (complete ? 0 : (remaining ?? pageSize));
    if (left > 0) nodes.push({ kind: 'loadMore', id: `${node.id}/+more`, parentId: node.id, remaining: left } satisfies LoadMoreNode);
    return nodes;
  }

  /**
   * A namespace's releases, from `helm list` when the folder opens (helm keeps no watchable
   * index): Berth's own helm commands refresh the folder, the view's Refresh does too.
   */
  private async helmReleases(node: FolderNode, signal: AbortSignal): Promise<ClusterNode[]> {
    const target = helmTargetFor(this.source.kubeconfig(), node.context);
    if (!target.ok || node.namespace === undefined) return target.ok ? [] : [errorNode(node.id, target.error)];
    const listed = await helmListReleases(target.value, node.namespace, signal);
    if (!listed.ok) return [errorNode(node.id, listed.error)];
    const releases = [...listed.value].sort((a, b) => a.name.localeCompare(b.name));
    if (releases.length === 0) return [messageNode(`${node.id}/empty`, 'No Helm releases')];
    return this.paged(node, releases, (r) => helmReleaseNode(node.id, node.context, node.namespace!, r));
  }

  private async helmRevisions(node: HelmReleaseNode, signal: AbortSignal): Promise<ClusterNode[]> {
    const target = helmTargetFor(this.source.kubeconfig(), node.context);
    if (!target.ok) return [errorNode(node.id, target.error)];
    const history = await helmHistory(target.value, node.namespace, node.release.name, signal);
    if (!history.ok) return [errorNode(node.id, history.error)];
    if (history.value.length === 0) return [messageNode(`${node.id}/empty`, 'No revisions')];
    return this.paged(node, helmRevisionNodes(node, history.value), (n) => n);
  }

  /** Lists the Helm releases folders shown (of one namespace, when given) again: after an install, rollback or uninstall. */
  refreshHelmReleases(context?: string, namespace?: string): void {
    for (const node of this.parents.values()) {
      if (node.kind === 'folder' && node.folder === 'helmReleases' && (context === undefined || node.context === context) && (namespace === undefined || node.namespace === namespace)) this.emitter.fire(node);
    }
  }

  private async objectChildren(node: ObjectNode, signal: AbortSignal): Promise<ClusterNode[]> {
    const namespace = node.object.metadata.namespace;
    switch (node.resource.expands) {
      case 'containers':
        return containerNodes(node.id, node.context, node.object);
      case 'keys': {
        const keys = dataKeys(node.object, node.resource.kind === 'Secret' ? 'Secret' : 'ConfigMap', this.options.revealSecrets());
        if (keys.length === 0) return [messageNode(`${node.id}/empty`, 'No keys')];
        return keys.map((k) => ({ kind: 'dataKey', id: `${node.id}/${encodeURIComponent(k.key)}`, key: k.key, description: k.description }));
      }
      case 'pods':
        return this.related(node, PODS, namespace, signal, (items) => podsOf(node.object, items));
      case 'jobs':
        return this.related(node, JOBS, namespace, signal, (items) => jobsOf(node.object, items));
      default:
        return [];
    }
  }

  /** Children of an object drawn from another kind's cache (a workload's pods, a CronJob's Jobs). */
  private async related(node: ObjectNode, kind: ResourceKind, namespace: string | undefined, signal: AbortSignal, pick: (items: KubeObject[]) => KubeObject[]): Promise<ClusterNode[]> {
    const listed = await this.caches.list(node, node.context, kind, namespace, signal);
    if (!listed.ok) return [errorNode(node.id, listed.error)];
    const items = pick(listed.value).sort(byName);
    if (items.length === 0) return [messageNode(`${node.id}/empty`, `No ${kind.label}`)];
    return this.paged(node, items, (o) => this.objectRow(node.id, node.context, kind, o));
  }

  private paged<T>(parent: ClusterNode, items: readonly T[], make: (item: T) => ClusterNode): ClusterNode[] {
    const { shown, remaining } = pageOf(items, this.options.pageSize(), this.pages.get(parent.id) ?? 1);
    const nodes = shown.map(make);
    if (remaining > 0) nodes.push({ kind: 'loadMore', id: `${parent.id}/+more`, parentId: parent.id, remaining } satisfies LoadMoreNode);
    return nodes;
  }

  private contextNamespace(context: string): string {
    const kubeconfig = this.source.kubeconfig();
    return (kubeconfig.ok ? kubeconfig.value.contexts.find((c) => c.name === context)?.namespace : undefined) ?? 'default';
  }

  /** The Cluster document a context belongs to (its name is what NodePools name), else the context. */
  private clusterNameOf(context: string): string {
    return this.options.platformDocuments().find((d) => d.kind === 'Cluster' && clusterContextName(d) === context)?.name ?? context;
  }

  dispose(): void {
    this.abort.abort();
    this.usage.dispose();
    this.usageRedraws.dispose();
    this.caches.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

