// Installs the npm tools (code-server, playwright-core, mocha, vsce) into the cache folder keyed by
// their versions. Idempotent: a folder with a stamp matching the pinned versions is left alone.
// Everything comes from the npm registry and Debian; nothing is fetched from GitHub.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, writeSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { toolsPaths } from './paths.mjs';
import { npmTools, approvedScripts, vscodeRipgrep } from './versions.mjs';
import { ensureDebianPackages } from './debian.mjs';
import { withLock } from '../cluster/lock.mjs';
import { say, UserError } from './log.mjs';

function stampMatches(paths) {
  try {
    const stamp = JSON.parse(readFileSync(paths.stamp, 'utf8'));
    return JSON.stringify(stamp.tools) === JSON.stringify(npmTools) && existsSync(paths.codeServer);
  } catch {
    return false;
  }
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache in $TMPDIR already holds
 * the release tarball. Debian's rg (same 13.0.0) packed as that tarball satisfies it offline.
 */
function prefillRipgrepCache(tmp) {
  const cache = join(tmp, `vscode-ripgrep-cache-${vscodeRipgrep.version}`);
  const tarball = join(cache, vscodeRipgrep.asset);
  if (existsSync(tarball)) return;
  mkdirSync(cache, { recursive: true });
  const result = spawnSync('tar', ['czf', tarball, '-C', '/usr/bin', 'rg']);
  if (result.status !== 0) throw new UserError(`could not pack /usr/bin/rg into ${tarball}: ${result.stderr}`);
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The user's global npmrc plus the script approvals; the user's own ~/.npmrc stays in effect. */
function globalNpmrc(paths) {
  const current = spawnSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' }).stdout.trim();
  let text = '';
  try {
    text = readFileSync(current, 'utf8').replace(/^allow-scripts\s*=.*$/gm, '');
  } catch {
    // No global npmrc: only the approvals.
  }
  const file = join(paths.dir, 'npmrc');
  writeFileSync(file, `${text.trimEnd()}\n# scripts/tools/versions.mjs approvedScripts\nallow-scripts=${approvedScripts.join(',')}\n`);
  return file;
}

function run(paths, cmd, args, { cwd = paths.dir, env }) {
  return new Promise((resolve, reject) => {
    const fd = openSync(paths.log, 'a');
    writeSync(fd, `\n$ (cd ${cwd} && ${[cmd, ...args].join(' ')})\n`);
    const child = spawn('nice', [cmd, ...args], { cwd, env, stdio: ['ignore', fd, fd] });
    child.on('error', (err) => { closeSync(fd); reject(err); });
    child.on('close', (code) => {
      closeSync(fd);
      if (code === 0) resolve();
      else reject(new UserError(`\`${[cmd, ...args].join(' ')}\` failed (status ${code}); the end of ${paths.log}:\n${tail(paths.log)}`));
    });
  });
}

/**
 * Three steps instead of one `npm install`, because of npm 11's script approvals: code-server's
 * postinstall runs `npm install` in lib/vscode and lib/vscode/extensions, projects of their own,
 * and npm hands its own `allow-scripts` setting to a lifecycle script as an environment variable,
 * which a nested project install then refuses. So: install without scripts, build argon2 (the one
 * native module of code-server itself), and run code-server's postinstall ourselves with the
 * approvals in a global npmrc the nested installs read.
 */
async function npmInstall(paths, tmp) {
  const specs = Object.entries(npmTools).map(([name, version]) => `${name}@${version}`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_allow_scripts$/i.test(key)));
  Object.assign(env, {
    TMPDIR: tmp,
    npm_config_globalconfig: globalNpmrc(paths),
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  say(`npm install ${specs.join(' ')} in ${paths.dir} (log: ${paths.log})`);
  await run(paths, 'npm', ['install', '--save-exact', '--ignore-scripts', ...specs], { env });
  say('building argon2 (code-server\'s native module)');
  await run(paths, 'npm', ['rebuild', 'argon2'], { env });
  say('running code-server\'s postinstall: lib/vscode dependencies and native modules, a few minutes the first time');
  const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
  await run(paths, 'sh', ['./postinstall.sh'], {
    cwd: paths.codeServerPackage,
    env: {
      ...env,
      // postinstall.sh picks npm and checks the Node major from the user agent, and refuses to
      // run as root without unsafe-perm.
      npm_config_user_agent: `npm/${npmVersion} node/${process.version} ${process.platform} ${process.arch}`,
      npm_config_unsafe_perm: 'true',
    },
  });
}

/** The native modules code-server's server needs at run time; npm exits 0 even when a script was skipped. */
function checkNativeModules(paths) {
  const vscodeModules = join(paths.codeServerPackage, 'lib/vscode/node_modules');
  const expected = [
    'node-pty/build/Release/pty.node',
    '@vscode/spdlog/build/Release/spdlog.node',
    'native-watchdog/build/Release/watchdog.node',
    '@vscode/deviceid/build/Release/windows.node',
    'kerberos/build/Release/kerberos.node',
    '@vscode/ripgrep/bin/rg',
  ];
  const missing = expected.filter((file) => !existsSync(join(vscodeModules, file)));
  // deviceid builds a native module only on Windows; do not require it elsewhere.
  const real = missing.filter((file) => !file.startsWith('@vscode/deviceid'));
  if (real.length > 0) {
    throw new UserError(`code-server installed without ${real.join(', ')} (an install script was skipped or failed); see ${paths.log}`);
  }
  // Its own config folder: code-server writes a default config.yaml on any start.
  const env = { ...process.env, XDG_CONFIG_HOME: join(paths.dir, 'tmp/config'), XDG_DATA_HOME: join(paths.dir, 'tmp/data') };
  const version = spawnSync(process.execPath, [paths.codeServer, '--version'], { encoding: 'utf8', env });
  const line = /^\d+\.\d+\.\d+ \S+ with Code \S+/m.exec(version.stdout ?? '');
  if (version.status !== 0 || !line) throw new UserError(`code-server --version failed: ${version.stderr}${version.stdout}`);
  return line[0];
}

/** Makes sure Debian packages and the npm tools are present; returns the tools' paths. */
export async function ensureTools({ quiet = false } = {}) {
  ensureDebianPackages();
  const paths = toolsPaths();
  if (stampMatches(paths)) {
    if (!quiet) say(`tools ready in ${paths.dir}`);
    return paths;
  }
  mkdirSync(paths.dir, { recursive: true });
  await withLock(join(paths.dir, '..', `${paths.dir.split('/').pop()}.lock`), async () => {
    if (stampMatches(paths)) return;
    const started = Date.now();
    rmSync(paths.stamp, { force: true });
    writeFileSync(join(paths.dir, 'package.json'), `${JSON.stringify({ name: 'berth-tools', private: true, description: 'Tools for Berth workbench tests and npm start; installed by scripts/tools.mjs' }, null, 2)}\n`);
    const tmp = join(paths.dir, 'tmp');
    prefillRipgrepCache(tmp);
    await npmInstall(paths, tmp);
    const version = checkNativeModules(paths);
    writeFileSync(paths.stamp, `${JSON.stringify({ tools: npmTools, codeServer: version, installedAt: new Date().toISOString() }, null, 2)}\n`);
    say(`installed code-server ${version} and the test tools in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  }, { timeoutMs: 30 * 60_000, what: 'tools install', log: say, fail: (m) => new UserError(m) });
  return paths;
}
