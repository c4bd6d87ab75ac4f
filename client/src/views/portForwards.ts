import * as vscode from 'vscode';
import type { ForwardEvent, PortForward } from '../../../kube';
import { escapeMarkdown } from '../markdown';

/** One running forward, as the view and the status bar show it. */
export interface ActiveForward {
  readonly id: string;
  readonly context: string;
  /** `svc/web`, `pod/web-1`, `deployment/web`. */
  readonly target: string;
  readonly forward: PortForward;
  /** The last thing worth saying about it (the pod it replaced, no ready pod). */
  note?: string;
}

/**
 * The forwards this window runs: listed in the Port Forwards view (each with Stop) and counted in
 * the status bar. Every forward is stopped when the extension goes.
 */
export class PortForwards implements vscode.Disposable, vscode.TreeDataProvider<ActiveForward> {
  private readonly forwards = new Map<string, ActiveForward>();
  private readonly changed = new vscode.EventEmitter<ActiveForward | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly status = vscode.window.createStatusBarItem('berth.portForwards', vscode.StatusBarAlignment.Left, 8);
  private readonly view: vscode.TreeView<ActiveForward>;
  private counter = 0;

  constructor() {
    this.status.name = 'Berth: port forwards';
    this.status.command = 'berth.portForwards.focus';
    this.view = vscode.window.createTreeView('berth.portForwards', { treeDataProvider: this });
    this.update();
  }

  add(context: string, target: string, forward: PortForward): ActiveForward {
    const active: ActiveForward = { id: `forward-${++this.counter}`, context, target, forward };
    this.forwards.set(active.id, active);
    this.update();
    return active;
  }

  /** Records what a forward's event means for its row. */
  noteEvent(active: ActiveForward, event: ForwardEvent): void {
    if (event.kind === 'pod' && event.previous) active.note = `pod ${event.previous} went away: now ${event.pod}`;
    else if (event.kind === 'noReadyPod') active.note = 'no ready pod: connections are refused';
    else if (event.kind === 'pod') active.note = undefined;
    else return;
    this.changed.fire(active);
  }

  /** Stops and forgets one forward; false when it was not running. */
  stop(id: string): boolean {
    const active = this.forwards.get(id);
    if (!active) return false;
    this.forwards.delete(id);
    active.forward.stop();
    this.update();
    return true;
  }

  list(): ActiveForward[] {
    return [...this.forwards.values()];
  }

  /** `127.0.0.1:8080 → svc/web 80` */
  static label(active: ActiveForward): string {
    return `${active.forward.address}:${active.forward.localPort} → ${active.target} ${active.forward.remoteLabel}`;
  }

  getTreeItem(active: ActiveForward): vscode.TreeItem {
    const item = new vscode.TreeItem(PortForwards.label(active), vscode.TreeItemCollapsibleState.None);
    item.id = active.id;
    const current = active.forward.current();
    item.description = `${current ? `pod ${current.pod}:${current.port}` : 'no ready pod'} · ${active.context}${active.note ? ` · ${active.note}` : ''}`;
    item.tooltip = new vscode.MarkdownString(
      [`Forwarding ${escapeMarkdown(`${active.forward.address}:${active.forward.localPort}`)} to ${escapeMarkdown(`${active.target} ${active.forward.remoteLabel}`)} in namespace ${escapeMarkdown(active.forward.namespace)} (context ${escapeMarkdown(active.context)})`, current ? `now to pod ${escapeMarkdown(current.pod)} port ${current.port}` : 'no pod is ready', ...(active.note ? [escapeMarkdown(active.note)] : [])].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(current ? 'plug' : 'debug-disconnect');
    item.contextValue = 'berth.portForward';
    return item;
  }

  getChildren(element?: ActiveForward): ActiveForward[] {
    return element ? [] : this.list();
  }

  private update(): void {
    const count = this.forwards.size;
    this.changed.fire(undefined);
    this.view.message = count === 0 ? 'No port forwards: run Berth: Port Forward on a pod, Service or workload.' : undefined;
    if (count === 0) return this.status.hide();
    this.status.text = `$(plug) ${count}`;
    this.status.tooltip = `Berth port forwards:\n${this.list().map(PortForwards.label).join('\n')}`;
    this.status.show();
  }

  dispose(): void {
    for (const active of this.forwards.values()) active.forward.stop();
    this.forwards.clear();
    this.view.dispose();
    this.status.dispose();
    this.changed.dispose();
  }
}
