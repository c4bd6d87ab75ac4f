// Ensures the control-plane binaries exist: kube-apiserver, kube-controller-manager,
// kube-scheduler, kubectl, etcd, kwok and kwokctl, all built here from the Go modules pinned in
// cluster/go/*/go.{mod,sum}. They are cached under <cache>/bin/<key>, where the key hashes those
// files and the build recipe, so a re-run (or a fresh clone on the same machine) takes seconds and
// any change to a pin builds a new set next to the old one.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheDir, goModules } from './paths.mjs';
import { findGo, goRun } from './go.mjs';
import { kubernetesCommands, requiredVersion } from './gomod.mjs';
import { say, UserError } from './log.mjs';
import { withLock } from './lock.mjs';

export const binaryNames = [...kubernetesCommands, 'etcd', 'kwok', 'kwokctl'];

// Bump when the way binaries are built changes (flags, tags), so old caches are not reused.
const RECIPE = 'v1';

function readPins() {
  const pins = {};
  for (const [name, dir] of Object.entries(goModules)) {
    pins[name] = { mod: readFileSync(join(dir, 'go.mod'), 'utf8'), sum: readFileSync(join(dir, 'go.sum'), 'utf8') };
  }
  return pins;
}

export function binaryKey(pins = readPins()) {
  const h = createHash('sha256');
  h.update(`${RECIPE}\n${process.platform}-${process.arch}\n`);
  for (const name of Object.keys(pins).sort()) h.update(`${name}\n${pins[name].mod}\n${pins[name].sum}\n`);
  return h.digest('hex').slice(0, 16);
}

export function binDirFor(key = binaryKey()) {
  return join(cacheDir(), 'bin', key);
}

/** The binaries' paths if a complete build is cached, else undefined. */
export function cachedBinaries() {
  const dir = binDirFor();
  if (!existsSync(join(dir, 'manifest.json'))) return undefined;
  return Object.fromEntries(binaryNames.map((n) => [n, join(dir, n)]));
}

/** -ldflags that stamp the version: without them the binaries report v0.0.0 and kwokctl picks flags for the wrong release. */
function kubernetesLdflags(version) {
  const [, major, minor] = /^v(\d+)\.(\d+)\./.exec(version) ?? [];
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=${version}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
    );
  }
  return flags.join(' ');
}

function buildSteps(pins, out) {
  const kube = requiredVersion(pins.kubernetes.mod, 'k8s.io/kubernetes');
  const kwok = requiredVersion(pins.kwok.mod, 'sigs.k8s.io/kwok');
  const etcd = requiredVersion(pins.etcd.mod, 'go.etcd.io/etcd/server/v3');
  return [
    {
      name: 'etcd',
      what: `etcd ${etcd}`,
      cwd: goModules.etcd,
      args: ['build', '-v', '-trimpath', '-ldflags', '-s -w', '-o', join(out, 'etcd'), 'go.etcd.io/etcd/server/v3'],
    },
    {
      name: 'kwok',
      what: `kwok and kwokctl ${kwok}`,
      cwd: goModules.kwok,
      args: [
        'build', '-v', '-trimpath',
        // kwokctl's default Kubernetes version should be the one we build.
        '-ldflags', `-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwok.slice(1)} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${kube.slice(1)}`,
        '-o', `${out}/`, 'sigs.k8s.io/kwok/cmd/kwok', 'sigs.k8s.io/kwok/cmd/kwokctl',
      ],
    },
    {
      name: 'kubernetes',
      what: `Kubernetes ${kube} (${kubernetesCommands.join(', ')}); from a cold Go cache this takes 5-15 minutes on 2 cores`,
      cwd: goModules.kubernetes,
      // selinux,notest: the tags the Kubernetes release build uses.
      args: [
        'build', '-v', '-trimpath', '-tags', 'selinux,notest', '-ldflags', kubernetesLdflags(kube),
        '-o', `${out}/`, ...kubernetesCommands.map((c) => `k8s.io/kubernetes/cmd/${c}`),
      ],
      check: { binary: 'kube-apiserver', expect: kube },
    },
  ];
}

