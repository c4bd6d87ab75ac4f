import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { alive } from '../../../kube/folderLock';
import { parseLocalClusterProgress, withLiveness, type LocalClusterProgress } from './progress';

/**
 * Follows the progress file: fs.watch on its folder (the file is replaced by a rename, so the
 * file itself cannot be watched), and a slow poll for file systems where watching is not told
 * of changes, for a folder that does not exist yet, and to notice a writer that died.
 */
export class LocalClusterProgressWatcher implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<LocalClusterProgress | undefined>();
  /** Fires when what the file says (or whether its writer lives) changes. */
  readonly onDidChange = this.emitter.event;
  private watcher: FSWatcher | undefined;
  private readonly poll: ReturnType<typeof setInterval>;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private last: LocalClusterProgress | undefined;
  private lastKey = '';
  private reads = 0;
  private disposed = false;

  constructor(
    readonly file: string,
    private readonly log: vscode.LogOutputChannel,
    pollMs = 10_000,
  ) {
    this.watchFolder();
    this.poll = setInterval(() => {
      this.watchFolder();
      void this.read();
    }, pollMs);
    void this.read();
  }

  /** What the file said when last read (undefined: no file, or one that does not parse). */
  get progress(): LocalClusterProgress | undefined {
    return this.last;
  }

  private watchFolder(): void {
    if (this.watcher || this.disposed) return;
    try {
      this.watcher = watch(dirname(this.file), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(this.file)) this.schedule();
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // The folder does not exist yet: the poll tries again.
      this.watcher = undefined;
    }
  }

  /** A rename comes as several events: one read after they settle. */
  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.read(), 50);
  }

  private async read(): Promise<void> {
    const generation = ++this.reads;
    let next: LocalClusterProgress | undefined;
    try {
      const parsed = parseLocalClusterProgress(await readFile(this.file, 'utf8'), this.file);
      if (parsed.ok) next = withLiveness(parsed.value, alive);
      else this.log.debug(`local cluster progress ${this.file}: ${parsed.error}`);
    } catch {
      next = undefined;
    }
    if (this.disposed || generation !== this.reads) return;
    const key = next ? JSON.stringify(next) : '';
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.last = next;
    this.emitter.fire(next);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.poll);
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.emitter.dispose();
  }
}
