// The Debian packages the workbench tiers need, installed with apt-get only when missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { debianPackages } from './versions.mjs';
import { say, UserError } from './log.mjs';

function installed(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function missingDebianPackages() {
  return Object.entries(debianPackages)
    .filter(([pkg, file]) => !existsSync(file) || !installed(pkg))
    .map(([pkg]) => pkg);
}

function aptGet(args) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
  say(`$ ${[cmd, ...argv].join(' ')}`);
  const result = spawnSync('nice', [cmd, ...argv], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new UserError(`\`${[cmd, ...argv].join(' ')}\` failed (status ${result.status}); install ${args.slice(3).join(' ')} by hand`);
  }
}

/** Installs what is missing: `apt-get update` once, then one `apt-get install -y`. */
export function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (spawnSync('apt-get', ['--version']).status !== 0) {
    throw new UserError(`missing Debian packages ${missing.join(', ')} and no apt-get to install them`);
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  aptGet(['update', '-qq']);
  aptGet(['install', '-y', '--no-install-recommends', ...missing]);
  const still = missingDebianPackages();
  if (still.length > 0) throw new UserError(`apt-get install did not provide ${still.join(', ')}`);
}
