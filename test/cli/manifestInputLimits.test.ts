// The cluster commands (deploy, cluster, nodepool) read their files by the rules validate and
// render follow: regular files only (after following symbolic links), the size limit checked
// before reading; and stdin is read no further than the limit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { workspace, type CliResult } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

/** The CLI with a watchdog: what is tested is that it answers at all, not how fast. */
function berthWithin20s(args: readonly string[], input?: string | Buffer): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' },
    ...(input !== undefined ? { input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
  });
  assert.equal(result.signal, null, `berth ${args.join(' ')} did not finish within 20 s`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('deploy, cluster up and nodepool autoscale refuse a symbolic link to /dev/zero and a named pipe, without reading them', () => {
  const dir = workspace({});
  const zero = join(dir, 'zero.yaml');
  symlinkSync('/dev/zero', zero);
  const fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  for (const [path, type] of [[zero, 'a character device'], [fifo, 'a named pipe']] as const) {
    for (const args of [['deploy', path, '--dry-run'], ['cluster', 'up', path], ['nodepool', 'autoscale', path, '--once']]) {
      const result = berthWithin20s(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`${escape(path)}: not a regular file \\(${type}\\)`));
    }
  }
});

test('deploy, cluster up and nodepool autoscale refuse a file over the size limit before reading it', () => {
  const dir = workspace({});
  const huge = join(dir, 'huge.yaml');
  writeFileSync(huge, '');
  // A sparse 3 GB file: reading it would take the memory; its size alone decides.
  truncateSync(huge, 3 * 1024 * 1024 * 1024);
  for (const args of [['deploy', huge, '--dry-run'], ['cluster', 'up', huge], ['nodepool', 'autoscale', huge, '--once']]) {
    const result = berthWithin20s(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /huge\.yaml: 3221225472 bytes, over the 5 MB limit for a manifest file/);
  }
});

test('render - and validate - read stdin no further than the limit, then refuse with the limit', () => {
  const big = `# ${'x'.repeat(6 * 1024 * 1024)}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {a: b}\n`;
  for (const args of [['render', '-'], ['validate', '-'], ['validate', '-', '--max-file-size', '1']]) {
    const result = berthWithin20s(args, big);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`<stdin>: more than ${args.includes('1') ? 1 : 5} MB, over the limit for a manifest \\(berth\\.validation\\.maxFileSize\\); stdin was not read further`));
  }
  const small = berthWithin20s(['validate', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\ndata: {a: b}\n');
  assert.equal(small.status, 0, small.stderr);
  const raised = berthWithin20s(['validate', '-', '--max-file-size', '7'], big);
  assert.equal(raised.status, 0, raised.stderr);
});
