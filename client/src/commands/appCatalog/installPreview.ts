import { parseAllDocuments, stringify } from 'yaml';
import { diffObjects, maskSecrets, type KubeClient } from '../../../../kube';
import type { ReadOnlyDocuments } from '../../documents/readOnlyDocuments';
import { previewAction, showPreview } from '../deploy/preview';

/** The objects of a manifest helm printed (empty documents and comments left out). */
export function manifestObjects(manifest: string): unknown[] {
  return parseAllDocuments(manifest, { logLevel: 'silent' })
    .flatMap((doc) => ('errors' in doc && doc.errors.length === 0 ? [doc.toJS({ maxAliasCount: 100 }) as unknown] : []))
    .filter((o) => typeof o === 'object' && o !== null);
}

export interface PreviewOutcome {
  /** Objects the install creates or changes. */
  readonly changes: number;
  /** Objects the server-side comparison could not check, with why (shown before the choice). */
  readonly problems: readonly string[];
}

/**
 * Shows what installing the release's manifest changes, in the diff view of file deploys (live ↔
 * dry run, Secret values masked), with its namespace as the first object. When the comparison
 * itself cannot run, the manifest is shown instead (Secrets masked) in a read-only document.
 */
export async function showInstallPreview(documents: ReadOnlyDocuments, client: KubeClient, namespace: string, manifest: string, signal: AbortSignal): Promise<PreviewOutcome> {
  const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...manifestObjects(manifest)];
  // Helm owns the release's objects: the comparison takes its fields over, as an upgrade would.
  const diffs = await diffObjects(client, objects, { namespace, force: true, signal });
  if (!diffs.ok) {
    await showManifest(documents, client.context, namespace, objects);
    return { changes: objects.length, problems: [`the live objects could not be compared (${diffs.error.message}); the document shows the manifest instead`] };
  }
  await showPreview(documents, client.context, diffs.value);
  return {
    changes: diffs.value.filter((d) => previewAction(d) === 'created' || previewAction(d) === 'configured').length,
    problems: diffs.value.flatMap((d) => (d.error ? [`${d.kind} ${d.name}: ${d.error.message}`] : [])),
  };
}

async function showManifest(documents: ReadOnlyDocuments, context: string, namespace: string, objects: readonly unknown[]): Promise<void> {
  const uri = documents.uri('catalog', 'manifest', context, namespace, 'manifest.yaml');
  await documents.show(uri, objects.map((o) => stringify(maskSecrets(o), { lineWidth: 0 })).join('---\n'), 'yaml');
}
