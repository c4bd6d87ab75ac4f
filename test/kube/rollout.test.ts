// Pure parts of StatefulSet/DaemonSet rollouts (history from ControllerRevisions, kubectl's
// DaemonSet and partitioned StatefulSet status messages), rollout references, and delete's
// propagation flag.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatHistory,
  historyFromControllerRevisions,
  parsePropagation,
  parseRolloutRef,
  rolloutState,
  selectRevision,
  templateOfRevision,
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
