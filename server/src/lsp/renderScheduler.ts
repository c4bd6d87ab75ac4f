import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RenderRoot } from '../../../platform/sources/sourceLayout';
import { uriKey } from '../../../platform/sources/uris';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import type { RenderOutcome } from '../../../platform/workspace/renderedSources';
import type { Logger } from './runSafe';

/** One entry of `berth.helm.previews`: the values a chart is previewed and validated with. */
export interface ChartPreviewSetting {
  /** The chart folder, relative to the workspace folder (matched as the end of its path). */
  readonly chart: string;
  /** Values files, relative to the chart folder, applied after values.yaml in this order. */
  readonly valuesFiles?: readonly string[];
  readonly set?: readonly string[];
  readonly release?: string;
  readonly namespace?: string;
}

/** What rendering one chart or overlay needs from the editor. */
export interface RenderJob {
  readonly root: RenderRoot;
  readonly trusted: boolean;
  readonly preview?: ChartPreviewSetting;
  /** Open documents below the folder with the editor's text, by URI. */
  readonly unsaved: ReadonlyMap<string, string>;
  readonly signal: AbortSignal;
}

/** Runs helm or kustomize for a job (the Node main supplies it; tests give their own). */
export type Renderer = (job: RenderJob) => Promise<RenderOutcome>;

/** Edits arrive per keystroke; a chart is rendered once they pause this long. */
const DEBOUNCE_MS = 200;
/** helm and kustomize runs at once: a workspace of many charts is rendered a few at a time, not all together. */
const MAX_PARALLEL = 2;

/**
 * Renders the workspace's charts and overlays again when a file they are made of changes, one
 * run per folder at a time: a newer change cancels the run in flight, so the last one wins.
 */
export class RenderScheduler {
  private trusted: boolean;
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout> }>();
  private readonly running = new Map<string, AbortController>();
  /** Folders whose debounce ended while MAX_PARALLEL runs were going: run in turn. */
  private readonly queued = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly workspace: BerthWorkspace,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly renderer: Renderer,
    private readonly rendered: () => void,
    private readonly previews: () => Promise<readonly ChartPreviewSetting[]>,
    private readonly logger: Logger,
    trusted: boolean,
  ) {
    this.trusted = trusted;
  }

  setTrusted(trusted: boolean): void {
    if (trusted === this.trusted) return;
    this.trusted = trusted;
    this.all();
  }

  /** Every chart and overlay (after the first scan, a settings change, trust granted). */
  all(): void {
    for (const root of this.workspace.renderRoots()) this.schedule(root);
  }

  /** A file changed: render again what is made of it. */
  changed(uri: string): void {
    for (const root of this.workspace.renderRootsOf(uri)) this.schedule(root);
  }

  /** Resolves when nothing is waiting or running (tests, benchmarks). */
  idle(): Promise<void> {
    if (this.pending.size === 0 && this.running.size === 0 && this.queued.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    for (const controller of this.running.values()) controller.abort();
    this.pending.clear();
    this.queued.clear();
  }

  private schedule(root: RenderRoot): void {
    const key = uriKey(root.folder);
    const waiting = this.pending.get(key);
    if (waiting) clearTimeout(waiting.timer);
    this.running.get(key)?.abort();
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.queued.add(key);
      this.next();
    }, DEBOUNCE_MS);
    this.pending.set(key, { timer });
  }

  /** Starts queued runs while fewer than MAX_PARALLEL go (a folder already running is aborted and run again). */
  private next(): void {
    for (const key of [...this.queued]) {
      if (this.running.size >= MAX_PARALLEL && !this.running.has(key)) break;
      this.queued.delete(key);
      void this.run(key);
    }
    this.settled();
  }

  private async run(key: string): Promise<void> {
    // The folder may have stopped being a chart or overlay while the edit settled.
    const root = this.workspace.renderRoots().find((r) => uriKey(r.folder) === key);
    if (!root) return;
    const controller = new AbortController();
    this.running.set(key, controller);
    try {
      const preview = root.kind === 'chart' ? previewFor(key, await this.previews()) : undefined;
      const outcome = await this.renderer({ root, trusted: this.trusted, unsaved: this.unsavedBelow(key), signal: controller.signal, ...(preview ? { preview } : {}) });
      if (controller.signal.aborted) return;
      this.workspace.setRendered(root, outcome);
      this.rendered();
    } catch (error) {
      this.logger.error(`Rendering ${root.folder} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
      this.next();
    }
  }

  private unsavedBelow(folderKey: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const document of this.documents.all()) {
      if (uriKey(document.uri).startsWith(`${folderKey}/`)) out.set(document.uri, document.getText());
    }
    return out;
  }

  private settled(): void {
    if (this.pending.size > 0 || this.running.size > 0 || this.queued.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** The first preview whose `chart` is the end of the folder's path. */
export function previewFor(folderKey: string, previews: readonly ChartPreviewSetting[]): ChartPreviewSetting | undefined {
  return previews.find((preview) => {
    const chart = preview.chart.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    return chart !== '' && (folderKey.endsWith(`/${chart}`) || folderKey === chart);
  });
}

/** Reads `berth.helm.previews` as sent by the editor, keeping only well-formed entries. */
export function previewsFrom(value: unknown): ChartPreviewSetting[] {
  if (!Array.isArray(value)) return [];
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined);
  const out: ChartPreviewSetting[] = [];
  for (const entry of value.slice(0, 100)) {
    if (typeof entry !== 'object' || entry === null || typeof (entry as { chart?: unknown }).chart !== 'string') continue;
    const e = entry as Record<string, unknown>;
    const valuesFiles = strings(e.valuesFiles);
    const set = strings(e.set);
    out.push({
      chart: e.chart as string,
      ...(valuesFiles ? { valuesFiles } : {}),
      ...(set ? { set } : {}),
      ...(typeof e.release === 'string' ? { release: e.release } : {}),
      ...(typeof e.namespace === 'string' ? { namespace: e.namespace } : {}),
    });
  }
  return out;
}
