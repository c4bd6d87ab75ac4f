import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { RenderScheduler, type RenderJob } from '../../server/src/lsp/renderScheduler';
import { languageService, settings, yamlDocument } from '../helpers/languageService';

// The scheduler's own promises: a workspace of many charts is rendered a few at a time, and a
// newer edit of a chart cancels the run in flight so the last one wins. The renderer is the
// test's (the real one runs helm: test/server/chartsAndOverlays.test.ts).
const noDocuments = { all: () => [] } as unknown as TextDocuments<TextDocument>;
const logger = { error: (message: string) => assert.fail(message), info: () => undefined };

function workspaceWithCharts(count: number): BerthWorkspace {
  const workspace = new BerthWorkspace(languageService());
  for (let i = 0; i < count; i++) workspace.setFile(yamlDocument(`apiVersion: v2\nname: c${i}\nversion: 0.1.0\n`, `file:///w/c${i}/Chart.yaml`), settings());
  return workspace;
}

test('many charts render at most two at a time, and every one is rendered', async () => {
  const workspace = workspaceWithCharts(7);
  let active = 0;
  let most = 0;
  const rendered: string[] = [];
  const releases: (() => void)[] = [];
  const renderer = async (job: RenderJob) => {
    active++;
    most = Math.max(most, active);
    await new Promise<void>((resolve) => releases.push(resolve));
    active--;
    rendered.push(job.root.folder);
    return { kind: 'rendered' as const, text: '', tool: 'helm template' };
  };
  const scheduler = new RenderScheduler(workspace, noDocuments, renderer, () => undefined, async () => [], logger, true);
  scheduler.all();
  const idle = scheduler.idle();
  // Each run waits until the test lets it go: release them as they start.
  while (rendered.length < 7) {
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
  }
  await idle;
  assert.equal(most, 2);
  assert.deepEqual(rendered.sort(), [0, 1, 2, 3, 4, 5, 6].map((i) => `file:///w/c${i}`).sort());
  scheduler.dispose();
});

test('an edit while a chart renders cancels that run: only the newer result is taken', async () => {
  const workspace = workspaceWithCharts(1);
  const signals: AbortSignal[] = [];
  const releases: (() => void)[] = [];
  const started: (() => void)[] = [];
  const start = (): Promise<void> => new Promise((resolve) => started.push(resolve));
  const firstStarted = start();
  let runs = 0;
  const renderer = async (job: RenderJob) => {
    const run = ++runs;
    signals.push(job.signal);
    started.shift()?.();
    await new Promise<void>((resolve) => releases.push(resolve));
    return { kind: 'rendered' as const, text: `# run ${run}\n`, tool: 'helm template' };
  };
  const scheduler = new RenderScheduler(workspace, noDocuments, renderer, () => undefined, async () => [], logger, true);
  scheduler.changed('file:///w/c0/templates/a.yaml');
  await firstStarted;
  const secondStarted = start();
  scheduler.changed('file:///w/c0/values.yaml');
  assert.ok(signals[0]!.aborted, 'the run in flight is cancelled at once');
  releases.shift()!();
  await secondStarted;
  releases.shift()!();
  await scheduler.idle();
  const outcome = workspace.renderedOutput('file:///w/c0');
  assert.equal(outcome?.kind === 'rendered' ? outcome.text : undefined, '# run 2\n');
  scheduler.dispose();
});
