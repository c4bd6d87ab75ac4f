// `berth backup` and `berth restore` as a user calls them, without a cluster: what is wrong with
// the call is a usage error (exit 2) before any connection, and a backup that is not one, or was
// edited, is refused (exit 1) naming the file before any connection.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { berth, workspace } from '../helpers/cli';

// No cluster: a kubeconfig that points nowhere, so a command that wrongly connected would say so.
const env = { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' };

describe('berth backup and restore usage', () => {
  for (const [args, message] of [
    [['backup', '--to', 'x'], /name what to back up: an Application, namespace\/NAME, or -l SELECTOR/],
    [['backup', 'checkout'], /needs --to DIR/],
    [['backup', 'deploy/web', '--to', 'x'], /only namespace\/NAME may name a kind/],
    [['backup', 'namespace/Bad_Name', '--to', 'x'], /"Bad_Name" is not a namespace name/],
    [['backup', 'web', '-l', 'app=web', '--to', 'x'], /not both/],
    [['backup', 'namespace/a', '--namespace', 'b', '--to', 'x'], /disagree/],
    [['backup', 'a', 'b', '--to', 'x'], /takes one Application or namespace\/NAME, not 2/],
    [['restore'], /needs one backup directory/],
    [['restore', 'dir', '--namespace', '../x'], /"\.\.\/x" is not a namespace name/],
    [['restore', 'dir', '--rewrite-host', 'shop.example.com'], /--rewrite-host: "shop\.example\.com" is not FROM=TO with two host names/],
    [['restore', 'dir', '--rewrite-host', 'a.com=b.com', '--rewrite-host', 'a.com=c.com'], /--rewrite-host names a\.com twice/],
  ] as const) {
    it(`${args.join(' ')}: usage error`, () => {
      const result = berth(args, { env });
      assert.equal(result.status, 2, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, message);
    });
  }

  it('prints its usage with --help', () => {
    const backup = berth(['backup', '--help'], { env });
    assert.equal(backup.status, 0);
    assert.match(backup.stdout, /--include-secrets/);
    const restore = berth(['restore', '--help'], { env });
    assert.equal(restore.status, 0);
    assert.match(restore.stdout, /--dry-run/);
  });

  it('refuses a directory that is not a backup, and an edited backup.json, naming the file', () => {
    const empty = workspace({ 'notes.txt': 'x' });
    const none = berth(['restore', empty], { env });
    assert.equal(none.status, 1);
    assert.match(none.stderr, /holds no backup\.json: not a Berth backup/);
    const edited = workspace({ 'backup.json': JSON.stringify({ format: 'berth.dev/backup/v1', files: [{ name: '../../secrets', sha256: 'x' }], objects: [], namespaces: [], requiredSecrets: [] }) });
    const refused = berth(['restore', join(edited)], { env });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /backup\.json names a file "\.\.\/\.\.\/secrets" that no backup writes/);
    assert.doesNotMatch(refused.stderr, /kubeconfig/, 'refused before connecting');
  });
});
