import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { languageService, rangeText, settings, yamlDocument } from '../helpers/languageService';
import { REFUSAL_CASES } from './apiserverCases';

const service = languageService();

function errors(text: string): { diagnostics: Diagnostic[]; at: (d: Diagnostic) => string } {
  const document = yamlDocument(text);
  const diagnostics = service.diagnostics(document, settings()).filter((d) => d.severity === 1);
  return { diagnostics, at: (d) => rangeText(document, d.range) };
}

const summary = (diagnostics: Diagnostic[]): string => JSON.stringify(diagnostics.map((d) => [d.code, d.message]));

for (const c of REFUSAL_CASES) {
  test(`the apiserver's refusal is an error: ${c.title}`, () => {
    const { diagnostics, at } = errors(c.refused);
    const found = diagnostics.filter((d) => d.code === c.code);
    assert.equal(found.length, 1, `expected one ${c.code}, got ${summary(diagnostics)}`);
    const d = found[0]!;
    assert.equal(at(d), c.at);
    assert.ok(String(d.message).includes(c.message), `message ${JSON.stringify(d.message)} lacks ${JSON.stringify(c.message)}`);
  });
  test(`what the apiserver accepts has no error: ${c.title}`, () => {
    const { diagnostics } = errors(c.accepted);
    assert.deepEqual(diagnostics, [], summary(diagnostics));
  });
}

test('odd shapes never throw: every rule skips values of the wrong type', () => {
  const oddities = [null, 'text', 7, [], [null, 3, 'x'], { a: null }];
  for (const c of REFUSAL_CASES.slice(0, 40)) {
    for (const odd of oddities) {
      const text = c.refused.replace(/: \{[^}\n]*\}/, `: ${JSON.stringify(odd)}`);
      const { diagnostics } = errors(text);
      assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), `${c.title} with ${JSON.stringify(odd)}: ${summary(diagnostics)}`);
    }
  }
});
