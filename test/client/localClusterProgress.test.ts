// The local cluster's progress file as the extension reads it: strict parsing (the strings reach
// the status bar and tooltips), the lines shown while it builds, and a writer that died.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inProgress, parseLocalClusterProgress, progressDetail, progressLine, secondsLeft, stillBuildingMessage, timeLeftText, withLiveness, type LocalClusterProgress } from '../../client/src/localCluster/progress';

const FILE = '/repo/.cache/cluster/progress.json';
const T0 = Date.parse('2026-12-03T06:00:00.000Z');

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    state: 'building',
    step: 'Kubernetes',
    stepIndex: 3,
    steps: 6,
    startedAt: '2026-12-03T05:55:00.000Z',
    updatedAt: '2026-12-03T06:00:00.000Z',
    estimateSecondsLeft: 540,
    context: 'kwok-local',
    log: '/repo/.cache/cluster/up.log',
    pid: 4242,
    ...overrides,
  };
}

function parsed(overrides: Record<string, unknown> = {}): LocalClusterProgress {
  const result = parseLocalClusterProgress(JSON.stringify(record(overrides)), FILE);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

function refused(overrides: Record<string, unknown>): string {
  const result = parseLocalClusterProgress(JSON.stringify(record(overrides)), FILE);
  assert.ok(!result.ok, `accepted ${JSON.stringify(overrides)}`);
  return result.error;
}

describe('parsing the progress file', () => {
  it('reads what scripts/cluster.mjs up writes', () => {
    const progress = parsed();
    assert.deepEqual(progress, {
      state: 'building',
      step: 'Kubernetes',
      stepIndex: 3,
      steps: 6,
      startedAt: Date.parse('2026-12-03T05:55:00.000Z'),
      updatedAt: T0,
      estimateSecondsLeft: 540,
      context: 'kwok-local',
      log: '/repo/.cache/cluster/up.log',
      pid: 4242,
    });
  });

  it('takes a null estimate as unknown and a failure message as given', () => {
    const progress = parsed({ state: 'failed', estimateSecondsLeft: null, message: 'building etcd failed; see /cache/bin/x.build.log' });
    assert.equal(progress.estimateSecondsLeft, undefined);
    assert.equal(progress.message, 'building etcd failed; see /cache/bin/x.build.log');
  });

  it('refuses a half-written or foreign file', () => {
    assert.ok(!parseLocalClusterProgress('{"state": "buil', FILE).ok);
    assert.ok(!parseLocalClusterProgress('[1, 2]', FILE).ok);
    assert.ok(!parseLocalClusterProgress('null', FILE).ok);
    assert.ok(!parseLocalClusterProgress(`{"pad": "${'x'.repeat(20_000)}"}`, FILE).ok);
  });

  it('refuses wrong types, out-of-range numbers and unknown states', () => {
    assert.match(refused({ state: 'done' }), /state/);
    assert.match(refused({ steps: 0 }), /steps/);
    assert.match(refused({ stepIndex: 7 }), /stepIndex/);
    assert.match(refused({ stepIndex: 2.5 }), /stepIndex/);
    assert.match(refused({ estimateSecondsLeft: -1 }), /estimate/);
    assert.match(refused({ estimateSecondsLeft: '9 min' }), /estimate/);
    assert.match(refused({ pid: 0 }), /pid/);
    assert.match(refused({ updatedAt: 'yesterday' }), /updatedAt/);
    assert.match(refused({ message: 42 }), /message/);
  });

  it('refuses control characters, bidirectional overrides and long texts in the step and context', () => {
    assert.match(refused({ step: 'Kube\nrnetes' }), /step/);
    assert.match(refused({ step: 'Kube\u202Ernetes' }), /step/);
    assert.match(refused({ step: 'x'.repeat(81) }), /step/);
    assert.match(refused({ step: '' }), /step/);
    assert.match(refused({ context: 'kwok local' }), /context/);
    assert.match(refused({ context: 'kwok-\u0007local' }), /context/);
  });

  it('flattens control characters in a failure message and cuts it short', () => {
    const progress = parsed({ state: 'failed', message: `go: \u001b[31mexit\u001b[0m\tstatus 1 ${'y'.repeat(400)}` });
    assert.ok(progress.message);
    assert.doesNotMatch(progress.message, /[\u0000-\u001f]/);
    assert.ok(progress.message.length <= 300);
    assert.match(progress.message, /^go: {2}\[31mexit \[0m status 1/);
  });

  it('accepts a log only beside the progress file', () => {
    assert.match(refused({ log: '/etc/passwd.log' }), /log/);
    assert.match(refused({ log: 'up.log' }), /log/);
    assert.match(refused({ log: '/repo/.cache/cluster/../../secrets.log' }), /log/);
    assert.match(refused({ log: '/repo/.cache/cluster/kubeconfig' }), /log/);
  });
});

describe('the lines shown while it builds', () => {
  it('names the step, its number and the minutes left', () => {
    assert.equal(progressLine(parsed(), T0), 'Local cluster: building Kubernetes (3/6), ~9 min left');
    assert.equal(progressLine(parsed({ state: 'starting', step: 'starting the cluster', stepIndex: 6, estimateSecondsLeft: 40 }), T0), 'Local cluster: starting the cluster (6/6), under a minute left');
    assert.equal(progressLine(parsed({ estimateSecondsLeft: null }), T0), 'Local cluster: building Kubernetes (3/6)');
    assert.equal(progressLine(parsed({ state: 'failed', message: 'building etcd failed' }), T0), 'Local cluster: failed: building etcd failed');
  });

  it('counts down from when the file was written, never below zero', () => {
    const progress = parsed();
    assert.equal(secondsLeft(progress, T0 + 120_000), 420);
    assert.equal(secondsLeft(progress, T0 + 3_600_000), 0);
    // A clock behind the writer's does not add time.
    assert.equal(secondsLeft(progress, T0 - 60_000), 540);
    assert.equal(timeLeftText(61), '~2 min left');
    assert.equal(timeLeftText(59), 'under a minute left');
  });

  it('gives the context, the step and the log in the tooltip', () => {
    const detail = progressDetail(parsed(), T0);
    assert.match(detail, /context kwok-local/);
    assert.match(detail, /step 3 of 6, Kubernetes; ~9 min left/);
    assert.match(detail, /Log: \/repo\/\.cache\/cluster\/up\.log/);
    assert.match(progressDetail(parsed({ state: 'failed', message: 'boom' }), T0), /did not come up: boom[\s\S]*Click to open the log/);
  });

  it('tells a command what it waits for instead of a connection error', () => {
    assert.equal(stillBuildingMessage(parsed(), T0), 'The local cluster is still building (step 3/6: Kubernetes, ~9 min left); editing and validation work meanwhile.');
  });
});

describe('a writer that died', () => {
  it('turns a build whose process is gone into a failure that says so', () => {
    const progress = withLiveness(parsed(), () => false);
    assert.equal(progress.state, 'failed');
    assert.equal(inProgress(progress), false);
    assert.match(progress.message ?? '', /pid 4242.*stopped during "Kubernetes"/);
  });

  it('leaves a live build, and a finished one, as they are', () => {
    assert.equal(withLiveness(parsed(), () => true).state, 'building');
    assert.equal(withLiveness(parsed({ state: 'ready' }), () => false).state, 'ready');
  });
});
