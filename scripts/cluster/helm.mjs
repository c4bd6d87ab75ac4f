// Ensures helm (helm.sh/helm/v4, pinned in cluster/go/helm) is built: Berth runs it to render
// charts (`helm template`) and to install, upgrade, list and roll back releases. Built from the Go
// module proxy like the control plane, never downloaded as a binary. It has a cache key of its
// own, <cache>/tools/helm/<key>/helm, so adding or bumping it never rebuilds the Kubernetes
// binaries; installation/tools.ts finds the newest complete build there.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheDir, helmModule } from './paths.mjs';
import { findGo, goRun } from './go.mjs';
import { requiredVersion } from './gomod.mjs';
import { say, UserError } from './log.mjs';
import { withLock } from './lock.mjs';

const MODULE = 'helm.sh/helm/v4';
// Bump when the way helm is built or laid out changes.
const RECIPE = 'helm-v1';

function readPin() {
  return { mod: readFileSync(join(helmModule, 'go.mod'), 'utf8'), sum: readFileSync(join(helmModule, 'go.sum'), 'utf8') };
}

export function helmKey(pin = readPin()) {
  return createHash('sha256').update(`${RECIPE}\n${process.platform}-${process.arch}\n${pin.mod}\n${pin.sum}\n`).digest('hex').slice(0, 16);
}

function dirFor(key) {
  return join(cacheDir(), 'tools', 'helm', key);
}

/** `{ binary, version }` when a complete build is cached, else undefined. */
export function cachedHelm() {
  const dir = dirFor(helmKey());
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  return { binary: join(dir, 'helm'), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
}

/** Returns the cached build, building it first when needed; throws a UserError without Go. */
export async function ensureHelm({ quiet = false } = {}) {
  const cached = cachedHelm();
  if (cached) return cached;
  const key = helmKey();
  const dir = dirFor(key);
  mkdirSync(join(dir, '..'), { recursive: true });
  return withLock(`${dir}.lock`, () => build(key, dir, quiet), { what: 'build of helm' });
}

async function build(key, dir, quiet) {
  const done = cachedHelm();
  if (done) return done;
  const found = findGo();
  if (!found) throw new UserError('Go is not installed, and helm is built from source with it (install Go 1.26 or later).');
  const version = requiredVersion(readPin().mod, MODULE);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const logPath = `${dir}.build.log`;
  const log = createWriteStream(logPath);
  say(`building helm ${version} into ${dir} (build log: ${logPath}); from a cold Go cache this takes a few minutes`);
  const t0 = Date.now();
  try {
    await goRun(found.go, [
      'build', '-v', '-trimpath',
      // Unstamped, `helm version` says v4.3 and charts' kubeVersion checks see the wrong release.
      '-ldflags', `-s -w -X helm.sh/helm/v4/internal/version.version=${version} -X helm.sh/helm/v4/internal/version.gitTreeState=clean`,
      '-o', join(tmp, 'helm'), `${MODULE}/cmd/helm`,
    ], { cwd: helmModule, log, onLine: () => {} });
  } catch (err) {
    log.end();
    rmSync(tmp, { recursive: true, force: true });
    throw new UserError(`${err.message}\nbuilding helm failed; see ${logPath}`);
  }
  log.end();
  const r = spawnSync(join(tmp, 'helm'), ['version', '--short'], { encoding: 'utf8' });
  if (!r.stdout.includes(version)) throw new UserError(`helm reports "${r.stdout.trim()}", expected ${version}`);
  const seconds = Math.round((Date.now() - t0) / 1000);
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify({ key, version, go: found.version, builtAt: new Date().toISOString(), seconds }, null, 2)}\n`);
  try {
    renameSync(tmp, dir);
  } catch (err) {
    if (!existsSync(join(dir, 'manifest.json'))) throw err;
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!quiet) say(`helm built in ${seconds}s`);
  return cachedHelm();
}
