import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { berth, workspace } from '../helpers/cli';

const CERTIFICATE = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
spec:
  secretName: web-tls
  dnsNames: [example.com]
  privateKey: {algorithm: DSA}
`;

test('berth validate checks a cert-manager Certificate against the bundled catalog, with no --crd', () => {
  const dir = workspace({ 'cert.yaml': CERTIFICATE });
  const result = berth(['validate', dir, '--output', 'json']);
  assert.equal(result.status, 1, result.stdout + result.stderr);
  const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { file: string; code: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] };
  const found = diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]).sort();
  assert.deepEqual(found, [
    ['invalid-enum', 'error', 7, 26],
    ['missing-required', 'error', 4, 0],
  ], result.stdout);
  assert.match(diagnostics.find((d) => d.code === 'missing-required')!.message, /issuerRef/);
  assert.ok(diagnostics.every((d) => d.file === join(dir, 'cert.yaml')), result.stdout);
});

test('a custom resource the catalog does not know still says where a schema can come from', () => {
  const dir = workspace({ 'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' });
  const result = berth(['validate', dir]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /\[missing-schema\] No schema for example\.com\/v1 Widget.*bundled CRD catalog.*--crd/);
});
