import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Berth keeps what it may rebuild (control-plane binaries, CRDs read from clusters):
 * $BERTH_CACHE_DIR, else $XDG_CACHE_HOME/berth, else ~/.cache/berth; the scripts pick the same
 * folder (scripts/cluster/paths.mjs).
 */
export function berthCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_CACHE_DIR) return resolve(env.BERTH_CACHE_DIR);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth');
}
