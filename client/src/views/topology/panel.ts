/**
 * Berth: Show Application Topology: one webview panel per Application, beside the editor, drawing
 * what the Application renders to and its live pods per node pool (model.ts, html.ts). The panel
 * stays live through watch caches (pods, nodes and the rendered kinds of its namespace), shared by
 * every topology panel and debounced by LiveCaches; closing the panel releases all of it.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PlatformDocument } from '../../../../protocol/protocol';
import { renderManifests } from '../../../../platform/render';
import { staticResource, type KubeObject, type WatchResource } from '../../../../kube';
import type { CommandDeps } from '../../commands/deps';
import { reportProblem } from '../../commands/feedback';
import { workspacePlatformDocuments } from '../../commands/platformDocuments';
import { targetOf, type ObjectTarget } from '../../commands/targets';
import { ensureTrusted } from '../../trust';
import { listingAbort, LiveCaches, REFRESH_DEBOUNCE_MS } from '../clusters/liveCaches';
import { DEPLOYMENTS, INGRESSES, NODES, PODS, PVCS, SERVICES } from '../clusters/resourceKinds';
import { manifestOf } from '../platform/expected';
import { applicationAt } from './applicationAt';
import { applicationContext } from './applicationContext';
import { messageBody, topologyBody, topologyDocument } from './html';
import { buildTopology, type TopologyKind } from './model';

export const SHOW_TOPOLOGY_COMMAND = 'berth.showTopology';
const VIEW_TYPE = 'berth.topology';
const TITLE = 'Berth: Show Application Topology';

const HPAS: WatchResource = staticResource('HorizontalPodAutoscaler');
const LIVE_KINDS: readonly [TopologyKind, WatchResource][] = [
  ['Deployment', DEPLOYMENTS],
  ['Service', SERVICES],
  ['Ingress', INGRESSES],
  ['PersistentVolumeClaim', PVCS],
  ['HorizontalPodAutoscaler', HPAS],
];

/** The Application a panel shows: its document (file and name) and, from the Platform view, its context and cluster group. */
interface ApplicationChoice {
  readonly uri: string;
  readonly name: string;
  readonly context?: string;
  /** The cluster it was opened under: which of an Application's several clusters to show. */
  readonly cluster?: string;
}

/** A LiveCaches owner: one per panel. */
interface Owner {
  readonly id: string;
  readonly key: string;
}

function nonce(): string {
  return randomBytes(18).toString('base64');
}

function keyOf(choice: ApplicationChoice): string {
  return `${choice.uri}#${choice.name}`;
}

function pickItem(document: PlatformDocument): { label: string; description: string; detail: string; value: PlatformDocument } {
  return {
    label: document.name,
    description: [document.namespace ?? 'default', ...(document.clusters ? [`clusters ${document.clusters.join(', ')}`] : document.cluster ? [`cluster ${document.cluster}`] : [])].join(' · '),
    detail: vscode.workspace.asRelativePath(vscode.Uri.parse(document.uri)),
    value: document,
  };
}

/**
 * The Application to show: a Platform view item's; else, in a YAML editor (or a file given by a
 * menu), the one under the cursor, the file's only one, or one picked among the file's; else one
 * picked among the workspace's.
 */
