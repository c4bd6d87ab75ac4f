// `npm start`: build, install the tools if missing, bring up the embedded local cluster, and serve
// VS Code (code-server) with the Berth extension on samples/ at http://127.0.0.1:${BERTH_PORT:-8080}.
// Ctrl-C (or SIGTERM) stops what this run started: code-server's whole process group, and the
// local cluster only if this run brought it up.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTools } from './tools/install.mjs';
import { startCodeServer } from './tools/workbench.mjs';
import { repoRoot } from './tools/paths.mjs';
import { UserError } from './tools/log.mjs';
import { npmTools } from './tools/versions.mjs';

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

/** Runs a node script with inherited output, resolving with its exit status; interruptible. */
let current = null;
function node(args) {
  return new Promise((resolve) => {
    current = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
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

const state = { stopping: false, server: null, startedCluster: false };

async function stopEverything(reason) {
  if (state.stopping) return;
  state.stopping = true;
  say(`${reason}: stopping`);
  if (current) current.kill('SIGINT');
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
  if ((await node(['scripts/build.mjs'])) !== 0) throw new UserError('the build failed (see above)');
  if (state.stopping) return 130;
  const tools = await ensureTools();
  if (state.stopping) return 130;

  // The local cluster: reuse a running one (and leave it running), else bring it up.
  let kubeconfig = null;
  const alreadyUp = spawnSync(process.execPath, ['scripts/cluster.mjs', 'status'], { cwd: repoRoot, stdio: 'ignore' }).status === 0;
  if (!alreadyUp) {
    say('bringing up the local cluster (the first time builds Kubernetes from source: 15-30 minutes)');
    const status = await node(['scripts/cluster.mjs', 'up']);
    if (state.stopping) return 130;
    // Down it on exit even when up failed half-way: up leaves nothing that down cannot remove.
    state.startedCluster = true;
    if (status !== 0) {
      loud([
        `THE LOCAL CLUSTER DID NOT COME UP (scripts/cluster.mjs up exited ${status}; see the cluster: lines above).`,
        'The workbench starts anyway: validation, completion and rendering work; cluster views and',
        'commands see only your own kubeconfig. Retry with `npm run cluster -- up` in another terminal.',
      ]);
    }
  }
  const kc = spawnSync(process.execPath, ['scripts/cluster.mjs', 'kubeconfig'], { cwd: repoRoot, encoding: 'utf8' });
  if (kc.status === 0 && kc.stdout.trim()) kubeconfig = kc.stdout.trim();
  else if (alreadyUp || !state.startedCluster) loud(['no kubeconfig for the local cluster; the workbench uses your own KUBECONFIG']);

  linkExtension(join(workbenchDir, 'extensions'));
  const env = { ...process.env };
  if (kubeconfig) env.KUBECONFIG = kubeconfig;
  state.server = await startCodeServer(tools, { dir: workbenchDir, port, folder: join(repoRoot, 'samples'), env, quiet: true });
  // code-server opens the folder given on its command line at the bare URL.
  const url = `${state.server.url}/`;
  process.stdout.write(`\nBerth: VS Code (code-server ${npmTools['code-server']}) with the Berth extension on samples/\n\n    ${url}\n\n`);
  say(`KUBECONFIG=${kubeconfig ?? '(unchanged)'}; code-server log ${state.server.paths.log}; ready in ${((Date.now() - t0) / 1000).toFixed(0)}s. Ctrl-C stops ${state.startedCluster ? 'code-server and the local cluster' : 'code-server (the cluster was already running and stays up)'}.`);

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
