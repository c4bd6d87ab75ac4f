// Where the local cluster keeps things. Two places on purpose:
// - binaries are shared per user (BERTH_CACHE_DIR, else $XDG_CACHE_HOME/berth, else ~/.cache/berth)
//   so a fresh clone, CI included, reuses a build that took half an hour;
// - the running cluster's state belongs to the clone (.cache/cluster, or BERTH_CLUSTER_DIR), so
//   two clones never share, or tear down, each other's cluster.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The Go wrapper modules whose go.mod/go.sum pin every binary we build. */
export const goModules = {
  kubernetes: join(repoRoot, 'cluster/go/kubernetes'),
  etcd: join(repoRoot, 'cluster/go/etcd'),
  kwok: join(repoRoot, 'cluster/go/kwok'),
};

/** metrics-server's wrapper module: apart from goModules, so it has a cache key of its own. */
export const metricsServerModule = join(repoRoot, 'cluster/go/metrics-server');

/** helm's wrapper module: a cache key of its own, as metrics-server's. */
export const helmModule = join(repoRoot, 'cluster/go/helm');

export function cacheDir() {
  if (process.env.BERTH_CACHE_DIR) return resolve(process.env.BERTH_CACHE_DIR);
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'berth');
}

export function clusterDir() {
  return resolve(process.env.BERTH_CLUSTER_DIR || join(repoRoot, '.cache/cluster'));
}

/** Everything about the running cluster lives below clusterDir(). */
export function clusterPaths() {
  const dir = clusterDir();
  return {
    dir,
    // kwokctl keeps its clusters under KWOK_WORKDIR; pointing it here keeps ~/.kwok untouched.
    kwokWorkdir: join(dir, 'kwok'),
    kubeconfig: join(dir, 'kubeconfig'),
    kwokConfig: join(dir, 'kwok.yaml'),
    nodes: join(dir, 'nodes.yaml'),
    // Written last by `up`: names the runtime and the binaries the cluster runs on.
    state: join(dir, 'state.json'),
    lock: join(dir, 'lock'),
    // Rewritten by `up` as it goes (progress.mjs); its lines go to up.log as well as to stderr.
    progress: join(dir, 'progress.json'),
    upLog: join(dir, 'up.log'),
  };
}

/** The sample that defines the embedded local cluster and its node pools. */
export const clusterSample = join(repoRoot, 'samples/platform/local-cluster.yaml');
export const instanceCatalog = join(repoRoot, 'schemas/platform/instance-catalog.json');
/** Container log lines (CRI log format) every simulated container prints. */
export const podLogTemplate = join(repoRoot, 'cluster/kwok/container.log');
