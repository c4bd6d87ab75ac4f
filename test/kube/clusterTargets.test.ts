// Which context each cluster of a multi-cluster Application deploys to, and the errors that
// name the cluster when it has none.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { clusterDestination, destinationTarget } from '../../kube';

const clusterDoc = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'berth.dev/v1alpha1', kind: 'Cluster', metadata: { name }, spec });

function kubeconfig(context: string, server: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: ${context}, context: {cluster: c, user: u, namespace: team}}]
current-context: ${context}
`;
}

describe('clusterDestination', () => {
  it('gives kwok and kind clusters the contexts their tools create', () => {
    const defs = [{ name: 'east', value: clusterDoc('east', { provider: 'kwok' }) }, { name: 'edge', value: clusterDoc('edge', { provider: 'kind' }) }];
    assert.equal(clusterDestination('east', defs).context, 'kwok-east');
    assert.equal(clusterDestination('edge', defs).context, 'kind-edge');
  });

  it("takes a registered cluster's context and kubeconfig, and refuses one without a context", () => {
    const defs = [
      { name: 'prod', value: clusterDoc('prod', { provider: 'registered', registered: { context: 'prod-admin', kubeconfig: '~/.kube/prod' } }), uri: '/w/c.yaml' },
      { name: 'bad', value: clusterDoc('bad', { provider: 'registered', registered: {} }) },
      { name: 'evil', value: clusterDoc('evil', { provider: 'registered', registered: { context: 'x\u001b[2J' } }) },
    ];
    assert.deepEqual(clusterDestination('prod', defs), { cluster: 'prod', context: 'prod-admin', kubeconfig: '~/.kube/prod', definedIn: '/w/c.yaml', provider: 'registered' });
    assert.match(clusterDestination('bad', defs).problem ?? '', /registered but names no usable registered.context/);
    assert.match(clusterDestination('evil', defs).problem ?? '', /no usable registered.context/, 'control characters never reach a message or a lookup');
  });

  it('takes a name no Cluster document defines as a kubeconfig context', () => {
    assert.deepEqual(clusterDestination('staging', []), { cluster: 'staging', context: 'staging' });
  });
});

describe('destinationTarget', () => {
  it("reads a registered cluster's own kubeconfig, relative to its Cluster document's folder", (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-targets-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'west.kubeconfig'), kubeconfig('west-admin', 'https://127.0.0.1:6443'));
    const destination = clusterDestination('west', [{ name: 'west', value: clusterDoc('west', { provider: 'registered', registered: { context: 'west-admin', kubeconfig: 'west.kubeconfig' } }), uri: pathToFileURL(join(dir, 'clusters.yaml')).href }]);
    const target = destinationTarget(destination, { kubeconfigEnv: '' });
    assert.ok(target.ok, target.ok ? '' : target.error.message);
    assert.equal(target.value.context.name, 'west-admin');
    assert.equal(target.value.namespace, 'team', "the context's namespace unless one is given");
    const overridden = destinationTarget(destination, { kubeconfigEnv: '' }, 'shop');
    assert.ok(overridden.ok);
    assert.equal(overridden.value.namespace, 'shop');
  });

  it('names the cluster, and how to create it, when its context does not exist', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-targets-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'config'), kubeconfig('kwok-east', 'https://127.0.0.1:6443'));
    const defs = [{ name: 'west', value: clusterDoc('west', { provider: 'kwok' }), uri: '/w/clusters.yaml' }];
    const target = destinationTarget(clusterDestination('west', defs), { kubeconfigEnv: join(dir, 'config') });
    assert.ok(!target.ok);
    assert.match(target.error.message, /^Cluster west: Context "kwok-west" is not in .*known contexts: kwok-east.*Create it with `berth cluster up` on \/w\/clusters.yaml/);
  });

  it('refuses a registered kubeconfig that does not exist, naming it', () => {
    const destination = clusterDestination('west', [{ name: 'west', value: clusterDoc('west', { provider: 'registered', registered: { context: 'w', kubeconfig: '/nowhere/config' } }) }]);
    const target = destinationTarget(destination, { kubeconfigEnv: '' });
    assert.ok(!target.ok);
    assert.equal(target.error.message, 'Cluster west: registered.kubeconfig /nowhere/config does not exist');
  });
});
