import { asString, field } from '../../rules/values';
import { PLATFORM_API_VERSION } from '../../schema/platformSchemas';
import type { ManifestEntry } from '../../workspace/workspaceIndex';
import { imageVersion } from './containerChecks';
import { podContainers, workloadPod } from './workloads';

/** The repository of an image reference: the reference without its tag or digest. */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  return colon === -1 ? name : name.slice(0, colon);
}

/**
 * The pinned references (a version tag or a digest) the workspace uses for an image repository,
 * most used first: what "pin this image" can offer without asking a registry.
 */
export function pinnedImages(entries: Iterable<ManifestEntry>, repository: string): string[] {
  const counts = new Map<string, number>();
  const count = (image: string | undefined): void => {
    const trimmed = image?.trim();
    if (!trimmed || imageRepository(trimmed) !== repository) return;
    const version = imageVersion(trimmed);
    if (version === 'tag' || version === 'digest') counts.set(trimmed, (counts.get(trimmed) ?? 0) + 1);
  };
  for (const entry of entries) {
    if (entry.apiVersion === PLATFORM_API_VERSION) {
      if (entry.kind === 'Application') count(asString(field(entry.value, 'spec', 'image')));
      continue;
    }
    const pod = workloadPod(entry.value, entry.apiVersion, entry.kind);
    if (pod) for (const container of podContainers(pod)) count(asString(container.container.image));
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([image]) => image);
}
