// The pure parts of `berth deploy --diff` and of deploy diagnostics: the unified diff text,
// objects without server-kept fields, kubectl's diff ids, object identity, and turning failed
// results into findings on their source documents; Secret values masked on both sides of a diff.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  blamedField,
  deployFindings,
  diffId,
  diffObjects,
  diffYaml,
  errorFromStatus,
  hasDifference,
  kubeError,
  objectKey,
  objectUnifiedDiff,
  orderForApply,
  sameJson,
  shapeProblem,
  unifiedDiff,
  withoutServerFields,
  type ObjectDiff,
} from '../../kube';
import { fakeApiServer, fakeClient } from '../helpers/fakeApiServer';
import { must } from '../helpers/kubeClient';

describe('unified diff', () => {
  it('is empty when the texts have the same lines', () => {
    assert.equal(unifiedDiff('a\nb\n', 'a\nb\n'), '');
  });

  it('prints diff -u hunks with 3 lines of context', () => {
    const before = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n';
    const after = 'l1\nl2\nl3\nl4\nL5\nl6\nl7\nl8\nl9\n';
    assert.equal(unifiedDiff(before, after, { beforeLabel: 'live/x', afterLabel: 'applied/x' }), ['--- live/x', '+++ applied/x', '@@ -2,7 +2,7 @@', ' l2', ' l3', ' l4', '-l5', '+L5', ' l6', ' l7', ' l8', ''].join('\n'));
  });

  it('splits changes far apart into separate hunks and joins close ones', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const far = [...lines];
    far[1] = 'X2';
    far[17] = 'X18';
    const farDiff = unifiedDiff(lines.join('\n'), far.join('\n'));
    assert.deepEqual(farDiff.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
    const close = [...lines];
    close[1] = 'X2';
    close[7] = 'X8';
    const closeDiff = unifiedDiff(lines.join('\n'), close.join('\n'));
    assert.deepEqual(closeDiff.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,11 +1,11 @@']);
  });

  it('shows a new object as all added, numbered from 0 on the empty side', () => {
    assert.equal(unifiedDiff('', 'a: 1\nb: 2\n'), '--- before\n+++ after\n@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n');
  });

  it('treats CRLF like LF and a missing final newline as no difference', () => {
    assert.equal(unifiedDiff('a\r\nb\r\n', 'a\nb'), '');
    assert.equal(unifiedDiff('a\nb', 'a\nc'), '--- before\n+++ after\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
  });

  it('prints removals before additions and both sides replay from the hunks', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 100; round++) {
      const a = Array.from({ length: Math.floor(random() * 20) }, () => 'abcde'[Math.floor(random() * 5)]!);
      const b = Array.from({ length: Math.floor(random() * 20) }, () => 'abcde'[Math.floor(random() * 5)]!);
      const text = unifiedDiff(a.map((l) => `${l}\n`).join(''), b.map((l) => `${l}\n`).join(''), { context: 100 });
      if (a.join() === b.join()) {
        assert.equal(text, '');
        continue;
      }
      const body = text.split('\n').slice(3, -1);
      assert.deepEqual(body.filter((l) => !l.startsWith('+')).map((l) => l.slice(1)), a, `${a.join('')} → ${b.join('')}`);
      assert.deepEqual(body.filter((l) => !l.startsWith('-')).map((l) => l.slice(1)), b, `${a.join('')} → ${b.join('')}`);
    }
  });
});

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2025-01-01T00:00:00Z',
    managedFields: [{ manager: 'berth' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    labels: { app: 'web' },
  },
  spec: { replicas: 2 },
  status: { readyReplicas: 2 },
};

