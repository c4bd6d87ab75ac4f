/**
 * Finding the control-plane binaries that `npm run cluster -- up` built from source, so that
 * `berth cluster up` and the extension's Create Cluster give kwokctl the same local binaries.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { err, ok, type Result } from '../platform/result';
import type { KwokBinaries } from '../platform/render';
import { berthCacheDir } from './cacheDir';

const BINARIES = ['kwokctl', 'kwok', 'kubectl', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;

/**
 * The control-plane binaries built from source by `npm run cluster -- up` (scripts/cluster):
 * $BERTH_BIN_DIR if set, else the newest complete set under <cache>/bin/<key>/ (cache:
 * $BERTH_CACHE_DIR, else $XDG_CACHE_HOME/berth, else ~/.cache/berth). Undefined when there is
 * none: kwokctl is then taken from PATH and fetches its own components.
 */
export function localKwokBinaries(env: NodeJS.ProcessEnv = process.env): Result<KwokBinaries | undefined, string> {
  const fromDir = (dir: string): KwokBinaries | undefined => {
    const found = Object.fromEntries(BINARIES.filter((b) => existsSync(join(dir, b))).map((b) => [b, join(dir, b)]));
    return found.kwokctl && found['kube-apiserver'] ? (found as KwokBinaries) : undefined;
  };
  if (env.BERTH_BIN_DIR) {
    const dir = resolve(env.BERTH_BIN_DIR);
    const found = fromDir(dir);
    return found ? ok(found) : err(`BERTH_BIN_DIR=${dir} holds no kwokctl and kube-apiserver`);
  }
  const binRoot = join(berthCacheDir(env), 'bin');
  if (!existsSync(binRoot)) return ok(undefined);
  const complete = readdirSync(binRoot)
    .map((name) => join(binRoot, name))
    .filter((dir) => existsSync(join(dir, 'manifest.json')))
    .sort((a, b) => statSync(join(b, 'manifest.json')).mtimeMs - statSync(join(a, 'manifest.json')).mtimeMs);
  for (const dir of complete) {
    const found = fromDir(dir);
    if (found) return ok(found);
  }
  return ok(undefined);
}
