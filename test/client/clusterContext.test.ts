// Which kubeconfig context a Cluster document stands for: the one rule provisioning, multi-cluster
// deploys and the views share.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterContextOf, provisionedContextName, registeredContext } from '../../platform/clusterContext';
import { clusterDestination } from '../../kube';
import { clusterContextName } from '../../client/src/views/clusterContexts';

describe('cluster context', () => {
  it('kwok and kind Clusters get the context their tool writes, <provider>-<name>', () => {
    assert.equal(provisionedContextName('kwok', 'local'), 'kwok-local');
    assert.equal(clusterContextOf('kind', 'edge', {}), 'kind-edge');
  });

  it('a registered Cluster adopts registered.context only when it is a usable name', () => {
    assert.equal(registeredContext({ registered: { context: 'prod-admin' } }), 'prod-admin');
    for (const context of [undefined, '', '  ', 7, 'bad\u0007name', 'two\nlines']) {
      assert.equal(registeredContext({ registered: { context } }), undefined, JSON.stringify(context));
    }
    assert.equal(clusterContextOf('registered', 'prod', { registered: { context: 'prod-admin' } }), 'prod-admin');
    assert.equal(clusterContextOf('gke', 'x', {}), undefined, 'other providers name no context');
  });

  it('deploys and the views agree on every provider', () => {
    const cases = [
      { name: 'local', spec: { provider: 'kwok' } },
      { name: 'edge', spec: { provider: 'kind' } },
      { name: 'prod', spec: { provider: 'registered', registered: { context: 'prod-admin' } } },
      { name: 'broken', spec: { provider: 'registered', registered: { context: 'a\u001b[31m' } } },
    ];
    for (const c of cases) {
      const deploy = clusterDestination(c.name, [{ name: c.name, value: { spec: c.spec } }]).context;
      const view = clusterContextName({ name: c.name, provider: c.spec.provider, spec: c.spec });
      assert.equal(view, deploy, c.name);
    }
  });
});
