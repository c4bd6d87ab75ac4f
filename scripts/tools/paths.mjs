// Where the tools live: below the per-user cache root the local cluster already uses
// (BERTH_CACHE_DIR, else $XDG_CACHE_HOME/berth, else ~/.cache/berth), so a fresh clone or a CI
// run reuses the install. One folder per set of pinned versions.
import { join } from 'node:path';
import { cacheDir, repoRoot } from '../cluster/paths.mjs';
import { toolsKey } from './versions.mjs';

export { repoRoot };

export function toolsRoot() {
  return join(cacheDir(), 'tools');
}

export function toolsPaths() {
  const dir = join(toolsRoot(), toolsKey());
  const modules = join(dir, 'node_modules');
  return {
    dir,
    modules,
    /** Written last by a successful install; its presence is what "installed" means. */
    stamp: join(dir, 'installed.json'),
    log: join(dir, 'install.log'),
    codeServer: join(modules, 'code-server/out/node/entry.js'),
    codeServerPackage: join(modules, 'code-server'),
    playwrightCore: join(modules, 'playwright-core'),
    mocha: join(modules, 'mocha'),
    vsce: join(modules, '@vscode/vsce/vsce'),
    chromium: '/usr/bin/chromium',
  };
}
