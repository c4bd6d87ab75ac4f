import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CHECKS } from '../../platform/policy/checks/catalog';
import { repoRoot } from '../helpers/repo';

const root = repoRoot();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The level a diagnostic is emitted with, read from the object literal that names its code. */
function levelNear(lines: readonly string[], index: number): string | undefined {
  for (const line of [lines[index]!, lines[index - 1] ?? '', lines[index + 1] ?? '']) {
    const literal = /severity: '(\w+)'/.exec(line)?.[1];
    if (literal) return literal;
    if (/severity: (unknownFields|missingSchemas)/.test(line)) return 'setting';
    const lsp = /DiagnosticSeverity\.(\w+)/.exec(line)?.[1];
    if (lsp) return lsp.toLowerCase();
    // Every refusal of the apiserver's rules is an error.
    if (/refusal\(/.test(line)) return 'error';
  }
  return undefined;
}

/** Every diagnostic code the platform library emits, with the levels it is emitted at. */
function emittedCodes(): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  const add = (code: string, level: string): void => {
    let levels = codes.get(code);
    if (!levels) codes.set(code, (levels = new Set()));
    levels.add(level);
  };
  for (const file of sourceFiles(join(root, 'platform'))) {
    // Upgrade-check findings are no diagnostics: README's CLI section lists their codes (test/platform/upgradeCheck.test.ts).
    if (relative(join(root, 'platform'), file).startsWith(`upgrade${sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      // `code: 'x'`, or `code: test ? 'x' : 'y'`.
      for (const match of line.matchAll(/code: (?:\w+ \? )?'([a-z0-9-]+)'(?: : '([a-z0-9-]+)')?/g)) {
        const level = levelNear(lines, index);
        assert.ok(level, `cannot tell the level of ${match[1]} at ${relative(root, file)}:${index + 1}: give it a severity beside its code`);
        for (const code of [match[1], match[2]]) if (code) add(code, level);
      }
    });
    // A document that fails as a whole: failed(chunk, context, severity, code, message).
    for (const match of text.matchAll(/failed\(chunk, context, '(\w+)', '([a-z0-9-]+)'/g)) add(match[2]!, match[1]!);
    // Duplicate platform names are errors, their code passed to one helper.
    if (file.endsWith('platformReferenceRules.ts')) for (const match of text.matchAll(/'(duplicate-[a-z-]+)',/g)) add(match[1]!, 'error');
  }
  // Each best-practice check is reported under its ID, at its default level unless settings say otherwise.
  for (const check of CHECKS) add(check.id, check.defaultLevel);
  return codes;
}

/** The README's Diagnostics section: code → levels. */
function documentedCodes(): Map<string, Set<string>> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Diagnostics\n');
  assert.notEqual(start, -1, 'README.md has a Diagnostics section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const rows = new Map<string, Set<string>>();
  for (const match of section.matchAll(/^\| `([^`]+)` \| ([a-z, ]+) \| .+ \|$/gm)) {
    assert.ok(!rows.has(match[1]!), `${match[1]} is listed twice`);
    rows.set(match[1]!, new Set(match[2]!.split(',').map((level) => level.trim())));
  }
  return rows;
}

test('the README lists every diagnostic code the platform library emits, at the level it is emitted', () => {
  const emitted = emittedCodes();
  const documented = documentedCodes();
  const missing = [...emitted].filter(([code]) => !documented.has(code)).map(([code, levels]) => `| \`${code}\` | ${[...levels].join(', ')} | … |`);
  assert.deepEqual(missing, [], 'rows to add to the README Diagnostics section');
  const wrongLevel = [...emitted].filter(([code, levels]) => [...levels].sort().join() !== [...documented.get(code)!].sort().join()).map(([code, levels]) => `${code}: ${[...levels].join(', ')}`);
  assert.deepEqual(wrongLevel, [], 'levels in the README that differ from the code');
  const stale = [...documented.keys()].filter((code) => !emitted.has(code) && code !== 'yaml-<error>');
  assert.deepEqual(stale, [], 'README rows for codes nothing emits');
});
