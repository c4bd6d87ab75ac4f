// Runs the extension-host suites (dist/test/extension/*.suite.js) in a real VS Code: code-server
// 4.100.3 (VS Code 1.100.3) driven by headless Chromium. The workbench opens samples/ with this
// repository as the extension under development and a suite as `extensionTestsPath`; the suite's
// `run()` result comes back through `codeAutomationExit`, its mocha output through
// `codeAutomationLog`. Exit status: 0 when every suite passed.
// Suites named `*.restricted.suite.ts` run with Workspace Trust on and their workspace left
// untrusted (restricted mode): see restrictedSetup.
//   node test/extension/runInCodeServer.mjs [suite-name...]     (after `node scripts/build.mjs --tests`)
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { format } from 'node:util';
import { ensureTools } from '../../scripts/tools/install.mjs';
import { freePort, launchChromium, remoteUri, startCodeServer, workbenchUrl } from '../../scripts/tools/workbench.mjs';
import { repoRoot } from '../../scripts/tools/paths.mjs';

const suiteDir = join(repoRoot, 'dist/test/extension');
const resultsDir = join(repoRoot, 'test-results/extension');
const runDir = join(repoRoot, '.cache/workbench-tests/extension');
/** The tier's counts for scripts/test.mjs, written on every outcome (a crash counts as a failure). */
const summaryFile = join(repoRoot, 'test-results/extension-summary.json');
const suiteTimeoutMs = Number(process.env.BERTH_SUITE_TIMEOUT_MS || 5 * 60_000);

function suites(only) {
  if (!existsSync(suiteDir)) throw new Error(`no ${suiteDir}: run \`node scripts/build.mjs --tests\` first`);
  const all = readdirSync(suiteDir).filter((f) => f.endsWith('.suite.js')).map((f) => f.replace(/\.suite\.js$/, ''));
  const picked = only.length ? all.filter((s) => only.includes(s)) : all;
  if (picked.length === 0) throw new Error(`no suites ${only.join(', ')} in ${suiteDir} (have: ${all.join(', ') || 'none'})`);
  return picked;
}

/** Formats what the workbench hands codeAutomationLog: a console method name and its arguments. */
function logLine(type, args) {
  // mocha's reporter logs printf-style ('%s (%dms)', title, ms): format as console.log would.
  const text = format(...(Array.isArray(args) ? args : [args]));
  return type === 'error' ? `[error] ${text}` : text;
}

/**
 * A restricted-mode run: trust enabled but never granted (no startup prompt), a workspace whose
 * .vscode/settings.json names its own kubeconfig (berth.kubeconfigs) with an exec plugin and
 * excludes one of its files from the index (berth.exclude), and a
 * user KUBECONFIG whose users run the same kind of plugin. Each plugin copy leaves `plugin-ran`
 * beside itself; the suite gets their paths in BERTH_TRUST_MARKERS and asserts none appears.
 */
function restrictedSetup(dir) {
  const fixtures = join(repoRoot, 'test/fixtures/security');
  const folder = join(dir, 'workspace');
  cpSync(join(fixtures, 'restricted-workspace'), folder, { recursive: true });
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode/settings.json'), `${JSON.stringify({ 'berth.kubeconfigs': [join(folder, 'kubeconfig.yaml')], 'berth.exclude': ['excluded-by-workspace.yaml'] }, null, 2)}\n`);
  const userKube = join(dir, 'user-kube');
  mkdirSync(userKube, { recursive: true });
  writeFileSync(join(userKube, 'config'), readFileSync(join(fixtures, 'exec/kubeconfig.yaml'), 'utf8').replace('server: "SERVER"', 'server: "http://127.0.0.1:1"'));
  cpSync(join(fixtures, 'exec/credential-plugin.sh'), join(userKube, 'credential-plugin.sh'));
  for (const plugin of [join(folder, 'credential-plugin.sh'), join(userKube, 'credential-plugin.sh')]) chmodSync(plugin, 0o755);
  return {
    folder,
    env: { KUBECONFIG: join(userKube, 'config'), BERTH_TRUST_MARKERS: [join(folder, 'plugin-ran'), join(userKube, 'plugin-ran')].join(delimiter) },
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'security.workspace.trust.untrustedFiles': 'open',
      'security.workspace.trust.emptyWindow': false,
    },
  };
}

