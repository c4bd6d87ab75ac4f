// Integration tests against the embedded local cluster (a real control plane with kwok nodes).
// `npm test` brings the cluster up once per run (`node scripts/cluster.mjs up`); each test gets a
// fresh namespace that is deleted after it, so tests stay independent. When the cluster is not up
// and ready the helper throws, naming the command that fixes it: a cluster test never skips.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
// The package is ESM-only: types come in with resolution-mode, the module by dynamic import
// (esbuild bundles it either way).
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { repoRoot } from './repo';
import { NODEPOOL_LABEL } from '../../platform/render/labels';

export type { k8s };

let client: Promise<typeof k8s> | undefined;
/** @kubernetes/client-node, loaded once. */
export function kubernetesClient(): Promise<typeof k8s> {
  client ??= import('@kubernetes/client-node');
  return client;
}

export interface LocalCluster {
  kubeconfigPath: string;
  kubeConfig: k8s.KubeConfig;
  /** A namespace created for this test and deleted after it. */
  namespace: string;
}

const UP = 'run `npm run cluster -- up` (or `npm test`, which starts it)';

/** The local cluster's kubeconfig: the one `npm test` passes, else the one `up` writes in this clone. */
export function localKubeconfigPath(): string {
  const given = process.env.BERTH_TEST_KUBECONFIG || process.env.KUBECONFIG;
  if (given && !given.includes(':')) return given;
  const clusterDir = process.env.BERTH_CLUSTER_DIR || join(repoRoot(), '.cache/cluster');
  return join(clusterDir, 'kubeconfig');
}

let ready: Promise<{ kubeconfigPath: string; kubeConfig: k8s.KubeConfig }> | undefined;

/** Checks once per test file that the cluster is local, answers and has Ready nodes. */
function readyCluster(): Promise<{ kubeconfigPath: string; kubeConfig: k8s.KubeConfig }> {
  ready ??= (async () => {
    const kubeconfigPath = localKubeconfigPath();
    if (!existsSync(kubeconfigPath)) throw new Error(`The local cluster is not up: no kubeconfig at ${kubeconfigPath}; ${UP}.`);
    const k8sClient = await kubernetesClient();
    const kubeConfig = new k8sClient.KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    const server = kubeConfig.getCurrentCluster()?.server ?? '';
    // Tests create and delete namespaces: never let a stray KUBECONFIG point them at a real cluster.
    if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(server)) {
      throw new Error(`Refusing to run cluster tests against ${server || 'no server'} (context ${kubeConfig.getCurrentContext()} in ${kubeconfigPath}): only the local cluster is allowed; ${UP}.`);
    }
    const core = kubeConfig.makeApiClient(k8sClient.CoreV1Api);
    let nodes: k8s.V1NodeList;
    try {
      nodes = await core.listNode({ labelSelector: NODEPOOL_LABEL });
    } catch (err) {
      throw new Error(`The local cluster at ${server} does not answer (${(err as Error).message}); ${UP}.`);
    }
    const readyNodes = nodes.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    if (readyNodes.length === 0) throw new Error(`The local cluster at ${server} has no Ready node-pool nodes; ${UP}.`);
    return { kubeconfigPath, kubeConfig };
  })();
  return ready;
}

let counter = 0;

/** A ready local cluster and a fresh namespace for this test, deleted when the test ends. */
export async function useLocalCluster(t: TestContext): Promise<LocalCluster> {
  const { kubeconfigPath, kubeConfig } = await readyCluster();
  const core = kubeConfig.makeApiClient((await kubernetesClient()).CoreV1Api);
  const namespace = `berth-test-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'berth.dev/test': 'true' } } } });
  t.after(async () => {
    // Deletion finishes in the background (the namespace controller); the test need not wait.
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });
  // The controller-manager creates each namespace's default service account; pods need it.
  await waitForObjects<k8s.V1ServiceAccount>(
    kubeConfig,
    `/api/v1/namespaces/${namespace}/serviceaccounts`,
    { fieldSelector: 'metadata.name=default' },
    (items) => items.length === 1,
    `the default service account in ${namespace}`,
  );
  return { kubeconfigPath, kubeConfig, namespace };
}

/**
 * Watches a collection (list path, e.g. /api/v1/namespaces/x/pods) until `done` holds for the
 * objects it currently contains, and returns them. Fails after `timeoutMs` with what it last saw.
 * `done` is checked on events only, so it should need at least one object (an empty collection
 * sends none).
 */
export function waitForObjects<T extends k8s.KubernetesObject>(
  kubeConfig: k8s.KubeConfig,
  path: string,
  query: Record<string, string>,
  done: (items: T[]) => boolean,
  what: string,
  timeoutMs = 60_000,
  describe: (item: T) => string = (item) => item.metadata?.name ?? '?',
): Promise<T[]> {
  return kubernetesClient().then((client) => watchUntil(client, kubeConfig, path, query, done, what, timeoutMs, describe));
}

function watchUntil<T extends k8s.KubernetesObject>(
  client: typeof k8s,
  kubeConfig: k8s.KubeConfig,
  path: string,
  query: Record<string, string>,
  done: (items: T[]) => boolean,
  what: string,
  timeoutMs: number,
  describe: (item: T) => string,
): Promise<T[]> {
  const objects = new Map<string, T>();
  return new Promise<T[]>((resolve, reject) => {
    let abort: AbortController | undefined;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      abort?.abort();
      if (err) reject(err);
      else resolve([...objects.values()]);
    };
    const timer = setTimeout(() => {
      const seen = [...objects.values()].map(describe).join('; ') || 'nothing';
      finish(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}; last seen: ${seen}`));
    }, timeoutMs);
    // A watch without a resourceVersion first reports every existing object as ADDED.
    new client.Watch(kubeConfig)
      .watch(
        path,
        query,
        (phase, obj: T) => {
          const key = obj.metadata?.uid ?? obj.metadata?.name ?? '';
          if (phase === 'DELETED') objects.delete(key);
          else if (phase === 'ADDED' || phase === 'MODIFIED') objects.set(key, obj);
          if (done([...objects.values()])) finish();
        },
        (err) => {
          if (!settled) finish(new Error(`The watch on ${path} ended while waiting for ${what}: ${err?.message ?? 'closed by the server'}`));
        },
      )
      .then((controller) => {
        abort = controller;
        if (settled) controller.abort();
      }, (err: Error) => finish(new Error(`Could not watch ${path}: ${err.message}`)));
  });
}

/** The lines every simulated container logs (cluster/kwok/container.log, CRI log format). */
export function configuredLogLines(): string[] {
  const text = readFileSync(join(repoRoot(), 'cluster/kwok/container.log'), 'utf8');
  // <time> <stream> <P|F> <message>
  return text.split('\n').filter(Boolean).map((line) => line.split(' ').slice(3).join(' '));
}
