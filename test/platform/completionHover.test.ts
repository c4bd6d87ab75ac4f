import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-types';
import { languageService, settings, withCaret, yamlDocument } from '../helpers/languageService';

const service = languageService();

function completions(fixture: string): CompletionItem[] {
  const { text, position } = withCaret(fixture);
  return service.complete(yamlDocument(text), position, settings());
}

function hoverText(fixture: string): string {
  const { text, position } = withCaret(fixture);
  const hover = service.hover(yamlDocument(text), position, settings());
  return hover ? (hover.contents as { value: string }).value : '';
}

test('keys of the current object, required first, with type and description', () => {
  const items = completions('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  <|>\n');
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('type') && labels.includes('provider') && labels.includes('network'), labels.join(','));
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.deepEqual(sorted.slice(0, 2).map((i) => i.label).sort(), ['provider', 'type']);
  const type = items.find((i) => i.label === 'type')!;
  assert.match(String(type.detail), /string \(required\)/);
  assert.ok((type.documentation as { value: string }).value.length > 10);
});

test('keys already present are not offered again; nested lists resolve', () => {
  const items = completions('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          <|>\n');
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('image'), labels.join(','));
  assert.ok(!labels.includes('name'));
});

test('enum values for a value position', () => {
  const items = completions('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  provider: <|>\n');
  assert.deepEqual(items.map((i) => i.label).sort(), ['kind', 'kwok', 'registered']);
});

test('apiVersion/kind pairs and snippets at the start of a document', () => {
  const items = completions('<|>');
  assert.ok(items.some((i) => i.label === 'Deployment (apps/v1)'));
  assert.ok(items.some((i) => i.label === 'Cluster (berth.dev/v1alpha1)'));
  assert.ok(items.some((i) => i.kind === 15 /* Snippet */), 'document snippets are offered');
  const kinds = completions('apiVersion: apps/v1\nkind: <|>\n').map((i) => i.label);
  assert.ok(kinds.includes('Deployment') && kinds.includes('StatefulSet') && !kinds.includes('Pod'));
});

test('hover shows the description, the type and the API group/version', () => {
  const text = hoverText('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  repl<|>icas: 2\n');
  assert.match(text, /\*\*replicas\*\*: `integer`/);
  assert.match(text, /apps\/v1/);
  assert.match(text, /pods/i);
  const platform = hoverText('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: man<|>aged\n  provider: kind\n');
  assert.match(platform, /berth\.dev\/v1alpha1 Cluster · spec\.type/);
  assert.match(platform, /dedicated/);
});

test('one document symbol per document', () => {
  const document = yamlDocument('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n---\nfoo: bar\n');
  const symbols = service.documentSymbols(document, settings());
  assert.deepEqual(symbols.map((s) => s.name), ['ConfigMap a', 'Service b', 'Document 3']);
  assert.equal(symbols[1]!.range.start.line, 5);
});

test('a document symbol says its apiVersion and namespace, and an ASCII file gets an all-ASCII answer', () => {
  const document = yamlDocument('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
  const symbols = service.documentSymbols(document, settings());
  assert.deepEqual(symbols.map((s) => s.detail), ['apps/v1, namespace shop', 'v1']);
  // The answer is encoded and decoded as JSON on each request: a non-ASCII character anywhere doubles that cost.
  assert.match(JSON.stringify(symbols), /^[\x00-\x7f]*$/);
});
