import { DidChangeWatchedFilesNotification, FileChangeType, type Connection, type DidChangeWatchedFilesParams, type TextDocuments, type WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_VALIDATION_SETTINGS, megabytes, validationSettingsFrom, type BerthConfigurationSection, type ValidationSettings } from '../../../platform/settings';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { compileExcludes } from './excludeMatcher';
import type { Logger } from './runSafe';

/** File access the workspace index needs; the Node main supplies it. */
export interface WorkspaceFileSystem {
  listYamlFiles(root: string, isExcluded: (relativePath: string) => boolean): Promise<string[]>;
  /** The file's text; undefined when it cannot be read, is not a regular file or is over `maxBytes`. */
  readTextFile(path: string, maxBytes: number): Promise<string | undefined>;
  uriToPath(uri: string): string | undefined;
  pathToUri(path: string): string;
}

const YAML_FILES = '**/*.{yaml,yml}';
/** A chart's values schema: JSON, read beside its Chart.yaml for checking values.yaml. */
const VALUES_SCHEMA = 'values.schema.json';

/**
 * Keeps the workspace index in step with the files on disk: an initial scan of the workspace
 * folders (honouring `files.exclude` and `berth.exclude`), then file-watch events. Open
 * documents always win over their file on disk.
 */
export class WorkspaceSync {
  private folders: WorkspaceFolder[] = [];
  private settings: ValidationSettings = DEFAULT_VALIDATION_SETTINGS;
  private isExcluded: (relativePath: string) => boolean = () => false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: BerthWorkspace,
    private readonly publisher: DiagnosticsPublisher,
    private readonly fs: WorkspaceFileSystem,
    private readonly logger: Logger,
  ) {}

  setFolders(folders: readonly WorkspaceFolder[] | null | undefined): void {
    this.folders = [...(folders ?? [])];
  }

  /** The workspace folders the editor opened with. */
  workspaceFolders(): readonly WorkspaceFolder[] {
    return this.folders;
  }

  /**
   * Asks the editor to report changes to YAML files on disk. The server registers the watchers
   * itself, rather than each editor's client configuring them, so that any editor that supports
   * dynamic registration keeps the index current. Sent before the first scan starts, so that few
   * changes can fall between the two; the scan does not wait for the answer.
   */
  async watchFiles(dynamicRegistrationSupported: boolean): Promise<void> {
    if (!dynamicRegistrationSupported) {
      this.logger.info('The editor cannot register file watchers for the server: files changed on disk outside the editor are read again only when opened.');
      return;
    }
    try {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: YAML_FILES }, { globPattern: `**/${VALUES_SCHEMA}` }] });
    } catch (error) {
      this.logger.error(`Could not watch the workspace files: ${String(error)}; files changed outside the editor are read again only when opened.`);
    }
  }

  async scan(configurationSupported: boolean): Promise<void> {
    this.workspace.setComplete(false);
    try {
      await this.scanFolders(configurationSupported);
    } finally {
      this.workspace.setComplete(true);
      this.publisher.republish(this.workspace.uris());
    }
  }

  private async scanFolders(configurationSupported: boolean): Promise<void> {
    if (configurationSupported) await this.loadSettings();
    const started = Date.now();
    let count = 0;
    for (const folder of this.folders) {
      const root = this.fs.uriToPath(folder.uri);
      if (!root) continue;
      const files = await this.fs.listYamlFiles(root, this.isExcluded);
      // Reads overlap in batches; analysis stays sequential (it is CPU-bound anyway).
      for (let i = 0; i < files.length; i += 32) {
        const batch = files.slice(i, i + 32).map((path) => this.fs.pathToUri(path));
        const texts = await Promise.all(batch.map((uri) => this.read(uri)));
        batch.forEach((uri, j) => {
          const text = texts[j];
          if (text !== undefined && !this.documents.get(uri)) {
            this.take(uri, text);
            count++;
          }
        });
      }
    }
    this.logger.info(`Indexed ${count} YAML files in ${Date.now() - started} ms.`);
  }

  async onWatchedFiles(params: DidChangeWatchedFilesParams): Promise<void> {
    const touched: string[] = [];
    for (const change of params.changes) {
      if (change.uri.endsWith(`/${VALUES_SCHEMA}`)) {
        await this.loadValuesSchema(change.uri);
        touched.push(change.uri.slice(0, -VALUES_SCHEMA.length) + 'values.yaml');
        continue;
      }
      if (this.documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        this.workspace.removeFile(change.uri);
        this.publisher.clear(change.uri);
      } else if (this.inWorkspace(change.uri) && (await this.load(change.uri))) {
        touched.push(change.uri);
      }
    }
    this.publisher.republish(touched);
  }

  /** A closed document falls back to its file on disk, or leaves the index if it is not in the workspace. */
  async onClosed(uri: string): Promise<void> {
    if (this.inWorkspace(uri) && (await this.load(uri))) {
      this.publisher.republish([uri]);
      return;
    }
    this.workspace.removeFile(uri);
    this.publisher.clear(uri);
    this.publisher.republish(this.workspace.uris());
  }

  private async load(uri: string): Promise<boolean> {
    const text = await this.read(uri);
    if (text === undefined) return false;
    this.take(uri, text);
    return true;
  }

  private async read(uri: string): Promise<string | undefined> {
    const path = this.fs.uriToPath(uri);
    return path === undefined ? undefined : this.fs.readTextFile(path, megabytes(this.settings.maxFileSize));
  }

  private take(uri: string, text: string): void {
    const previous = this.workspace.document(uri);
    this.workspace.setFile(TextDocument.create(uri, 'yaml', (previous?.version ?? 0) + 1, text), this.settings);
    if (uri.endsWith('/Chart.yaml') && !previous) void this.loadValuesSchema(uri.slice(0, -'Chart.yaml'.length) + VALUES_SCHEMA);
  }

  /** Reads (or forgets) a chart's values.schema.json, then republishes its values.yaml. */
  private async loadValuesSchema(uri: string): Promise<void> {
    const text = await this.read(uri);
    if (text === undefined) this.workspace.charts.removeFile(uri);
    else this.workspace.charts.setFile(uri, text);
    const values = uri.slice(0, -VALUES_SCHEMA.length) + 'values.yaml';
    if (this.workspace.has(values)) this.publisher.republish([values]);
  }

  private inWorkspace(uri: string): boolean {
    const path = this.fs.uriToPath(uri);
    if (!path || !/\.ya?ml$/i.test(path)) return false;
    return this.folders.some((folder) => {
      const root = this.fs.uriToPath(folder.uri);
      return root !== undefined && path.startsWith(root.endsWith('/') ? root : `${root}/`) && !this.isExcluded(path.slice(root.length + 1));
    });
  }

  private async loadSettings(): Promise<void> {
    try {
      const [berth, files] = (await this.connection.workspace.getConfiguration([{ section: 'berth' }, { section: 'files' }])) as [
        (BerthConfigurationSection & { exclude?: unknown }) | null,
        { exclude?: unknown } | null,
      ];
      this.settings = validationSettingsFrom(berth);
      const patterns: string[] = [];
      const filesExclude = files?.exclude;
      if (filesExclude && typeof filesExclude === 'object') {
        for (const [pattern, enabled] of Object.entries(filesExclude)) if (enabled === true) patterns.push(pattern);
      }
      if (Array.isArray(berth?.exclude)) for (const pattern of berth.exclude) if (typeof pattern === 'string') patterns.push(pattern);
      const excludes = compileExcludes(patterns);
      for (const pattern of excludes.refused) this.logger.error(`Ignoring the exclude pattern ${JSON.stringify(pattern.slice(0, 200))}: it is too long or expands to too many alternatives.`);
      this.isExcluded = excludes.isExcluded;
    } catch (error) {
      this.logger.error(`Could not read the workspace settings: ${String(error)}; indexing everything.`);
    }
  }
}
