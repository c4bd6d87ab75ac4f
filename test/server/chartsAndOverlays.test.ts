import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { repoRoot } from '../helpers/repo';

// The language server renders the workspace's charts and overlays with the real helm and
// kubectl (built from source) and publishes what is wrong in their output on the source lines.
const roots: string[] = [];
const clients: LspClient[] = [];
after(async () => {
  for (const client of clients) await client.shutdown();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function fixtureWorkspace(): { root: string; uri: (name: string) => string } {
  const root = mkdtempSync(join(tmpdir(), 'berth-sources-lsp-'));
  cpSync(join(repoRoot(), 'test/fixtures/sources'), root, { recursive: true });
  roots.push(root);
  return { root, uri: (name) => pathToFileURL(join(root, name)).href };
}

const has = (code: string, line?: number) => (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d: Diagnostic) => d.code === code && (line === undefined || d.range.start.line === line));

test('values.yaml shows the error its value causes in the rendered chart, live as it is edited', async () => {
  const { root, uri } = fixtureWorkspace();
  const client = new LspClient();
  clients.push(client);
  const values = uri('web/values.yaml');
  const rendered = client.diagnostics(values, has('invalid-type', 1));
  const patched = client.diagnostics(uri('overlay/prod/replicas.yaml'), has('invalid-type', 5));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  const first = await rendered;
  assert.match(first.diagnostics.find((d) => d.code === 'invalid-type')!.message as string, /"many"/);
  const patch = await patched;
  assert.ok(!patch.diagnostics.some((d) => d.code === 'missing-required'), 'a patch is a partial object');

  const text = readFileSync(join(root, 'web/values.yaml'), 'utf8');
  await client.open(values, text, 1);
  const fixed = client.diagnostics(values, (p) => !has('invalid-type')(p));
  await client.change(values, text.replace('replicaCount: many', 'replicaCount: 2'), 2);
  await fixed;
  const broken = client.diagnostics(values, has('invalid-type', 1));
  await client.change(values, text.replace('replicaCount: many', 'replicaCount: [1]'), 3);
  assert.match((await broken).diagnostics.find((d) => d.code === 'invalid-type')!.message as string, /integer/);
});

test('in a restricted workspace nothing is rendered, said once on the chart; trusting it renders', async () => {
  const { root, uri } = fixtureWorkspace();
  const client = new LspClient();
  clients.push(client);
  const notRendered = client.diagnostics(uri('web/Chart.yaml'), has('not-rendered'));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }], { workspaceTrusted: false });
  const chart = await notRendered;
  assert.equal(chart.diagnostics.filter((d) => d.code === 'not-rendered').length, 1);
  assert.match(chart.diagnostics[0]!.message as string, /restricted workspace/);
  const rendered = client.diagnostics(uri('web/values.yaml'), has('invalid-type', 1));
  await client.connection.sendNotification('berth/workspaceTrust', { trusted: true });
  await rendered;
});

test('berth/render on a chart file or an overlay folder answers with what helm and kustomize produced', async () => {
  const { root, uri } = fixtureWorkspace();
  const client = new LspClient();
  clients.push(client);
  const rendered = client.diagnostics(uri('web/values.yaml'), has('invalid-type', 1));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  await rendered;
  const chart = (await client.connection.sendRequest('berth/render', { uri: uri('web/templates/deployment.yaml'), format: 'yaml' })) as { text: string; problems: string[] };
  assert.deepEqual(chart.problems, []);
  assert.match(chart.text, /# Source: web\/templates\/deployment\.yaml\n[^]*replicas: many/);
  const overlay = (await client.connection.sendRequest('berth/render', { uri: uri('overlay/prod'), format: 'yaml' })) as { text: string; problems: string[] };
  assert.match(overlay.text, /name: prod-api/);
});
