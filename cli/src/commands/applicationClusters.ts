/**
 * Runs a release command (promote, switch) in every cluster a multi-cluster Application lists, or
 * in one of them: the Application and the Cluster documents are read from `--file`, and each
 * cluster resolves to its context as `berth deploy` resolves it. A cluster that fails is named;
 * the others still run.
 */
import { connect, destinationTarget, formatKubeError, planDeploy, type KubeClient } from '../../../kube';
import { loadCatalog, readManifestFiles } from '../clusterArgs';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export interface ClusterSelection {
  readonly files: readonly string[];
  /** Only this listed cluster; all of them when undefined. */
  readonly cluster?: string;
  /** Overrides the Application's namespace. */
  readonly namespace?: string;
}

/**
 * `run` once per cluster of Application `app` (its exit status: 0 success). Returns 1 when any
 * cluster failed or could not be reached, else 0; undefined when `app` names no several clusters
 * in the files (the caller then runs on the target context as usual).
 */
export async function inEachCluster(app: string, selection: ClusterSelection, io: CommandIo, run: (client: KubeClient) => Promise<number>): Promise<number | undefined> {
  const files = readManifestFiles(selection.files);
  const plan = planDeploy(files.map((f) => ({ uri: f.file, text: f.text })), loadCatalog(), { namespace: selection.namespace ?? 'default' });
  const clusters = plan.clusters.filter((c) => c.applications.has(app));
  if (clusters.length === 0) {
    if (selection.cluster !== undefined) throw new UsageError(`--cluster is for Applications on several clusters; ${selection.files.join(', ')} holds no Application ${app} with spec.clusters`);
    return undefined;
  }
  const chosen = selection.cluster === undefined ? clusters : clusters.filter((c) => c.cluster === selection.cluster);
  if (chosen.length === 0) throw new UsageError(`Application ${app} does not list cluster "${selection.cluster}" (it lists ${clusters.map((c) => c.cluster).join(', ')})`);
  const failed: string[] = [];
  for (const plan of chosen) {
    const namespace = selection.namespace ?? [...plan.applications.get(app)!][0];
    const target = destinationTarget(plan.destination, {}, namespace);
    const client = target.ok ? await connect(target.value) : target;
    io.stdout(`# cluster ${plan.cluster}${plan.destination.context !== undefined ? ` (context "${plan.destination.context}")` : ''}\n`);
    if (!client.ok) {
      // A target that did not resolve already names its cluster; a connection error does not.
      io.stderr(`berth: ${target.ok ? `cluster ${plan.cluster}: ` : ''}${formatKubeError(client.error)}\n`);
      failed.push(plan.cluster);
      continue;
    }
    if ((await run(client.value)) !== 0) failed.push(plan.cluster);
  }
  if (chosen.length > 1) io.stdout(failed.length === 0 ? `done in ${chosen.length} clusters\n` : `failed in ${failed.length} of ${chosen.length} clusters: ${failed.join(', ')}\n`);
  return failed.length > 0 ? 1 : 0;
}
