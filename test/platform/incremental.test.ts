import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TrackedTextDocument } from '../../platform/text/trackedTextDocument';
import { languageService, settings } from '../helpers/languageService';

const service = languageService();

function manifests(count: number): string {
  return Array.from({ length: count }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: value-${i}\n`).join('---\n');
}

test('an edit re-analyses only the document it touched', () => {
  const uri = 'file:///test/incremental.yaml';
  const first = TextDocument.create(uri, 'yaml', 1, manifests(50));
  const before = service.analyze(first, settings());
  const edited = TextDocument.update(first, [{ range: { start: { line: 5, character: 14 }, end: { line: 5, character: 14 } }, text: 'X' }], 2);
  const after = service.analyze(edited, settings());
  assert.equal(after.chunks.length, 50);
  assert.notEqual(after.chunks[0]!.analysis, before.chunks[0]!.analysis, 'the edited document is re-analysed');
  for (let i = 1; i < 50; i++) assert.equal(after.chunks[i]!.analysis, before.chunks[i]!.analysis, `document ${i} keeps its result`);
});

test('documents that move keep their results and their diagnostics move with them', () => {
  const uri = 'file:///test/moving.yaml';
  const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: 3\n';
  const first = TextDocument.create(uri, 'yaml', 1, `${manifests(2)}---\n${broken}`);
  const before = service.diagnostics(first, settings());
  const second = TextDocument.create(uri, 'yaml', 2, `# a new first line\n${manifests(2)}---\n${broken}`);
  const after = service.diagnostics(second, settings());
  assert.equal(before.length, 1);
  assert.equal(after[0]!.range.start.line, before[0]!.range.start.line + 1);
});

test('changing settings re-validates', () => {
  const document = TextDocument.create('file:///test/settings.yaml', 'yaml', 1, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, colour: red}\n');
  assert.equal(service.diagnostics(document, settings({ unknownFields: 'warning' }))[0]?.severity, 2);
  assert.equal(service.diagnostics(document, settings({ unknownFields: 'error' }))[0]?.severity, 1);
});

test('a document that tracks its edits is analysed after each as a fresh copy of its text is, and an edit re-analyses only what it touched', () => {
  const uri = 'file:///test/tracked.yaml';
  const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: 3\n';
  const document = TrackedTextDocument.create(uri, 'yaml', 1, `${manifests(20)}---\n${broken}---\n${manifests(20)}`);
  const fresh = languageService();
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['x', '\n', '---\n', '...\n', 'data: 3\n', ' ', '\nkind: Secret\n', ''];
  for (let version = 2; version < 120; version++) {
    const before = service.analyze(document, settings());
    const line = random(document.lineCount);
    const character = random(16);
    const end = random(3) === 0 ? { line: line + random(3), character: random(8) } : { line, character };
    TrackedTextDocument.update(document, [{ range: { start: { line, character }, end }, text: pieces[random(pieces.length)]! }], version);
    const after = service.analyze(document, settings());
    // The same file analysed from scratch, in a service of its own.
    fresh.forget(uri);
    assert.deepEqual(service.diagnostics(document, settings()), fresh.diagnostics(TextDocument.create(uri, 'yaml', version, document.getText()), settings()), `version ${version}`);
    const kept = after.chunks.filter((chunk) => before.chunks.some((earlier) => earlier.analysis === chunk.analysis)).length;
    assert.ok(kept >= after.chunks.length - 4, `version ${version}: ${kept} of ${after.chunks.length} documents keep their analysis`);
  }
});