async function chooseApplication(deps: CommandDeps, arg: unknown): Promise<ApplicationChoice | undefined> {
  const target = targetOf(arg);
  if (target?.type === 'platformDocument' && target.kind === 'Application') return { uri: target.uri, name: target.name, ...(target.context ? { context: target.context } : {}), ...(target.cluster !== undefined ? { cluster: target.cluster } : {}) };
  const applications = (await workspacePlatformDocuments(deps)).filter((d) => d.kind === 'Application');
  if (applications.length === 0) {
    const why = deps.client() ? 'No Application document in the workspace.' : 'The Berth language server is not running, so the workspace\u2019s Applications are unknown.';
    await reportProblem(deps, `${why} Open a file with an Application to see its topology.`);
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const uri = arg instanceof vscode.Uri ? arg : editor?.document.languageId === 'yaml' ? editor.document.uri : undefined;
  const inFile = uri ? applications.filter((a) => a.uri === uri.toString()) : [];
  let chosen: PlatformDocument | undefined;
  if (editor && uri && editor.document.uri.toString() === uri.toString()) chosen = applicationAt(editor.document.getText(), editor.selection.active.line, inFile);
  if (!chosen && inFile.length === 1) chosen = inFile[0];
  chosen ??= await deps.prompts.pick((inFile.length > 1 ? inFile : applications).map(pickItem), { title: TITLE, placeHolder: 'Application' });
  return chosen && { uri: chosen.uri, name: chosen.name };
}

/** Berth: Show Application Topology. Resolves to whether a panel is shown. */
export function showTopologyCommand(deps: CommandDeps): (arg?: unknown) => Promise<boolean> {
  const panels = deps.ctx.own(new TopologyPanels(deps));
  return async (arg?: unknown) => {
    if (!ensureTrusted('Showing an Application topology')) return false;
    const choice = await chooseApplication(deps, arg);
    if (!choice) return false;
    panels.show(choice);
    return true;
  };
}

/** The open panels, by Application, and the watch caches they share. */
class TopologyPanels implements vscode.Disposable {
  private readonly panels = new Map<string, TopologyPanel>();
  private readonly caches: LiveCaches<Owner>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: CommandDeps) {
    this.caches = new LiveCaches<Owner>((context) => deps.session.source.connect(context), (owner) => this.panels.get(owner.key)?.refresh());
    // Another context, namespace or kubeconfig: reconnect with what the files say now.
    this.subscription = deps.session.onDidChange(() => {
      for (const panel of this.panels.values()) panel.cancel();
      this.caches.releaseAll();
      for (const panel of this.panels.values()) panel.refresh();
    });
  }

  show(choice: ApplicationChoice): void {
    const key = keyOf(choice);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal(choice);
      return;
    }
    const panel = new TopologyPanel(choice, { id: `topology:${encodeURIComponent(key)}`, key }, this.deps, this.caches, () => this.panels.delete(key));
    this.panels.set(key, panel);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    this.caches.dispose();
    this.subscription.dispose();
  }
}

class TopologyPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private abort = listingAbort();
  private running = false;
  private again = false;
  private disposed = false;
  private lastBody = '';
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the picture shows now, so a message from the webview can only name one of its pods. */
  private shown: { context: string; namespace: string; pods: ReadonlySet<string> } | undefined;

  constructor(
    private choice: ApplicationChoice,
    private readonly owner: Owner,
    private readonly deps: CommandDeps,
    private readonly caches: LiveCaches<Owner>,
    private readonly onDispose: () => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Topology: ${choice.name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [], enableFindWidget: true });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.received(message)),
      // An edit of the Application's file redraws what it renders to.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== this.choice.uri) return;
        clearTimeout(this.editTimer);
        this.editTimer = setTimeout(() => this.refresh(), REFRESH_DEBOUNCE_MS);
      }),
    );
    this.show(messageBody(choice.name, ['Reading the cluster…']));
    this.refresh();
  }

  /** Shows the panel, switched to the context (and cluster) of `choice` when it names another. */
  reveal(choice: ApplicationChoice): void {
    const { context, cluster } = choice;
    if ((context !== undefined && context !== this.choice.context) || (cluster !== undefined && cluster !== this.choice.cluster)) {
      this.choice = { ...this.choice, ...(context !== undefined ? { context } : {}), ...(cluster !== undefined ? { cluster } : {}) };
      this.cancel();
      this.refresh();
    }
    this.panel.reveal(undefined, true);
  }

  /** Stops the drawing in progress (its result would be stale). */
  cancel(): void {
    this.abort.abort();
    this.abort = listingAbort();
  }

  /** Draws again; a request while drawing makes one more pass afterwards. Never throws. */
  refresh(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.draw(this.abort.signal);
        } while (this.again && !this.disposed);
      } finally {
        this.running = false;
      }
    })();
  }

  private async draw(signal: AbortSignal): Promise<void> {
    try {
      const body = await this.body(signal);
      if (body !== undefined && !signal.aborted) this.show(body);
    } catch (error) {
      this.deps.log.error(`topology ${this.choice.name}: ${String(error)}`);
      this.show(messageBody(this.choice.name, [`Drawing the topology failed: ${String(error)}`]));
    }
  }

  /** The body to show, or undefined when the drawing was cancelled. */
  private async body(signal: AbortSignal): Promise<string | undefined> {
    const { name, uri } = this.choice;
    if (!this.deps.client()) return messageBody(name, ['The Berth language server is not running, so the Application cannot be rendered.']);
    const documents = await workspacePlatformDocuments(this.deps);
    const document = documents.find((d) => d.kind === 'Application' && d.uri === uri && d.name === name);
    if (!document) return messageBody(name, [`No Application ${name} in ${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))} any more.`]);

    const kubeconfig = this.deps.session.kubeconfig();
    if (!kubeconfig.ok) return messageBody(name, [kubeconfig.error.message]);
    const contexts = kubeconfig.value.contexts.map((c) => c.name);
    const resolved = applicationContext(document, documents, contexts, this.deps.session.selection().context, this.choice.cluster);
    // The Platform view's row already resolved its cluster group's context.
    const chosen = this.choice.context && contexts.includes(this.choice.context) ? { context: this.choice.context, ...(resolved.context !== undefined && resolved.cluster !== undefined ? { cluster: resolved.cluster } : {}) } : resolved;
    if (chosen.context === undefined) return messageBody(name, [chosen.problem]);
    const { context } = chosen;
    const namespace = document.namespace ?? 'default';

    // Annotations are not part of a PlatformDocument: a blue-green Application renders its
    // Service for blue here, and the live Service's selector (model.ts prefers it) corrects that.
    const rendered = renderManifests([manifestOf(document)], [], { context: documents.filter((d) => d !== document).map(manifestOf) });
    // On several clusters, the objects of the one shown.
    const objects = rendered.objects.filter((o) => o.cluster === undefined || o.cluster === chosen.cluster);
    const pods = await this.caches.list(this.owner, context, PODS, namespace, signal);
    if (signal.aborted) return undefined;
    if (!pods.ok) return messageBody(name, [`Listing the pods of namespace ${namespace} in context ${context} failed:`, pods.error.message]);

    const notes: string[] = [...('note' in chosen && chosen.note ? [chosen.note] : []), ...rendered.problems];
    const [nodes, ...lived] = await Promise.all([
      this.caches.list(this.owner, context, NODES, undefined, signal),
      ...LIVE_KINDS.map(([, resource]) => this.caches.list(this.owner, context, resource, namespace, signal)),
    ]);
    if (signal.aborted) return undefined;
    // Only the pods are essential: without nodes the pools are unknown, without a kind its boxes say "unknown".
    if (!nodes!.ok) notes.push(`Nodes could not be listed, so pools are unknown: ${nodes!.error.message}`);
    const live = new Map<TopologyKind, readonly KubeObject[]>();
    LIVE_KINDS.forEach(([kind], i) => {
      const listed = lived[i]!;
      if (listed.ok) live.set(kind, listed.value);
      else notes.push(`${kind}s could not be listed: ${listed.error.message}`);
    });

    const model = buildTopology({
      application: { name, namespace, context },
      rendered: objects.map((o) => o.object as unknown as KubeObject),
      pods: pods.value,
      ...(nodes!.ok ? { nodes: nodes!.value } : {}),
      live,
      notes,
    });
    this.shown = { context, namespace, pods: new Set([...model.pools.flatMap((g) => g.nodes.flatMap((n) => n.pods)), ...model.pending].map((p) => p.name)) };
    return topologyBody(model);
  }

  /** Replaces the document only when the picture changed (each replacement reloads the webview). */
  private show(body: string): void {
    if (this.disposed || body === this.lastBody) return;
    this.lastBody = body;
    this.panel.webview.html = topologyDocument(`Topology: ${this.choice.name}`, body, { nonce: nonce() });
  }

  /** The webview is not trusted: only `describe` of a pod it was shown is acted on. */
  private received(message: unknown): void {
    const m = message as { type?: unknown; pod?: unknown } | null;
    if (!m || typeof m !== 'object' || m.type !== 'describe' || typeof m.pod !== 'string') return;
    const shown = this.shown;
    if (!shown || !shown.pods.has(m.pod)) return;
    const target: ObjectTarget = { type: 'object', context: shown.context, namespace: shown.namespace, apiVersion: 'v1', kind: 'Pod', name: m.pod };
    vscode.commands.executeCommand('berth.describe', target).then(undefined, (error: unknown) => this.deps.log.error(`describe ${m.pod}: ${String(error)}`));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    clearTimeout(this.editTimer);
    this.caches.release(this.owner.id);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}
