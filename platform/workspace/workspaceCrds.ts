import { CRD_API_VERSION, readCrd, type CrdDefinition } from '../schema/crd/crdCatalog';
import type { ManifestEntry } from './workspaceIndex';

/** The CustomResourceDefinitions among a file's manifests, and a signature of their text. */
export function workspaceCrds(entries: readonly ManifestEntry[]): { crds: CrdDefinition[]; signature: string } {
  const crds: CrdDefinition[] = [];
  const texts: string[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'CustomResourceDefinition' || entry.apiVersion !== CRD_API_VERSION) continue;
    const crd = readCrd(entry.value, entry.uri);
    if (!crd) continue;
    crds.push(crd);
    texts.push(entry.chunk.text);
  }
  return { crds, signature: texts.join('\n---\n') };
}
