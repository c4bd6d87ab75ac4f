import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { DEFAULT_VALIDATION_SETTINGS, type ValidationSettings } from '../../platform/settings';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { repoRoot } from '../helpers/repo';

/**
 * The cross-document rules after an edit judge again only what the edit changed: an edit that
 * leaves a document's names and labels as they were re-judges that document alone, and the
 * workspace-wide lookups (names, pod labels, namespaces) are read again only when an edit
 * changes what they hold. Counted, and checked against a fresh open of the same text.
 */
const SETTINGS: ValidationSettings = { ...DEFAULT_VALIDATION_SETTINGS, checks: { '*': 'warning' } };
const URI = 'file:///ws/shop.yaml';
const COUNT = 40;

const deployment = (i: number): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web-${i}\n  template:\n    metadata:\n      labels:\n        app: web-${i}\n    spec:\n      containers:\n        - name: main\n          image: nginx:1.27\n          envFrom:\n            - configMapRef:\n                name: config-${i}\n`;
const service = (i: number): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-${i}\n  namespace: shop\nspec:\n  selector:\n    app: web-${i}\n  ports:\n    - port: 80\n`;
const configMap = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\n  namespace: shop\ndata:\n  key: value-${i}\n`;

function text(): string {
  const documents = ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n'];
  for (let i = 0; i < COUNT; i++) documents.push(deployment(i), service(i), configMap(i));
  return documents.map((d) => `---\n${d}`).join('');
}

function fresh(document: TextDocument): Diagnostic[] {
  const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
  workspace.setFile(TextDocument.create(URI, 'yaml', document.version, document.getText()), SETTINGS);
  return workspace.diagnostics(URI);
}

const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
let document = TextDocument.create(URI, 'yaml', 1, text());
workspace.setFile(document, SETTINGS);
workspace.diagnostics(URI);

/** Replaces the first `find` after `after`, publishes as the server does, and returns the rules' work for it. */
function edit(find: string, replacement: string, after = ''): { contexts: number; subjects: number; diagnostics: Diagnostic[] } {
  const current = document.getText();
  const offset = current.indexOf(find, after === '' ? 0 : current.indexOf(after));
  assert.ok(offset !== -1, `"${find}" is in the file`);
  const before = workspace.crossWork();
  document = TextDocument.update(document, [{ range: { start: document.positionAt(offset), end: document.positionAt(offset + find.length) }, text: replacement }], document.version + 1);
  workspace.setFile(document, SETTINGS);
  workspace.crossSignature(URI);
  const diagnostics = workspace.diagnostics(URI);
  assert.deepEqual(diagnostics, fresh(document), `version ${document.version} gives a fresh open's diagnostics`);
  const after_ = workspace.crossWork();
  return { contexts: after_.contexts - before.contexts, subjects: after_.subjects - before.subjects, diagnostics };
}

test('an edit inside one Deployment judges that Deployment again and nothing else', () => {
  // The Deployment is judged by three rules (references, Pod Security, the workspace checks).
  const work = edit('image: nginx:1.27', 'image: nginx:1.28', 'name: web-17\n');
  assert.equal(work.contexts, 0);
  assert.equal(work.subjects, 3);
});

test('an edit to a ConfigMap\'s data judges nothing again', () => {
  const work = edit('key: value-5', 'key: value-55');
  assert.deepEqual([work.contexts, work.subjects], [0, 0]);
});

test('renaming a ConfigMap reads the names again, once, and its Deployment\'s reference no longer resolves', () => {
  const renamed = edit('kind: ConfigMap\nmetadata:\n  name: config-9\n', 'kind: ConfigMap\nmetadata:\n  name: config-99\n');
  // Only the reference rule reads ConfigMap names: its lookups are read again and every pod template judged.
  assert.equal(renamed.contexts, 1);
  assert.equal(renamed.subjects, COUNT);
  assert.ok(renamed.diagnostics.some((d) => d.code === 'unresolved-reference' && /config-9"/.test(String(d.message))));
  const restored = edit('name: config-99\n', 'name: config-9\n');
  assert.equal(restored.contexts, 1);
  assert.ok(!restored.diagnostics.some((d) => d.code === 'unresolved-reference'));
});

test('relabelling a Deployment\'s pods reads the pod labels again and leaves its Service dangling', () => {
  const relabelled = edit('app: web-3\n', 'app: web-33\n', '    metadata:\n      labels:\n        app: web-3');
  assert.ok(relabelled.contexts >= 1);
  assert.ok(relabelled.diagnostics.some((d) => d.code === 'dangling-service'));
  const restored = edit('app: web-33\n', 'app: web-3\n');
  assert.ok(!restored.diagnostics.some((d) => d.code === 'dangling-service'));
});
