import { test } from 'node:test';
import assert from 'node:assert/strict';
import { languageService, settings, yamlDocument } from '../helpers/languageService';

const service = languageService();
const diagnose = (text: string) => service.diagnostics(yamlDocument(text), settings());

test('an empty file and a comment-only file have no diagnostics', () => {
  assert.deepEqual(diagnose(''), []);
  assert.deepEqual(diagnose('# nothing here\n---\n'), []);
});

test('binary garbage gives diagnostics, not a crash', () => {
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const result = diagnose(bytes.toString('latin1'));
  assert.ok(Array.isArray(result));
});

test('deep nesting is handled', () => {
  const depth = 20000;
  const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  const result = diagnose(flow);
  assert.ok(result.length > 0, 'deeply nested data is reported, not silently accepted');
});

test('a YAML alias bomb is reported, not expanded', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n${lines.join('\n')}\n`;
  const result = diagnose(text);
  assert.ok(result.some((d) => d.code === 'yaml-alias-limit'), JSON.stringify(result.map((d) => d.code)));
});

test('a list or scalar document next to manifests is flagged', () => {
  const result = diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- one\n- two\n---\njust text\n');
  assert.equal(result.filter((d) => d.code === 'not-a-manifest').length, 2);
});

test('a 10 MB file is validated when berth.validation.maxFileSize allows it', () => {
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big-0\ndata:\n  key: "' + 'x'.repeat(1000) + '"\n';
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const d = doc.replace('big-0', `big-${i}`);
    parts.push(d);
    size += d.length + 4;
  }
  const text = parts.join('---\n') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: last}\ndata: {n: 1}\n';
  const result = service.diagnostics(yamlDocument(text), settings({ maxFileSize: 20 }));
  assert.equal(result.length, 1);
  assert.equal(result[0]!.code, 'invalid-type');
});

test('duplicate keys and tabs are syntax errors with positions', () => {
  const result = diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nmetadata: {name: b}\n');
  assert.ok(result.some((d) => String(d.code).startsWith('yaml-') && d.range.start.line === 3));
  assert.ok(diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n').length > 0);
});

test('CRLF line endings and a BOM validate like LF', () => {
  const text = '\ufeffapiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: web\r\nspec:\r\n  replicas: "x"\r\n';
  const result = diagnose(text);
  const typeError = result.find((d) => d.code === 'invalid-type');
  assert.ok(typeError);
  assert.equal(typeError.range.start.line, 5);
});
