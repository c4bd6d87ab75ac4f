import * as vscode from 'vscode';

export const VIEW_SCHEME = 'berth-view';

/**
 * Read-only documents Berth shows (describe, events, the live and applied sides of a deploy
 * preview), kept in memory by URI. Showing the same URI again updates the open editor.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, this);
  }

  /** `berth-view:/<segments...>`; each segment is encoded so names with odd characters stay one segment. */
  uri(...segments: string[]): vscode.Uri {
    return vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/${segments.map((s) => encodeURIComponent(s)).join('/')}` });
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
  }

  /** Sets the text and opens it (beside the active editor, as a preview) in `language`. */
  async show(uri: vscode.Uri, text: string, language: string): Promise<vscode.TextEditor> {
    this.set(uri, text);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== language) await vscode.languages.setTextDocumentLanguage(document, language);
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This Berth document is gone: run the command again.\n';
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}
