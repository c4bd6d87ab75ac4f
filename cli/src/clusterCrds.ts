/**
 * `berth validate --cluster-crds`: the CRDs of the current (or --context) cluster, listed live and
 * cached, or from the cache with a notice on stderr when the cluster cannot be listed. It lives in
 * the cluster commands' bundle (clusterCommands.ts), which the entry loads only when the flag is
 * given, so a plain validation loads no cluster code; it answers with a Result because an error
 * class thrown from that bundle is not the entry's.
 */
import { readClusterCrds } from '../../kube/crds/clusterCrds';
import type { KubeErrorKind } from '../../kube/errors';
import { loadKubeconfig, selectTarget } from '../../kube/kubeconfig';
import { err, ok, type Result } from '../../platform/result';
import { formatCachedAt, type ClusterCrdSet } from '../../platform/workspace/clusterCrds';
import type { CommandIo } from './commands/validate';

/** The cluster's CRD set for the workspace, or (as a usage error's text) why neither the cluster nor the cache has them. */
export async function clusterCrdsForValidate(context: string | undefined, io: Pick<CommandIo, 'stderr'>): Promise<Result<ClusterCrdSet, string>> {
  const kubeconfig = loadKubeconfig();
  const target = kubeconfig.ok ? selectTarget(kubeconfig.value, context === undefined ? {} : { context }) : kubeconfig;
  if (!target.ok) return err(`--cluster-crds: ${target.error.message}`);
  const read = await readClusterCrds(target.value);
  if (!read.ok) {
    const { context: name, liveError, cacheError, cacheFile } = read.error;
    const cache = cacheError ? `its cached CRDs cannot be used: ${cacheError.message}` : `no CRDs of it are cached (${cacheFile})`;
    return err(`--cluster-crds: cluster ${name} ${failure(liveError.kind)} (${liveError.message}), and ${cache}. Run it once while the cluster is reachable, or give the CRDs with --crd.`);
  }
  const { context: name, cachedAt, crds, liveError, cacheError } = read.value;
  if (liveError) io.stderr(`berth: cluster ${name} ${failure(liveError.kind)} (${liveError.message}); using its CRDs cached at ${formatCachedAt(cachedAt)}\n`);
  if (cacheError) io.stderr(`berth: ${cacheError.message}\n`);
  return ok({ cluster: name, cachedAt, crds });
}

/** What kept the CRDs from being listed, in a word or two. */
function failure(kind: KubeErrorKind): string {
  return kind === 'unreachable' || kind === 'timeout' ? 'unreachable' : 'could not be listed';
}
