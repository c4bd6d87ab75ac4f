import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { capDiagnostics, MAX_DIAGNOSTICS_PER_FILE } from '../../platform/diagnostics';

const diagnostic = (index: number, severity: Diagnostic['severity']): Diagnostic => ({
  range: { start: { line: index, character: 0 }, end: { line: index, character: 1 } },
  message: `problem ${index}`,
  ...(severity === undefined ? {} : { severity }),
});

/** What the cap promises, written the plain way: most severe first (no severity counts as an error), ties in order, then back in order. */
function expectedCap(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, order) => ({ d, order }))
    .sort((a, b) => (a.d.severity ?? 1) - (b.d.severity ?? 1) || a.order - b.order)
    .slice(0, MAX_DIAGNOSTICS_PER_FILE)
    .sort((a, b) => a.order - b.order)
    .map(({ d }) => d);
}

test('a file with too many diagnostics keeps the most severe, in their order, after one line saying how many were left out', () => {
  let seed = 41;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const severities: Diagnostic['severity'][] = [1, 2, 3, 4, undefined];
  for (const count of [MAX_DIAGNOSTICS_PER_FILE + 1, 250, 1000, 7500]) {
    // Mixes where errors alone overflow the cap, where warnings are cut, and where hints are.
    for (const weights of [[5, 1, 1, 1, 1], [0, 1, 1, 1, 0], [1, 0, 3, 9, 0]]) {
      const pool = severities.flatMap((severity, index) => Array.from({ length: weights[index]! }, () => severity));
      const diagnostics = Array.from({ length: count }, (_, index) => diagnostic(index, pool[random(pool.length)]));
      const [summary, ...shown] = capDiagnostics(diagnostics);
      assert.deepEqual(shown, expectedCap(diagnostics), `${count} diagnostics, weights ${weights.join('/')}`);
      assert.equal(summary!.code, 'too-many-diagnostics');
      assert.match(String(summary!.message), new RegExp(`^${count - MAX_DIAGNOSTICS_PER_FILE} more problems`));
    }
  }
  const few = Array.from({ length: MAX_DIAGNOSTICS_PER_FILE }, (_, index) => diagnostic(index, 2));
  assert.deepEqual(capDiagnostics(few), few, 'up to the cap, every diagnostic and nothing else');
});
