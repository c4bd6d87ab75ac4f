/**
 * What an upgrade breaks in manifests: the workspace's files, or the manifest a Helm release
 * stored. Each object of a removed or deprecated API version is one finding, at its apiVersion.
 */
import type { ApiLifecycleTable } from './apiLifecycle';
import { apiFinding, type HelmReleaseRef, type UpgradeFinding } from './finding';
import { manifestObjects, type ManifestObject } from './manifestObjects';

export interface ManifestFile {
  /** As the report names it: a path relative to the workspace, or as given on the command line. */
  readonly file: string;
  readonly text: string;
}

export interface WorkspaceScope {
  /**
   * Only the objects meant for this Cluster document: annotated `berth.dev/cluster: <name>`, or
   * not annotated for any Cluster.
   */
  readonly cluster?: string;
}

export function workspaceFindings(files: readonly ManifestFile[], table: ApiLifecycleTable, target: string, scope: WorkspaceScope = {}): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  for (const { file, text } of files) {
    for (const object of manifestObjects(text)) {
      if (scope.cluster !== undefined && object.cluster !== undefined && object.cluster !== scope.cluster) continue;
      const finding = objectFinding(object, table, target, { source: 'workspace', file });
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/** The findings of one Helm release's stored manifest; `file` is each document's chart template. */
export function helmManifestFindings(manifest: string, release: HelmReleaseRef, table: ApiLifecycleTable, target: string): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  for (const object of manifestObjects(manifest)) {
    const finding = objectFinding(object, table, target, { source: 'helm', release, ...(object.source ? { file: object.source } : {}) }, `in Helm release ${release.namespace}/${release.name} revision ${release.revision}`);
    if (finding) findings.push(finding);
  }
  return findings;
}

function objectFinding(object: ManifestObject, table: ApiLifecycleTable, target: string, where: Pick<UpgradeFinding, 'source' | 'file' | 'release'>, via?: string): UpgradeFinding | undefined {
  const status = table.statusAt(object.apiVersion, object.kind, target);
  if (!status) return undefined;
  return apiFinding(
    status,
    {
      ...where,
      range: object.range,
      object: { apiVersion: object.apiVersion, kind: object.kind, ...(object.namespace === undefined ? {} : { namespace: object.namespace }), ...(object.name === undefined ? {} : { name: object.name }) },
    },
    via,
  );
}
