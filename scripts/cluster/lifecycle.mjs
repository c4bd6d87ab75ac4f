// up, down and status of the embedded local cluster.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterPaths } from './paths.mjs';
import { cachedBinaries, ensureBinaries } from './binaries.mjs';
import { cachedMetricsServer, ensureMetricsServer } from './metrics-server.mjs';
import { cachedHelm, ensureHelm } from './helm.mjs';
import { findGo } from './go.mjs';
import { clusterNodes, loadClusterSpec } from './nodes.mjs';
import { kubectlFor } from './kubectl.mjs';
import { createKwokCluster, deleteKwokCluster, kwokClusterExists, startKwokCluster } from './kwok-runtime.mjs';
import { createKindCluster, deleteKindCluster, kindAvailable } from './kind.mjs';
import { clearState, readState, writeState } from './state.mjs';
import { withLock } from './lock.mjs';
import { kwokConfigText } from './kwok-config.mjs';
import { createHash } from 'node:crypto';
import { noteInCopy, say, sayAlsoTo, UserError } from './log.mjs';
import { KWOK_STEPS, progressWriter } from './progress.mjs';

const READY_TIMEOUT = '180s';

/** Why the recorded cluster is not ready, or undefined when it is. */
export async function notReadyReason(paths = clusterPaths()) {
  const state = readState(paths);
  if (!state) return 'it is not up (no state from `up`)';
  if (!existsSync(state.kubectl)) return `its kubectl ${state.kubectl} is gone`;
  if (!existsSync(paths.kubeconfig)) return `its kubeconfig ${paths.kubeconfig} is gone`;
  const kube = kubectlFor(state.kubectl, paths.kubeconfig);
  if (!(await kube.apiReady())) return 'its apiserver does not answer /readyz';
  const ready = await kube.readyPoolNodes();
  const missing = state.nodes.filter((n) => !ready.includes(n));
  if (missing.length) return `node(s) ${missing.join(', ')} are not Ready`;
  return undefined;
}

export async function status() {
  const paths = clusterPaths();
  const reason = await notReadyReason(paths);
  if (reason) {
    say(`not ready: ${reason}`);
    return 1;
  }
  const state = readState(paths);
  say(`up and ready: ${state.runtime} cluster "${state.name}", context ${state.context}, ${state.nodes.length} nodes; kubeconfig ${paths.kubeconfig}`);
  return 0;
}

/** The progress of the `up` this process runs, while it runs. */
let running;

/** A signal ends this process: the progress file says so instead of "building" forever. */
export function interruptUp(signal) {
  running?.failed(`stopped by ${signal} before the cluster was ready`);
}

/** Brings the cluster up (idempotent) and returns the kubeconfig path; progress.json follows it. */
export async function up() {
  const paths = clusterPaths();
  mkdirSync(paths.dir, { recursive: true });
  return withLock(paths.lock, async () => {
    writeFileSync(paths.upLog, '');
    sayAlsoTo(paths.upLog);
    try {
      return await upLocked(paths);
    } catch (err) {
      const lines = String(err?.message ?? err).split('\n');
      running?.failed(lines.find((l) => /failed|not installed/.test(l)) ?? lines[0]);
      noteInCopy(String(err?.stack && !(err instanceof UserError) ? err.stack : err?.message ?? err));
      throw err;
    } finally {
      running = undefined;
    }
  });
}

async function upLocked(paths) {
  const t0 = Date.now();
  const spec = loadClusterSpec();
  const name = spec.cluster.metadata.name;
  const previous = readState(paths);
  const bin = cachedBinaries();
  const metricsServer = cachedMetricsServer();
  const config = bin && metricsServer && (await desiredConfig(spec, bin, paths, metricsServer));
  const cached = { etcd: !!bin, kwok: !!bin, kubernetes: !!bin, 'metrics-server': !!metricsServer, helm: !!cachedHelm(), start: false };
  const progressFor = (steps, context) => progressWriter({ file: paths.progress, steps, context, log: paths.upLog });
  if (!(await notReadyReason(paths)) && (previous.runtime !== 'kwok' || previous.config === config)) {
    progressFor(KWOK_STEPS.map((s) => ({ ...s, cached: true })), previous.context).ready();
    say(`already up; kubeconfig ${paths.kubeconfig}`);
    return paths.kubeconfig;
  }
  clearState(paths);

  if (!bin && !findGo() && kindAvailable()) {
    running = progressFor([{ key: 'start', name: 'starting the kind cluster', cached: false }], `kind-berth-${name}`);
    running.begin('start');
    await createKindCluster(`berth-${name}`, paths);
    const kube = kubectlFor('kubectl', paths.kubeconfig);
    await kube.wait(['--for=create', 'serviceaccount/default', '-n', 'default', `--timeout=${READY_TIMEOUT}`], 'the default service account');
    writeState(paths, { runtime: 'kind', name: `berth-${name}`, context: `kind-berth-${name}`, kubectl: which('kubectl'), nodes: [] });
    running.ready();
    say(`ready in ${Math.round((Date.now() - t0) / 1000)}s; kubeconfig ${paths.kubeconfig}`);
    return paths.kubeconfig;
  }

  const progress = (running = progressFor(KWOK_STEPS.map((s) => ({ ...s, cached: cached[s.key] })), `kwok-${name}`));
  // Said at once: a progress file left by an earlier `up` must not speak for this one.
  progress.begin(KWOK_STEPS.find((s) => !cached[s.key]).key);
  const binaries = await ensureBinaries({ onStep: progress });
  const builtMetricsServer = await step(progress, 'metrics-server', cachedMetricsServer, ensureMetricsServer);
  // Charts are rendered and released with it; built with the cluster so `up` leaves nothing to build.
  await step(progress, 'helm', cachedHelm, ensureHelm);
  progress.begin('start');
  const kubeconfig = await upKwok(spec, binaries, builtMetricsServer, paths, t0, previous);
  progress.done('start');
  progress.ready();
  return kubeconfig;
}

