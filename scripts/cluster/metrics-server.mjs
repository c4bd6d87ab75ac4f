// Ensures metrics-server (sigs.k8s.io/metrics-server, pinned in cluster/go/metrics-server) is
// built, with the kustomize folder of its API registration next to it: kwokctl runs it on the
// simulated kubelets' resource metrics so that metrics.k8s.io (kubectl top, HPAs) answers.
// It has a cache key of its own, <cache>/tools/metrics-server/<key>: adding or bumping it never
// changes the key of the Kubernetes binaries (a rebuild of those takes a quarter of an hour).
import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheDir, metricsServerModule } from './paths.mjs';
import { findGo, goOutput, goRun } from './go.mjs';
import { requiredVersion } from './gomod.mjs';
import { say, UserError } from './log.mjs';
import { withLock } from './lock.mjs';

const MODULE = 'sigs.k8s.io/metrics-server';
// Bump when the way metrics-server is built or laid out changes.
const RECIPE = 'ms-v1';

function readPin() {
  return {
    mod: readFileSync(join(metricsServerModule, 'go.mod'), 'utf8'),
    sum: readFileSync(join(metricsServerModule, 'go.sum'), 'utf8'),
  };
}

export function metricsServerKey(pin = readPin()) {
  const h = createHash('sha256');
  h.update(`${RECIPE}\n${process.platform}-${process.arch}\n${pin.mod}\n${pin.sum}\n`);
  return h.digest('hex').slice(0, 16);
}

function dirFor(key) {
  return join(cacheDir(), 'tools', 'metrics-server', key);
}

/** `{ binary, manifests }` when a complete build is cached, else undefined. */
export function cachedMetricsServer() {
  const dir = dirFor(metricsServerKey());
  if (!existsSync(join(dir, 'manifest.json'))) return undefined;
  return { binary: join(dir, 'metrics-server'), manifests: join(dir, 'manifests') };
}

/** Returns the cached build, building it first when needed; throws a UserError without Go. */
export async function ensureMetricsServer({ quiet = false } = {}) {
  const cached = cachedMetricsServer();
  if (cached) return cached;
  const key = metricsServerKey();
  const dir = dirFor(key);
  mkdirSync(join(dir, '..'), { recursive: true });
  return withLock(`${dir}.lock`, () => build(key, dir, quiet), { what: 'build of metrics-server' });
}

async function build(key, dir, quiet) {
  const done = cachedMetricsServer();
  if (done) return done;
  const found = findGo();
  if (!found) throw new UserError('Go is not installed, and metrics-server is built from source with it (install Go 1.26 or later).');
  const version = requiredVersion(readPin().mod, MODULE);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const logPath = `${dir}.build.log`;
  const log = createWriteStream(logPath);
  say(`building metrics-server ${version} into ${dir} (build log: ${logPath}); from a cold Go cache this takes a few minutes`);
  const t0 = Date.now();
  try {
    await goRun(found.go, [
      'build', '-v', '-trimpath',
      // kwokctl reads the version from `metrics-server --version`; unstamped it says v0.0.0.
      '-ldflags', `-s -w -X k8s.io/client-go/pkg/version.gitVersion=${version}`,
      '-o', join(tmp, 'metrics-server'), `${MODULE}/cmd/metrics-server`,
    ], { cwd: metricsServerModule, log, onLine: () => {} });
    copyManifests(found.go, version, join(tmp, 'manifests'));
  } catch (err) {
    log.end();
    rmSync(tmp, { recursive: true, force: true });
    throw new UserError(`${err.message}\nbuilding metrics-server failed; see ${logPath}`);
  }
  log.end();
  const r = spawnSync(join(tmp, 'metrics-server'), ['--version'], { encoding: 'utf8' });
  if (!r.stdout.includes(version)) throw new UserError(`metrics-server reports "${r.stdout.trim()}", expected ${version}`);
  const seconds = Math.round((Date.now() - t0) / 1000);
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify({ key, version, go: found.version, builtAt: new Date().toISOString(), seconds }, null, 2)}\n`);
  try {
    renameSync(tmp, dir);
  } catch (err) {
    if (!existsSync(join(dir, 'manifest.json'))) throw err;
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!quiet) say(`metrics-server built in ${seconds}s`);
  return cachedMetricsServer();
}

/**
 * Copies the module's manifests/base (APIService, Service, RBAC; kwokctl drops the Deployment and
 * points the Service at the local process) out of the read-only module cache, so the build keeps
 * working after `go clean -modcache`.
 */
function copyManifests(go, version, out) {
  const info = JSON.parse(goOutput(go, ['mod', 'download', '-json', `${MODULE}@${version}`], metricsServerModule));
  const base = join(info.Dir, 'manifests', 'base');
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(base)) copyFileSync(join(base, file), join(out, file));
}
