// Typed errors from API answers: each status becomes a kind with a message that names the verb,
// the resource and the namespace, and says what to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorFromStatus } from '../../kube';

describe('typed errors from API statuses', () => {
  const op = { verb: 'create', resource: 'deployments', namespace: 'shop', name: 'web', context: 'dev', server: 'https://x' };

  it('maps 401, 403, 404 and 409 to kinds with actionable messages naming verb, resource and namespace', () => {
    const e401 = errorFromStatus(401, '{"kind":"Status","message":"Unauthorized"}', op);
    assert.equal(e401.kind, 'unauthorized');
    assert.match(e401.message, /credentials/);
    const e403 = errorFromStatus(403, { kind: 'Status', reason: 'Forbidden', message: 'deployments.apps "web" is forbidden: User "bob" cannot create resource' }, op);
    assert.equal(e403.kind, 'forbidden');
    assert.match(e403.message, /may not create deployments "web" in namespace "shop"/);
    assert.match(e403.message, /RBAC permission to "create" deployments in namespace "shop"/);
    const e404 = errorFromStatus(404, { kind: 'Status', reason: 'NotFound' }, { ...op, verb: 'get' });
    assert.equal(e404.kind, 'notFound');
    assert.match(e404.message, /get deployments "web" in namespace "shop"/);
    const e409 = errorFromStatus(409, { kind: 'Status', reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas' }, { ...op, verb: 'apply' });
    assert.equal(e409.kind, 'conflict');
    assert.match(e409.message, /conflict with "kubectl": \.spec\.replicas/);
    const e422 = errorFromStatus(422, { kind: 'Status', details: { causes: [{ field: 'spec.replicas', message: 'must be >= 0' }] } }, op);
    assert.equal(e422.kind, 'invalid');
    assert.match(e422.message, /spec\.replicas: must be >= 0/);
  });
});
