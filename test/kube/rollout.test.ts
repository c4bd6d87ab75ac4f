// Pure parts of rollouts: StatefulSet/DaemonSet history from ControllerRevisions, kubectl's
// DaemonSet and partitioned StatefulSet status messages, rollout references, delete's
// propagation flag, and Deployment history from ReplicaSets with the revision undo goes to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ok } from '../../platform/result';
import {
  formatHistory,
  historyFromControllerRevisions,
  historyFromReplicaSets,
  parsePropagation,
  parseRolloutRef,
  rolloutState,
  sameTemplateIgnoringHash,
  selectRevision,
  templateOfRevision,
  templateWithoutHash,
  type KubeError,
  type KubeObject,
} from '../../kube';

const template = (image: string) => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image }] } });

const sts: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'shop', uid: 'sts-uid' },
  spec: { selector: { matchLabels: { app: 'db' } }, template: template('postgres:17') },
};

function revision(name: string, number: number, image: string, owner = 'sts-uid', cause?: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: 'shop',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: owner, controller: true }],
      ...(cause ? { annotations: { 'kubernetes.io/change-cause': cause } } : {}),
    },
    revision: number,
    data: { spec: { template: { ...template(image), $patch: 'replace' } } },
  };
}

describe('history from ControllerRevisions', () => {
  it('lists the revisions the workload controls, oldest first, with images, change cause and the current one', () => {
    const rows = historyFromControllerRevisions(sts, [
      revision('db-7c9', 2, 'postgres:17', 'sts-uid', 'upgrade'),
      revision('db-5f4', 1, 'postgres:16'),
      revision('other-1', 3, 'redis:7', 'someone-else'),
    ]);
    assert.deepEqual(
      rows.map((r) => [r.revision, r.replicaSet, r.images, r.changeCause, r.current]),
      [
        [1, 'db-5f4', ['db=postgres:16'], undefined, false],
        [2, 'db-7c9', ['db=postgres:17'], 'upgrade', true],
      ],
    );
    assert.equal(formatHistory('db', rows, 'StatefulSet').split('\n')[0], 'statefulset.apps/db');
  });

  it('takes the template out of the revision patch without the $patch directive', () => {
    assert.deepEqual(templateOfRevision(revision('x', 1, 'a:1') as { data?: unknown }), template('a:1'));
    assert.equal(templateOfRevision({ data: { spec: {} } }), undefined);
    assert.equal(templateOfRevision({ data: 'garbage' }), undefined);
  });

  it('undo picks the previous revision, as kubectl; a lone revision has nothing to go back to', () => {
    const rows = historyFromControllerRevisions(sts, [revision('a', 1, 'p:16'), revision('b', 2, 'p:17')]);
    const previous = selectRevision(rows, undefined, 'statefulset "db"');
    assert.ok(previous.ok);
    assert.equal(previous.value.replicaSet, 'a');
    const lone = selectRevision(rows.slice(1), undefined, 'statefulset "db"');
    assert.ok(!lone.ok);
    assert.equal(lone.error.message, 'No rollout history to go back to for statefulset "db": it has only revision 2.');
  });
});

describe('rollout status of DaemonSets and partitioned StatefulSets', () => {
  const ds = (status: Record<string, number>, generation = 2): KubeObject => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', generation }, status: { observedGeneration: 2, ...status } });

  it('speaks kubectl: spec not observed, pods not updated, not available, done', () => {
    assert.equal(rolloutState('DaemonSet', ds({}, 3)).message, 'Waiting for daemon set "agent" spec update to be observed...');
    assert.equal(rolloutState('DaemonSet', ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 1 })).message, 'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...');
    assert.equal(rolloutState('DaemonSet', ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })).message, 'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...');
    const done = rolloutState('DaemonSet', ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3 }));
    assert.deepEqual([done.done, done.message, done.desired, done.ready], [true, 'daemon set "agent" successfully rolled out', 3, 3]);
  });

  it('a partitioned StatefulSet is done once the pods above the partition are updated', () => {
    const set = (updated: number): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', generation: 1 },
      spec: { replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
      status: { observedGeneration: 1, readyReplicas: 4, updatedReplicas: updated, currentRevision: 'a', updateRevision: 'b' },
    });
    assert.equal(rolloutState('StatefulSet', set(1)).done, false);
    assert.match(rolloutState('StatefulSet', set(1)).message, /1 out of 2 new pods have been updated/);
    assert.equal(rolloutState('StatefulSet', set(2)).done, true);
  });
});

