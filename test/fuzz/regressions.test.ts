// Every input the fuzz tier ever crashed on (test/fixtures/fuzz/*.yaml) goes through the whole
// core again, with completion and hover at every line's start, middle and end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Position } from 'vscode-languageserver-types';
import { formatRendered, renderManifests } from '../../platform/render';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';
import { exerciseCore, yamlText } from './exercise';
import { Rng } from './mutators';

const fixtures = join(repoRoot(), 'test/fixtures/fuzz');
/**
 * Longer than this, the core is taken as hung. How fast it answers is a figure of `npm run fuzz`
 * and `npm run bench`, not a test: a busy machine must not fail `npm test`.
 */
const WATCHDOG_MS = 20_000;
const service = languageService();

/** Positions past either end, as a client racing an edit (or sending garbage) may ask for. */
const OUTSIDE: Position[] = [
  { line: 1e9, character: 1e9 },
  { line: 0, character: 1e9 },
  { line: -1, character: -1 },
];

function everyLine(text: string): Position[] {
  const inside = text.split('\n').flatMap((line, i) => [0, Math.floor(line.length / 2), line.length].map((character) => ({ line: i, character })));
  return [...inside, ...OUTSIDE];
}

for (const name of readdirSync(fixtures).filter((n) => n.endsWith('.yaml')).sort()) {
  test(`fuzz fixture ${name}: the core neither throws nor hangs`, () => {
    const text = readFileSync(join(fixtures, name), 'utf8');
    const started = performance.now();
    exerciseCore({ service, workspace: new BerthWorkspace(service) }, yamlText(`file:///fixtures/${name}`, 1, text), settings({ checks: {} }), everyLine(text), new Rng(1));
    const ms = performance.now() - started;
    assert.ok(ms < WATCHDOG_MS, `${name} took ${Math.round(ms)} ms`);
  });
}

test('completion reads lines holding U+2028, U+0085 or a lone CR (found by the fuzz tier)', () => {
  const text = readFileSync(join(fixtures, 'completion-line-separator.yaml'), 'utf8');
  // Completion splits lines on LF only: line 5 is the blank line in metadata, after the lone CR.
  const labels = service.complete(yamlText('file:///fixtures/separator.yaml', 1, text), { line: 5, character: 2 }, settings()).map((i) => i.label);
  assert.ok(labels.includes('namespace'), labels.join(', '));
  assert.ok(!labels.includes('name'), 'name is already there');
});

test('completion at line 1e9 answers at once instead of walking a billion lines (found by the fuzz tier)', () => {
  const text = readFileSync(join(fixtures, 'completion-far-position.yaml'), 'utf8');
  const started = performance.now();
  const items = service.complete(yamlText('file:///fixtures/far.yaml', 1, text), { line: 1e9, character: 1e9 }, settings());
  const ms = performance.now() - started;
  assert.ok(ms < WATCHDOG_MS, `completion at line 1e9 took ${Math.round(ms)} ms`);
  assert.ok(Array.isArray(items));
});

test('rendering a deeply nested Kubernetes object as YAML does not overflow the stack (found by the fuzz tier)', () => {
  // The fixture's shape, built directly: whether parsing it fits the stack depends on the
  // caller's stack depth, and this test is about the formatter.
  let deep: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < 1000; i++) deep = { a: deep };
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: { nested: deep } };
  const text = formatRendered([{ source: { kind: 'ConfigMap', name: 'deep' }, object }], 'yaml');
  assert.match(text, /^kind: ConfigMap$/m);
  assert.match(text, /"leaf":"x"/);
  assert.ok(readFileSync(join(fixtures, 'render-deep-kubernetes-object.yaml'), 'utf8').length > 0);
});
