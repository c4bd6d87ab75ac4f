import type { CodeAction, Connection, Location, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { workspaceWith } from './currentWorkspace';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/** Go to definition, find references and quick fixes: all answered from the workspace index. */
export function registerNavigation(connection: Connection, documents: TextDocuments<TextDocument>, workspace: BerthWorkspace, settings: SettingsProvider, logger: Logger): void {
  connection.onDefinition(async (params, token) => {
    const current = await workspaceWith(params.textDocument.uri, documents, workspace, settings);
    // `.Values` in a chart's template leads to its values files; elsewhere, the workspace's own links.
    return runSafe<Location[]>(logger, 'definition', [], token, () => current.charts.definition(params.textDocument.uri, params.position) ?? current.definition(params.textDocument.uri, params.position));
  });
  connection.onReferences(async (params, token) => {
    const current = await workspaceWith(params.textDocument.uri, documents, workspace, settings);
    return runSafe<Location[]>(logger, 'references', [], token, () => current.charts.references(params.textDocument.uri, params.position) ?? current.references(params.textDocument.uri, params.position, params.context.includeDeclaration));
  });
  connection.onCodeAction(async (params, token) => {
    const current = await workspaceWith(params.textDocument.uri, documents, workspace, settings);
    return runSafe<CodeAction[]>(logger, 'codeAction', [], token, () => current.codeActions(params.textDocument.uri, params.context.diagnostics));
  });
}
