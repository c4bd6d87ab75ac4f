// Running the real VS Code workbench: code-server (VS Code 1.100.3 served to a browser) in its own
// process group with fresh user data and XDG folders, and headless Debian Chromium driven by
// playwright-core. Used by `npm start`, the `extension` tier and the `ui` tier.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { say, UserError } from './log.mjs';
import { cacheDir as berthCacheDir } from '../cluster/paths.mjs';

/** A free TCP port on 127.0.0.1 (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Workbench settings for a quiet, offline, deterministic session. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  // code-server's extension host runs as a remote one, which looks for ports to forward every few
  // seconds by walking /proc and forking `ls` and `ps` (a fork of the whole host: 58 ms of its
  // event loop in one profile, with 240 MB resident) and offers the local cluster's ports in
  // notifications. Desktop VS Code's local host does neither; Berth's port forwards do not need it.
  // code-server has a tunnel provider, so the scan stops only when its source is not the processes.
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

/**
 * Starts code-server and waits until it answers /healthz. `dir` holds its user data, extensions
 * and XDG folders. Returns { url, port, pid, stop }; stop() ends its whole process group.
 */
export async function startCodeServer(tools, { dir, port, folder, env = process.env, settings = {}, installExtension, quiet = false, workspaceTrust = false }) {
  const paths = {
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    xdg: join(dir, 'xdg'),
    log: join(dir, 'code-server.log'),
  };
  for (const sub of ['config', 'data', 'cache', 'state']) mkdirSync(join(paths.xdg, sub), { recursive: true, mode: 0o700 });
  // Unix sockets live in XDG_RUNTIME_DIR and their paths must stay under 108 bytes: a short one.
  const runtime = mkdtempSync(join(tmpdir(), 'berth-cs-'));
  mkdirSync(join(paths.userData, 'User'), { recursive: true });
  mkdirSync(paths.extensions, { recursive: true });
  // Written once: a kept user-data folder (npm start's) keeps the user's own changes.
  const settingsFile = join(paths.userData, 'User/settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, `${JSON.stringify({ ...quietSettings, ...settings }, null, 2)}\n`);

  const childEnv = {
    ...env,
    XDG_CONFIG_HOME: join(paths.xdg, 'config'),
    XDG_DATA_HOME: join(paths.xdg, 'data'),
    XDG_CACHE_HOME: join(paths.xdg, 'cache'),
    // The tools built from source (helm, kubectl) and the CRD cache stay where the user's are.
    BERTH_CACHE_DIR: berthCacheDir(),
    XDG_STATE_HOME: join(paths.xdg, 'state'),
    XDG_RUNTIME_DIR: runtime,
    // No gallery to reach from here: keep code-server from trying.
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
  };
  delete childEnv.VSCODE_IPC_HOOK_CLI;
  const common = [
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    // workspaceTrust: Workspace Trust stays on (restricted-mode tests); settings must enable it too.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', paths.userData,
    '--extensions-dir', paths.extensions,
  ];
  if (installExtension) {
    const fd = openSync(paths.log, 'a');
    const code = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [tools.codeServer, ...common, '--install-extension', installExtension, '--force'], { env: childEnv, stdio: ['ignore', fd, fd] });
      child.on('error', reject);
      child.on('close', resolve);
    });
    closeSync(fd);
    if (code !== 0) throw new UserError(`code-server --install-extension ${installExtension} failed; see ${paths.log}`);
  }

  const fd = openSync(paths.log, 'a');
  const args = [tools.codeServer, '--bind-addr', `127.0.0.1:${port}`, ...common];
  if (folder) args.push(folder);
  // detached: the child calls setsid(), so it leads a process group that stop() can end whole
  // (code-server forks its server, extension hosts, the language server and pty hosts).
  const child = spawn(process.execPath, args, { env: childEnv, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = null;
  const whenExited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const stop = async () => {
    if (!exited) {
      killGroup(child.pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
    // Whatever of the group outlived code-server itself (extension hosts, language servers).
    killGroup(child.pid, 'SIGKILL');
    rmSync(runtime, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new UserError(`code-server exited (${exited.code ?? exited.signal}) before it served ${url}; the end of ${paths.log}:\n${tailOf(paths.log)}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new UserError(`code-server did not answer ${url}/healthz within 60s; see ${paths.log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!quiet) say(`code-server (pid ${child.pid}) serves ${url}; log ${paths.log}`);
  return { url, port, pid: child.pid, paths, stop, exited: () => exited, whenExited };
}

/** Signals a whole process group; a group that is already gone is fine. */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

function tailOf(file, n = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Headless Debian Chromium through the playwright-core in the tools folder. */
export async function launchChromium(tools, { headless = true } = {}) {
  const require = createRequire(join(tools.modules, 'noop.js'));
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: tools.chromium, headless, args: chromiumArgs });
}

/**
 * The URL that opens `folder` in the workbench, optionally with extension-development payload: an
 * object, or [key, value] pairs where a key repeats (several extensionDevelopmentPath folders).
 */
export function workbenchUrl(base, folder, payload) {
  const url = new URL(base);
  url.pathname = '/';
  url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(Array.isArray(payload) ? payload : Object.entries(payload)));
  return url.toString();
}

/** `vscode-remote://127.0.0.1:PORT/abs/path`: a path on the code-server machine, as the browser names it. */
export function remoteUri(port, path) {
  return `vscode-remote://127.0.0.1:${port}${path}`;
}
