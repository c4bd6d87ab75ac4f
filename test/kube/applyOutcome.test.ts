import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyChanged } from '../../kube/deploy/outcome';
import type { KubeObject } from '../../kube/registry';

const deployment = (resourceVersion: string, generation: number | undefined, labels: Record<string, string> = { app: 'web' }, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', resourceVersion, labels, ...(annotations ? { annotations } : {}), ...(generation === undefined ? {} : { generation }) },
});

describe('whether a server-side apply changed the object', () => {
  const applied = deployment('', undefined, { app: 'web' });

  it('nothing written: unchanged', () => {
    assert.equal(applyChanged(deployment('10', 1), deployment('10', 1), applied), false);
  });

  it('a controller wrote between the read and the apply (revision annotation, status): unchanged', () => {
    assert.equal(applyChanged(deployment('10', 1), deployment('11', 1, { app: 'web' }, { 'deployment.kubernetes.io/revision': '1' }), applied), false);
  });

  it('the spec changed: the generation moved', () => {
    assert.equal(applyChanged(deployment('10', 1), deployment('12', 2), applied), true);
  });

  it('a label the apply sets changed, or one it owned is gone', () => {
    assert.equal(applyChanged(deployment('10', 1, { app: 'old' }), deployment('12', 1, { app: 'web' }), applied), true);
    assert.equal(applyChanged(deployment('10', 1, { app: 'web', tier: 'fe' }), deployment('12', 1, { app: 'web' }), applied), true);
  });

  it('an object without a generation (a ConfigMap): any new version is a change', () => {
    const cm = (rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', resourceVersion: rv } });
    assert.equal(applyChanged(cm('5'), cm('6'), cm('')), true);
    assert.equal(applyChanged(cm('5'), cm('5'), cm('')), false);
  });
});
