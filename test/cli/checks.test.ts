// Best-practice checks from the command line: `--checks`, `berth policy list`, and SARIF rules that
// code-scanning UIs can show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { berth, workspace } from '../helpers/cli';

/** A valid Deployment whose image has no tag, and that sets nothing else the checks ask for. */
const UNPINNED = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n';

interface Report {
  diagnostics: { file: string; severity: string; code: string; message: string }[];
  summary: { errors: number; warnings: number };
}

function validate(args: readonly string[]): { status: number | null; report: Report; stderr: string } {
  const dir = workspace({ 'web.yaml': UNPINNED });
  const result = berth(['validate', join(dir, 'web.yaml'), '--output', 'json', ...args]);
  return { status: result.status, report: result.stdout ? (JSON.parse(result.stdout) as Report) : { diagnostics: [], summary: { errors: 0, warnings: 0 } }, stderr: result.stderr };
}

test('the checks are warnings by default: they are reported and validation still passes', () => {
  const { status, report } = validate([]);
  assert.equal(status, 0);
  const latest = report.diagnostics.find((d) => d.code === 'latest-tag');
  assert.equal(latest?.severity, 'warning');
  assert.match(latest!.message, /"nginx", which has no tag/);
  assert.equal(report.summary.errors, 0);
  assert.ok(report.summary.warnings >= 5, `${report.summary.warnings} warnings`);
});

test('--checks raises one check to an error, which fails the run', () => {
  const { status, report } = validate(['--checks', 'latest-tag=error']);
  assert.equal(status, 1);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['latest-tag']);
});

test('--checks none, and *=off with one check kept, repeatable with the last word winning', () => {
  assert.deepEqual(validate(['--checks', 'none']).report.diagnostics, []);
  assert.deepEqual(validate(['--checks', '*=off,latest-tag=warning']).report.diagnostics.map((d) => d.code), ['latest-tag']);
  assert.deepEqual(validate(['--checks', '*=off', '--checks', 'unset-memory-limit=information']).report.diagnostics.map((d) => `${d.code} ${d.severity}`), ['unset-memory-limit information']);
  assert.deepEqual(validate(['--checks', 'latest-tag=error', '--checks', 'none']).report.diagnostics, []);
});

test('--checks with an unknown check or level is a usage error that names the fix', () => {
  const typo = validate(['--checks', 'latst-tag=error']);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /"latst-tag" is not a Berth check \(did you mean latest-tag\?\)/);
  const level = validate(['--checks', 'latest-tag=fatal']);
  assert.equal(level.status, 2);
  assert.match(level.stderr, /the level must be one of off, information, warning, error, not "fatal"/);
  assert.equal(validate(['--checks', 'latest-tag']).status, 2);
});

test('the annotation berth.dev/ignore-checks exempts one object from the command line too', () => {
  const dir = workspace({ 'web.yaml': UNPINNED.replace('  name: web\n', '  name: web\n  annotations: {berth.dev/ignore-checks: "*"}\n') });
  const result = berth(['validate', dir, '--output', 'json']);
  assert.equal(result.status, 0);
  assert.deepEqual((JSON.parse(result.stdout) as Report).diagnostics, []);
});

test('SARIF carries each check as a rule with its ID, descriptions, help link and default level', () => {
  const dir = workspace({ 'web.yaml': UNPINNED });
  const result = berth(['validate', dir, '--output', 'sarif']);
  assert.equal(result.status, 0);
  type Rule = { id: string; shortDescription: { text: string }; fullDescription?: { text: string }; helpUri?: string; help?: { text: string }; defaultConfiguration?: { level: string } };
  const sarif = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: Rule[] } }; results: { ruleId: string; ruleIndex: number; level: string }[] }[] };
  const run = sarif.runs[0]!;
  const rule = run.tool.driver.rules.find((r) => r.id === 'latest-tag')!;
  assert.equal(rule.shortDescription.text, 'a container image without a tag, or tagged latest');
  assert.match(rule.fullDescription!.text, /An untagged or latest image changes under the workload.*Pin the image to a version tag or a digest/);
  assert.equal(rule.helpUri, 'https://berth.dev/README.md#check-latest-tag');
  assert.match(rule.help!.text, /Pin the image/);
  assert.equal(rule.defaultConfiguration!.level, 'warning');
  const result0 = run.results.find((r) => r.ruleId === 'latest-tag')!;
  assert.equal(result0.level, 'warning');
  assert.equal(run.tool.driver.rules[result0.ruleIndex]!.id, 'latest-tag');
  // Every rule a result names is described, checks with their help link.
  for (const r of run.tool.driver.rules) assert.ok(r.helpUri?.endsWith(`#check-${r.id}`), r.id);
});

test('berth policy list prints every check with its default level and its kube-linter and Polaris names', () => {
  const text = berth(['policy', 'list']);
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.split('\n');
  assert.match(lines[0]!, /^ID +DEFAULT +SCOPE +KUBE-LINTER +POLARIS +FINDS$/);
  assert.match(text.stdout, /^latest-tag +warning +document +latest-tag +tagNotSpecified +a container image without a tag, or tagged latest$/m);
  assert.match(text.stdout, /^non-existent-service-account +warning +workspace +non-existent-service-account +- +/m);
  assert.match(text.stdout, /mismatching-selector \(selector-mismatch\)/);

  const json = berth(['policy', 'list', '--output', 'json']);
  assert.equal(json.status, 0);
  const { checks } = JSON.parse(json.stdout) as { checks: { id: string; defaultLevel: string; helpUri: string; kubeLinter: string[]; polaris: string[] }[] };
  assert.equal(checks.length, lines.filter((l) => /^[a-z]/.test(l) && !l.startsWith('kube-linter')).length, 'the text lists every check once');
  const pdb = checks.find((c) => c.id === 'pdb-min-available')!;
  assert.deepEqual([pdb.defaultLevel, pdb.kubeLinter, pdb.polaris], ['warning', ['pdb-min-available'], ['pdbDisruptionsIsZero']]);
  assert.equal(new Set(checks.map((c) => c.id)).size, checks.length, 'IDs are unique');

  assert.equal(berth(['policy']).status, 2);
  assert.equal(berth(['policy', 'show']).status, 2);
  assert.match(berth(['policy', '--help']).stdout, /berth policy list/);
});
