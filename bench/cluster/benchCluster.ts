/**
 * The bench's own local cluster: the same control plane as `npm run cluster -- up`, in its own
 * folder (BERTH_CLUSTER_DIR=<repo>/.cache/bench-cluster), so filling it with 10,000 pods never
 * touches the cluster the tests and other people share (.cache/cluster). kwokctl gives each
 * cluster unused ports, so both run side by side.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect, loadKubeconfig, selectTarget, type KubeClient } from '../../kube';

export interface BenchCluster {
  readonly dir: string;
  readonly kubeconfig: string;
  /** The kubectl built from source with the control plane (state.json `kubectl`). */
  readonly kubectl: string;
  /** kubectl's discovery cache, next to the kubeconfig (nothing written under ~/.kube). */
  readonly kubectlCacheDir: string;
  readonly server: string;
  /** How to stop it, for the report. */
  readonly teardown: string;
}

export function benchClusterDir(repoRoot: string): string {
  return resolve(process.env.BENCH_CLUSTER_DIR || join(repoRoot, '.cache/bench-cluster'));
}

/** Starts the bench cluster unless it is up (`cluster up` is idempotent) and describes it. */
export async function ensureBenchCluster(repoRoot: string, say: (message: string) => void): Promise<BenchCluster> {
  const dir = benchClusterDir(repoRoot);
  const shared = resolve(join(repoRoot, '.cache/cluster'));
  // The bench creates 1,000 namespaces and 10,000 pods: never in the shared cluster.
  if (dir === shared) {
    throw new Error(`Refusing to run the cluster bench in the shared cluster folder ${shared}; set BENCH_CLUSTER_DIR to another folder.`);
  }
  say(`bench cluster in ${dir} (npm run cluster -- up with BERTH_CLUSTER_DIR; a no-op when it is up)`);
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts/cluster.mjs'), 'up'], {
      env: { ...process.env, BERTH_CLUSTER_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) say(`  ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('exit', (c, signal) => done(c ?? (signal ? 1 : 0)));
    child.on('error', () => done(1));
  });
  if (code !== 0) throw new Error(`The bench cluster did not come up (npm run cluster -- up exited ${code}; see the lines above).`);

  const kubeconfig = join(dir, 'kubeconfig');
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { kubectl?: string; runtime?: string };
  if (!state.kubectl || !existsSync(state.kubectl)) throw new Error(`The bench cluster's state.json names no usable kubectl (${state.kubectl ?? 'none'}).`);
  const server = /server:\s*(\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1] ?? '';
  if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(server)) throw new Error(`The bench cluster's server ${server || '(none)'} is not local; refusing to fill it.`);
  return {
    dir,
    kubeconfig,
    kubectl: state.kubectl,
    kubectlCacheDir: join(dir, 'kube-cache'),
    server,
    teardown: `BERTH_CLUSTER_DIR=${dir} npm run cluster -- down`,
  };
}

/** Berth's own connection to the bench cluster (one keep-alive agent), with a deadline long enough for the bench's bulk deletes. */
export async function connectToBenchCluster(cluster: BenchCluster, timeoutMs: number): Promise<KubeClient> {
  const kubeconfig = loadKubeconfig({ kubeconfigEnv: cluster.kubeconfig });
  if (!kubeconfig.ok) throw new Error(kubeconfig.error.message);
  const target = selectTarget(kubeconfig.value);
  if (!target.ok) throw new Error(target.error.message);
  const client = await connect(target.value, { timeoutMs });
  if (!client.ok) throw new Error(client.error.message);
  return client.value;
}

/** A positive whole-number knob from the environment. */
export function numberKnob(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not "${process.env[name]}"`);
  return value;
}
