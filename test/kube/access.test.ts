// Permissions without a cluster: rules matched as the RBAC authorizer matches them (wildcards,
// subresources, resourceNames), the verbs × resources matrix, the sentence for a refusal, and the
// reviews' requests and answers against a stand-in server.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { describe, it } from 'node:test';
import { cellFor, checkPermission, denialMessage, parseResourceLabel, permissionMatrix, resourceLabel, reviewRules, type ResourceRule } from '../../kube';
import { fakeClient } from '../helpers/fakeApiServer';

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames: string[] = []): ResourceRule => ({ verbs, apiGroups, resources, resourceNames });

describe('rules as a matrix', () => {
  it('matches verbs, groups and resources, their wildcards and subresources', () => {
    const podsOnly = [rule(['get', 'list'], [''], ['pods'])];
    assert.equal(cellFor(podsOnly, 'get', { group: '', resource: 'pods' }), 'yes');
    assert.equal(cellFor(podsOnly, 'delete', { group: '', resource: 'pods' }), 'no');
    assert.equal(cellFor(podsOnly, 'get', { group: '', resource: 'pods', subresource: 'log' }), 'no', 'pods does not grant pods/log');
    assert.equal(cellFor(podsOnly, 'get', { group: 'apps', resource: 'pods' }), 'no', 'the group must match');
    const admin = [rule(['*'], ['*'], ['*'])];
    assert.equal(cellFor(admin, 'deletecollection', { group: 'apps', resource: 'deployments', subresource: 'scale' }), 'yes');
    const scaleAny = [rule(['patch'], ['apps'], ['*/scale'])];
    assert.equal(cellFor(scaleAny, 'patch', { group: 'apps', resource: 'deployments', subresource: 'scale' }), 'yes');
    assert.equal(cellFor(scaleAny, 'patch', { group: 'apps', resource: 'deployments' }), 'no');
  });

  it('a rule naming objects allows only those: "some" in the matrix, yes for the named one', () => {
    const named = [rule(['get'], [''], ['configmaps'], ['settings'])];
    assert.equal(cellFor(named, 'get', { group: '', resource: 'configmaps' }), 'some');
    assert.equal(cellFor(named, 'get', { group: '', resource: 'configmaps' }, 'settings'), 'yes');
    assert.equal(cellFor(named, 'get', { group: '', resource: 'configmaps' }, 'other'), 'some');
  });

  it('shows the resources Berth uses and every resource a rule names, with every verb a rule names', () => {
    const matrix = permissionMatrix({
      namespace: 'shop',
      resourceRules: [rule(['get', 'list'], [''], ['pods']), rule(['create'], ['authorization.k8s.io'], ['selfsubjectrulesreviews']), rule(['escalate'], ['rbac.authorization.k8s.io'], ['roles'])],
      nonResourceRules: [],
      incomplete: false,
    });
    const labels = matrix.rows.map((r) => r.label);
    assert.ok(labels.includes('pods') && labels.includes('deployments.apps') && labels.includes('deployments.apps/scale'));
    assert.ok(labels.includes('selfsubjectrulesreviews.authorization.k8s.io'));
    assert.ok(matrix.verbs.includes('escalate'));
    const pods = matrix.rows.find((r) => r.label === 'pods')!;
    assert.deepEqual(Object.entries(pods.cells).filter(([, c]) => c === 'yes').map(([v]) => v), ['get', 'list']);
    assert.equal(matrix.rows.find((r) => r.label === 'deployments.apps')!.cells['delete'], 'no');
  });

  it('names resources as kubectl does, both ways', () => {
    for (const label of ['pods', 'pods/log', 'deployments.apps', 'deployments.apps/scale', 'ingresses.networking.k8s.io']) assert.equal(resourceLabel(parseResourceLabel(label)), label);
  });

  it('says what is missing', () => {
    assert.equal(denialMessage('delete', { group: '', resource: 'pods' }, 'shop'), 'You may not delete pods in shop: ask for the `delete` verb on `pods`.');
  });
});

describe('reviews against a stand-in server', () => {
  it('posts a SelfSubjectRulesReview for the namespace and a SelfSubjectAccessReview for one question', async (t) => {
    const bodies: { path: string; body: { kind: string; spec: Record<string, unknown> } }[] = [];
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const body = JSON.parse(text);
        bodies.push({ path: req.url ?? '', body });
        res.writeHead(201, { 'content-type': 'application/json' });
        if (body.kind === 'SelfSubjectRulesReview') {
          res.end(JSON.stringify({ ...body, status: { resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }, { verbs: 'not a list', apiGroups: [''], resources: ['x'] }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], incomplete: false } }));
        } else {
          res.end(JSON.stringify({ ...body, status: { allowed: false, reason: 'no RBAC policy matched' } }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => server.close());
    const client = await fakeClient(t, server, 'shop');
    const review = await reviewRules(client, 'shop');
    assert.ok(review.ok, review.ok ? '' : review.error.message);
    assert.deepEqual(review.value.resourceRules[0], { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: [] });
    assert.deepEqual(review.value.resourceRules[1]!.verbs, [], 'a malformed field reads as empty, not as a crash');
    assert.deepEqual(bodies[0], { path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'shop' } } });

    const check = await checkPermission(client, 'delete', { group: 'apps', resource: 'deployments' }, { namespace: 'shop', name: 'web' });
    assert.deepEqual(check, { ok: true, value: { allowed: false, message: 'You may not delete deployments.apps in shop: ask for the `delete` verb on `deployments.apps`.', reason: 'no RBAC policy matched' } });
    assert.deepEqual(bodies[1]!.body.spec, { resourceAttributes: { verb: 'delete', group: 'apps', resource: 'deployments', name: 'web', namespace: 'shop' } });
  });
});
