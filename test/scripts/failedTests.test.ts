// scripts/test/failedTests.mjs, which `npm test` prints its failed tests with: read from the TAP
// node:test itself writes, so a change of the reporter's format shows here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { importScript } from '../helpers/repo';
import { tempDir } from '../helpers/tempDir';

interface TapFailure {
  name: string;
  location: string;
  error: string;
}
interface TapFailuresModule {
  tapFailures(text: string): TapFailure[];
  formatFailures(tier: string, failures: readonly { name: string; location?: string; error: string }[], log: string): string[];
}

async function failedTestsModule(): Promise<TapFailuresModule> {
  return importScript<TapFailuresModule>('scripts/test/failedTests.mjs');
}

/** The TAP report of running `source` as a test file. */
function tapOf(t: TestContext, source: string): string {
  const dir = tempDir(t);
  const file = join(dir, 'sample.test.mjs');
  writeFileSync(file, source);
  // Without the runner's own context variable: with it, the child reports to this runner instead.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT'));
  return spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: dir, encoding: 'utf8', env }).stdout;
}

const SAMPLE = `
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
describe('exec', () => {
  it('compares # things', () => { assert.deepEqual({ code: 3 }, { code: 4 }); });
  it('passes', () => {});
  it('throws', () => { throw new Error('boom\\nsecond line'); });
});
it('is a top-level test', () => { assert.equal(1, 2, 'one is not two'); });
`;

describe('failed tests in a TAP report', () => {
  it('lists each failed test with its location and error, not the suites that fail with them', async (t) => {
    const { tapFailures } = await failedTestsModule();
    const failures = tapFailures(tapOf(t, SAMPLE));
    assert.deepEqual(failures.map((f) => f.name), ['compares # things', 'throws', 'is a top-level test']);
    assert.match(failures[0]!.location, /sample\.test\.mjs:5:3$/);
    assert.match(failures[0]!.error, /code: 3/);
    assert.match(failures[0]!.error, /code: 4/);
    assert.equal(failures[1]!.error, 'boom\nsecond line');
    assert.match(failures[2]!.error, /^one is not two\n/);
  });

  it('finds nothing in a passing report', async (t) => {
    const { tapFailures } = await failedTestsModule();
    assert.deepEqual(tapFailures(tapOf(t, `import { it } from 'node:test'; it('passes', () => {});`)), []);
  });

  it('prints each with its tier and cuts a long error, saying where the rest is', async () => {
    const { formatFailures } = await failedTestsModule();
    const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const [printed] = formatFailures('cluster', [{ name: 'runs commands', location: 'exec.test.ts:14:3', error: long }], 'test-results/cluster.tap');
    const lines = printed!.split('\n');
    assert.equal(lines[0], '  ✖ cluster: runs commands (exec.test.ts:14:3)');
    assert.equal(lines[1], '      line 0');
    assert.equal(lines.length, 1 + 30 + 1);
    assert.equal(lines.at(-1), '      … (10 more lines in test-results/cluster.tap)');
  });

  it('prints a failure without a location (a VS Code suite, a ui scenario) by its name', async () => {
    const { formatFailures } = await failedTestsModule();
    assert.deepEqual(formatFailures('ui', [{ name: 'paging: Load more', error: 'Error: timed out' }], 'the tier output above'), ['  ✖ ui: paging: Load more\n      Error: timed out']);
  });
});