function noGoMessage() {
  return [
    'Go is not installed, and the local cluster is built from source with it (no binaries are downloaded).',
    'Install Go 1.26 or later (https://go.dev/dl/, or your package manager) and re-run `npm run cluster -- up`;',
    'or, with Docker or Podman running, install kind and the script uses a kind cluster instead.',
  ].join('\n');
}

/**
 * Returns the binaries' paths, building them when they are not cached. Throws a UserError when
 * Go is missing. `onStep.begin(name)` and `onStep.done(name)` frame each build step (progress.mjs).
 */
export async function ensureBinaries({ quiet = false, onStep } = {}) {
  const pins = readPins();
  const key = binaryKey(pins);
  const dir = binDirFor(key);
  const cached = cachedBinaries();
  if (cached) {
    if (!quiet) say(`binaries ready in ${dir}`);
    return cached;
  }
  // Two clusters (each with its own BERTH_CLUSTER_DIR lock) must not build the same set twice
  // at once on a small machine: the second waits for the first and then finds its binaries.
  mkdirSync(join(cacheDir(), 'bin'), { recursive: true });
  return withLock(`${dir}.lock`, () => buildBinaries(pins, key, dir, quiet, onStep), { what: 'build of the same binaries' });
}

async function buildBinaries(pins, key, dir, quiet, onStep) {
  const built = cachedBinaries();
  if (built) {
    if (!quiet) say(`binaries ready in ${dir}`);
    return built;
  }
  const found = findGo();
  if (!found) throw new UserError(noGoMessage());
  say(`building the control plane with ${found.version} into ${dir}`);

  // Build into a private folder and rename it into place, so a concurrent `up` never sees half a set.
  mkdirSync(join(cacheDir(), 'bin'), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const logPath = `${dir}.build.log`;
  const log = createWriteStream(logPath);
  say(`build log: ${logPath}`);
  const timings = {};
  try {
    for (const step of buildSteps(pins, tmp)) {
      say(`building ${step.what}`);
      onStep?.begin(step.name);
      const t0 = Date.now();
      let packages = 0;
      let last = '';
      const heartbeat = setInterval(() => say(`  still building ${step.name}: ${packages} packages compiled${last ? `, latest ${last}` : ''}`), 60_000);
      try {
        await goRun(found.go, step.args, {
          cwd: step.cwd,
          log,
          onLine: (line) => {
            // `go build -v` names each package as it compiles it.
            if (line && !/[\s:]/.test(line)) { packages++; last = line; }
          },
        });
      } catch (err) {
        throw new UserError(`${err.message}\nbuilding ${step.what} failed; see ${logPath}`);
      } finally {
        clearInterval(heartbeat);
      }
      const seconds = Math.round((Date.now() - t0) / 1000);
      timings[step.name] = seconds;
      if (step.check) checkVersion(join(tmp, step.check.binary), step.check.expect);
      say(`  ${step.name} done in ${seconds}s`);
      onStep?.done(step.name);
    }
  } catch (err) {
    log.end();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  log.end();
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify({ key, go: found.version, builtAt: new Date().toISOString(), seconds: timings }, null, 2)}\n`);
  try {
    renameSync(tmp, dir);
  } catch (err) {
    // Another `up` finished the same build first: theirs is as good as ours.
    if (!existsSync(join(dir, 'manifest.json'))) throw err;
    rmSync(tmp, { recursive: true, force: true });
  }
  say(`binaries ready in ${dir}`);
  return cachedBinaries();
}

function checkVersion(binary, expect) {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (!r.stdout.includes(expect)) {
    throw new UserError(`${binary} reports "${r.stdout.trim()}", expected ${expect}: the -ldflags version stamp did not apply`);
  }
}
