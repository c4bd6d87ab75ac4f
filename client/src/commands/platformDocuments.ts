import { platformDocumentsRequest, type PlatformDocument } from '../../../protocol/protocol';
import type { CommandDeps } from './deps';

/**
 * The workspace's Cluster, NodePool and Application documents from the language server; empty
 * (and logged) when it is not running or does not answer, so commands still work on the files
 * they were given.
 */
export async function workspacePlatformDocuments(deps: Pick<CommandDeps, 'client' | 'log'>): Promise<readonly PlatformDocument[]> {
  const client = deps.client();
  if (!client) return [];
  try {
    return (await client.sendRequest(platformDocumentsRequest, undefined)).documents;
  } catch (error) {
    deps.log.debug(`berth/platformDocuments failed: ${String(error)}`);
    return [];
  }
}
