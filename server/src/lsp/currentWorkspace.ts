import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import type { SettingsProvider } from './settingsProvider';

/** The workspace with the open document's latest text in it, for requests that race with edits. */
export async function workspaceWith(uri: string, documents: TextDocuments<TextDocument>, workspace: BerthWorkspace, settings: SettingsProvider): Promise<BerthWorkspace> {
  const open = documents.get(uri);
  if (open && workspace.document(uri)?.version !== open.version) {
    const documentSettings = await settings.forUri(uri);
    const latest = documents.get(uri);
    if (latest) workspace.setFile(latest, documentSettings);
  }
  return workspace;
}
