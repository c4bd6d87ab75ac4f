// A local cluster of a test's own, for faults that must not hit the shared one (stopping its
// apiserver would break every other test running against it). `up` runs with BERTH_CLUSTER_DIR
// set to a fresh folder, and `down` removes it afterwards. BERTH_FAULTS_CLUSTER_DIR names a
// folder to reuse instead (brought up if needed, left up afterwards), for quick iterations.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from '../../kube/folderLock';
import { repoRoot } from './repo';

export interface OwnCluster {
  readonly dir: string;
  readonly kubeconfigPath: string;
  /** Kills the kube-apiserver (SIGKILL, as a crash) and resolves once it is gone. Etcd and the rest keep running. */
  crashApiserver(): Promise<void>;
  /** Starts the kube-apiserver again (`npm run cluster -- apiserver start`); resolves once /readyz says ok. */
  startApiserver(): Promise<void>;
  /** Tears the cluster down unless it was a reused one. */
  dispose(): Promise<void>;
}

function runCluster(dir: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Async, never spawnSync: the test's own watches and requests must keep running meanwhile.
    const child = spawn(process.execPath, [join(repoRoot(), 'scripts/cluster.mjs'), ...args], {
      cwd: repoRoot(),
      env: { ...process.env, BERTH_CLUSTER_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function mustRun(dir: string, args: string[]): Promise<string> {
  const r = await runCluster(dir, args);
  if (r.code !== 0) throw new Error(`npm run cluster -- ${args.join(' ')} (BERTH_CLUSTER_DIR=${dir}) failed with exit ${r.code}:\n${r.output}`);
  return r.output;
}

/** Brings up a cluster in a folder of its own; see the header. */
export async function startOwnCluster(): Promise<OwnCluster> {
  const reused = process.env.BERTH_FAULTS_CLUSTER_DIR;
  const dir = reused || mkdtempSync(join(tmpdir(), 'berth-faults-cluster-'));
  try {
    await mustRun(dir, ['up']);
  } catch (error) {
    if (!reused) {
      await runCluster(dir, ['down']);
      rmSync(dir, { recursive: true, force: true });
    }
    throw error;
  }
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { name: string };
  // Where kwokctl's binary runtime records the component's pid (see scripts/cluster/apiserver.mjs).
  const pidFile = join(dir, 'kwok', 'clusters', state.name, 'pids', 'kube-apiserver.pid');
  return {
    dir,
    kubeconfigPath: join(dir, 'kubeconfig'),
    async crashApiserver() {
      // In-process rather than through the script: the fault must land at a precise moment
      // (a deploy in flight), not a node start-up later.
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
      if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) throw new Error(`kube-apiserver is not running (pid file ${pidFile})`);
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      // Not our child: no exit event to await, so watch the pid for the few ms it takes.
      while (alive(pid)) {
        if (Date.now() > deadline) throw new Error(`kube-apiserver (pid ${pid}) survived SIGKILL for 10 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async startApiserver() {
      await mustRun(dir, ['apiserver', 'start']);
    },
    async dispose() {
      if (reused) {
        // Leave it usable for the next iteration.
        await runCluster(dir, ['apiserver', 'start']);
        return;
      }
      await runCluster(dir, ['down']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