describe('objects without server-kept fields', () => {
  it('drops managedFields, resourceVersion, generation, uid, creationTimestamp, status and the last-applied annotation', () => {
    assert.deepEqual(withoutServerFields(live), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { replicas: 2 } });
    assert.equal(live.metadata.uid, 'u-1', 'the input is not modified');
  });

  it("keeps every annotation for apply's dry-run verdict: an annotation the apply changes is a change", () => {
    const compared = withoutServerFields(live, 'compare');
    assert.deepEqual((compared['metadata'] as { annotations?: unknown }).annotations, { 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    assert.equal((compared['metadata'] as { uid?: unknown }).uid, undefined);
    assert.equal(compared['status'], undefined);
  });

  it('compares JSON whatever the key order', () => {
    assert.ok(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }));
    assert.ok(!sameJson({ a: [1, 2] }, { a: [2, 1] }));
  });

  it('prints sorted keys, so the server reordering fields is no difference', () => {
    const reordered = { spec: { replicas: 2 }, metadata: { labels: { app: 'web' }, namespace: 'shop', name: 'web' }, kind: 'Deployment', apiVersion: 'apps/v1' };
    assert.equal(diffYaml(reordered), diffYaml(live));
    assert.match(diffYaml(live), /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
  });

  it('names objects as kubectl diff does', () => {
    assert.equal(diffId({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }), 'apps.v1.Deployment.shop.web');
    assert.equal(diffId({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' }), 'v1.Namespace.shop');
  });

  it('an object diff is headed live/<id> and applied/<id>; failed objects have no difference to show', () => {
    const diff: ObjectDiff = { id: 'v1.ConfigMap.a.c', apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'a', liveYaml: 'data:\n  k: "1"\n', appliedYaml: 'data:\n  k: "2"\n' };
    assert.ok(hasDifference(diff));
    assert.match(objectUnifiedDiff(diff), /^--- live\/v1\.ConfigMap\.a\.c\n\+\+\+ applied\/v1\.ConfigMap\.a\.c\n@@ -1,2 \+1,2 @@\n data:\n-  k: "1"\n\+  k: "2"\n$/);
    const failed = { ...diff, appliedYaml: '', error: kubeError('invalid', 'no') };
    assert.equal(hasDifference(failed), false);
    assert.equal(objectUnifiedDiff(failed), '');
  });
});

describe('object identity and shape', () => {
  it('one key per object across versions of its group, distinct across kinds, namespaces and groups', () => {
    const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
    assert.equal(objectKey(web), objectKey({ ...web, apiVersion: 'apps/v1beta2' }));
    assert.notEqual(objectKey(web), objectKey({ ...web, namespace: 'other' }));
    assert.notEqual(objectKey(web), objectKey({ ...web, kind: 'StatefulSet' }));
    assert.notEqual(objectKey({ apiVersion: 'v1', kind: 'Service', name: 's' }), objectKey({ apiVersion: 'example.com/v1', kind: 'Service', name: 's' }));
  });

  it('says why a value cannot be applied', () => {
    assert.equal(shapeProblem({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }), undefined);
    assert.equal(shapeProblem([]), 'not an object');
    assert.equal(shapeProblem({ kind: 'ConfigMap', metadata: { name: 'c' } }), 'no apiVersion');
    assert.equal(shapeProblem({ apiVersion: 'v1', metadata: { name: 'c' } }), 'no kind');
    assert.match(shapeProblem({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'c-' } }) ?? '', /no metadata\.name/);
  });
});

describe('deploy findings', () => {
  const invalid = errorFromStatus(
    422,
    {
      kind: 'Status',
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
      details: { causes: [{ field: 'spec.template.spec.containers[0].image', message: 'Required value' }] },
    },
    { verb: 'apply (dry run)', resource: 'deployments', namespace: 'shop', name: 'web' },
  );

  it('finds the blamed field in validation, decoding and strict-field messages', () => {
    assert.equal(blamedField(invalid), 'spec.template.spec.containers[0].image');
    assert.equal(blamedField(kubeError('invalid', 'x', { detail: 'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value]' })), 'spec.replicas');
    assert.equal(
      blamedField(kubeError('invalid', 'x', { detail: 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32' })),
      'spec.replicas',
    );
    assert.equal(blamedField(kubeError('invalid', 'x', { detail: '.spec.foo: field not declared in schema; strict decoding error: unknown field "spec.foo"' })), 'spec.foo');
    assert.equal(blamedField(kubeError('forbidden', 'Forbidden: you may not apply deployments')), undefined);
  });

  it('gives one finding per failed object with a source, with the field only for objects written in the file', () => {
    const findings = deployFindings([
      { kind: 'Deployment', name: 'web', namespace: 'shop', error: invalid, source: { uri: 'file:///w/app.yaml', documentIndex: 2 } },
      { kind: 'Deployment', name: 'api', namespace: 'shop', error: invalid, source: { uri: 'file:///w/platform.yaml', documentIndex: 0, rendered: true } },
      { kind: 'ConfigMap', name: 'ok', namespace: 'shop', source: { uri: 'file:///w/app.yaml', documentIndex: 1 } },
      { kind: 'Secret', name: 'nowhere', error: invalid },
    ]);
    assert.deepEqual(findings, [
      { uri: 'file:///w/app.yaml', documentIndex: 2, object: 'Deployment shop/web', message: invalid.message, field: 'spec.template.spec.containers[0].image' },
      { uri: 'file:///w/platform.yaml', documentIndex: 0, object: 'Deployment shop/api', message: invalid.message },
    ]);
  });

  it('apply order keeps each object with its source', () => {
    const ordered = orderForApply([
      { kind: 'Deployment', source: 0 },
      { kind: 'Namespace', source: 1 },
      { kind: 'ConfigMap', source: 2 },
    ]);
    assert.deepEqual(ordered.map((o) => [o.kind, o.source]), [['Namespace', 1], ['ConfigMap', 2], ['Deployment', 0]]);
  });
});

describe('Secret values in the diff', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
  const OLD = 'hunter22';
  const NEW = 'swordfis';
  const TOKEN = 'tok-7f3a9c1e';
  const secret = (password: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', annotations: { [LAST_APPLIED]: JSON.stringify({ data: { password: b64(password) } }), team: 'payments' } },
    data: { password: b64(password), user: b64('admin') },
    ...extra,
  });
  const leaks = (text: string) => [OLD, NEW, TOKEN, 'admin'].flatMap((v) => [v, b64(v)]).filter((form) => text.includes(form));

  it('the executor masks data, stringData and the last-applied copy on both sides, and marks a changed key without its value', async (t) => {
    const api = fakeApiServer(t);
    await api.listen();
    const kube = await fakeClient(t, api.server, 'shop');
    const live = secret(OLD);
    api.store.set('/api/v1/namespaces/shop/secrets/db', { ...live, metadata: { ...live.metadata, namespace: 'shop', resourceVersion: '1' } });
    const [diff] = must(await diffObjects(kube, [secret(NEW, { stringData: { token: TOKEN } })]));
    const text = objectUnifiedDiff(diff!);
    assert.deepEqual(leaks(diff!.liveYaml + diff!.appliedYaml + text), [], text);
    assert.ok(hasDifference(diff!), 'a value that changed is a difference, though both are masked');
    assert.match(text, /^-  password: "<masked: 8 bytes>"$/m, text);
    assert.match(text, /^\+  password: "<masked: 8 bytes, changed>"$/m, text);
    assert.match(text, /^   user: "<masked: 5 bytes>"$/m, 'an unchanged key is context, masked the same on both sides');
    assert.match(text, /^\+  token: "<masked: 12 bytes>"$/m, 'a new key is added, masked');
  });

  it('an object shown alone (new, or not dry-run because its namespace is new) is masked too', () => {
    const yaml = diffYaml(secret(NEW, { stringData: { token: TOKEN } }));
    assert.deepEqual(leaks(yaml), [], yaml);
    assert.match(yaml, /password: "<masked: 8 bytes>"/);
  });

  it('other kinds keep their values', () => {
    assert.match(diffYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { password: OLD } }), /password: hunter22/);
  });
});
