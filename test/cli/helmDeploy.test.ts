// `berth deploy <chart>`, `berth releases` and `berth rollback` as a user runs them, without a
// cluster: the argument mistakes are exit 2 with the reason, before helm or a cluster is asked.
// Against the real cluster and helm: test/cluster/helmReleases.test.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { berth, workspace } from '../helpers/cli';

const CHART = { 'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'web/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n' };

function usageError(args: string[], message: RegExp): void {
  const r = berth(args);
  assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.equal(r.stdout, '');
}

describe('berth deploy <chart folder>', () => {
  it('explains charts and overlays in --help', () => {
    const r = berth(['deploy', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /berth deploy <chart-dir> \[--release R\]/);
    assert.match(r.stdout, /kustomization\.yaml is a kustomize overlay/);
  });

  it('refuses file-deploy flags on a chart, and chart flags on files', () => {
    const dir = workspace({ ...CHART, 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    usageError(['deploy', join(dir, 'web'), '--prune'], /--prune is for files and overlays, not charts/);
    usageError(['deploy', join(dir, 'web'), '--output', 'json'], /--output is for files and overlays, not charts/);
    usageError(['deploy', join(dir, 'cm.yaml'), '--set', 'a=b'], /--set is for Helm charts: .*cm\.yaml is not a chart folder/);
    usageError(['deploy', join(dir, 'cm.yaml'), '--release', 'x'], /--release is for Helm charts/);
    usageError(['deploy', join(dir, 'web'), join(dir, 'cm.yaml')], /one chart or overlay folder at a time/);
  });

  it('refuses a bad release name, namespace, --set or chart name before running helm', () => {
    const dir = workspace({ ...CHART, 'Bad_Chart/Chart.yaml': 'apiVersion: v2\nname: Bad_Chart\nversion: 0.1.0\n' });
    usageError(['deploy', join(dir, 'web'), '--release', 'Web'], /"Web" is not a valid release name/);
    usageError(['deploy', join(dir, 'web'), '--release', 'a'.repeat(54)], /at most 53 characters/);
    usageError(['deploy', join(dir, 'web'), '--namespace', 'No_Such'], /"No_Such" is not a namespace name/);
    usageError(['deploy', join(dir, 'web'), '--set', 'novalue'], /--set needs key=value, not "novalue"/);
    usageError(['deploy', join(dir, 'Bad_Chart')], /"Bad_Chart" is not a valid release name.*Give one with --release/);
  });
});

describe('berth releases and berth rollback', () => {
  it('are listed in berth --help', () => {
    const r = berth(['--help']);
    assert.match(r.stdout, /berth releases /);
    assert.match(r.stdout, /berth rollback <release> <rev>/);
  });

  it('refuse wrong arguments with exit 2', () => {
    usageError(['releases', 'extra'], /berth releases takes no arguments/);
    usageError(['releases', '--namespace', 'a', '-A'], /--namespace or --all-namespaces, not both/);
    usageError(['rollback', 'web'], /needs a release and a revision/);
    usageError(['rollback', 'web', '0'], /whole number from 1, not "0"/);
    usageError(['rollback', 'web', 'two'], /whole number from 1, not "two"/);
    usageError(['rollback', '--', '-web', '1'], /"-web" is not a valid release name/);
  });
});
