// scripts/cluster/progress.mjs, which `cluster.mjs up` writes progress.json with: atomic
// writes, the estimate from each step's last measured duration (or the cold defaults), and
// the record's shape as the extension reads it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseLocalClusterProgress } from '../../client/src/localCluster/progress';
import { importScript } from '../helpers/repo';
import { tempDir } from '../helpers/tempDir';

interface Step {
  key: string;
  name: string;
  cached?: boolean;
}
interface Writer {
  record(): Record<string, unknown>;
  begin(key: string): void;
  done(key: string, options?: { built?: boolean }): void;
  ready(): void;
  failed(message: string): void;
}
interface ProgressModule {
  DEFAULT_STEP_SECONDS: Record<string, number>;
  KWOK_STEPS: Step[];
  readStepSeconds(file: string): Record<string, number>;
  estimateSecondsLeft(steps: Step[], index: number, elapsed: number, seconds: Record<string, number>): number;
  progressWriter(options: { file: string; steps: Step[]; context?: string; log?: string; now?: () => number; secondsFile: string; heartbeatMs?: number }): Writer;
}

/** The script module as `cluster.mjs` loads it (not bundled). */
async function progressModule(): Promise<ProgressModule> {
  return importScript<ProgressModule>('scripts/cluster/progress.mjs');
}

const steps = (m: ProgressModule, cached: string[] = []): Step[] => m.KWOK_STEPS.map((s) => ({ ...s, cached: cached.includes(s.key) }));

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('the estimate', () => {
  it('starts cold from the README figures: about 20 minutes for everything', async () => {
    const m = await progressModule();
    assert.deepEqual(m.DEFAULT_STEP_SECONDS, { etcd: 96, kwok: 173, kubernetes: 479, 'metrics-server': 240, helm: 150, start: 60 });
    assert.equal(m.estimateSecondsLeft(steps(m), 0, 0, m.DEFAULT_STEP_SECONDS), 96 + 173 + 479 + 240 + 150 + 60);
  });

  it('leaves out cached steps and what the current step has done already', async () => {
    const m = await progressModule();
    const s = steps(m, ['helm']);
    assert.equal(m.estimateSecondsLeft(s, 2, 79, m.DEFAULT_STEP_SECONDS), 400 + 240 + 60);
  });

  it('keeps some time for a step that runs past its estimate', async () => {
    const m = await progressModule();
    assert.equal(m.estimateSecondsLeft(steps(m), 5, 600, m.DEFAULT_STEP_SECONDS), 30);
  });

  it('remembers the measured duration of a step in the cache folder for the next run', async (t) => {
    const m = await progressModule();
    const dir = tempDir(t);
    const secondsFile = join(dir, 'cache', 'cluster-step-seconds.json');
    let clock = Date.parse('2026-12-03T06:00:00.000Z');
    const writer = m.progressWriter({ file: join(dir, 'progress.json'), steps: steps(m), secondsFile, now: () => clock, heartbeatMs: 0 });
    writer.begin('etcd');
    clock += 41_000;
    writer.done('etcd');
    assert.equal(readJson(secondsFile)['etcd'], 41);
    assert.equal(m.readStepSeconds(secondsFile)['kwok'], 173);
    // The next run estimates etcd from the measurement.
    const next = m.progressWriter({ file: join(dir, 'progress.json'), steps: steps(m), secondsFile, now: () => clock, heartbeatMs: 0 });
    next.begin('etcd');
    assert.equal(next.record()['estimateSecondsLeft'], 41 + 173 + 479 + 240 + 150 + 60);
  });

  it('ignores a broken or hostile durations file', async (t) => {
    const m = await progressModule();
    const file = join(tempDir(t), 'cluster-step-seconds.json');
    writeFileSync(file, JSON.stringify({ etcd: -5, kwok: 'fast', kubernetes: 1e12, helm: 12, other: 3 }));
    assert.deepEqual(m.readStepSeconds(file), { ...m.DEFAULT_STEP_SECONDS, helm: 12 });
    writeFileSync(file, '{not json');
    assert.deepEqual(m.readStepSeconds(file), m.DEFAULT_STEP_SECONDS);
  });
});

describe('the progress file', () => {
  it('goes through the steps to ready, each record one the extension accepts, and leaves no temporary file', async (t) => {
    const m = await progressModule();
    const dir = tempDir(t);
    const file = join(dir, 'progress.json');
    let clock = Date.parse('2026-12-03T06:00:00.000Z');
    const writer = m.progressWriter({ file, steps: steps(m, ['etcd', 'kwok']), context: 'kwok-local', log: join(dir, 'up.log'), secondsFile: join(dir, 'seconds.json'), now: () => clock, heartbeatMs: 0 });
    const seen: string[] = [];
    const check = () => {
      const record = readJson(file);
      const parsed = parseLocalClusterProgress(readFileSync(file, 'utf8'), file);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      assert.equal(record['pid'], process.pid);
      assert.equal(record['context'], 'kwok-local');
      seen.push(`${String(record['state'])} ${String(record['stepIndex'])}/${String(record['steps'])} ${String(record['step'])} ${String(record['estimateSecondsLeft'])}`);
    };
    writer.begin('kubernetes');
    check();
    clock += 100_000;
    writer.done('kubernetes');
    writer.begin('metrics-server');
    check();
    writer.done('metrics-server');
    writer.begin('helm');
    writer.done('helm');
    writer.begin('start');
    check();
    clock += 20_000;
    writer.ready();
    check();
    assert.deepEqual(seen, ['building 3/6 Kubernetes 929', 'building 4/6 metrics-server 450', 'starting 6/6 starting the cluster 60', 'ready 6/6 starting the cluster 0']);
    assert.deepEqual(readdirSync(dir).sort(), ['progress.json', 'seconds.json']);
    assert.equal(readJson(file)['startedAt'], '2026-12-03T06:00:00.000Z');
    assert.equal(readJson(file)['updatedAt'], '2026-12-03T06:02:00.000Z');
  });

  it('ends a failed run with its message, one line, and no estimate', async (t) => {
    const m = await progressModule();
    const dir = tempDir(t);
    const file = join(dir, 'progress.json');
    const writer = m.progressWriter({ file, steps: steps(m), secondsFile: join(dir, 'seconds.json'), heartbeatMs: 0 });
    writer.begin('etcd');
    writer.failed('building etcd failed; see /x.build.log\nmore lines');
    const record = readJson(file);
    assert.equal(record['state'], 'failed');
    assert.equal(record['message'], 'building etcd failed; see /x.build.log');
    assert.equal(record['estimateSecondsLeft'], null);
    assert.equal(existsSync(join(dir, 'seconds.json')), false, 'a failed step leaves no duration behind');
  });
});
