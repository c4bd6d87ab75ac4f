// The extension-host suites in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code (this one cannot: there, runInCodeServer.mjs runs the same suites in
// code-server). Runs every dist/test/extension/*.suite.js on the minimum VS Code the extension
// declares (engines.vscode) and on the current stable release, as rust-analyzer's tests do.
//
//   node scripts/build.mjs --tests && node scripts/tools.mjs
//   npx esbuild test/extension/runTests.ts --bundle --platform=node --external:@vscode/test-electron --outfile=dist/test/extension/runTests.js
//   node dist/test/extension/runTests.js            (VSCODE_VERSIONS=1.100.3,stable to choose)
//
// mocha comes from the tools folder (scripts/tools.mjs), as in code-server.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../helpers/repo';

async function main(): Promise<number> {
  const root = repoRoot();
  const tools = JSON.parse(execFileSync(process.execPath, [join(root, 'scripts/tools.mjs'), '--json'], { encoding: 'utf8' })) as { modules: string };
  const suiteDir = join(root, 'dist/test/extension');
  const suites = readdirSync(suiteDir).filter((name) => name.endsWith('.suite.js'));
  if (suites.length === 0) throw new Error(`no suites in ${suiteDir}: run \`node scripts/build.mjs --tests\``);
  const versions = (process.env.VSCODE_VERSIONS ?? '1.100.3,stable').split(',');
  let failed = 0;
  for (const version of versions) {
    for (const suite of suites) {
      const name = suite.replace(/\.suite\.js$/, '');
      console.log(`\n# VS Code ${version}: suite ${name}`);
      try {
        await runTests({
          version,
          extensionDevelopmentPath: root,
          extensionTestsPath: join(suiteDir, suite),
          extensionTestsEnv: {
            BERTH_TOOLS_MODULES: tools.modules,
            BERTH_TEST_RESULTS: join(root, 'test-results/extension', `${name}-${version}.json`),
          },
          // The samples workspace, no other extensions, no workspace-trust prompt.
          launchArgs: [join(root, 'samples'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
        });
      } catch (error) {
        failed++;
        console.error(`VS Code ${version}: suite ${name} failed: ${String(error)}`);
      }
    }
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
