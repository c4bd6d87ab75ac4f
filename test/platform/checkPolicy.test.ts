// How the best-practice checks are levelled and suppressed (settings, annotations of Berth,
// kube-linter and Polaris), their quick fixes, and their documentation kept in step with the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { CHECK_LEVELS, CHECKS } from '../../platform/policy/checks/catalog';
import { checkLevelsFrom } from '../../platform/policy/checks/levels';
import { validationSettingsFrom, type ValidationSettings } from '../../platform/settings';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

const ON = settings({ checks: {} });

/** A Deployment whose one container runs an untagged image and sets no resources; `annotations` go under its metadata. */
function deployment(annotations = '', image = 'nginx'): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    ...(annotations ? ['  annotations:', ...annotations.split('\n').map((line) => `    ${line}`)] : []),
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: ${image}`,
    '          ports:',
    '            - containerPort: 8080',
    '',
  ].join('\n');
}

function diagnosticsOf(text: string, options: ValidationSettings = ON, uri?: string): { document: TextDocument; diagnostics: Diagnostic[]; workspace: BerthWorkspace } {
  const workspace = new BerthWorkspace(languageService());
  const document = yamlDocument(text, uri);
  workspace.setFile(document, options);
  return { document, diagnostics: workspace.diagnostics(document.uri), workspace };
}

const codesOf = (text: string, options: ValidationSettings = ON): string[] => diagnosticsOf(text, options).diagnostics.map((d) => String(d.code));

test('settings raise, lower or switch off one check, or every check with "*"', () => {
  const severityOf = (checks: ValidationSettings['checks']): number | undefined => diagnosticsOf(deployment(), settings({ checks })).diagnostics.find((d) => d.code === 'latest-tag')?.severity;
  assert.equal(severityOf({}), 2);
  assert.equal(severityOf({ 'latest-tag': 'error' }), 1);
  assert.equal(severityOf({ 'latest-tag': 'information' }), 3);
  assert.equal(severityOf({ 'latest-tag': 'off' }), undefined);
  assert.equal(severityOf({ '*': 'off' }), undefined);
  assert.equal(severityOf({ '*': 'off', 'latest-tag': 'error' }), 1);
  const onlyOne = codesOf(deployment(), settings({ checks: { '*': 'off', 'latest-tag': 'warning' } }));
  assert.deepEqual(onlyOne, ['latest-tag']);
});

test('a check raised to error makes the document fail as an error does', () => {
  const { diagnostics } = diagnosticsOf(deployment(), settings({ checks: { 'unset-memory-limit': 'error' } }));
  assert.ok(diagnostics.some((d) => d.code === 'unset-memory-limit' && d.severity === 1));
});

test('berth.policy.checks is read defensively: unknown IDs and levels are ignored and said so', () => {
  const read = checkLevelsFrom({ 'latest-tag': 'error', 'latst-tag': 'off', 'no-anti-affinity': 'loud', '*': 'information' });
  assert.deepEqual(read.levels, { 'latest-tag': 'error', '*': 'information' });
  assert.equal(read.problems.length, 2);
  assert.match(read.problems[0]!, /"latst-tag" is not a Berth check \(did you mean latest-tag\?\)/);
  assert.match(read.problems[1]!, /The level of no-anti-affinity must be one of off, information, warning, error, not "loud"/);
  assert.deepEqual(checkLevelsFrom(['latest-tag']).levels, {});
  assert.deepEqual(validationSettingsFrom({ policy: { checks: { 'latest-tag': 'off', bogus: 'error' } } }).checks, { 'latest-tag': 'off' });
  assert.deepEqual(validationSettingsFrom({}).checks, {}, 'every check at its default');
});

test("berth.dev/ignore-checks suppresses the checks it names, or every one with '*'", () => {
  const codes = codesOf(deployment('berth.dev/ignore-checks: "latest-tag, unset-cpu-limit"'));
  assert.ok(!codes.includes('latest-tag') && !codes.includes('unset-cpu-limit'), codes.join());
  assert.ok(codes.includes('unset-cpu-request'), 'the others still run');
  assert.deepEqual(codesOf(deployment('berth.dev/ignore-checks: "*"')), []);
});

test('a typo in berth.dev/ignore-checks is a warning on the annotation, with the check meant', () => {
  const { document, diagnostics } = diagnosticsOf(deployment('berth.dev/ignore-checks: latst-tag'));
  const unknown = diagnostics.filter((d) => d.code === 'unknown-check');
  assert.equal(unknown.length, 1);
  assert.equal(document.getText(unknown[0]!.range), 'latst-tag');
  assert.match(String(unknown[0]!.message), /did you mean latest-tag\?/);
  assert.ok(diagnostics.some((d) => d.code === 'latest-tag'), 'the misspelt check is not suppressed');
});

test("kube-linter's annotations suppress the Berth checks that stand for theirs", () => {
  const codes = codesOf(deployment('ignore-check.kube-linter.io/latest-tag: "pinned by the release pipeline"\nignore-check.kube-linter.io/unset-memory-requirements: ""'));
  assert.ok(!codes.includes('latest-tag'), codes.join());
  // kube-linter's unset-memory-requirements is about the limit: Berth's memory request check stays.
  assert.ok(!codes.includes('unset-memory-limit') && codes.includes('unset-memory-request'), codes.join());
  assert.deepEqual(codesOf(deployment('kube-linter.io/ignore-all: "generated"')), []);
  // A kube-linter check Berth has no equivalent for is kube-linter's business: no warning.
  assert.ok(!codesOf(deployment('ignore-check.kube-linter.io/sorted-keys: ""')).includes('unknown-check'));
});

test("Polaris's exemptions suppress only when set to true", () => {
  const codes = codesOf(deployment('polaris.fairwinds.com/tagNotSpecified-exempt: "TRUE"\npolaris.fairwinds.com/cpuLimitsMissing-exempt: "false"'));
  assert.ok(!codes.includes('latest-tag'), codes.join());
  assert.ok(codes.includes('unset-cpu-limit'), 'an exemption set to false exempts nothing');
  assert.deepEqual(codesOf(deployment('polaris.fairwinds.com/exempt: "true"')), []);
});

test('quick fix: pin an untagged image to the version the workspace already uses', () => {
  const workspace = new BerthWorkspace(languageService());
  const pinned = yamlDocument(deployment('', 'nginx:1.27.3').replace('name: web', 'name: other'), 'file:///fix/other.yaml');
  const untagged = yamlDocument(deployment('', '"nginx:latest"'), 'file:///fix/web.yaml');
  workspace.setFile(pinned, ON);
  workspace.setFile(untagged, ON);
  const finding = workspace.diagnostics(untagged.uri).filter((d) => d.code === 'latest-tag');
  const [action] = workspace.codeActions(untagged.uri, finding);
  assert.equal(action?.title, 'Pin the image to nginx:1.27.3 (used elsewhere in the workspace)');
  const fixed = TextDocument.applyEdits(untagged, action!.edit!.changes![untagged.uri]!);
  assert.match(fixed, /image: "nginx:1\.27\.3"\n/);
});

test('quick fix: placeholder requests and limits clear every resource finding of the container', () => {
  const resourceCodes = ['unset-cpu-request', 'unset-cpu-limit', 'unset-memory-request', 'unset-memory-limit'];
  for (const text of [
    deployment('', 'nginx:1.27'),
    // The container ends the file: without a final line break, and with CRLF line breaks.
    deployment('', 'nginx:1.27').trimEnd(),
    deployment('', 'nginx:1.27').replace(/\n/g, '\r\n'),
    deployment('', 'nginx:1.27').replace('          ports:', '          resources:\n            requests:\n              cpu: "2"\n          ports:'),
    deployment('', 'nginx:1.27').replace('          ports:', '          resources: {}\n          ports:'),
    deployment('', 'nginx:1.27').replace(/        - name: web\n.*\n.*\n.*\n/, '        - {name: web, image: "nginx:1.27"}\n'),
  ]) {
    const { document, diagnostics, workspace } = diagnosticsOf(text);
    const found = diagnostics.filter((d) => resourceCodes.includes(String(d.code)));
    assert.ok(found.length > 0, text);
    const actions = workspace.codeActions(document.uri, found).filter((a) => a.title.startsWith('Add placeholder'));
    assert.equal(actions.length, 1, `${actions.map((a) => a.title).join(' | ')}\n${text}`);
    const fixed = TextDocument.applyEdits(document, actions[0]!.edit!.changes![document.uri]!);
    const after = diagnosticsOf(fixed).diagnostics;
    assert.deepEqual(after.filter((d) => resourceCodes.includes(String(d.code)) || d.severity === 1).map((d) => d.code), [], fixed);
  }
});

test('the README lists every check, with its default level, anchor and equivalents, as the catalog says', () => {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const names = (list: readonly string[]): string => (list.length === 0 ? '—' : list.map((n) => `\`${n}\``).join(', '));
  const expected = CHECKS.map((c) => `| \`${c.id}\` | ${c.defaultLevel} | <a id="check-${c.id}"></a>${c.summary}${c.scope === 'workspace' ? ' (workspace)' : ''} | ${names(c.kubeLinter)} | ${names(c.polaris)} |`);
  const header = '| check | default | what it finds | kube-linter | Polaris |\n| --- | --- | --- | --- | --- |\n';
  const start = readme.indexOf(header);
  assert.notEqual(start, -1, 'README has the table of checks');
  const rows = readme.slice(start + header.length).split('\n');
  assert.deepEqual(rows.slice(0, rows.findIndex((line) => !line.startsWith('|'))), expected, 'rows generated from platform/policy/checks/catalog.ts');
});

test('package.json offers every check ID, and no other, in berth.policy.checks', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { properties?: Record<string, { enum: string[] }>; additionalProperties?: boolean }> } | { properties: Record<string, unknown> }[] } };
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const setting = sections.map((s) => (s.properties as Record<string, { properties?: Record<string, { enum: string[] }>; additionalProperties?: boolean }>)['berth.policy.checks']).find((s) => s !== undefined);
  assert.ok(setting?.properties, 'berth.policy.checks is contributed');
  assert.deepEqual(Object.keys(setting.properties).sort(), ['*', ...CHECKS.map((c) => c.id)].sort());
  for (const [id, property] of Object.entries(setting.properties)) assert.deepEqual(property.enum, [...CHECK_LEVELS], id);
  assert.equal(setting.additionalProperties, false);
});
