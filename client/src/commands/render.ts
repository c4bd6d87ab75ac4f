import * as vscode from 'vscode';
import { renderRequest } from '../../../protocol/protocol';
import type { CommandDeps } from './deps';

const SCHEME = 'berth-render';

/** Rendered output as read-only documents; rendering the same file again updates its document. */
class RenderedDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# Render the source file again (Berth: Render) to see its output.\n';
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** `berth-render:/<name>.rendered.yaml?<source uri>`: one output document per source file. */
function renderedUri(source: vscode.Uri): vscode.Uri {
  const name = source.path.split('/').pop()?.replace(/\.ya?ml$/, '') || 'untitled';
  return vscode.Uri.from({ scheme: SCHEME, path: `/${name}.rendered.yaml`, query: source.toString() });
}

/**
 * Berth: Render: the Kubernetes objects the platform documents of a file become (berth/render on
 * the language server), beside the source in a read-only editor.
 */
export function renderCommand({ ctx, client }: CommandDeps): (resource?: unknown) => Promise<void> {
  const documents = new RenderedDocuments();
  ctx.own(documents);
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents));

  return async (resource?: unknown) => {
    const source = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
    if (!source || source.scheme === SCHEME) {
      void vscode.window.showInformationMessage('Berth: open a YAML file with platform documents, or a file of a Helm chart or kustomize overlay, to render it.');
      return;
    }
    const languageClient = client();
    if (!languageClient) {
      const choice = await vscode.window.showErrorMessage('Berth: the language server is not running, so nothing can be rendered.', 'Open log');
      if (choice === 'Open log') ctx.log.show();
      return;
    }
    let result;
    try {
      result = await languageClient.sendRequest(renderRequest, { uri: source.toString(), format: 'yaml' });
    } catch (error) {
      ctx.log.error(`berth/render ${source.toString()} failed: ${String(error)}`);
      const choice = await vscode.window.showErrorMessage(`Berth: rendering failed: ${String(error)}`, 'Open log');
      if (choice === 'Open log') ctx.log.show();
      return;
    }
    const uri = renderedUri(source);
    documents.set(uri, result.text || '# Nothing to render: this file has no Application, kind Cluster or kwok NodePool.\n');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'yaml');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    if (result.problems.length > 0) {
      for (const problem of result.problems) ctx.log.warn(`render ${source.toString()}: ${problem}`);
      const choice = await vscode.window.showWarningMessage(
        `Berth: ${result.problems.length} document(s) did not render: ${result.problems[0]}${result.problems.length > 1 ? ' …' : ''}`,
        'Open log',
      );
      if (choice === 'Open log') ctx.log.show();
    }
  };
}
