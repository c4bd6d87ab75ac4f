import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { excludeMatcher } from '../../server/src/lsp/excludeMatcher';

/** Whether `patterns` exclude `path`, asked in a worker: a matcher that hangs cannot hang the run. */
function matchesWithin(patterns: readonly string[], path: string, watchdogMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { patterns, path } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`matching ${path} against ${patterns.join(', ')} did not answer within ${watchdogMs / 1000} s`));
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
}
