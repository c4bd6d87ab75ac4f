// The local cluster on kwokctl's binary runtime: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and the kwok controller run as local processes from the binaries built here.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { runCaptured, runLogged, tailOf } from './run.mjs';
import { writeKwokConfig } from './kwok-config.mjs';
import { say, UserError } from './log.mjs';
import { withLock } from './lock.mjs';
import { cacheDir } from './paths.mjs';

function kwokctlEnv(bin, paths) {
  return {
    ...process.env,
    // kwokctl keeps clusters in KWOK_WORKDIR (default ~/.kwok); ours stays in the cluster folder.
    KWOK_WORKDIR: paths.kwokWorkdir,
    // kwokctl looks kubectl up on PATH and downloads one when it finds none: ours comes first.
    PATH: `${dirname(bin.kubectl)}${delimiter}${process.env.PATH ?? ''}`,
  };
}

export function kwokClusterExists(name, paths) {
  return existsSync(join(paths.kwokWorkdir, 'clusters', name));
}

async function kwokctl(bin, paths, args, what) {
  const log = join(paths.dir, 'kwokctl.log');
  const code = await runLogged(bin.kwokctl, args, { env: kwokctlEnv(bin, paths), log });
  if (code !== 0) throw new UserError(`kwokctl failed to ${what} (exit ${code}); last lines of ${log}:\n${tailOf(log)}`);
}

/** Creates the cluster and waits until its apiserver is ready; writes its context to the kubeconfig. */
export async function createKwokCluster(name, bin, paths, cluster, metricsServer) {
  mkdirSync(paths.kwokWorkdir, { recursive: true });
  const config = await writeKwokConfig(bin, paths, cluster, metricsServer);
  say(`starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok${metricsServer ? ' and metrics-server' : ''} (kwokctl cluster "${name}")`);
  // kwokctl picks each component's port by probing for a free one and only binds it when the
  // component starts: two clusters created at the same moment (another BERTH_CLUSTER_DIR, the
  // bench's) could pick the same ports. One creation at a time per machine (per cache folder).
  await withLock(join(cacheDir(), 'kwokctl-create.lock'), () => kwokctl(bin, paths, [
    'create', 'cluster', '--name', name, '--config', config,
    // The context goes into our kubeconfig, never the user's ~/.kube/config.
    '--kubeconfig', paths.kubeconfig,
    '--wait', '3m',
  ], 'create the cluster'), { what: 'kwokctl create cluster (ports are picked one cluster at a time)' });
  await expectApiserver(name, bin, paths);
}

/** kwokctl exits 0 even when its wait for the apiserver failed: check, and show why. */
async function expectApiserver(name, bin, paths) {
  const kubeconfig = join(paths.kwokWorkdir, 'clusters', name, 'kubeconfig.yaml');
  const r = await runCaptured(bin.kubectl, ['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz', '--request-timeout=5s']);
  if (r.code === 0) return;
  const log = join(paths.kwokWorkdir, 'clusters', name, 'logs', 'kube-apiserver.log');
  throw new UserError(`the apiserver is not ready after kwokctl started it; last lines of ${log}:\n${tailOf(log, 10)}`);
}

/** Restarts the processes of an existing cluster (after a reboot, say). */
export async function startKwokCluster(name, bin, paths) {
  say(`restarting the components of kwokctl cluster "${name}"`);
  await kwokctl(bin, paths, ['start', 'cluster', '--name', name, '--wait', '3m'], 'start the cluster');
  await expectApiserver(name, bin, paths);
}

export async function deleteKwokCluster(name, bin, paths) {
  if (!kwokClusterExists(name, paths)) return false;
  say(`stopping and deleting kwokctl cluster "${name}"`);
  if (bin) {
    await kwokctl(bin, paths, ['delete', 'cluster', '--name', name, '--kubeconfig', paths.kubeconfig], 'delete the cluster');
  }
  rmSync(join(paths.kwokWorkdir, 'clusters', name), { recursive: true, force: true });
  return true;
}
