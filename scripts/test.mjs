// `npm test`: installs what is missing, type-checks, builds, and runs every test tier.
// A tier that cannot run fails the run loudly; nothing is skipped in silence (the audit, where
// the registry cannot answer it, is skipped with a banner and counted as skipped, never passed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatFailures, tapFailures } from './test/failedTests.mjs';
import { needsNpmCi, npmCiArgs } from './tools/dependencies.mjs';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit cli`

function run(command, args, options = {}) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function must(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\nnpm test: "${[command, ...args].join(' ')}" failed with status ${status}`);
    process.exit(status);
  }
}

function filesBelow(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path, suffix) : name.endsWith(suffix) ? [path] : [];
  });
}

// 1. Dependencies: npm ci when node_modules is missing or older than the lock file.
if (needsNpmCi(root)) must('npm', npmCiArgs);

// 2. Type-check every package and the layering, then build (with the tests).
must('node', ['scripts/typecheck.mjs']);
must('node', ['scripts/build.mjs', '--tests']);

// 3. The programs rendering runs (helm and kubectl, built from source and cached): the cli,
// server and VS Code tiers render charts and overlays with them. The cluster tiers need the
// rest of the build anyway, so it is one step.
const needsTools = ['cli', 'server', 'cluster', 'extension', 'ui'];
if (only.length === 0 || only.some((name) => needsTools.includes(name))) must('node', ['scripts/cluster.mjs', 'build']);

// 4. The tiers, in order of cost. Each runs its compiled test files under node:test.
const tiers = [
  // The production dependencies against the registry's advisories (see runAuditTier).
  { name: 'audit', audit: true },
  { name: 'unit', dirs: ['dist/test/platform', 'dist/test/kube', 'dist/test/client', 'dist/test/layering', 'dist/test/scripts'] },
  { name: 'server', dirs: ['dist/test/server'] },
  { name: 'cli', dirs: ['dist/test/cli'] },
  { name: 'fuzz', dirs: ['dist/test/fuzz'] },
  { name: 'cluster', dirs: ['dist/test/cluster'], cluster: true },
  // Real VS Code (code-server 4.100.3 in headless Chromium); their runners install the tools.
  // Both browse and change the local cluster, so they run against it too.
  { name: 'extension', runner: 'test/extension/runInCodeServer.mjs', cluster: true },
  { name: 'ui', runner: 'test/ui/runScenarios.mjs', cluster: true },
].filter((tier) => only.length === 0 || only.includes(tier.name));

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Each failed test with its error, printed last: the end of the log is what a CI page keeps. */
const failedTests = [];

function runTier(tier, env = process.env) {
  const files = tier.dirs.flatMap((dir) => filesBelow(join(root, dir), '.test.js'));
  if (files.length === 0) {
    failures.push(`${tier.name}: no test files in ${tier.dirs.join(', ')}`);
    return;
  }
  const tap = join(resultsDir, `${tier.name}.tap`);
  const status = run(
    'node',
    ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files.map((f) => relative(root, f))],
    { env },
  );
  const counts = readTapCounts(tap);
  totals.passed += counts.pass;
  totals.failed += counts.fail;
  totals.skipped += counts.skipped;
  if (status !== 0 || counts.fail > 0) failures.push(`${tier.name}: ${counts.fail} failed (exit ${status})`);
  if (counts.fail > 0) failedTests.push(...formatFailures(tier.name, tapFailures(counts.text), `test-results/${tier.name}.tap`));
}

function readTapCounts(path) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { pass: count('pass'), fail: count('fail'), skipped: count('skipped') + count('todo'), text };
}

