import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { compileExcludes, excludeMatcher } from '../../server/src/lsp/excludeMatcher';

/** Whether `patterns` exclude `path`, asked in a worker: a matcher that hangs cannot hang the run. */
function matchesWithin(patterns: readonly string[], path: string, watchdogMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { patterns, path } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`matching a ${path.length}-character path against ${patterns.join(', ')} did not answer within ${watchdogMs / 1000} s`));
    }, watchdogMs);
    worker.once('message', (matched: boolean) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(matched);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

if (!isMainThread) {
  const { patterns, path } = workerData as { patterns: string[]; path: string };
  parentPort?.postMessage(excludeMatcher(patterns)(path));
} else {
  test('exclude globs match as VS Code does', () => {
    const excluded = excludeMatcher(['**/node_modules', 'build/**', '*.generated.yaml', '**/{tmp,cache}/**', './local']);
    assert.ok(excluded('a/node_modules/x.yaml'));
    assert.ok(excluded('node_modules/x.yaml'));
    assert.ok(excluded('build/out/x.yaml'));
    assert.ok(excluded('deep/dir/api.generated.yaml'));
    assert.ok(excluded('x/tmp/y.yaml'));
    assert.ok(excluded('local/x.yaml'));
    assert.ok(excluded('x\\cache\\y.yaml'), 'Windows separators count as slashes');
    assert.ok(!excluded('src/deploy.yaml'));
    assert.ok(!excluded('rebuild/x.yaml'));
  });

  test('a brace list may hold a path with a globstar', () => {
    const excluded = excludeMatcher(['{**/a,b}']);
    assert.ok(excluded('x/a'));
    assert.ok(excluded('b'));
    assert.ok(excluded('b/c.yaml'));
    assert.ok(!excluded('x/b'));
  });

  test('no patterns exclude nothing', () => {
    assert.equal(excludeMatcher([])('a.yaml'), false);
    assert.equal(excludeMatcher(['', '  '])('a.yaml'), false);
  });

  test('a pattern of many stars answers on a long name', async () => {
    const pattern = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
    assert.equal(await matchesWithin([pattern], 'a'.repeat(28), 20_000), false);
    assert.equal(await matchesWithin([pattern], `dir/${'a'.repeat(27)}b`, 20_000), true);
  });

  test('a pattern of many stars answers on a 2,000-character name', async () => {
    const pattern = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
    assert.equal(await matchesWithin([pattern], 'a'.repeat(2000), 20_000), false);
    assert.equal(await matchesWithin([pattern], `dir/${'a'.repeat(1999)}b`, 20_000), true);
    assert.equal(await matchesWithin([`**/${pattern}/**`], `${'a/'.repeat(1000)}x.yaml`, 20_000), false);
  });

  test('many globstars answer on a deep path', async () => {
    const pattern = '**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b';
    assert.equal(await matchesWithin([pattern], `${'a/'.repeat(1000)}c`, 20_000), false);
    assert.equal(await matchesWithin([pattern], `${'a/'.repeat(1000)}b`, 20_000), true);
  });

  test('question marks and character classes match one character of a name', () => {
    const excluded = excludeMatcher(['v?.yaml', 'out[0-9]', 'tmp[!a-z]*', '[.]cache']);
    assert.ok(excluded('x/v1.yaml'));
    assert.ok(!excluded('x/v10.yaml'));
    assert.ok(excluded('out7/y.yaml'));
    assert.ok(!excluded('outx/y.yaml'));
    assert.ok(excluded('tmp_1.yaml'));
    assert.ok(!excluded('tmpa.yaml'));
    assert.ok(excluded('.cache/y.yaml'));
  });

  test('a star stays within one folder; a globstar crosses folders', () => {
    const excluded = excludeMatcher(['gen/*.yaml', 'out/**/x.yaml', 'a**b']);
    assert.ok(excluded('gen/a.yaml'));
    assert.ok(!excluded('gen/sub/a.yaml'));
    assert.ok(excluded('out/x.yaml'));
    assert.ok(excluded('out/1/2/x.yaml'));
    assert.ok(excluded('q/axxb'));
    assert.ok(!excluded('q/ax/xb'));
  });

  test('nested braces expand; a pattern of too many alternatives is refused instead of expanded', () => {
    assert.ok(excludeMatcher(['{a,{b,c}x}.yaml'])('q/cx.yaml'));
    const hostile = '{a,b}'.repeat(20);
    const compiled = compileExcludes([hostile, 'keep']);
    assert.deepEqual(compiled.refused, [hostile]);
    assert.ok(compiled.isExcluded('x/keep'));
    assert.ok(!compiled.isExcluded('abababababababababab'));
  });
}
