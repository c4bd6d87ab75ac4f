// UI scenarios in the real VS Code workbench: code-server 4.100.3 with the Berth extension
// installed (this repository linked into its extensions folder, as `npm start` does), driven by
// headless Chromium through playwright-core. Each `test/ui/*.scenario.mjs` exports `title`,
// `run({ page, screenshot, state })` and optionally `setup({ dir })` and user `settings`, and gets a
// fresh workbench on samples/; its final screenshot is test-results/screenshots/<scenario>.png (and
// <scenario>-failure.png when it fails).
//   node test/ui/runScenarios.mjs [scenario-name...]     (after `node scripts/build.mjs`)
//   BERTH_UI_VSIX=berth-0.1.0.vsix node test/ui/runScenarios.mjs   (the packaged extension, `npm run package`)
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTools } from '../../scripts/tools/install.mjs';
import { freePort, launchChromium, startCodeServer, workbenchUrl } from '../../scripts/tools/workbench.mjs';
import { repoRoot } from '../../scripts/tools/paths.mjs';

const here = join(repoRoot, 'test/ui');
const screenshots = join(repoRoot, 'test-results/screenshots');
const summaryFile = join(repoRoot, 'test-results/ui-summary.json');
const runDir = join(repoRoot, '.cache/workbench-tests/ui');
const scenarioTimeoutMs = Number(process.env.BERTH_SCENARIO_TIMEOUT_MS || 3 * 60_000);
const extensionFolder = 'berth.berth-0.1.0';

function scenarios(only) {
  const all = readdirSync(here).filter((f) => f.endsWith('.scenario.mjs')).map((f) => f.replace(/\.scenario\.mjs$/, '')).sort();
  const picked = only.length ? all.filter((s) => only.includes(s)) : all;
  if (picked.length === 0) throw new Error(`no scenarios ${only.join(', ')} in ${here} (have: ${all.join(', ') || 'none'})`);
  return picked;
}

async function runScenario(tools, browser, name) {
  const scenario = await import(pathToFileURL(join(here, `${name}.scenario.mjs`)).href);
  const dir = join(runDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'extensions'), { recursive: true });
  // BERTH_UI_VSIX=berth-0.1.0.vsix runs the scenarios on the packaged extension instead.
  const vsix = process.env.BERTH_UI_VSIX ? resolve(process.env.BERTH_UI_VSIX) : undefined;
  if (!vsix) {
    symlinkSync(repoRoot, join(dir, 'extensions', extensionFolder));
    if (!existsSync(join(repoRoot, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `node scripts/build.mjs` first');
  }
  // A scenario may prepare the machine first (a kubeconfig, a stand-in API server): setup({ dir })
  // returns { env, state, cleanup }.
  const prepared = scenario.setup ? await scenario.setup({ dir }) : {};
  const env = { ...process.env, ...prepared.env };
  const server = await startCodeServer(tools, { dir, port: await freePort(), quiet: true, installExtension: vsix, env, settings: scenario.settings });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const started = Date.now();
  try {
    await page.goto(workbenchUrl(server.url, join(repoRoot, 'samples')));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    const screenshot = (suffix = '') => page.screenshot({ path: join(screenshots, `${name}${suffix}.png`) });
    page.setDefaultTimeout(30_000);
    let timer;
    await Promise.race([
      scenario.run({ page, screenshot: () => screenshot(), state: prepared.state }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${scenarioTimeoutMs / 1000}s`)), scenarioTimeoutMs); }),
    ]).finally(() => clearTimeout(timer));
    process.stdout.write(`  ✔ ${scenario.title} (${Date.now() - started}ms) → test-results/screenshots/${name}.png\n`);
    return undefined;
  } catch (error) {
    await page.screenshot({ path: join(screenshots, `${name}-failure.png`) }).catch(() => {});
    process.stdout.write(`  ✖ ${scenario.title}\n    ${String(error.stack ?? error).split('\n').join('\n    ')}\n    screenshot: test-results/screenshots/${name}-failure.png; server log: ${server.paths.log}\n`);
    return { name: `${name}: ${scenario.title}`, error: String(error.stack ?? error) };
  } finally {
    await context.close();
    await server.stop();
    await prepared.cleanup?.();
  }
}

function writeSummary(passed, failed, failures = []) {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(summaryFile, `${JSON.stringify({ passed, failed, failures })}\n`);
}

async function main(only) {
  const started = Date.now();
  mkdirSync(screenshots, { recursive: true });
  const tools = await ensureTools({ quiet: true });
  const browser = await launchChromium(tools);
  let passed = 0;
  const failures = [];
  try {
    process.stdout.write('ui scenarios (code-server + headless Chromium)\n');
    for (const name of scenarios(only)) {
      const failure = await runScenario(tools, browser, name);
      if (failure) failures.push(failure);
      else passed++;
    }
  } finally {
    await browser.close();
  }
  const failed = failures.length;
  writeSummary(passed, failed, failures);
  process.stdout.write(`\nui: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  return failed === 0 ? 0 : 1;
}

rmSync(summaryFile, { force: true });
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    writeSummary(0, 1, [{ name: 'ui scenarios', error: String(error.stack ?? error) }]);
    process.stderr.write(`ui: ${error.stack ?? error}\nui: 0 passed, 1 failed\n`);
    process.exitCode = 1;
  },
);
