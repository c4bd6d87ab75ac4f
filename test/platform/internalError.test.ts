import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../platform/diagnostics';
import { languageService, settings, yamlDocument } from '../helpers/languageService';

test('a document Berth fails on is a warning saying so, never a silent pass; the other documents are still validated', () => {
  const service = languageService();
  // A hook that throws stands for any bug met while validating one document.
  service.setWorkspaceHooks({ kubernetesVersionFor: (value) => {
    if ((value.metadata as { name?: string } | undefined)?.name === 'boom') throw new Error('hook failed');
    return undefined;
  }, epoch: 1 });
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: boom}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\ndata: {a: 1}\n';
  const diagnostics = fileDiagnostics(service.analyze(yamlDocument(text), settings()));
  const internal = diagnostics.filter((d) => d.code === 'internal-error');
  assert.equal(internal.length, 1, JSON.stringify(diagnostics));
  assert.equal(internal[0]!.severity, 2);
  assert.equal(internal[0]!.range.start.line, 0);
  assert.match(String(internal[0]!.message), /could not validate this document \(hook failed\)/);
  assert.ok(diagnostics.some((d) => d.code === 'invalid-type' && d.range.start.line === 7), 'the second document is validated');
});
