// kubeconform for `npm run bench -- cli`, built here from the Go module proxy (never downloaded as
// a binary): bench/kubeconform/go.{mod,sum} pin it, the binary is cached under
// <cache>/bin/<key>/kubeconform as the control plane's binaries are (scripts/cluster/binaries.mjs),
// the key hashing the pins and this recipe. Only the bench needs it, so no test tier builds it.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, repoRoot } from '../cluster/paths.mjs';
import { findGo, goRun } from '../cluster/go.mjs';
import { requiredVersion } from '../cluster/gomod.mjs';
import { withLock } from '../cluster/lock.mjs';
import { say, UserError } from './log.mjs';

const MODULE = 'github.com/yannh/kubeconform';
const wrapper = join(repoRoot, 'bench/kubeconform');
// Bump when the build changes (flags), so an old binary is not reused.
const RECIPE = 'v1';

function pins() {
  return { mod: readFileSync(join(wrapper, 'go.mod'), 'utf8'), sum: readFileSync(join(wrapper, 'go.sum'), 'utf8') };
}

function binDir({ mod, sum }) {
  const key = createHash('sha256').update(`kubeconform ${RECIPE}\n${process.platform}-${process.arch}\n${mod}\n${sum}`).digest('hex').slice(0, 16);
  return join(cacheDir(), 'bin', key);
}

/**
 * The kubeconform binary, built on first use: { binary, version, buildSeconds } (buildSeconds is
 * what the build took when it ran, here or on an earlier call). Throws a UserError without Go.
 */
export async function ensureKubeconform() {
  const pinned = pins();
  const version = requiredVersion(pinned.mod, MODULE);
  const dir = binDir(pinned);
  const result = () => ({ binary: join(dir, 'kubeconform'), version, buildSeconds: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).seconds });
  if (existsSync(join(dir, 'manifest.json'))) return result();
  mkdirSync(join(cacheDir(), 'bin'), { recursive: true });
  await withLock(`${dir}.lock`, () => (existsSync(join(dir, 'manifest.json')) ? undefined : build(dir, version)), { what: 'kubeconform build', log: say, fail: (m) => new UserError(m) });
  return result();
}

async function build(dir, version) {
  const found = findGo();
  if (!found) throw new UserError('Go is not installed: kubeconform is built from the Go module proxy for this bench (install Go 1.26 or later).');
  say(`building kubeconform ${version} with ${found.version} into ${dir}`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const logPath = `${dir}.build.log`;
  const log = createWriteStream(logPath);
  const started = Date.now();
  try {
    await goRun(found.go, ['build', '-trimpath', '-ldflags', `-s -w -X main.version=${version}`, '-o', join(tmp, 'kubeconform'), `${MODULE}/cmd/kubeconform`], { cwd: wrapper, log });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UserError(`${err.message}\nbuilding kubeconform ${version} failed; see ${logPath}`);
  } finally {
    log.end();
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify({ module: `${MODULE}@${version}`, go: found.version, builtAt: new Date().toISOString(), seconds }, null, 2)}\n`);
  renameSync(tmp, dir);
  say(`kubeconform built in ${seconds} s`);
}