describe('references and flags', () => {
  it('rollout references take daemonsets too, and say what they accept', () => {
    assert.deepEqual(parseRolloutRef('ds/agent'), { ok: true, value: { kind: 'DaemonSet', name: 'agent' } });
    assert.deepEqual(parseRolloutRef('sts/db', 'shop'), { ok: true, value: { kind: 'StatefulSet', name: 'db', namespace: 'shop' } });
    const bad = parseRolloutRef('job/x');
    assert.ok(!bad.ok);
    assert.equal(bad.error.message, '"job/x" is not a workload: use deployment/<name>, statefulset/<name> or daemonset/<name>.');
  });

  it('propagation takes kubectl --cascade values and refuses others', () => {
    assert.deepEqual(parsePropagation('Foreground'), { ok: true, value: 'foreground' });
    assert.deepEqual(parsePropagation('false'), { ok: true, value: 'orphan' });
    const bad = parsePropagation('cascade');
    assert.ok(!bad.ok);
    assert.equal(bad.error.message, 'Propagation must be background, foreground or orphan (kubectl\'s --cascade), not "cascade".');
  });
});

describe('Deployment revisions from ReplicaSets', () => {
  const rows = [{ revision: 3 }, { revision: 1 }, { revision: 7 }, { revision: 5 }];
  it('undo goes to the newest revision before the newest one by default (0 too)', () => {
    assert.deepEqual(selectRevision(rows, undefined), ok({ revision: 5 }));
    assert.deepEqual(selectRevision(rows, 0), ok({ revision: 5 }));
  });
  it('--to-revision picks exactly that one, or says which exist', () => {
    assert.deepEqual(selectRevision(rows, 3), ok({ revision: 3 }));
    const missing = selectRevision(rows, 4, 'deployment "web"');
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'notFound');
    assert.match(missing.error.message, /Unable to find revision 4 in the history of deployment "web"; it has revisions 1, 3, 5, 7\./);
  });
  it('refuses with one revision or none, and a negative or fractional revision', () => {
    assert.match((selectRevision([{ revision: 1 }], undefined) as { error: KubeError }).error.message, /it has only revision 1/);
    assert.match((selectRevision([], undefined) as { error: KubeError }).error.message, /it has no revisions/);
    assert.equal((selectRevision(rows, -1) as { error: KubeError }).error.kind, 'invalid');
    assert.equal((selectRevision(rows, 1.5) as { error: KubeError }).error.kind, 'invalid');
  });

  const template = (image: string, hash?: string) => ({ metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'web', image }] } });
  const rs = (name: string, revision: string | undefined, image: string, owner: string, controller = true): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, ...(revision ? { annotations: { 'deployment.kubernetes.io/revision': revision } } : {}), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller }] },
    spec: { replicas: 0, template: template(image, name.slice(-3)) },
  });

  it('history: ReplicaSets controlled by the Deployment (by uid), by revision, hash label dropped, current marked', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'u1' }, spec: { template: template('nginx:1.26') } };
    const history = historyFromReplicaSets(deployment, [
      rs('web-ccc', '3', 'nginx:1.26', 'u1'),
      rs('web-aaa', '1', 'nginx:1.25', 'u1'),
      rs('web-old', '2', 'nginx:1.24', 'u0'), // an earlier Deployment of the same name
      rs('web-adopted', '4', 'nginx:1.24', 'u1', false), // not its controller
      rs('web-norev', undefined, 'nginx:1.24', 'u1'),
    ]);
    assert.deepEqual(history.map((r) => [r.revision, r.replicaSet, r.images, r.current]), [[1, 'web-aaa', ['web=nginx:1.25'], false], [3, 'web-ccc', ['web=nginx:1.26'], true]]);
    assert.deepEqual(history[0]!.template.metadata?.labels, { app: 'web' });
  });

  it('templates compare without the pod-template-hash label; the copy leaves the input alone', () => {
    const withHash = template('nginx:1', 'abc');
    assert.ok(sameTemplateIgnoringHash(withHash, template('nginx:1')));
    assert.ok(!sameTemplateIgnoringHash(withHash, template('nginx:2')));
    assert.deepEqual(templateWithoutHash(withHash).metadata?.labels, { app: 'web' });
    assert.equal(withHash.metadata.labels['pod-template-hash'], 'abc');
  });
});
