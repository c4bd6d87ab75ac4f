// berth exec, port-forward, can-i and permissions as a user types them, before any cluster is
// asked: their help, and the usage errors (exit 2) for what they cannot mean.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { berth } from '../helpers/cli';

describe('exec, port-forward, can-i and permissions on the command line', () => {
  it('are listed in berth --help and each has its own --help', () => {
    const help = berth(['--help']);
    assert.equal(help.status, 0);
    for (const line of ['berth exec <pod>', 'berth port-forward <pod|svc/name>', 'berth can-i <verb> <resource>', 'berth permissions']) assert.ok(help.stdout.includes(line), line);
    for (const command of ['exec', 'port-forward', 'can-i', 'permissions']) {
      const own = berth([command, '--help']);
      assert.equal(own.status, 0, own.stderr);
      assert.match(own.stdout, new RegExp(`^Usage: berth ${command} `));
    }
  });

  it('refuse what they cannot mean with a usage error, before connecting', () => {
    // No kubeconfig at all: a usage error must come first.
    const env = { ...process.env, KUBECONFIG: '/nonexistent/berth-test-kubeconfig' };
    const cases: [string[], RegExp][] = [
      [['exec', 'web-1'], /needs a command after --/],
      [['exec', '--', 'ls'], /exactly one pod or workload before --/],
      [['exec', 'configmap/x', '--', 'ls'], /is not a pod or a workload/],
      [['port-forward', 'svc/web'], /needs a target and at least one port/],
      [['port-forward', 'svc/web', '70000'], /is not a port/],
      [['port-forward', 'svc/web', 'x:80'], /is not a local port/],
      [['port-forward', 'secret/x', '80'], /cannot be forwarded to/],
      [['can-i', 'delete'], /needs a verb and a resource/],
      [['can-i', 'del ete', 'pods'], /is not a verb/],
      [['permissions', 'extra'], /takes no arguments/],
      [['permissions', '--output', 'yaml'], /--output must be text or json/],
    ];
    for (const [args, message] of cases) {
      const run = berth(args, { env });
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
    }
  });
});
