// Deploy findings (berth/deployDiagnostics) published as diagnostics by the real server over
// stdio: on the blamed field or the document's name, replaced by the next notification for the
// same files, dropped as soon as the file is edited, merged with the file's own diagnostics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { DeployDiagnosticsParams, DeployFinding } from '../../protocol/protocol';
import { LspClient } from '../helpers/lspClient';

const root = mkdtempSync(join(tmpdir(), 'berth-deploy-diag-'));
const uri = (name: string): string => pathToFileURL(join(root, name)).href;

const MANIFESTS = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: settings',
  'data:',
  '  mode: fast',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
  '',
].join('\n');

const imageFinding: DeployFinding = {
  uri: uri('app.yaml'),
  documentIndex: 1,
  object: 'Deployment shop/web',
  message: 'Invalid: cannot apply (dry run) deployments "web" in namespace "shop": spec.template.spec.containers[0].image: Invalid value',
  field: 'spec.template.spec.containers[0].image',
};
const nameFinding: DeployFinding = { uri: uri('app.yaml'), documentIndex: 0, object: 'ConfigMap shop/settings', message: 'Forbidden: you may not apply configmaps' };

let client: LspClient;

const deployOnly = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.source === 'berth-deploy').map((d) => ({ ...d, message: String(d.message) }));
const withDeploy = (count: number) => (p: PublishDiagnosticsParams) => deployOnly(p.diagnostics).length === count;

function notify(params: DeployDiagnosticsParams): Promise<void> {
  return client.connection.sendNotification('berth/deployDiagnostics', params);
}

before(async () => {
  writeFileSync(join(root, 'app.yaml'), MANIFESTS);
  writeFileSync(join(root, 'closed.yaml'), MANIFESTS);
  client = new LspClient();
  const indexed = client.diagnostics(uri('closed.yaml'));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  await indexed;
  await client.open(uri('app.yaml'), MANIFESTS);
});
after(async () => client.shutdown());

test('a finding shows on the field the apiserver blamed, another on the document name, with the context', async () => {
  const published = client.diagnostics(uri('app.yaml'), withDeploy(2));
  await notify({ uris: [uri('app.yaml')], findings: [imageFinding, nameFinding], context: 'kwok-dev' });
  const diagnostics = deployOnly((await published).diagnostics);
  const image = diagnostics.find((d) => d.message.startsWith('Deployment shop/web'))!;
  assert.deepEqual(image.range, { start: { line: 18, character: 17 }, end: { line: 18, character: 27 } });
  assert.equal(image.severity, 1);
  assert.match(image.message, /containers\[0\]\.image: Invalid value \(deploy to context "kwok-dev"\)$/);
  const name = diagnostics.find((d) => d.message.startsWith('ConfigMap shop/settings'))!;
  assert.deepEqual(name.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } });
});

test('the next notification for the file replaces its findings, even with none', async () => {
  const one = client.diagnostics(uri('app.yaml'), withDeploy(1));
  await notify({ uris: [uri('app.yaml')], findings: [nameFinding], context: 'kwok-dev' });
  assert.match(deployOnly((await one).diagnostics)[0]!.message, /^ConfigMap shop\/settings/);
  const none = client.diagnostics(uri('app.yaml'), withDeploy(0));
  await notify({ uris: [uri('app.yaml')], findings: [], context: 'kwok-dev' });
  await none;
});

test('a field the document does not have falls back to metadata.name', async () => {
  const published = client.diagnostics(uri('app.yaml'), withDeploy(1));
  await notify({ uris: [uri('app.yaml')], findings: [{ ...imageFinding, field: 'spec.template.spec.volumes[3].name' }], context: 'c' });
  assert.deepEqual(deployOnly((await published).diagnostics)[0]!.range, { start: { line: 10, character: 8 }, end: { line: 10, character: 11 } });
});

test('editing the file drops its findings; its own diagnostics stay', async () => {
  const shown = client.diagnostics(uri('app.yaml'), withDeploy(1));
  await notify({ uris: [uri('app.yaml')], findings: [imageFinding], context: 'c' });
  await shown;
  const edited = client.diagnostics(uri('app.yaml'), (p) => p.version === 2);
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri('app.yaml'), version: 2 },
    contentChanges: [{ range: { start: { line: 5, character: 8 }, end: { line: 5, character: 12 } }, text: 'slow' }],
  });
  assert.deepEqual(deployOnly((await edited).diagnostics), []);
  // The file's own analysis still runs: a real mistake is still reported alongside nothing from deploy.
  const broken = client.diagnostics(uri('app.yaml'), (p) => p.version === 3);
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri('app.yaml'), version: 3 },
    contentChanges: [{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 15 } }, text: 'ConfigMapp' }],
  });
  const after = (await broken).diagnostics;
  assert.ok(after.length > 0 && deployOnly(after).length === 0, JSON.stringify(after));
});

test('files that are not open get their findings too', async () => {
  const published = client.diagnostics(uri('closed.yaml'), withDeploy(1));
  await notify({ uris: [uri('closed.yaml')], findings: [{ ...nameFinding, uri: uri('closed.yaml') }], context: 'c' });
  assert.deepEqual(deployOnly((await published).diagnostics)[0]!.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } });
  const cleared = client.diagnostics(uri('closed.yaml'), withDeploy(0));
  await notify({ uris: [uri('closed.yaml')], findings: [], context: 'c' });
  await cleared;
});

test('malformed notifications are ignored without harm; a document index past the end lands on the last line', async () => {
  await client.connection.sendNotification('berth/deployDiagnostics', { uris: 'nope', findings: [{ uri: 3 }, null], context: 7 });
  await client.connection.sendNotification('berth/deployDiagnostics', null);
  const published = client.diagnostics(uri('closed.yaml'), withDeploy(1));
  await notify({ uris: [uri('closed.yaml')], findings: [{ ...nameFinding, uri: uri('closed.yaml'), documentIndex: 9 }], context: 'c' });
  const range = deployOnly((await published).diagnostics)[0]!.range;
  assert.equal(range.start.line, MANIFESTS.split('\n').length - 1);
  assert.equal(client.stderr.join('').includes('Error'), false, client.stderr.join(''));
});
