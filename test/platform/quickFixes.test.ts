import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings } from '../helpers/languageService';

function fixesFor(text: string, code: string): { apply: (title: string) => string; titles: string[] } {
  const workspace = new BerthWorkspace(languageService());
  const uri = `file:///fix/${code}.yaml`;
  const document = TextDocument.create(uri, 'yaml', 1, text);
  workspace.setFile(document, settings());
  const diagnostics = workspace.diagnostics(uri).filter((d) => d.code === code);
  assert.equal(diagnostics.length, 1, JSON.stringify(workspace.diagnostics(uri)));
  const actions = workspace.codeActions(uri, diagnostics);
  return {
    titles: actions.map((a) => a.title),
    apply: (title) => {
      const action = actions.find((a) => a.title === title);
      assert.ok(action, `no action "${title}" in ${actions.map((a) => a.title).join(' | ')}`);
      return TextDocument.applyEdits(document, action.edit!.changes![uri]!);
    },
  };
}

test('an enum typo is fixed to the closest allowed value', () => {
  const { apply } = fixesFor('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: manged\n  provider: kind\n', 'invalid-enum');
  assert.match(apply('Change to "managed"'), /type: managed\n/);
});

test('a missing required field is inserted with a placeholder under its parent', () => {
  const { apply } = fixesFor('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  provider: kind\n', 'missing-required');
  const fixed = apply('Add required field "type"');
  assert.match(fixed, /spec:\n {2}type: \S+\n {2}provider: kind/);
});

test('a removed apiVersion moves to apps/v1 and gains the selector apps/v1 requires', () => {
  const text = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
  const { apply, titles } = fixesFor(text, 'removed-api-version');
  const fixed = apply(titles[0]!);
  assert.match(fixed, /^apiVersion: apps\/v1\n/);
  assert.match(fixed, /spec:\n {2}selector:\n {4}matchLabels:\n {6}app: "web"\n {2}replicas: 2/);
  const workspace = new BerthWorkspace(languageService());
  const after = TextDocument.create('file:///fix/after.yaml', 'yaml', 1, fixed);
  workspace.setFile(after, settings());
  assert.deepEqual(workspace.diagnostics(after.uri), [], 'the fixed document is valid');
});

test('a quoted value keeps its quotes', () => {
  const { titles, apply } = fixesFor('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: managed\n  provider: kind\n  kubernetesVersion: "1.20"\n', 'unsupported-kubernetes-version');
  assert.match(apply(titles[0]!), /kubernetesVersion: "1\.36"/);
});