/** A tier with its own runner, which writes test-results/<tier>-summary.json with its counts. */
function runRunnerTier(tier, env) {
  const summary = join(resultsDir, `${tier.name}-summary.json`);
  rmSync(summary, { force: true });
  const status = run('node', [tier.runner], { env });
  const counts = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : null;
  if (!counts) {
    failures.push(`${tier.name}: ${tier.runner} reported no results (exit ${status})`);
    totals.failed++;
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  if (status !== 0 || counts.failed > 0) failures.push(`${tier.name}: ${counts.failed} failed (exit ${status})`);
  failedTests.push(...formatFailures(tier.name, counts.failures ?? [], 'the tier output above'));
}

/**
 * `npm audit --omit=dev`: a high or critical advisory for what Berth ships fails the run. A
 * registry that cannot answer (some proxies refuse the audit endpoint) is no pass: the tier says
 * so loudly, counts as skipped, and checks instead that SECURITY.md, the record of the advisories
 * checked by hand, names every production package at its installed version.
 */
function runAuditTier() {
  console.log('\n$ npm audit --omit=dev --json');
  const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8' });
  let report;
  try {
    report = JSON.parse(audit.stdout);
  } catch {
    report = undefined;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (counts && typeof counts === 'object') {
    const serious = (counts.high ?? 0) + (counts.critical ?? 0);
    const all = Object.entries(counts).filter(([level]) => level !== 'total' && level !== 'info').map(([level, n]) => `${n} ${level}`).join(', ');
    console.log(`audit: the registry answered: ${all}`);
    for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) console.log(`  ${entry.severity}: ${name} ${entry.range ?? ''}`);
    if (serious > 0) {
      failures.push(`audit: ${serious} high or critical advisories in production dependencies (npm audit --omit=dev)`);
      totals.failed++;
    } else totals.passed++;
    return;
  }
  const why = report?.message ?? report?.error?.summary ?? (audit.stderr.trim().split('\n').pop() || `exit ${audit.status}`);
  console.error(`\n!!! SKIPPED: npm audit --omit=dev: the registry did not answer (${why}). No advisory was checked by this run; SECURITY.md records the last check by hand. !!!\n`);
  totals.skipped++;
  const record = securityRecord();
  const missing = productionPackages().filter((pkg) => !new RegExp(`(^|[\\s\`])${pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([\\s\`]|$)`, 'm').test(record));
  if (missing.length > 0) {
    failures.push(`audit: SECURITY.md does not list ${missing.join(', ')}: check their advisories and add them`);
    totals.failed++;
  }
}

/** Every production package as `name@version`, from the installed tree. */
function productionPackages() {
  const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const found = new Set();
  const walk = (dependencies) => {
    for (const [name, node] of Object.entries(dependencies ?? {})) {
      if (node.version) found.add(`${name}@${node.version}`);
      walk(node.dependencies);
    }
  };
  walk(JSON.parse(listed.stdout || '{}').dependencies);
  return [...found].sort();
}

function securityRecord() {
  const path = join(root, 'SECURITY.md');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

// The tiers that need the local cluster share one: it comes up before the first of them and,
// unless the developer already had it running, goes down after the last.
const clusterEnv = { started: false, wasUp: false, failed: false, env: process.env };

function withCluster() {
  if (clusterEnv.started || clusterEnv.failed) return !clusterEnv.failed;
  clusterEnv.wasUp = spawnSync('node', ['scripts/cluster.mjs', 'status'], { cwd: root, stdio: 'ignore' }).status === 0;
  if (run('node', ['scripts/cluster.mjs', 'up']) !== 0) {
    clusterEnv.failed = true;
    return false;
  }
  clusterEnv.started = true;
  const kubeconfig = spawnSync('node', ['scripts/cluster.mjs', 'kubeconfig'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  clusterEnv.env = { ...process.env, KUBECONFIG: kubeconfig, BERTH_TEST_KUBECONFIG: kubeconfig };
  return true;
}

try {
  for (const tier of tiers) {
    console.log(`\n=== tier: ${tier.name} ===`);
    if (tier.cluster && !withCluster()) {
      failures.push(`${tier.name}: the local cluster did not come up (see the cluster: lines above); its tests did not run`);
      totals.failed++;
      continue;
    }
    const env = tier.cluster ? clusterEnv.env : process.env;
    if (tier.audit) runAuditTier();
    else if (tier.runner) runRunnerTier(tier, env);
    else runTier(tier, env);
  }
} finally {
  if (clusterEnv.started && !clusterEnv.wasUp) run('node', ['scripts/cluster.mjs', 'down']);
}

console.log('\n=== summary ===');
for (const failure of failures) console.log(`FAILED ${failure}`);
if (failedTests.length > 0) console.log(`failed tests:\n${failedTests.join('\n')}`);
if (totals.skipped > 0) console.log(`(${totals.skipped} skipped: see the tier output for why)`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length > 0 ? 1 : 0);
