/**
 * `npm run bench -- checks`: what the best-practice checks cost. The bench's 5,000-document file
 * (bench/generate.ts: Deployments and their Services) is validated as a workspace, per-document
 * and cross-document diagnostics alike, with every check on and with every check off. Schemas
 * are compiled before timing starts (by a warm-up on a small file), so the ratio compares
 * validation with validation, not start-up. What is compared is the process's CPU time, which
 * other processes on a shared machine disturb far less than the wall clock (printed beside it).
 * Target: on / off ≤ 1.3.
 *
 * Knobs: BENCH_CHECKS_DOCUMENTS=5000, BENCH_CHECKS_RUNS=5 (the fastest of each counts).
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeLanguageServiceOptions } from '../installation/languageServiceOptions';
import { BerthLanguageService } from '../platform/languageService';
import { DEFAULT_VALIDATION_SETTINGS, type ValidationSettings } from '../platform/settings';
import { BerthWorkspace } from '../platform/workspace/berthWorkspace';
import { generate, smallFile } from './generate';

const DOCUMENTS = Number(process.env.BENCH_CHECKS_DOCUMENTS ?? 5000);
const RUNS = Number(process.env.BENCH_CHECKS_RUNS ?? 5);
const TARGET = 1.3;
const root = join(__dirname, '..', '..');

const ON: ValidationSettings = { ...DEFAULT_VALIDATION_SETTINGS, checks: { '*': 'warning' } };
const OFF: ValidationSettings = { ...DEFAULT_VALIDATION_SETTINGS, checks: { '*': 'off' } };

interface Timing {
  /** CPU time of this process (all its threads, the garbage collector's included). */
  readonly ms: number;
  readonly wallMs: number;
  readonly diagnostics: number;
  readonly checkFindings: number;
}

let run = 0;

/** One validation of the file in a fresh workspace (the service, and so its compiled schemas, is shared). */
function validate(service: BerthLanguageService, text: string, settings: ValidationSettings): Timing {
  const uri = `file:///bench/checks-${++run}.yaml`;
  const workspace = new BerthWorkspace(service);
  const started = performance.now();
  const cpu = process.cpuUsage();
  workspace.setFile(TextDocument.create(uri, 'yaml', 1, text), settings);
  const diagnostics = workspace.diagnostics(uri);
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000;
  const wallMs = performance.now() - started;
  // Every finding, past the per-file cap of the diagnostics shown: what the checks produced.
  const checkFindings = service.analyze(workspace.document(uri)!, settings).chunks.reduce((n, c) => n + c.analysis.diagnostics.filter((d) => d.severity === 'warning').length, 0);
  workspace.removeFile(uri);
  return { ms, wallMs, diagnostics: diagnostics.length, checkFindings };
}

function main(): void {
  const file = generate(DOCUMENTS);
  console.log(`[bench checks] ${DOCUMENTS} documents (${(file.text.length / 1024 / 1024).toFixed(1)} MB); fastest of ${RUNS}; ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; target on/off ≤ ${TARGET}`);
  const service = new BerthLanguageService(nodeLanguageServiceOptions(root));
  validate(service, smallFile(1), ON);
  validate(service, smallFile(2), OFF);
  let on: Timing | undefined;
  let off: Timing | undefined;
  // Alternated, so a slow spell of the machine falls on both.
  for (let i = 0; i < RUNS; i++) {
    const offRun = validate(service, file.text, OFF);
    const onRun = validate(service, file.text, ON);
    if (!off || offRun.ms < off.ms) off = offRun;
    if (!on || onRun.ms < on.ms) on = onRun;
  }
  const ratio = on!.ms / off!.ms;
  const found = on!.checkFindings > off!.checkFindings;
  console.log(
    `[bench checks] CPU time, every check off: ${off!.ms.toFixed(0)} ms (${off!.checkFindings} warnings); every check on: ${on!.ms.toFixed(0)} ms (${on!.checkFindings} warnings): ${ratio.toFixed(2)}× (target ≤ ${TARGET})${ratio > TARGET ? ' ❌' : ''}${found ? '' : ' — the checks found nothing, so they did not run ❌'}` +
      ` [wall clock ${off!.wallMs.toFixed(0)} ms vs ${on!.wallMs.toFixed(0)} ms]`,
  );
  process.exitCode = ratio > TARGET || !found ? 1 : 0;
}

main();
