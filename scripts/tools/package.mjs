// `npm run package`: a production build packed as berth-<version>.vsix by the vsce in the tools
// folder. The bundles in dist/ carry every dependency, so node_modules stays out (.vscodeignore).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureTools } from './install.mjs';
import { repoRoot } from './paths.mjs';
import { say, UserError } from './log.mjs';

async function main() {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new UserError('the production build failed');
  const tools = await ensureTools({ quiet: true });
  const out = join(repoRoot, `${name}-${version}.vsix`);
  const args = [
    tools.vsce, 'package',
    '--no-dependencies',
    // Neither exists yet; vsce would otherwise stop and ask.
    '--allow-missing-repository',
    '--skip-license',
    '--out', out,
  ];
  say(`$ vsce ${args.slice(1).join(' ')}`);
  const packed = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (packed.status !== 0) throw new UserError(`vsce package failed (status ${packed.status})`);
  say(`${relative(repoRoot, out)} (${(statSync(out).size / 1024).toFixed(0)} KiB); install with: code --install-extension ${relative(repoRoot, out)}`);
}

main().catch((error) => {
  process.stderr.write(`package: ${error instanceof UserError ? error.message : error.stack}\n`);
  process.exitCode = 1;
});
