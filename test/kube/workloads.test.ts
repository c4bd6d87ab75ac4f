// Workload operations against a stand-in API server: scaling through the scale subresource and
// reading a pod's logs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyObjects, podLogs, scaleWorkload } from '../../kube';
import { deployment, fakeApiServer, fakeClient } from '../helpers/fakeApiServer';

describe('workloads', () => {
  it('scales through the scale subresource and reads logs', async (t) => {
    const api = fakeApiServer(t);
    await api.listen();
    const client = await fakeClient(t, api.server);
    assert.ok((await applyObjects(client, [deployment('web')])).ok);
    const scaled = await scaleWorkload(client, { kind: 'Deployment', name: 'web' }, 4);
    assert.ok(scaled.ok, scaled.ok ? '' : scaled.error.message);
    assert.deepEqual(scaled.value, { previous: 2, replicas: 4 });
    assert.ok(api.requests.includes('PATCH /apis/apps/v1/namespaces/default/deployments/web/scale'));
    const missing = await scaleWorkload(client, { kind: 'StatefulSet', name: 'db' }, 1);
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'notFound');
    const logs = await podLogs(client, 'web-1', { tailLines: 2 });
    assert.ok(logs.ok);
    assert.equal(logs.value, 'line 1\nline 2\n');
    assert.ok(api.requests.includes('GET /api/v1/namespaces/default/pods/web-1/log?tailLines=2'));
  });
});
