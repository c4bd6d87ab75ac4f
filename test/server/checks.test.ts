// Best-practice checks over the wire: published with the levels of berth.policy.checks, a bad
// entry of that setting ignored and named in the log, the quick fix offered as a code action.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

const UNPINNED = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n';

test('the checks are published at the levels berth.policy.checks gives; an unknown ID is ignored and logged', async () => {
  const client = new LspClient({ policy: { checks: { 'latest-tag': 'error', 'no-liveness-probe': 'off', 'latst-tag': 'off' } } });
  try {
    await client.initialize();
    const uri = 'file:///ws/web.yaml';
    const diagnostics = await client.open(uri, UNPINNED);
    const latest = diagnostics.find((d) => d.code === 'latest-tag');
    assert.equal(latest?.severity, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics.find((d) => d.code === 'unset-memory-limit')?.severity, 2, 'a check not named keeps its default');
    assert.ok(!diagnostics.some((d) => d.code === 'no-liveness-probe'));
    assert.ok(client.logs.some((line) => /berth\.policy\.checks: "latst-tag" is not a Berth check \(did you mean latest-tag\?\)/.test(line)), client.logs.join('\n'));

    const resources = diagnostics.filter((d) => String(d.code).startsWith('unset-'));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: resources[0]!.range, context: { diagnostics: resources } })) as CodeAction[];
    assert.ok(actions.some((a) => a.title.startsWith('Add placeholder resources')), actions.map((a) => a.title).join(' | '));
  } finally {
    await client.shutdown();
  }
});
