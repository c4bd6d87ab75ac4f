/**
 * What upgrading a live cluster to a target Kubernetes version would break: its objects of
 * removed or deprecated API versions (liveObjects.ts), the manifests its Helm releases applied
 * (helmReleases.ts), its control plane's and kubelets' versions against the skew policy. Every
 * request goes through the one transport; what the identity may not read becomes a note.
 */
import { ok, type Result } from '../../platform/result';
import type { ApiLifecycleTable } from '../../platform/upgrade/apiLifecycle';
import type { UpgradeFinding } from '../../platform/upgrade/finding';
import { helmManifestFindings } from '../../platform/upgrade/manifestFindings';
import { controlPlaneFindings, nodeFindings, type NodeVersions } from '../../platform/upgrade/versionSkew';
import { minorOf } from '../../platform/upgrade/versions';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { listAllPages } from '../pagedList';
import { listHelmReleases } from './helmReleases';
import { liveObjectFindings } from './liveObjects';

export interface ClusterCheck {
  readonly findings: readonly UpgradeFinding[];
  readonly cluster: { readonly context: string; readonly serverVersion?: string; readonly objects: number; readonly helmReleases: number; readonly nodes: number };
  readonly notes: readonly string[];
}

const NODE_PAGE = 500;
const MAX_NODE_PAGES = 100;

export async function clusterUpgradeCheck(client: KubeClient, table: ApiLifecycleTable, target: string, signal?: AbortSignal): Promise<Result<ClusterCheck, KubeError>> {
  const version = await client.request<{ gitVersion?: unknown }>({ method: 'GET', path: '/version', operation: { verb: 'get', resource: 'version' }, ...(signal ? { signal } : {}) });
  if (!version.ok) return version;
  const serverVersion = typeof version.value.body.gitVersion === 'string' && version.value.body.gitVersion.length <= 64 ? version.value.body.gitVersion : undefined;
  const findings: UpgradeFinding[] = [];
  const notes: string[] = [];
  if (serverVersion) findings.push(...controlPlaneFindings(serverVersion, target));
  else notes.push('The server did not say its version: the control plane\'s upgrade path was not checked.');

  const live = await liveObjectFindings(client, table, target, signal);
  if (!live.ok) return live;
  findings.push(...live.value.findings);
  notes.push(...live.value.notes);

  const helm = await listHelmReleases(client, signal);
  if (!helm.ok) return helm;
  for (const release of helm.value.releases) {
    findings.push(...helmManifestFindings(release.manifest, { namespace: release.namespace, name: release.name, revision: release.revision, ...(release.chart ? { chart: release.chart } : {}) }, table, target));
  }
  notes.push(...helm.value.notes);

  const nodes = await listNodes(client, signal);
  if (!nodes.ok) {
    if (nodes.error.kind !== 'forbidden') return nodes;
    notes.push(`Nodes were not checked against the version skew policy: ${nodes.error.message}`);
  } else {
    findings.push(...nodeFindings(nodes.value, target));
    const unknown = nodes.value.filter((n) => n.kubeletVersion === undefined || minorOf(n.kubeletVersion) === undefined);
    if (unknown.length > 0) {
      const example = unknown.find((n) => n.kubeletVersion !== undefined)?.kubeletVersion;
      notes.push(`${unknown.length} node${unknown.length === 1 ? '' : 's'} reported no kubelet version to check against the skew policy${example ? ` (such as "${example}")` : ''}`);
    }
  }
  return ok({
    findings,
    cluster: { context: client.context, ...(serverVersion ? { serverVersion } : {}), objects: live.value.objects, helmReleases: helm.value.releases.length, nodes: nodes.ok ? nodes.value.length : 0 },
    notes,
  });
}

interface NodeObject {
  readonly metadata?: { readonly name?: unknown };
  readonly status?: { readonly nodeInfo?: { readonly kubeletVersion?: unknown; readonly containerRuntimeVersion?: unknown } };
}

async function listNodes(client: KubeClient, signal?: AbortSignal): Promise<Result<NodeVersions[], KubeError>> {
  const listed = await listAllPages<NodeObject | null>(client, { path: '/api/v1/nodes', operation: { verb: 'list', resource: 'nodes' }, ...(signal ? { signal } : {}) }, { pageSize: NODE_PAGE, maxPages: MAX_NODE_PAGES });
  if (!listed.ok) return listed;
  const nodes: NodeVersions[] = [];
  for (const item of listed.value.items) {
    const name = item?.metadata?.name;
    if (typeof name !== 'string') continue;
    const info = item?.status?.nodeInfo;
    const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && value.length <= 128 ? value : undefined);
    const kubeletVersion = text(info?.kubeletVersion);
    const containerRuntimeVersion = text(info?.containerRuntimeVersion);
    nodes.push({ name, ...(kubeletVersion ? { kubeletVersion } : {}), ...(containerRuntimeVersion ? { containerRuntimeVersion } : {}) });
  }
  return ok(nodes);
}