/** One build step that reports progress only when it has something to build. */
async function step(progress, key, cached, ensure) {
  if (cached()) return ensure();
  progress.begin(key);
  const result = await ensure();
  progress.done(key);
  return result;
}

/** A digest of everything the kwok cluster is made from, to notice when it must be recreated. */
async function desiredConfig(spec, bin, paths, metricsServer) {
  const text = JSON.stringify([await kwokConfigText(bin, paths, spec.cluster, metricsServer), await clusterNodes(spec)]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

async function upKwok(spec, bin, metricsServer, paths, t0, previous) {
  const name = spec.cluster.metadata.name;
  const nodes = await clusterNodes(spec);
  const kube = kubectlFor(bin.kubectl, paths.kubeconfig);
  const config = await desiredConfig(spec, bin, paths, metricsServer);
  if (kwokClusterExists(name, paths)) {
    if (previous?.config === config) {
      // Left from an earlier `up` whose processes stopped (a reboot): restart, else start over.
      try {
        await startKwokCluster(name, bin, paths);
      } catch (err) {
        say(`restart failed (${err.message.split('\n')[0]}); recreating the cluster`);
        await deleteKwokCluster(name, bin, paths);
      }
    } else {
      // The sample, the kwok configuration or the binaries changed since this cluster was made.
      say('the cluster definition changed since it was created; recreating it');
      await deleteKwokCluster(name, previous?.binaries && existsSync(previous.binaries.kwokctl) ? previous.binaries : bin, paths);
    }
  }
  if (!kwokClusterExists(name, paths)) await createKwokCluster(name, bin, paths, spec.cluster, metricsServer);

  say(`applying ${nodes.length} simulated nodes: ${nodes.map((n) => n.metadata.name).join(', ')}`);
  await kube.apply(nodes);
  await kube.wait(['--for=condition=Ready', 'node', ...nodes.map((n) => n.metadata.name), `--timeout=${READY_TIMEOUT}`], 'the simulated nodes to be Ready');
  // Pods cannot be created before the controller-manager has made the default service account.
  await kube.wait(['--for=create', 'serviceaccount/default', '-n', 'default', `--timeout=${READY_TIMEOUT}`], 'the default service account');
  writeState(paths, {
    runtime: 'kwok',
    name,
    context: `kwok-${name}`,
    kubectl: bin.kubectl,
    binaries: Object.fromEntries(Object.entries(bin)),
    nodes: nodes.map((n) => n.metadata.name),
    config,
  });
  say(`ready in ${Math.round((Date.now() - t0) / 1000)}s: context kwok-${name}; kubeconfig ${paths.kubeconfig}`);
  return paths.kubeconfig;
}

/** Tears down whatever `up` started; a no-op when nothing is up. */
export async function down() {
  const paths = clusterPaths();
  if (!existsSync(paths.dir)) {
    say('nothing to tear down');
    return;
  }
  await withLock(paths.lock, async () => {
    const state = readState(paths);
    const name = state?.name ?? loadClusterSpec().cluster.metadata.name;
    let removed = false;
    if (state?.runtime === 'kind') {
      await deleteKindCluster(name, paths);
      removed = true;
    } else if (kwokClusterExists(name, paths)) {
      // The kwokctl that created the cluster, even if a newer set of binaries was built since.
      const recorded = state?.binaries && existsSync(state.binaries.kwokctl) ? state.binaries : undefined;
      const bin = recorded ?? cachedBinaries();
      if (!bin) stopRecordedProcesses(name, paths);
      removed = await deleteKwokCluster(name, bin, paths);
    }
    clearState(paths);
    rmSync(paths.kubeconfig, { force: true });
    rmSync(paths.progress, { force: true });
    say(removed ? 'down' : 'nothing to tear down');
  });
}

/** Without kwokctl (its binaries were removed), stop the components by the pids kwokctl recorded. */
function stopRecordedProcesses(name, paths) {
  const dir = join(paths.kwokWorkdir, 'clusters', name, 'pids');
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    const pid = Number(readFileSync(join(dir, file), 'utf8'));
    try {
      if (pid) process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  throw new UserError(`${cmd} not found on PATH`);
}
