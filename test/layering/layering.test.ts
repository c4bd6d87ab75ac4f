import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { importScript, repoRoot } from '../helpers/repo';

interface LayeringReport {
  readonly violations: readonly string[];
  readonly cycles: readonly { readonly path: readonly string[]; readonly files: readonly string[] }[];
}
interface Layering {
  checkLayering(root: string): LayeringReport;
  describeLayering(report: LayeringReport): string[];
}

/** scripts/layering.mjs, the checker the typecheck step runs, loaded as it is (not bundled). */
async function layering(): Promise<Layering> {
  return importScript<Layering>('scripts/layering.mjs');
}

const fixtures: string[] = [];
after(() => fixtures.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A small tree of packages: a few ordinary files, plus the ones the test adds. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-layering-'));
  fixtures.push(root);
  const ordinary: Record<string, string> = {
    'platform/parse.ts': "import { parse } from 'yaml';\nexport const read = parse;\n",
    'kube/client.ts': "import { request } from 'node:https';\nimport { read } from '../platform/parse';\nexport { request, read };\n",
    'server/src/main.ts': "import { read } from '../../platform/parse';\nexport const main = read;\n",
    'cli/src/main.ts': "import { read } from '../../platform/parse';\nimport { request } from '../../kube/client';\nexport { read, request };\n",
  };
  for (const [path, text] of Object.entries({ ...ordinary, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the layering check of the typecheck step', () => {
  test('passes a tree that keeps the rules', async () => {
    const { checkLayering, describeLayering } = await layering();
    assert.deepEqual(describeLayering(checkLayering(tree({}))), []);
  });

  test('refuses vscode in the cluster library', async () => {
    const { checkLayering } = await layering();
    const report = checkLayering(tree({ 'kube/ui.ts': "import * as vscode from 'vscode';\nexport const ui = vscode;\n" }));
    assert.equal(report.violations.length, 1);
    assert.match(report.violations[0] ?? '', /^kube\/ui\.ts:1: kube may not import vscode \(allowed: /);
  });

  test('refuses Node built-ins in the platform library, type-only imports and bare names included', async () => {
    const { checkLayering } = await layering();
    const report = checkLayering(
      tree({
        'platform/files.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
        'platform/paths.ts': "\nimport type { ParsedPath } from 'path';\nexport type Parsed = ParsedPath;\n",
      }),
    );
    assert.deepEqual(
      report.violations.map((line) => line.replace(/ \(allowed: .*$/, '')),
      ['platform/files.ts:1: platform may not import node:fs', 'platform/paths.ts:2: platform may not import path'],
    );
  });

  test('refuses a front end importing another front end', async () => {
    const { checkLayering } = await layering();
    const report = checkLayering(tree({ 'cli/src/serve.ts': "export { main } from '../../server/src/main';\n" }));
    assert.equal(report.violations.length, 1);
    assert.match(report.violations[0] ?? '', /^cli\/src\/serve\.ts:1: cli may not import server \(\.\.\/\.\.\/server\/src\/main\)/);
  });

  test('names a circle of two files, even through a type-only import', async () => {
    const { checkLayering, describeLayering } = await layering();
    const report = checkLayering(
      tree({
        'kube/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'kube/b.ts': "import type { a } from './a';\nexport const b = 1;\nexport type A = typeof a;\n",
      }),
    );
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.cycles, [{ path: ['kube/a.ts', 'kube/b.ts', 'kube/a.ts'], files: ['kube/a.ts', 'kube/b.ts'] }]);
    assert.deepEqual(describeLayering(report), ['import circle: kube/a.ts → kube/b.ts → kube/a.ts']);
  });

  test('the repository keeps the rules and has no import circle', async () => {
    const { checkLayering, describeLayering } = await layering();
    assert.deepEqual(describeLayering(checkLayering(repoRoot())), []);
  });
});
