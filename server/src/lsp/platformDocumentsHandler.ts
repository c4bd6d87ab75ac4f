import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { platformDocumentsChangedNotification, platformDocumentsRequest, type PlatformDocumentsResult } from '../../../protocol/protocol';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { platformDocumentsSignature } from '../../../platform/workspace/platformDocuments';
import { workspaceWith } from './currentWorkspace';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/** Edits come in bursts (typing); the views want one notice after the burst. */
const DEBOUNCE_MS = 250;

export interface PlatformDocumentsNotifier {
  /** Something outside the open documents changed (files on disk, the first scan ended). */
  changed(): void;
}

/**
 * Answers `berth/platformDocuments` (the workspace's Cluster, NodePool and Application documents)
 * and sends `berth/platformDocumentsChanged` when that list changes. Edits that leave the list
 * as it was (a typo fixed in a ConfigMap) send nothing.
 */
export function registerPlatformDocuments(connection: Connection, documents: TextDocuments<TextDocument>, workspace: BerthWorkspace, settings: SettingsProvider, logger: Logger): PlatformDocumentsNotifier {
  let lastSent: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Open documents' latest text goes in first: a request may race the diagnostics pass. */
  const current = async (): Promise<BerthWorkspace> => {
    for (const document of documents.all()) await workspaceWith(document.uri, documents, workspace, settings);
    return workspace;
  };
  const snapshot = (ws: BerthWorkspace): PlatformDocumentsResult => ({ complete: ws.isComplete, documents: ws.platformDocuments(), indexedFiles: ws.uris().length });
  const signature = (result: PlatformDocumentsResult): string => platformDocumentsSignature(result.documents, result.complete);

  connection.onRequest(platformDocumentsRequest, async (_params: void, token: CancellationToken) => {
    const ws = await current();
    const fallback: PlatformDocumentsResult = { complete: false, documents: [] };
    return runSafe<PlatformDocumentsResult>(logger, 'platformDocuments', fallback, token, () => {
      const result = snapshot(ws);
      // The client now has this state: a notice for it would only make it ask again.
      lastSent = signature(result);
      return result;
    });
  });

  const check = async (): Promise<void> => {
    const ws = await current();
    const next = runSafe<string | undefined>(logger, 'platformDocumentsChanged', undefined, undefined, () => signature(snapshot(ws)));
    if (typeof next !== 'string' || next === lastSent) return;
    lastSent = next;
    await connection.sendNotification(platformDocumentsChangedNotification, undefined);
  };
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void check().catch((error: unknown) => logger.error(`Checking the platform documents failed: ${String(error)}`)), DEBOUNCE_MS);
  };

  documents.onDidChangeContent(changed);
  documents.onDidClose(changed);
  return { changed };
}
