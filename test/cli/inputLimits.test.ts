import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspace, type CliResult } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

/** The CLI with a watchdog: what is tested is that it answers at all, not how fast. */
function berthWithin20s(args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(result.signal, null, `berth ${args.join(' ')} did not finish within 20 s`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n';

test('a path that leads to a device (a symbolic link to /dev/zero) is refused, not read', () => {
  const dir = workspace({});
  const link = join(dir, 'zero.yaml');
  symlinkSync('/dev/zero', link);
  for (const command of ['validate', 'render']) {
    const result = berthWithin20s([command, link]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a regular file \\(a character device\\)`));
  }
});

test('a named pipe is refused, not waited on', () => {
  const dir = workspace({});
  const fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  const result = berthWithin20s(['validate', fifo]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /pipe\.yaml: not a regular file \(a named pipe\)/);
});

test('a named pipe found in a directory is passed over, as anything that is not a YAML file', () => {
  const dir = workspace({ 'a.yaml': CONFIG_MAP });
  execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
  const result = berthWithin20s(['validate', dir]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /1 file, 1 document/);
});

test('a file over the size limit is not read: it gets one file-too-large warning', () => {
  const dir = workspace({ 'a.yaml': CONFIG_MAP });
  // A sparse 3 GB file: reading it would take the memory; its size alone decides.
  const huge = join(dir, 'huge.yaml');
  writeFileSync(huge, '');
  truncateSync(huge, 3 * 1024 * 1024 * 1024);
  const result = berthWithin20s(['validate', dir, '--output', 'json']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { diagnostics: Array<{ file: string; code: string; severity: string; message: string; range: { start: { line: number } } }> };
  assert.equal(report.diagnostics.length, 1);
  const [tooLarge] = report.diagnostics;
  assert.equal(tooLarge!.file, huge);
  assert.equal(tooLarge!.code, 'file-too-large');
  assert.equal(tooLarge!.range.start.line, 0);
  assert.match(tooLarge!.message, /3072 MB .*over the 5 MB limit of berth\.validation\.maxFileSize/);
});

test('--max-file-size sets the limit in megabytes', () => {
  // Two ConfigMaps of 1 MiB each: the apiserver refuses a bigger one.
  const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'x'.repeat(1024 * 1024)}"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bigger}\ndata:\n  blob: "${'x'.repeat(1024 * 1024)}"\n  n: 1\n`;
  const dir = workspace({ 'big.yaml': big });
  const limited = berthWithin20s(['validate', dir, '--max-file-size', '1', '--output', 'json']);
  assert.deepEqual((JSON.parse(limited.stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code), ['file-too-large']);
  const raised = berthWithin20s(['validate', dir, '--max-file-size', '2.5', '--output', 'json']);
  assert.equal(raised.status, 1);
  assert.deepEqual((JSON.parse(raised.stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code), ['invalid-type']);
  for (const bad of ['0', 'big', '-3', '']) {
    const result = berthWithin20s(['validate', dir, `--max-file-size=${bad}`]);
    assert.equal(result.status, 2, bad);
    assert.match(result.stderr, /--max-file-size must be a positive number of megabytes/);
  }
});

test('render refuses a file over the size limit as a usage error naming it', () => {
  const dir = workspace({});
  const huge = join(dir, 'huge.yaml');
  writeFileSync(huge, '');
  truncateSync(huge, 64 * 1024 * 1024);
  const result = berthWithin20s(['render', huge]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /huge\.yaml: 67108864 bytes, over the 5 MB limit/);
});

test('render of a node pool of 100,000,000 nodes fails at once with the limit, instead of allocating them', () => {
  const dir = workspace({
    'platform.yaml':
      'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: dev}\nspec: {type: managed, provider: kwok}\n---\n' +
      'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: huge}\nspec:\n  cluster: dev\n  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 100000000, desired: 100000000}\n',
  });
  const result = berthWithin20s(['render', dir]);
  assert.equal(result.status, 1);
  assert.equal(result.stdout.trim(), '');
  assert.match(result.stderr, /NodePool huge: 100000000 nodes wanted, more than the 1000 a node pool may have: no nodes rendered/);
  const validated = berthWithin20s(['validate', dir]);
  assert.equal(validated.status, 1);
  assert.match(validated.stdout, /out-of-range\] .*must be at most 1000, not 100000000/);
});
