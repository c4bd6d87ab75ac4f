import type { Connection } from 'vscode-languageserver';
import { namespaceLabelsNotification } from '../../../protocol/protocol';
import { namespaceLabelsFromMessage } from '../../../platform/policy/podSecurity/namespaceLabels';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { runSafe, type Logger } from './runSafe';

/**
 * Takes the Pod Security labels of the current context's namespaces from the client; pods in
 * those namespaces are checked against them, so every file's diagnostics are published again.
 */
export function registerNamespaceLabels(connection: Connection, workspace: BerthWorkspace, republish: (uris: readonly string[]) => void, logger: Logger): void {
  connection.onNotification(namespaceLabelsNotification, (params) => {
    runSafe(logger, 'Taking the cluster namespace labels', undefined, undefined, () => {
      workspace.setClusterNamespaces(namespaceLabelsFromMessage((params as { namespaces?: unknown } | null)?.namespaces));
      republish(workspace.uris());
    });
  });
}
