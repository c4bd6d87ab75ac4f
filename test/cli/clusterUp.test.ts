// `berth cluster up|down` refuses what it must not hand to kind or kwokctl: a file that does not
// validate (with the same diagnostics `berth validate` prints) and names that are not DNS-1123
// labels. The recording stand-in `kind` proves that nothing ran.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { berth, workspace, type CliResult } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

const standInKind = join(repoRoot(), 'test/fixtures/kube/bin/kind');

/** `berth cluster ...` with the stand-in kind recording into the workspace and a kubeconfig of its own. */
function clusterCommand(dir: string, args: readonly string[]): CliResult & { kindRan: boolean } {
  const record = join(dir, 'kind-record.jsonl');
  const result = berth(['cluster', ...args, '--kind', standInKind], {
    env: { ...process.env, BERTH_KIND_RECORD: record, KUBECONFIG: join(dir, 'kubeconfig'), BERTH_BIN_DIR: '' },
  });
  return { ...result, kindRan: existsSync(record) };
}

const cluster = (name: string, extra = '') => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: "${name}"\nspec:\n  type: managed\n  provider: kind\n${extra}`;

describe('berth cluster up validates first', () => {
  it('a Cluster named like a path: exit 1 with the diagnostics berth validate prints, and kind never runs', () => {
    const dir = workspace({ 'cluster.yaml': cluster('../../../../some/dir') });
    const file = join(dir, 'cluster.yaml');
    const up = clusterCommand(dir, ['up', file]);
    assert.equal(up.status, 1, up.stderr);
    const validated = berth(['validate', file]);
    const diagnostic = validated.stdout.split('\n').find((line) => line.includes('error ['));
    assert.ok(diagnostic, validated.stdout);
    assert.ok(up.stderr.includes(diagnostic), `the diagnostic of berth validate is printed:\n${up.stderr}`);
    assert.match(up.stderr, /nothing was created/);
    assert.equal(up.kindRan, false, 'kind never ran');
  });

  it('any validation error refuses, not only names: an unknown spec field type', () => {
    const dir = workspace({ 'cluster.yaml': cluster('staging').replace('type: managed', 'type: enormous') });
    const up = clusterCommand(dir, ['up', join(dir, 'cluster.yaml')]);
    assert.equal(up.status, 1, up.stderr);
    assert.match(up.stderr, /cluster\.yaml:\d+:\d+: error \[/);
    assert.equal(up.kindRan, false);
  });

  it('a valid Cluster does run kind (the control: the stand-in would have recorded)', () => {
    const dir = workspace({ 'cluster.yaml': cluster('staging') });
    const up = clusterCommand(dir, ['up', join(dir, 'cluster.yaml')]);
    assert.equal(up.status, 0, up.stderr);
    assert.equal(up.kindRan, true);
  });

  it('cluster down of a file with a hostile name, or of a context named like one, runs nothing', () => {
    const dir = workspace({
      'cluster.yaml': cluster('../../../../some/dir'),
      kubeconfig: 'apiVersion: v1\nkind: Config\ncurrent-context: "kind-../../x"\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: "kind-../../x", context: {cluster: c, user: u}}]\n',
    });
    const byFile = clusterCommand(dir, ['down', join(dir, 'cluster.yaml')]);
    assert.equal(byFile.status, 1, byFile.stderr);
    assert.match(byFile.stderr, /Cluster metadata\.name "\.\.\/\.\.\/\.\.\/\.\.\/some\/dir" is not a DNS-1123 label/);
    const byContext = clusterCommand(dir, ['down']);
    assert.equal(byContext.status, 1, byContext.stderr);
    assert.match(byContext.stderr, /Cluster metadata\.name "\.\.\/\.\.\/x" is not a DNS-1123 label/);
    assert.equal(byFile.kindRan || byContext.kindRan, false);
  });
});
