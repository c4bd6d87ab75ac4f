// Stops and starts only the kube-apiserver of a local kwok cluster, leaving etcd, the
// controller-manager, the scheduler and kwok running: the fault an API client sees when its server
// crashes or restarts. kwokctl has no command for one component of the binary runtime, so this
// does what its StopComponent/StartComponent do: the component's binary, arguments, environment
// and work folder come from the cluster's saved kwok.yaml, its pid from <workDir>/pids, and its
// output goes to <workDir>/logs, so `kwokctl delete cluster` (our `down`) still stops it.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { clusterPaths, repoRoot } from './paths.mjs';
import { readState } from './state.mjs';
import { kubectlFor } from './kubectl.mjs';
import { alive } from './lock.mjs';
import { UserError } from './log.mjs';

const COMPONENT = 'kube-apiserver';

/** The shared cluster of this clone: other people's tests run against it. */
function isSharedCluster(paths) {
  return resolve(paths.dir) === join(repoRoot, '.cache/cluster');
}

/** The apiserver component as kwokctl recorded it when it created the cluster. */
export function apiserverComponent(paths = clusterPaths()) {
  const state = readState(paths);
  if (!state) throw new UserError(`no cluster is up in ${paths.dir} (no state.json): run \`npm run cluster -- up\` first`);
  if (state.runtime !== 'kwok') throw new UserError(`the cluster in ${paths.dir} runs on ${state.runtime}; only kwok clusters run their apiserver as a local process`);
  const config = join(paths.kwokWorkdir, 'clusters', state.name, 'kwok.yaml');
  if (!existsSync(config)) throw new UserError(`kwokctl's configuration ${config} is missing`);
  const documents = parseAllDocuments(readFileSync(config, 'utf8')).map((d) => d.toJS());
  const kwokctl = documents.find((d) => d?.kind === 'KwokctlConfiguration');
  const component = kwokctl?.components?.find((c) => c.name === COMPONENT);
  if (!component?.binary || !component.workDir) throw new UserError(`${config} names no ${COMPONENT} component with a binary and a work folder`);
  return {
    binary: component.binary,
    args: component.args ?? [],
    workDir: component.workDir,
    env: Object.fromEntries((component.envs ?? []).map((e) => [e.name, e.value ?? ''])),
    pidFile: join(component.workDir, 'pids', `${COMPONENT}.pid`),
    logFile: join(component.workDir, 'logs', `${COMPONENT}.log`),
    kubectl: state.kubectl,
  };
}

function recordedPid(component) {
  if (!existsSync(component.pidFile)) return undefined;
  const pid = Number(readFileSync(component.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

function refuseShared(paths, allowShared) {
  if (!allowShared && isSharedCluster(paths)) {
    throw new UserError(`refusing to stop or start the apiserver of the shared cluster in ${paths.dir}: other tests use it. Set BERTH_CLUSTER_DIR to a cluster of your own, or pass --shared if you really mean it`);
  }
}

/**
 * Stops the apiserver. SIGKILL by default, as kwokctl does (and as a crash looks to clients:
 * connections reset, nothing drained); SIGTERM lets it shut down gracefully. Resolves once the
 * process is gone, with its pid, or undefined when it was not running.
 */
export async function stopApiserver({ paths = clusterPaths(), signal = 'SIGKILL', allowShared = false, timeoutMs = 30_000 } = {}) {
  refuseShared(paths, allowShared);
  const component = apiserverComponent(paths);
  const pid = recordedPid(component);
  if (pid === undefined) return undefined;
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  // The process is not our child, so there is no exit event to await: poll its pid briefly.
  while (alive(pid)) {
    if (Date.now() > deadline) throw new UserError(`${COMPONENT} (pid ${pid}) did not exit within ${timeoutMs / 1000}s of ${signal}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  rmSync(component.pidFile, { force: true });
  return pid;
}

/**
 * Starts the apiserver again with the command line kwokctl gave it and waits until it answers
 * /readyz. Resolves with its pid and how long it took to be ready.
 */
export async function startApiserver({ paths = clusterPaths(), allowShared = false, timeoutMs = 120_000 } = {}) {
  refuseShared(paths, allowShared);
  const component = apiserverComponent(paths);
  const t0 = Date.now();
  let pid = recordedPid(component);
  if (pid === undefined) {
    mkdirSync(join(component.workDir, 'pids'), { recursive: true });
    mkdirSync(join(component.workDir, 'logs'), { recursive: true });
    const log = openSync(component.logFile, 'a');
    try {
      // Detached and unreferenced: it outlives this script, as the processes kwokctl forks do.
      const child = spawn(component.binary, component.args, {
        cwd: component.workDir,
        env: { ...process.env, ...component.env },
        detached: true,
        stdio: ['ignore', log, log],
      });
      pid = child.pid;
      child.unref();
    } finally {
      closeSync(log);
    }
    if (!pid) throw new UserError(`could not start ${component.binary}`);
    writeFileSync(component.pidFile, String(pid));
  }
  const kube = kubectlFor(component.kubectl, paths.kubeconfig);
  const deadline = t0 + timeoutMs;
  // No event says "ready": ask /readyz until it says ok, bounded.
  while (!(await kube.apiReady())) {
    if (!alive(pid)) throw new UserError(`${COMPONENT} exited during start-up; see ${component.logFile}`);
    if (Date.now() > deadline) throw new UserError(`${COMPONENT} (pid ${pid}) is not ready after ${timeoutMs / 1000}s; see ${component.logFile}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid, readyMs: Date.now() - t0 };
}