async function runSuite(tools, browser, name) {
  const dir = join(runDir, name);
  rmSync(dir, { recursive: true, force: true });
  const resultsFile = join(resultsDir, `${name}.json`);
  rmSync(resultsFile, { force: true });
  const restricted = name.endsWith('.restricted') ? restrictedSetup(dir) : undefined;
  // Where `npm start` would have the local cluster's progress: absent unless a suite writes it.
  const progressFile = join(dir, 'local-cluster', 'progress.json');
  mkdirSync(join(dir, 'local-cluster'), { recursive: true });
  const port = await freePort();
  const server = await startCodeServer(tools, {
    dir,
    port,
    env: { ...process.env, BERTH_TOOLS_MODULES: tools.modules, BERTH_TEST_RESULTS: resultsFile, BERTH_LOCAL_CLUSTER_PROGRESS: progressFile, ...restricted?.env },
    quiet: true,
    ...(restricted ? { workspaceTrust: true, settings: restricted.settings } : {}),
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    let settle;
    const exited = new Promise((resolve) => { settle = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      process.stdout.write(`${logLine(type, args)}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle({ code: Number(code) }));
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    const url = workbenchUrl(server.url, restricted?.folder ?? join(repoRoot, 'samples'), {
      extensionDevelopmentPath: remoteUri(port, repoRoot),
      extensionTestsPath: remoteUri(port, join(suiteDir, `${name}.suite.js`)),
    });
    process.stdout.write(`\n# suite ${name}: ${url}\n`);
    await page.goto(url);
    const timer = setTimeout(() => settle({ code: 1, timedOut: true }), suiteTimeoutMs);
    const outcome = await exited;
    clearTimeout(timer);
    if (outcome.timedOut) {
      await page.screenshot({ path: join(resultsDir, `${name}-timeout.png`) }).catch(() => {});
      process.stderr.write(`suite ${name}: no codeAutomationExit within ${suiteTimeoutMs / 1000}s (screenshot test-results/extension/${name}-timeout.png, server log ${server.paths.log})\n`);
    }
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
    const failures = (results?.failed ?? []).map((f) => ({ name: `${name}: ${f.title}`, error: f.error }));
    return { name, code: outcome.code, passed: results?.passed.length ?? 0, failed: results ? results.failed.length : 1, failures, ran: results !== null };
  } finally {
    await context.close();
    await server.stop();
  }
}

async function main(only) {
  const started = Date.now();
  const tools = await ensureTools({ quiet: true });
  const browser = await launchChromium(tools);
  const outcomes = [];
  try {
    for (const name of suites(only)) outcomes.push(await runSuite(tools, browser, name));
  } finally {
    await browser.close();
  }
  let passed = 0;
  let failed = 0;
  const failures = [];
  for (const o of outcomes) {
    passed += o.passed;
    failed += o.failed;
    failures.push(...o.failures);
    if (!o.ran) {
      process.stdout.write(`suite ${o.name}: the suite never reported results (exit ${o.code}); counted as 1 failure\n`);
      failures.push({ name: `suite ${o.name}`, error: `never reported results (exit ${o.code})` });
    } else if (o.code !== 0 && o.failed === 0) {
      failed += 1;
      process.stdout.write(`suite ${o.name}: exit code ${o.code} although no test failed; counted as 1 failure\n`);
      failures.push({ name: `suite ${o.name}`, error: `exit code ${o.code} although no test failed` });
    }
  }
  writeSummary(passed, failed, failures);
  process.stdout.write(`\nextension: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  return failed === 0 ? 0 : 1;
}

function writeSummary(passed, failed, failures = []) {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(summaryFile, `${JSON.stringify({ passed, failed, failures })}\n`);
}

rmSync(summaryFile, { force: true });
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    writeSummary(0, 1, [{ name: 'extension suites', error: String(error.stack ?? error) }]);
    process.stderr.write(`extension: ${error.stack ?? error}\nextension: 0 passed, 1 failed\n`);
    process.exitCode = 1;
  },
);
