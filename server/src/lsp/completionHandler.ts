import type { CompletionItem, CompletionParams, Connection, TextDocuments, WorkspaceFolder } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChartIndex } from '../../../platform/charts/chartIndex';
import { uriPath, type CompletionWorkspace } from '../../../platform/complete/clusterNames';
import type { BerthLanguageService } from '../../../platform/languageService';
import { isBelow, uriKey } from '../../../platform/sources/uris';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { chartsWith } from './chartDocuments';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/** What completion reads of the workspace: its Clusters and known contexts, and the folders to name files by. */
export interface CompletionSources {
  readonly workspace: BerthWorkspace;
  readonly folders: () => readonly WorkspaceFolder[];
}

/**
 * Completion: the keys of values.yaml after `.Values.` in a chart's templates, else the schema's
 * fields and values, and the workspace's Clusters and known contexts where a cluster is named.
 */
export function registerCompletion(connection: Connection, documents: TextDocuments<TextDocument>, service: BerthLanguageService, settings: SettingsProvider, logger: Logger, sources?: CompletionSources): void {
  const charts: ChartIndex | undefined = sources?.workspace.charts;
  connection.onCompletion(async (params: CompletionParams, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const documentSettings = await settings.forUri(document.uri);
    const known: CompletionWorkspace | undefined = sources && {
      clusterNames: () => {
        // Read only where a cluster is named: a Cluster defined in the file being edited counts as soon as it is typed.
        if (sources.workspace.document(document.uri)?.version !== document.version) sources.workspace.setFile(document, documentSettings);
        return sources.workspace.clusterNames();
      },
      displayPath: (uri) => displayPath(uri, sources.folders()),
    };
    return runSafe<CompletionItem[]>(logger, 'completion', [], token, () => chartsWith(charts, document)?.completion(document.uri, params.position) ?? service.complete(document, params.position, documentSettings, known));
  });
}

/** A file's path below its workspace folder (prefixed by the folder's name when there are several), else the URI's path. */
function displayPath(uri: string, folders: readonly WorkspaceFolder[]): string {
  const key = uriKey(uri);
  for (const folder of folders) {
    const root = uriKey(folder.uri).replace(/\/$/, '');
    if (!isBelow(key, root)) continue;
    const relative = key.slice(root.length + 1);
    return folders.length > 1 ? `${folder.name}/${relative}` : relative;
  }
  return uriPath(uri);
}
