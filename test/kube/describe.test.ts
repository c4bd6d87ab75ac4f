// Describe as Markdown: conditions, the owner chain and events of an object, what is said when
// there are none, and the <kind>/<name> references describe takes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ok } from '../../platform/result';
import { formatDescribe, formatEvents, knownKind, parseObjectRef, type KubeObject } from '../../kube';

describe('describe formatting', () => {
  const now = new Date('2026-01-01T00:10:00Z');
  it('lists conditions, the owner chain and events as Markdown', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' } },
      spec: { nodeName: 'general-1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'a | b', lastTransitionTime: '2026-01-01T00:09:00Z' }] },
    };
    const text = formatDescribe(pod, {
      now,
      owners: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc' }, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
      events: [{ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, type: 'Warning', reason: 'BackOff', message: 'restarting', count: 3, lastTimestamp: '2026-01-01T00:08:00Z', source: { component: 'kubelet' } }],
    });
    assert.match(text, /^# Pod shop\/web-1\n/);
    assert.match(text, /- \*\*Created:\*\* 2026-01-01T00:00:00Z \(10m ago\)/);
    assert.match(text, /\| Ready \| False \| ContainersNotReady \| a \\\| b \| 60s ago \|/);
    assert.match(text, /## Owners\n\nPod\/web-1 → ReplicaSet\/web-abc → Deployment\/web\n/);
    assert.match(text, /\| Warning \| BackOff \| 2m \(x3\) \| kubelet \| restarting \|/);
  });

  it('says when there are no conditions, owners or events', () => {
    const text = formatDescribe({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }, { owners: [], events: [] });
    assert.match(text, /_No conditions\._/);
    assert.match(text, /_None: nothing controls this object\._/);
    assert.match(text, /_No events\._/);
    assert.equal(formatEvents([]), '_No events._');
  });

  it('parses <kind>/<name> and knows common kinds by name, plural and short name', () => {
    assert.deepEqual(parseObjectRef('deploy/web'), ok({ kind: 'deploy', name: 'web' }));
    for (const bad of ['web', '/web', 'pod/', 'a/b/c']) assert.ok(!parseObjectRef(bad).ok, bad);
    assert.equal(knownKind('deploy')?.plural, 'deployments');
    assert.equal(knownKind('Deployment.apps')?.apiVersion, 'apps/v1');
    assert.equal(knownKind('deployment.batch'), undefined);
    assert.equal(knownKind('svc')?.kind, 'Service');
    assert.equal(knownKind('ns')?.namespaced, false);
    assert.equal(knownKind('widgets'), undefined);
  });
});
