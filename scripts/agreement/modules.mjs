// Finds a pinned Go module's source folder: in the module cache if it is there, else downloaded
// through the Go module proxy. Without network (or without Go) a module that is not cached is
// reported missing, and the corpus is built from the others.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findGo, goEnv } from '../cluster/go.mjs';

function moduleCache(go) {
  if (process.env.GOMODCACHE) return process.env.GOMODCACHE;
  if (go) {
    const r = spawnSync(go.go, ['env', 'GOMODCACHE'], { encoding: 'utf8', env: goEnv() });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return join(process.env.GOPATH || join(homedir(), 'go'), 'pkg/mod');
}

/** The module cache spells upper-case letters as `!` + lower case. */
function escapePath(modulePath) {
  return modulePath.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/**
 * `{ dir }` for each source whose module is cached or could be downloaded, `{ missing }` with
 * the reason otherwise.
 */
export function locateModules(sources) {
  const go = findGo();
  const cache = moduleCache(go);
  // Outside any module, so no go.mod of ours decides what `go mod download` may fetch.
  const scratch = mkdtempSync(join(tmpdir(), 'berth-agreement-'));
  try {
    return sources.map((source) => {
      const cached = join(cache, `${escapePath(source.module)}@${source.version}`);
      if (existsSync(cached)) return { ...source, dir: cached };
      if (!go) return { ...source, missing: 'not in the module cache, and Go is not installed' };
      const r = spawnSync(go.go, ['mod', 'download', '-json', `${source.module}@${source.version}`], {
        cwd: scratch,
        encoding: 'utf8',
        // A module whose go.mod names a newer Go than this machine's names the toolchain to fetch.
        env: goEnv({ GOFLAGS: '-mod=mod', GOTOOLCHAIN: source.goToolchain ?? 'local' }),
        timeout: 300_000,
      });
      let answer = {};
      try {
        answer = JSON.parse(r.stdout);
      } catch {
        // go printed nothing useful: fall through with its stderr.
      }
      if (answer.Dir && existsSync(answer.Dir)) return { ...source, dir: answer.Dir };
      const why = answer.Error || r.stderr?.trim() || r.error?.message || `go exited with ${r.status}`;
      return { ...source, missing: `could not be downloaded: ${why}` };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
