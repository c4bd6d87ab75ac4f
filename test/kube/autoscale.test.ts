// Pure parts of node pool autoscaling: quantities, whether a pending pod would fit a pool's node
// (selector, affinity, taints, requests), how many new nodes pending pods need, and which pods
// count as unschedulable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAutoscaled, isUnschedulable, nodesNeeded, parseQuantity, whyPodDoesNotFit, type KubeObject } from '../../kube';

const node = {
  metadata: { name: 'web-1', labels: { 'berth.dev/nodepool': 'web', tier: 'web' } },
  spec: { taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] },
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
};

function pod(spec: Record<string, unknown>, cpu = '500m', memory = '256Mi'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { requests: { cpu, memory } } }], ...spec } };
}

const tolerateWeb = { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }] };

describe('quantities', () => {
  it('reads cpu and memory as Kubernetes writes them', () => {
    assert.equal(parseQuantity('250m'), 0.25);
    assert.equal(parseQuantity('2'), 2);
    assert.equal(parseQuantity('256Mi'), 256 * 2 ** 20);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity(undefined), 0);
    assert.equal(parseQuantity('lots'), 0);
  });
});

describe('would a pending pod fit a pool node', () => {
  it('fits when it tolerates the taint and matches selector and affinity', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'berth.dev/nodepool', operator: 'In', values: ['web'] }] }] } } };
    assert.equal(whyPodDoesNotFit(pod({ ...tolerateWeb, nodeSelector: { tier: 'web' }, affinity }), node), undefined);
  });

  it('says why not: the taint, the selector, the affinity, the requests', () => {
    assert.equal(whyPodDoesNotFit(pod({}), node), 'taint dedicated=web:NoSchedule');
    assert.equal(whyPodDoesNotFit(pod({ ...tolerateWeb, nodeSelector: { tier: 'db' } }), node), 'node selector tier=db');
    const elsewhere = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'berth.dev/nodepool', operator: 'In', values: ['general'] }] }] } } };
    assert.equal(whyPodDoesNotFit(pod({ ...tolerateWeb, affinity: elsewhere }), node), 'required node affinity');
    assert.equal(whyPodDoesNotFit(pod(tolerateWeb, '3'), node), 'cpu request 3 > 2');
    assert.equal(whyPodDoesNotFit(pod(tolerateWeb, '1', '8Gi'), node), 'memory request > 4Gi');
    assert.equal(whyPodDoesNotFit(pod({ tolerations: [{ operator: 'Exists' }] }), node), undefined, 'a blanket toleration tolerates everything');
  });
});

describe('nodes needed', () => {
  it('packs pods first-fit by cpu onto empty nodes', () => {
    const ones = Array.from({ length: 3 }, () => pod(tolerateWeb, '1'));
    assert.equal(nodesNeeded(ones, node), 2);
    assert.equal(nodesNeeded([pod(tolerateWeb, '1500m'), pod(tolerateWeb, '500m'), pod(tolerateWeb, '1500m'), pod(tolerateWeb, '500m')], node), 2);
    assert.equal(nodesNeeded([], node), 0);
  });
});

describe('which pods and pools count', () => {
  it('only pods the scheduler tried and could not place', () => {
    const pending = (conditions: unknown[], extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { ...extra }, status: { phase: 'Pending', conditions } });
    assert.equal(isUnschedulable(pending([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }])), true);
    assert.equal(isUnschedulable(pending([])), false, 'not looked at yet');
    assert.equal(isUnschedulable(pending([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }], { nodeName: 'n' })), false);
  });

  it('only pools that say autoscale: true', () => {
    assert.equal(isAutoscaled({ metadata: { name: 'a' }, spec: { instanceType: 't', scaling: { autoscale: true } } }), true);
    assert.equal(isAutoscaled({ metadata: { name: 'b' }, spec: { instanceType: 't', scaling: { min: 1 } } }), false);
  });
});
