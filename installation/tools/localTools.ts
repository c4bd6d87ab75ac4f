import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/** The programs Berth renders and releases with, built from source by scripts/cluster. */
export type LocalToolName = 'helm' | 'kubectl';

const OVERRIDES: Record<LocalToolName, string> = { helm: 'BERTH_HELM', kubectl: 'BERTH_KUBECTL' };

/** Where each tool's builds live below the cache: helm has a key of its own, kubectl comes with the control plane. */
const CACHE_FOLDERS: Record<LocalToolName, readonly string[]> = { helm: ['tools', 'helm'], kubectl: ['bin'] };

/**
 * The executable to run for a tool: $BERTH_HELM / $BERTH_KUBECTL when set, else the newest
 * complete build in Berth's cache (the folder scripts/cluster/paths.mjs picks), else the first
 * on PATH. Undefined when there is none: the caller says how to build it.
 */
export function findLocalTool(name: LocalToolName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env[OVERRIDES[name]];
  if (override) return existsSync(override) ? resolve(override) : undefined;
  const root = join(cacheRoot(env), ...CACHE_FOLDERS[name]);
  if (existsSync(root)) {
    const builds = readdirSync(root)
      .map((key) => join(root, key))
      .filter((dir) => existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, name)))
      .sort((a, b) => statSync(join(b, 'manifest.json')).mtimeMs - statSync(join(a, 'manifest.json')).mtimeMs);
    if (builds[0]) return join(builds[0], name);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The sentence that tells a user without the tool how to get it. */
export function missingToolMessage(name: LocalToolName): string {
  return name === 'helm'
    ? 'helm was not found: build it with `npm run cluster -- helm` (from source, a few minutes) or set BERTH_HELM to a helm 3.8+ binary.'
    : 'kubectl was not found: build it with `npm run cluster -- build` or set BERTH_KUBECTL to a kubectl binary.';
}

function cacheRoot(env: NodeJS.ProcessEnv): string {
  if (env.BERTH_CACHE_DIR) return resolve(env.BERTH_CACHE_DIR);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth');
}
