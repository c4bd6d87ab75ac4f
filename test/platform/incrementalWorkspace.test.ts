import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { DEFAULT_VALIDATION_SETTINGS, type ValidationSettings } from '../../platform/settings';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { repoRoot } from '../helpers/repo';

/**
 * A file of many documents edited in place, as the language server edits it, against the same
 * text opened fresh: each edit re-analyses only what it touched and reuses the rest, and the
 * diagnostics (cross-document findings included) must be the fresh open's, message for message.
 */
const SETTINGS: ValidationSettings = { ...DEFAULT_VALIDATION_SETTINGS, checks: { '*': 'warning' } };
const URI = 'file:///ws/many.yaml';

const deployment = (name: string, configMap: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: main\n          image: nginx:1.27\n          envFrom:\n            - configMapRef:\n                name: ${configMap}\n`;
const service = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n`;
const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  key: value\n`;
const application = (name: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  cluster: dev\n  image: nginx:1.27\n`;
const CLUSTER = 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: managed\n  provider: kwok\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n';

function manyDocuments(): string {
  const documents = [NAMESPACE, CLUSTER];
  for (let i = 0; i < 6; i++) documents.push(deployment(`web-${i}`, `config-${i}`), service(`web-${i}`), configMap(`config-${i}`), application(`app-${i}`));
  return documents.map((d) => `---\n${d}`).join('');
}

const editedService = new BerthLanguageService(nodeLanguageServiceOptions(repoRoot()));
const edited = new BerthWorkspace(editedService);
const freshService = new BerthLanguageService(nodeLanguageServiceOptions(repoRoot()));

function freshDiagnostics(text: string, version: number): Diagnostic[] {
  const workspace = new BerthWorkspace(freshService);
  workspace.setFile(TextDocument.create(URI, 'yaml', version, text), SETTINGS);
  const diagnostics = workspace.diagnostics(URI);
  workspace.removeFile(URI);
  return diagnostics;
}

let document = TextDocument.create(URI, 'yaml', 1, manyDocuments());
edited.setFile(document, SETTINGS);

/** Replaces the first occurrence of `find` (after `after`, if given) in the edited file, and compares. */
function edit(find: string, replacement: string, after = ''): Diagnostic[] {
  const text = document.getText();
  const from = after === '' ? 0 : text.indexOf(after);
  const offset = text.indexOf(find, from);
  assert.ok(from !== -1 && offset !== -1, `"${find}" is in the file`);
  return editAt(document.positionAt(offset), document.positionAt(offset + find.length), replacement);
}

function editAt(start: Position, end: Position, replacement: string): Diagnostic[] {
  document = TextDocument.update(document, [{ range: { start, end }, text: replacement }], document.version + 1);
  edited.setFile(document, SETTINGS);
  const diagnostics = edited.diagnostics(URI);
  assert.deepEqual(diagnostics, freshDiagnostics(document.getText(), document.version), `after the edit to version ${document.version}`);
  return diagnostics;
}

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

test('the many-document file opens with the cross-document findings a fresh open gives', () => {
  assert.deepEqual(edited.diagnostics(URI), freshDiagnostics(document.getText(), document.version));
});

test('a Service whose pods are relabelled elsewhere in the file turns dangling, and back', () => {
  const before = codes(edited.diagnostics(URI)).filter((c) => c === 'dangling-service').length;
  const relabelled = edit('app: web-3\n', 'app: web-x\n', '    metadata:\n      labels:\n        app: web-3');
  assert.equal(codes(relabelled).filter((c) => c === 'dangling-service').length, before + 1);
  const restored = edit('app: web-x\n', 'app: web-3\n');
  assert.equal(codes(restored).filter((c) => c === 'dangling-service').length, before);
});

test('renaming a ConfigMap leaves the Deployment that uses it with an unresolved reference, and back', () => {
  const before = codes(edited.diagnostics(URI)).filter((c) => c === 'unresolved-reference').length;
  const renamed = edit('name: config-2\n', 'name: config-22\n', 'kind: ConfigMap');
  assert.equal(codes(renamed).filter((c) => c === 'unresolved-reference').length, before + 1);
  const restored = edit('name: config-22\n', 'name: config-2\n');
  assert.equal(codes(restored).filter((c) => c === 'unresolved-reference').length, before);
});

test('an Application renamed to another one\'s name is a duplicate, and stops being one', () => {
  const duplicated = edit('name: app-4\n', 'name: app-1\n');
  assert.ok(codes(duplicated).includes('duplicate-application'));
  const restored = edit('name: app-1\n', 'name: app-4\n', 'name: app-3\n');
  assert.ok(!codes(restored).includes('duplicate-application'));
});

test('a Namespace\'s Pod Security level raised and lowered changes the findings of the pods in the documents below it', () => {
  const before = codes(edited.diagnostics(URI)).filter((c) => c === 'pod-security').length;
  const raised = edit('enforce: baseline', 'enforce: restricted');
  assert.ok(codes(raised).filter((c) => c === 'pod-security').length > before);
  const lowered = edit('enforce: restricted', 'enforce: baseline');
  assert.equal(codes(lowered).filter((c) => c === 'pod-security').length, before);
});

test('edits that move documents, add one, join two or split one give the fresh open\'s diagnostics', () => {
  editAt({ line: 0, character: 0 }, { line: 0, character: 0 }, '# a comment above everything\n');
  edit('---\napiVersion: v1\nkind: Service', `---\n${configMap('added')}---\napiVersion: v1\nkind: Service`);
  edit('\n---\napiVersion: berth.dev/v1alpha1\nkind: Application', '\napiVersion: berth.dev/v1alpha1\nkind: Application');
  edit('  key: value\n', '  key: value\n---\n');
  edit('image: nginx:1.27', 'image: [broken');
  edit('image: [broken', 'image: nginx:1.27');
});

test('random edits across the file give the fresh open\'s diagnostics after each one', () => {
  // A deterministic generator: a failure reproduces.
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['x', '\n', '---\n', '  ', ': ', 'app: web-1', 'name: config-1', '\n...\n', '- ', 'enforce: restricted'];
  for (let i = 0; i < 60; i++) {
    const text = document.getText();
    const start = random(text.length + 1);
    const end = Math.min(text.length, start + (random(3) === 0 ? random(20) : 0));
    editAt(document.positionAt(start), document.positionAt(end), pieces[random(pieces.length)]!);
  }
});
