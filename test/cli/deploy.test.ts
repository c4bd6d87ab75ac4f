// `berth deploy` as a user runs it, without a cluster: --diff's contract (exit statuses, usage
// errors, an unreachable cluster is an error, not "no differences"), YAML errors named with
// their line, and a masked Secret refused before anything is sent. Against the real cluster:
// test/cluster/deploy.test.ts and test/cluster/deployDiff.test.ts and deployFindings.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { berth, workspace, type CliResult } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

/** A kubeconfig whose server refuses connections (port 1 on loopback). */
const DEAD_KUBECONFIG = [
  'apiVersion: v1',
  'kind: Config',
  'clusters: [{name: dead, cluster: {server: "http://127.0.0.1:1"}}]',
  'users: [{name: u, user: {token: t}}]',
  'contexts: [{name: dead, context: {cluster: dead, user: u, namespace: default}}]',
  'current-context: dead',
  '',
].join('\n');

describe('berth deploy --diff', () => {
  it('says its exit statuses in --help, as kubectl diff does', () => {
    const r = berth(['deploy', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--diff/);
    assert.match(r.stdout, /0 no differences, 1 differences found, 2 an error/);
  });

  it('refuses --diff with --dry-run or --prune: exit 2 with the reason', () => {
    const dir = workspace({ 'cm.yaml': CONFIGMAP });
    const both = berth(['deploy', join(dir, 'cm.yaml'), '--diff', '--dry-run']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /use --diff or --dry-run, not both/);
    const prune = berth(['deploy', join(dir, 'cm.yaml'), '--diff', '--prune']);
    assert.equal(prune.status, 2);
    assert.match(prune.stderr, /--diff does not show what --prune would delete/);
  });

  it('an unreachable cluster is exit 2 with an actionable message, never "no differences"', () => {
    const dir = workspace({ 'cm.yaml': CONFIGMAP, kubeconfig: DEAD_KUBECONFIG });
    const r = berth(['deploy', join(dir, 'cm.yaml'), '--diff'], { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') } });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Cannot reach the cluster .*ECONNREFUSED; is the cluster running/);
  });

  it('without --diff the same failure is exit 1', () => {
    const dir = workspace({ 'cm.yaml': CONFIGMAP, kubeconfig: DEAD_KUBECONFIG });
    const r = berth(['deploy', join(dir, 'cm.yaml'), '--dry-run'], { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /ECONNREFUSED/);
  });
});

describe('berth deploy inputs', () => {
  it('a YAML error names the file and line and is a usage error', () => {
    const dir = workspace({ 'bad.yaml': `${CONFIGMAP}---\nkind: a: b\nx: 1\n` });
    const r = berth(['deploy', join(dir, 'bad.yaml'), '--dry-run']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.yaml:8: .*run `berth validate/);
  });
});

/** Runs berth with every network attempt recorded (and refused): the attempts are returned. */
function berthOffline(args: readonly string[], dir: string): CliResult & { attempts: { kind: string; target: string }[] } {
  const log = join(dir, 'network.jsonl');
  const preload = join(repoRoot(), 'test/helpers/recordNetwork.cjs');
  const r = berth(args, { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), NODE_OPTIONS: `--require ${preload}`, BERTH_NETWORK_LOG: log } });
  const records = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; target: string }) : [];
  assert.ok(records.some((a) => a.kind === 'preload'), 'the network recorder ran in berth');
  return { ...r, attempts: records.filter((a) => a.kind !== 'preload') };
}

describe('berth deploy of a masked Secret', () => {
  const masked = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: \"<masked: 12 bytes>\"\n  user: YWRtaW4=\n';

  it('is refused naming the Secret and the key, and nothing is sent to the cluster', () => {
    const dir = workspace({ 'app.yaml': `${CONFIGMAP}---\n${masked}`, kubeconfig: DEAD_KUBECONFIG });
    for (const mode of [[], ['--dry-run'], ['--diff']]) {
      const r = berthOffline(['deploy', join(dir, 'app.yaml'), ...mode], dir);
      assert.equal(r.status, mode[0] === '--diff' ? 2 : 1, r.stderr);
      assert.match(r.stderr, /app\.yaml \(document 2\): Secret db holds masked values .*in key "password"/);
      assert.doesNotMatch(r.stderr, /"user"/, 'a key with its real value is not named');
      assert.match(r.stderr, /nothing was deployed/);
      assert.deepEqual(r.attempts, [], `no connection attempted (${mode.join(' ') || 'deploy'})`);
      assert.equal(r.stdout, '');
    }
  });

  it('control: the same files without the masked Secret do reach for the cluster', () => {
    const dir = workspace({ 'app.yaml': CONFIGMAP, kubeconfig: DEAD_KUBECONFIG });
    const r = berthOffline(['deploy', join(dir, 'app.yaml')], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.attempts.length > 0, 'the recorder sees the connection');
  });
});

describe('berth nodepool autoscale', () => {
  it('refuses files without an autoscaled NodePool, naming the pools it found', () => {
    const dir = workspace({ 'pool.yaml': 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: fixed\nspec:\n  cluster: local\n  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 2, desired: 1}\n' });
    const r = berth(['nodepool', 'autoscale', join(dir, 'pool.yaml'), '--once']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no NodePool in .*pool\.yaml has scaling\.autoscale: true \(found fixed\)/);
  });

  it('refuses a bad --interval', () => {
    const dir = workspace({ 'pool.yaml': CONFIGMAP });
    const r = berth(['nodepool', 'autoscale', join(dir, 'pool.yaml'), '--interval', 'soon']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--interval must be a number of seconds, not "soon"/);
  });
});
