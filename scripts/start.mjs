// `npm start`: build, install the tools if missing, and serve VS Code (code-server) with the Berth
// extension on samples/ at http://127.0.0.1:${BERTH_PORT:-8080} at once; the embedded local
// cluster comes up in the background meanwhile (the first time it builds Kubernetes from source),
// its Go builds at the lowest CPU priority, and the extension shows its progress from
// progress.json in the cluster folder. Ctrl-C (or SIGTERM) stops what this run started:
// code-server's whole process group, a cluster build still running (its whole process group),
// and the local cluster only if this run brought it up.
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setAutogroupNice } from './tools/autogroup.mjs';
import { needsNpmCi, npmCiArgs } from './tools/dependencies.mjs';
import { ensureTools } from './tools/install.mjs';
import { startCodeServer } from './tools/workbench.mjs';
import { repoRoot } from './tools/paths.mjs';
import { UserError } from './tools/log.mjs';
import { npmTools } from './tools/versions.mjs';
import { clusterPaths } from './cluster/paths.mjs';

const port = Number(process.env.BERTH_PORT || 8080);
const workbenchDir = join(repoRoot, '.cache/workbench');
const extensionFolder = 'berth.berth-0.1.0';

function say(message) {
  process.stderr.write(`start: ${message}\n`);
}

function loud(lines) {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n\n`);
}

/** Runs a command with inherited output, resolving with its exit status; interruptible. */
let current = null;
function run(command, args) {
  return new Promise((resolve) => {
    current = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
    current.on('close', (code, signal) => { current = null; resolve(code ?? (signal ? 128 : 1)); });
  });
}

/** This repository, linked into the workbench's extensions folder as an installed extension. */
function linkExtension(extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const link = join(extensionsDir, extensionFolder);
  try {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === repoRoot) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  symlinkSync(repoRoot, link);
}

const state = { stopping: false, server: null, startedCluster: false, clusterUp: null };

/** `cluster.mjs up` in a process group of its own, so a stop ends its Go builds too. */
function startClusterInBackground() {
  const child = spawn(process.execPath, ['scripts/cluster.mjs', 'up'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    // Lowest priority for the compilers only: the cluster's own processes, started by the same
    // script, keep the normal one (niceness is inherited and cannot be raised back).
    env: { ...process.env, BERTH_BUILD_NICE: '19' },
  });
  // Detached, it leads a session of its own, which sched autogroup would give as much CPU as the
  // workbench's whatever the compilers' niceness: its session yields too. The cluster's processes
  // are not in it (each starts a session of its own), so they keep the normal priority.
  if (child.pid !== undefined) setAutogroupNice(child.pid, 19);
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, error }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), signal }));
  });
  return { child, exited, done: false };
}

/** Ends the background `up` and everything it started that is still in its group. */
async function stopClusterUp(up) {
  if (up.done) return;
  const group = (signal) => {
    try {
      process.kill(-up.child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  group('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000).unref());
  await Promise.race([up.exited, timeout]);
  group('SIGKILL');
}

async function stopEverything(reason) {
  if (state.stopping) return;
  state.stopping = true;
  say(`${reason}: stopping`);
  if (current) current.kill('SIGINT');
  if (state.clusterUp && !state.clusterUp.done) {
    say('stopping the local cluster build this run started');
    await stopClusterUp(state.clusterUp);
  }
  if (state.server) {
    await state.server.stop();
    say('code-server stopped');
  }
  if (state.startedCluster) {
    say('stopping the local cluster this run started');
    spawnSync(process.execPath, ['scripts/cluster.mjs', 'down'], { cwd: repoRoot, stdio: 'inherit' });
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopEverything(signal).finally(() => process.exit(signal === 'SIGTERM' ? 143 : 130));
  });
}

async function main() {
  const t0 = Date.now();
  const seconds = () => ((Date.now() - t0) / 1000).toFixed(0);
  if (needsNpmCi(repoRoot)) {
    say('installing the npm dependencies (npm ci)');
    if ((await run('npm', npmCiArgs)) !== 0) throw new UserError('npm ci failed (see above)');
    if (state.stopping) return 130;
  }
  if ((await run(process.execPath, ['scripts/build.mjs'])) !== 0) throw new UserError('the build failed (see above)');
  if (state.stopping) return 130;
  const tools = await ensureTools();
  if (state.stopping) return 130;

  // The local cluster: reuse a running one (and leave it running), else bring it up in the
  // background while the workbench is already served; its kubeconfig path is known beforehand.
  const cluster = clusterPaths();
  mkdirSync(cluster.dir, { recursive: true });
  const alreadyUp = spawnSync(process.execPath, ['scripts/cluster.mjs', 'status'], { cwd: repoRoot, stdio: 'ignore' }).status === 0;
  if (!alreadyUp) {
    say(`bringing up the local cluster in the background (the first time builds Kubernetes from source: 15-25 minutes on 2 cores, the compilers at the lowest CPU priority); progress in ${cluster.progress}, log ${cluster.upLog}`);
    // Down it on exit even when up fails half-way: up leaves nothing that down cannot remove.
    state.startedCluster = true;
    state.clusterUp = startClusterInBackground();
    void state.clusterUp.exited.then(({ code, error }) => {
      state.clusterUp.done = true;
      if (state.stopping) return;
      if (code === 0) {
        say(`the local cluster is ready (${seconds()}s after start); KUBECONFIG=${cluster.kubeconfig}`);
        return;
      }
      loud([
        `THE LOCAL CLUSTER DID NOT COME UP (scripts/cluster.mjs up ${error ? `failed to start: ${error.message}` : `exited ${code}`}; see the cluster: lines above and ${cluster.upLog}).`,
        'The workbench keeps running: validation, completion and rendering work; cluster views and',
        'commands cannot reach the local cluster. Retry with `npm run cluster -- up` in another terminal.',
      ]);
    });
  }

  linkExtension(join(workbenchDir, 'extensions'));
  const env = { ...process.env, KUBECONFIG: cluster.kubeconfig, BERTH_LOCAL_CLUSTER_PROGRESS: cluster.progress };
  state.server = await startCodeServer(tools, { dir: workbenchDir, port, folder: join(repoRoot, 'samples'), env, quiet: true });
  if (state.stopping) return 130;
  // code-server opens the folder given on its command line at the bare URL.
  const url = `${state.server.url}/`;
  process.stdout.write(`\nBerth: VS Code (code-server ${npmTools['code-server']}) with the Berth extension on samples/\n\n    ${url}\n\n`);
  const building = state.clusterUp && !state.clusterUp.done;
  say(`workbench served in ${seconds()}s. KUBECONFIG=${cluster.kubeconfig}${building ? ' (the local cluster is still coming up: the status bar shows its progress)' : ''}; code-server log ${state.server.paths.log}. Ctrl-C stops ${state.startedCluster ? 'code-server and the local cluster' : 'code-server (the cluster was already running and stays up)'}.`);

  // Run until code-server exits on its own or a signal arrives (the handlers exit the process).
  const exited = await state.server.whenExited;
  if (state.stopping) return 0;
  await stopEverything(`code-server exited (${exited.code ?? exited.signal})`);
  return 1;
}

main().then(
  (code) => { if (!state.stopping || code !== 0) process.exitCode = code; },
  async (error) => {
    process.stderr.write(`start: ${error instanceof UserError ? error.message : error.stack}\n`);
    await stopEverything('error');
    process.exitCode = 1;
  },
);
