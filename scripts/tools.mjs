// `npm run tools`: installs what the real-VS-Code tiers and `npm start` run on, outside the
// project's dependencies: Debian packages (chromium, ripgrep, a C++ toolchain, krb5 headers) and
// code-server, playwright-core, mocha and vsce in a cache folder keyed by their versions.
//   node scripts/tools.mjs          install what is missing, print the tools folder
//   node scripts/tools.mjs --json   the same, printing every path as JSON
import { ensureTools } from './tools/install.mjs';
import { UserError } from './tools/log.mjs';

const json = process.argv.includes('--json');
ensureTools().then(
  (paths) => {
    process.stdout.write(json ? `${JSON.stringify(paths, null, 2)}\n` : `${paths.dir}\n`);
  },
  (err) => {
    process.stderr.write(`tools: ${err instanceof UserError ? err.message : err.stack}\n`);
    process.exitCode = 1;
  },
);
