// The activation bench's `extensionTestsPath`: VS Code runs it once the eager extensions have
// activated. It waits for the probe's first diagnostics of mistakes.yaml, reads VS Code's own
// activation marks for the measured extension, and writes both to BERTH_BENCH_RESULT.
import { writeFileSync } from 'node:fs';
import { sep } from 'node:path';
import * as vscode from 'vscode';
import type { ProbeApi } from './probe';

/** The probe's id, as bench/activation/extensions.mjs names it. */
const probeId = 'berth-bench.activation-probe';

/** What one run hands bench/activation/main.mjs; every time is a Date.now() value. */
export interface ActivationSample {
  readonly extensionHostStarted: number;
  readonly willLoadCode: number;
  readonly activated: number;
  readonly probeActivated: number;
  readonly firstDiagnostics: number;
  /** Whether the extension host had required dist/client-node.js by then (it is meant to wait for a cluster connection). */
  readonly clientNodeLoaded: boolean;
}

interface PerformanceMark {
  readonly name: string;
  readonly startTime: number;
}

/**
 * The extension host's marks (vs/base/common/performance: Date.now() values kept on globalThis),
 * among them code/extHost/willLoadExtensionCode/<id> and didActivateExtension/<id>, which VS Code
 * sets around loading an extension's main module and its activate() promise.
 */
function marks(): PerformanceMark[] {
  const store = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerformanceMark[] } }).MonacoPerformanceMarks;
  if (!store) throw new Error('the extension host keeps no MonacoPerformanceMarks: this VS Code stores its marks elsewhere');
  return store.getMarks();
}

function mark(all: PerformanceMark[], name: string): number {
  const found = all.find((m) => m.name === name);
  if (!found) throw new Error(`no performance mark ${name} (marks: ${all.map((m) => m.name).join(', ')})`);
  return found.startTime;
}

function watchdog<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export async function run(): Promise<void> {
  const targetId = process.env.BERTH_BENCH_TARGET;
  const resultFile = process.env.BERTH_BENCH_RESULT;
  if (!targetId || !resultFile) throw new Error('BERTH_BENCH_TARGET and BERTH_BENCH_RESULT are set by bench/activation/main.mjs');
  const target = vscode.extensions.getExtension(targetId);
  const probe = vscode.extensions.getExtension<ProbeApi>(probeId);
  if (!target || !probe) throw new Error(`${targetId} and ${probeId} must both be loaded: the first under development, the probe installed (loaded: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')})`);
  // Both activated eagerly before this runs; activate() hands back their settled activation.
  await target.activate();
  const api = await probe.activate();
  if (api.tooLate) throw new Error('mistakes.yaml had diagnostics before the probe activated: its time cannot be measured');
  const firstDiagnostics = await watchdog(api.firstDiagnostics, 60_000, 'Berth diagnostics for mistakes.yaml');
  const all = marks();
  const sample: ActivationSample = {
    extensionHostStarted: mark(all, 'code/timeOrigin'),
    willLoadCode: mark(all, `code/extHost/willLoadExtensionCode/${targetId}`),
    activated: mark(all, `code/extHost/didActivateExtension/${targetId}`),
    probeActivated: api.activatedAt,
    firstDiagnostics,
    clientNodeLoaded: Object.keys(require.cache).some((file) => file.endsWith(`${sep}dist${sep}client-node.js`)),
  };
  writeFileSync(resultFile, `${JSON.stringify(sample)}\n`);
}
