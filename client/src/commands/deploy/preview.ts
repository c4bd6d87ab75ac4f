import * as vscode from 'vscode';
import type { ReadOnlyDocuments } from '../../documents/readOnlyDocuments';
import { hasDifference, type ObjectDiff } from '../../../../kube';

export type PreviewAction = 'created' | 'configured' | 'unchanged' | 'failed';

/** What the dry run says will happen to the object. */
export function previewAction(diff: ObjectDiff): PreviewAction {
  if (diff.error) return 'failed';
  if (diff.liveYaml === '') return 'created';
  return hasDifference(diff) ? 'configured' : 'unchanged';
}

/**
 * Opens the dry run's changes (Secret values arrive masked from the diff, a changed one marked): each created or configured object as a diff of its live YAML
 * (empty when new) against what the server would store. Several objects open in one multi-diff
 * editor (`vscode.changes`), one object in the diff editor. Returns how many were shown.
 */
export async function showPreview(documents: ReadOnlyDocuments, context: string, diffs: readonly ObjectDiff[]): Promise<number> {
  const pairs = diffs
    .filter((d) => previewAction(d) === 'created' || previewAction(d) === 'configured')
    .map((d) => {
      const id = [context, d.namespace ?? '_cluster', d.kind, `${d.name}.yaml`];
      const live = documents.uri('deploy', 'live', ...id);
      const applied = documents.uri('deploy', 'dry-run', ...id);
      documents.set(live, d.liveYaml);
      documents.set(applied, d.appliedYaml);
      return { label: `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name} (${previewAction(d)})`, live, applied };
    });
  if (pairs.length === 0) return 0;
  if (pairs.length === 1) {
    const [only] = pairs;
    await vscode.commands.executeCommand('vscode.diff', only!.live, only!.applied, `${only!.label}: live ↔ dry run (${context})`, { preview: true });
    return 1;
  }
  try {
    await vscode.commands.executeCommand('vscode.changes', `Berth deploy to ${context}: ${pairs.length} objects (live ↔ dry run)`, pairs.map((p) => [p.applied, p.live, p.applied]));
  } catch {
    // vscode.changes is still marked experimental: fall back to one diff editor per object.
    for (const p of pairs) await vscode.commands.executeCommand('vscode.diff', p.live, p.applied, `${p.label}: live ↔ dry run (${context})`, { preview: false });
  }
  return pairs.length;
}
