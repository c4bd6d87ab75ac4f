/**
 * `npm run bench -- huge`: Berth's language server against yaml-language-server on huge files
 * (bench/hugeGenerate.ts: 50,000 and 200,000 lines of Deployments, Services, ConfigMaps and
 * Applications, a known number of deliberate errors), over LSP stdio, with the schema
 * association of the LSP bench (one combined schema for `*.yaml`, Berth's platform schema for
 * `berth.dev/v1alpha1`), against the floor of bench/floor.ts on the same text:
 * - open → first diagnostics (target ≤ 1.1× the parse floor, `yaml` parseAllDocuments alone);
 * - keystroke → diagnostics p95 over edits spread across the file (target ≤ 50 ms);
 * - completion p95 (≤ 10 ms), document symbols p95 (≤ 100 ms; beside the protocol's floor, the same
 *   answer from bench/symbolsEcho.ts, which does nothing but answer), RSS after the edits (≤ 300 MB);
 * - the errors published agree with the deliberate ones.
 * A server that does not answer within the bound is reported as such, and the run goes on.
 *
 * Knobs: BENCH_HUGE_LINES=50000,200000  BENCH_HUGE_ERRORS=100  BENCH_HUGE_EDITS=20
 *        BENCH_HUGE_BOUND_S=180 (per wait)  BENCH_SKIP_YLS=1  BENCH_CPU_PROF=/tmp/prof
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic, DocumentSymbol, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { generateHuge, type HugeFile } from './hugeGenerate';
import { startComparedServer } from './comparedServers';
import { LspServer, TimeoutError, children, killAllChildren } from './lsp';
import { HUGE_KINDS, KUBERNETES_VERSION, combinedSchema, kindSchemas, platformSchema, withPlatform } from './schemas';
import { fmtMB, fmtMs, percentile, ratio, type FloorResult, type FloorSpec } from './shared';

const repoRoot = join(__dirname, '..', '..');
const LINES = (process.env.BENCH_HUGE_LINES ?? '50000,200000').split(',').map(Number);
const ERRORS = Number(process.env.BENCH_HUGE_ERRORS ?? 100);
const EDITS = Number(process.env.BENCH_HUGE_EDITS ?? 20);
const BOUND_MS = Number(process.env.BENCH_HUGE_BOUND_S ?? 180) * 1000;
const SKIP_YLS = process.env.BENCH_SKIP_YLS === '1';
const COMPLETIONS = 50;
const SYMBOLS = 10;
/** yaml-language-server's share of a run: past these, sampling stops with what it has. */
const YLS_BUDGET_MS = { edits: 120_000, completion: 30_000, symbols: 60_000 };

type Tool = 'berth' | 'yls';

interface ErrorCheck {
  expected: number;
  onExpectedLines: number;
  /** Errors on other lines (a few shown). */
  otherErrors: string[];
  warnings: number;
}

interface ServerResult {
  openMs: number | undefined;
  editMs: number[];
  editErrorCounts: number[];
  completionMs: number[];
  completionItems: number;
  symbolMs: number[];
  symbolCount: number;
  /** The first answer, for the protocol floor to send back. */
  symbolAnswer: DocumentSymbol[] | undefined;
  rssKiB: number | undefined;
  hwmKiB: number | undefined;
  check: ErrorCheck | undefined;
  /** What did not answer: "open did not answer in 180 s". */
  failures: string[];
  notes: string[];
}

const startedAt = performance.now();
const say = (message: string): void => console.log(`[bench huge ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);

function isError(d: Diagnostic): boolean {
  return d.severity === undefined || d.severity === 1;
}

function checkErrors(diagnostics: readonly Diagnostic[], errorLines: readonly number[]): ErrorCheck {
  const expected = new Set(errorLines);
  const found = new Set<number>();
  const otherErrors: string[] = [];
  for (const d of diagnostics.filter(isError)) {
    if (expected.has(d.range.start.line)) found.add(d.range.start.line);
    else otherErrors.push(`line ${d.range.start.line + 1}: ${(typeof d.message === 'string' ? d.message : '').split('\n')[0]?.slice(0, 100)}`);
  }
  return { expected: expected.size, onExpectedLines: found.size, otherErrors, warnings: diagnostics.filter((d) => !isError(d)).length };
}

const checkOk = (c: ErrorCheck | undefined): boolean => c !== undefined && c.onExpectedLines === c.expected && c.otherErrors.length === 0;

/** Current and peak resident set size (KiB) of a process. */
function memory(pid: number | undefined): { rss?: number; hwm?: number } {
  if (pid === undefined) return {};
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number | undefined => {
      const match = new RegExp(`${name}:\\s+(\\d+)\\s+kB`).exec(status);
      return match ? Number(match[1]) : undefined;
    };
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Language servers, configured as bench/main.ts configures them


async function initialize(server: LspServer, tool: Tool): Promise<void> {
  await server.request('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
    },
  });
  await server.notify('initialized', {});
  if (tool === 'yls') await server.notify('workspace/didChangeConfiguration', { settings: {} });
}

/** Berth publishes the document version; yaml-language-server does not (its next publication counts). */
function forVersion(tool: Tool, version: number): (p: PublishDiagnosticsParams) => boolean {
  return tool === 'berth' ? (p) => p.version === version : () => true;
}

class ServerExited extends Error {}

/** `promise`, or a rejection as soon as the server's process ends (a crash is not waited out). */
function whileAlive<T>(server: LspServer, promise: Promise<T>): Promise<T> {
  const exited = new Promise<never>((_, reject) => {
    const onExit = (code: number | null, signal: string | null): void => reject(new ServerExited(`exited (${signal ?? `code ${code}`})`));
    if (server.process.exitCode !== null || server.process.signalCode !== null) onExit(server.process.exitCode, server.process.signalCode);
    else server.process.once('exit', onExit);
    void promise.finally(() => server.process.off('exit', onExit)).catch(() => undefined);
  });
  return Promise.race([promise, exited]);
}

async function runServer(tool: Tool, file: HugeFile, path: string, schemaUri: string): Promise<ServerResult> {
  const result: ServerResult = {
    openMs: undefined,
    editMs: [],
    editErrorCounts: [],
    completionMs: [],
    completionItems: 0,
    symbolMs: [],
    symbolCount: 0,
    symbolAnswer: undefined,
    rssKiB: undefined,
    hwmKiB: undefined,
    check: undefined,
    failures: [],
    notes: [],
  };
  const server = startComparedServer(tool, schemaUri, BOUND_MS);
  const uri = pathToFileURL(path).href;
  let step = 'initialize';
  try {
    await whileAlive(server, initialize(server, tool));
    // Warm-up: schemas loaded and compiled before anything is timed.
    step = 'warm-up';
    const warm = generateHuge(400, 3, 1);
    const warmUri = pathToFileURL(join(dirname(path), `warmup-${tool}.yaml`)).href;
    const warmed = server.diagnostics(warmUri, forVersion(tool, 1));
    await server.notify('textDocument/didOpen', { textDocument: { uri: warmUri, languageId: 'yaml', version: 1, text: warm.text } });
    const warmCheck = checkErrors((await whileAlive(server, warmed)).diagnostics, warm.errorLines);
    if (!checkOk(warmCheck)) result.notes.push(`warm-up file: ${warmCheck.onExpectedLines}/${warmCheck.expected} errors found, others: ${warmCheck.otherErrors.slice(0, 3).join('; ') || 'none'}`);
    await server.notify('textDocument/didClose', { textDocument: { uri: warmUri } });

    step = 'open';
    const published = server.diagnostics(uri, forVersion(tool, 1));
    let t = performance.now();
    await server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: file.text } });
    const opened = await whileAlive(server, published);
    result.openMs = performance.now() - t;
    result.check = checkErrors(opened.diagnostics, file.errorLines);
    const errors = opened.diagnostics.filter(isError).length;
    say(`  ${server.name} open ${result.openMs.toFixed(0)} ms: ${result.check.onExpectedLines}/${result.check.expected} errors on the expected lines, ${result.check.otherErrors.length} other errors, ${result.check.warnings} other diagnostics`);

    // One character appended to an image value, each time in another Deployment across the file.
    step = 'edit';
    let version = 1;
    const editsStarted = performance.now();
    for (const at of file.editsAt) {
      if (tool === 'yls' && performance.now() - editsStarted > YLS_BUDGET_MS.edits) {
        result.notes.push(`edits stopped after ${result.editMs.length} (budget ${YLS_BUDGET_MS.edits / 1000} s)`);
        break;
      }
      version++;
      const next = server.diagnostics(uri, forVersion(tool, version));
      t = performance.now();
      await server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
      const p = await whileAlive(server, next);
      result.editMs.push(performance.now() - t);
      result.editErrorCounts.push(p.diagnostics.filter(isError).length);
    }
    const mem = memory(server.pid);
    result.rssKiB = mem.rss;
    result.hwmKiB = mem.hwm;
    const changed = result.editErrorCounts.filter((n) => n !== errors).length;
    if (changed) result.notes.push(`${changed} edit(s) published another error count than the open (${errors})`);
    say(`  ${server.name} ${result.editMs.length} edits: ${result.editMs.map((m) => m.toFixed(0)).join(', ')} ms; RSS ${fmtMB(result.rssKiB)} (peak ${fmtMB(result.hwmKiB)})`);

    step = 'completion';
    const budgetC = tool === 'yls' ? YLS_BUDGET_MS.completion : Infinity;
    const startedC = performance.now();
    for (let i = 0; i < COMPLETIONS && performance.now() - startedC < budgetC; i++) {
      t = performance.now();
      const answer = await whileAlive(
        server,
        server.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: file.completionAt, context: { triggerKind: 1 } }),
      );
      result.completionMs.push(performance.now() - t);
      if (i === 0) result.completionItems = (Array.isArray(answer) ? answer : (answer?.items ?? [])).length;
    }

    step = 'document symbols';
    const budgetS = tool === 'yls' ? YLS_BUDGET_MS.symbols : Infinity;
    const startedS = performance.now();
    for (let i = 0; i < SYMBOLS && performance.now() - startedS < budgetS; i++) {
      t = performance.now();
      const symbols = await whileAlive(server, server.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } }));
      result.symbolMs.push(performance.now() - t);
      if (i === 0) {
        result.symbolCount = symbols?.length ?? 0;
        if (tool === 'berth') result.symbolAnswer = symbols ?? [];
      }
    }
    say(`  ${server.name} completion p95 ${fmtMs(percentile(result.completionMs, 95))} (${result.completionItems} items), document symbols p95 ${fmtMs(percentile(result.symbolMs, 95))} (${result.symbolCount} top-level)`);
  } catch (error) {
    if (error instanceof TimeoutError) result.failures.push(`${step} did not answer in ${(BOUND_MS / 1000).toFixed(0)} s`);
    else if (error instanceof ServerExited) result.failures.push(`${step}: the server ${error.message}`);
    else throw error;
    say(`  ${server.name}: ${result.failures.at(-1)}`);
    // Not "after the edits": noted, kept out of the table.
    const mem = memory(server.pid);
    if (result.rssKiB === undefined && mem.rss !== undefined) result.notes.push(`RSS when it stopped answering: ${fmtMB(mem.rss)} (peak ${fmtMB(mem.hwm)})`);
  } finally {
    if (server.stderr.length) result.notes.push(`stderr: ${server.stderr.join('').replace(/\s+/g, ' ').slice(0, 300)}`);
    await server.stop();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Floor: bench/floor.ts on the same text, in its own process

async function runFloor(file: HugeFile, path: string, dir: string): Promise<FloorResult | string> {
  const spec: FloorSpec = {
    repoRoot,
    file: path,
    editAt: file.editsAt[0]!,
    errorLines: file.errorLines,
    opens: 3,
    edits: 0,
    kinds: [...HUGE_KINDS],
    platform: true,
  };
  const specPath = join(dir, `floor-${file.lines}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const child = spawn(process.execPath, [join(__dirname, 'floor.js'), specPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(BOUND_MS * 2, 600_000));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  children.delete(child);
  if (code !== 0) return `floor failed (exit ${code}): ${stderr.slice(0, 500)}`;
  return JSON.parse(stdout.trim().split('\n').pop()!) as FloorResult;
}

/**
 * Berth's symbols answer sent back by bench/symbolsEcho.ts, as many times as Berth was asked (after
 * one untimed request): the cost of the answer's size alone over the same protocol, encoding,
 * pipe and decoding.
 */
async function runSymbolsFloor(answer: DocumentSymbol[] | undefined, dir: string, lines: number): Promise<number[] | string> {
  if (!answer) return 'no answer from Berth to send back';
  const answerPath = join(dir, `symbols-${lines}.json`);
  writeFileSync(answerPath, JSON.stringify(answer));
  const echo = new LspServer('symbols echo', [join(__dirname, 'symbols-echo.js'), answerPath], () => null, BOUND_MS);
  const ms: number[] = [];
  try {
    // One request untimed: a fresh process's first encoding runs cold, and Berth's server had been
    // warmed up (a file opened, diagnostics sent) before its first symbols request.
    await echo.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///echo.yaml' } });
    for (let i = 0; i < SYMBOLS; i++) {
      const t = performance.now();
      const echoed = await echo.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///echo.yaml' } });
      ms.push(performance.now() - t);
      if (echoed.length !== answer.length) return `the echo answered ${echoed.length} symbols, not ${answer.length}`;
    }
    return ms;
  } catch (error) {
    return `the echo failed: ${(error as Error).message}`;
  } finally {
    await echo.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const median = (xs: readonly number[]): number | undefined => percentile(xs, 50);

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '—' : ok ? '✅' : '❌';
}

interface Measured {
  file: HugeFile;
  berth: ServerResult;
  yls: ServerResult | undefined;
  floor: FloorResult | string;
  /** Times of the same symbols answer from bench/symbolsEcho.ts, or why there are none. */
  symbolsFloor: number[] | string;
}

function table(measured: readonly Measured[]): string[] {
  const rows: string[] = [];
  const row = (cells: string[]): void => void rows.push(`| ${cells.join(' | ')} |`);
  const shown = (r: ServerResult | undefined, value: number | undefined, fmt: (v: number | undefined) => string): string => {
    if (!r) return 'skipped';
    if (value !== undefined) return fmt(value);
    return r.failures[0] ?? '—';
  };
  for (const { file, berth, yls, floor, symbolsFloor } of measured) {
    const size = `${file.lines.toLocaleString('en-US')} lines`;
    /** `ok` undefined: a figure without a target. */
    const metric = (name: string, pick: (r: ServerResult) => number | undefined, target: string, ok: ((b: number) => boolean) | undefined, fmt: (v: number | undefined) => string = fmtMs, floorValue?: number): void => {
      const b = pick(berth);
      const y = yls ? pick(yls) : undefined;
      const met = ok === undefined ? undefined : b !== undefined && ok(b);
      row([name, size, shown(berth, b, fmt), shown(yls, y, fmt), ratio(b, y), floorValue === undefined ? '—' : fmt(floorValue), ratio(b, floorValue), target, verdict(met)]);
    };
    const parseFloor = typeof floor === 'string' ? undefined : median(floor.parseMs);
    const fullFloor = typeof floor === 'string' ? undefined : median(floor.openMs);
    metric('open → first diagnostics (floor: `yaml` parse)', (r) => r.openMs, '≤ 1.1× parse floor', (b) => parseFloor !== undefined && b <= 1.1 * parseFloor, fmtMs, parseFloor);
    metric('open → first diagnostics (floor: parse + ajv, bench/floor.ts)', (r) => r.openMs, '—', undefined, fmtMs, fullFloor);
    metric(`keystroke → diagnostics p50 (${EDITS} edits)`, (r) => median(r.editMs), '—', undefined);
    metric(`keystroke → diagnostics p95 (${EDITS} edits)`, (r) => percentile(r.editMs, 95), '≤ 50 ms', (b) => b <= 50);
    metric(`completion p95 (${COMPLETIONS} requests)`, (r) => percentile(r.completionMs, 95), '≤ 10 ms', (b) => b <= 10);
    const symbolsFloorP95 = typeof symbolsFloor === 'string' ? undefined : percentile(symbolsFloor, 95);
    metric(`document symbols p95 (${SYMBOLS} requests; floor: the same answer echoed)`, (r) => percentile(r.symbolMs, 95), '≤ 100 ms', (b) => b <= 100, fmtMs, symbolsFloorP95);
    metric('RSS after the edits (VmRSS)', (r) => r.rssKiB, '≤ 300 MB', (b) => b <= 300 * 1024, fmtMB);
    metric('peak RSS after the edits (VmHWM)', (r) => r.hwmKiB, '—', undefined, fmtMB);
    const errors = (r: ServerResult | undefined): string =>
      !r ? 'skipped' : !r.check ? (r.failures[0] ?? '—') : `${r.check.onExpectedLines}/${r.check.expected}${r.check.otherErrors.length ? ` +${r.check.otherErrors.length} other` : ''}`;
    const floorErrors = typeof floor === 'string' ? 'failed' : `${floor.errorsOnExpectedLines}/${file.errorLines.length}${floor.otherDiagnostics.length ? ` +${floor.otherDiagnostics.length} other` : ''}`;
    const edited = berth.editErrorCounts.every((n) => n === berth.editErrorCounts[0]);
    row(['errors published (on the deliberate lines)', size, errors(berth), errors(yls), '', floorErrors, '', `${file.errorLines.length}/${file.errorLines.length}, no other error`, verdict(checkOk(berth.check) && edited)]);
  }
  return rows;
}

function ylsVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules/yaml-language-server/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-huge-'));
  const loadStart = loadavg();
  const loadSamples: number[] = [loadStart[0] ?? 0];
  const loadTimer = setInterval(() => loadSamples.push(loadavg()[0] ?? 0), 5000);
  loadTimer.unref();
  say(`${cpus().length} CPUs; load average ${loadStart.map((l) => l.toFixed(2)).join(' ')}; bound ${BOUND_MS / 1000} s per wait`);
  try {
    const schemaPath = join(dir, 'k8s.json');
    writeFileSync(schemaPath, JSON.stringify(withPlatform(combinedSchema(kindSchemas(repoRoot, HUGE_KINDS), HUGE_KINDS), platformSchema(repoRoot))));
    const schemaUri = pathToFileURL(schemaPath).href;
    const measured: Measured[] = [];
    for (const lines of LINES) {
      const file = generateHuge(lines, ERRORS, EDITS);
      const path = join(dir, `huge-${lines}.yaml`);
      writeFileSync(path, file.text);
      say(`${file.lines} lines, ${file.documents} documents, ${(file.text.length / 1e6).toFixed(1)} MB, ${file.errorLines.length} deliberate errors, ${file.editsAt.length} edit positions`);
      const berth = await runServer('berth', file, path, schemaUri);
      const symbolsFloor = await runSymbolsFloor(berth.symbolAnswer, dir, file.lines);
      say(typeof symbolsFloor === 'string' ? `  !!! symbols floor: ${symbolsFloor}` : `  the same symbols answer echoed (bench/symbolsEcho.ts): p95 ${fmtMs(percentile(symbolsFloor, 95))} (${symbolsFloor.map((m) => m.toFixed(0)).join(', ')} ms)`);
      const yls = SKIP_YLS ? undefined : await runServer('yls', file, path, schemaUri);
      const floor = await runFloor(file, path, dir);
      if (typeof floor === 'string') say(`  !!! ${floor}`);
      else say(`  floor: parse ${floor.parseMs.map((m) => m.toFixed(0)).join('/')} ms, parse + ajv ${floor.openMs.map((m) => m.toFixed(0)).join('/')} ms, ${floor.errorsOnExpectedLines}/${file.errorLines.length} errors`);
      measured.push({ file, berth, yls, floor, symbolsFloor });
    }

    const loadEnd = loadavg();
    const notes: string[] = [];
    for (const { file, berth, yls } of measured) {
      for (const [name, r] of [['Berth', berth], ['yaml-language-server', yls]] as const) {
        if (!r) continue;
        const n = `${name} @ ${file.lines.toLocaleString('en-US')} lines`;
        notes.push(`${n}: ${r.editMs.length} edits (${r.editMs.map((m) => m.toFixed(0)).join(', ')} ms); completion returned ${r.completionItems} items; ${r.symbolCount} top-level symbols; ${r.check?.warnings ?? 0} other diagnostics (warnings, information) beside the errors.`);
        if (r.check?.otherErrors.length) notes.push(`${n}: other errors: ${r.check.otherErrors.slice(0, 3).join(' | ')}`);
        for (const x of [...r.failures, ...r.notes]) notes.push(`${n}: ${x}`);
      }
    }
    const report = [
      `# Berth huge-file bench — ${new Date().toISOString()}`,
      '',
      `Node ${process.version}, ${cpus().length} CPUs, Kubernetes schemas ${KUBERNETES_VERSION}; yaml-language-server ${ylsVersion()} with one combined if/then schema (Deployment, Service, ConfigMap and Berth's platform schema; schemaStore and CRD store off).`,
      `Load average (1 min) at start ${(loadStart[0] ?? 0).toFixed(2)}, max seen ${Math.max(...loadSamples, loadEnd[0] ?? 0).toFixed(2)}, at end ${(loadEnd[0] ?? 0).toFixed(2)}.`,
      `Times are client-side wall clock over LSP stdio; one open each; ${EDITS} one-character edits, each in another Deployment across the file, waited for one by one; yaml-language-server's 200 ms validation delay is in its figures. Each wait is bounded at ${BOUND_MS / 1000} s.`,
      '',
      '| Metric | File | Berth | yaml-language-server | Berth/YLS | floor | Berth/floor | Target | Met? |',
      '|---|---|---:|---:|---:|---:|---:|---|---|',
      ...table(measured),
      '',
      '## Notes',
      '',
      ...notes.map((n) => `- ${n}`),
    ].join('\n');
    console.log('\n' + report);
    const out = join(repoRoot, 'test-results', 'bench-huge.md');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, report + '\n');
    console.log(`\nWritten to ${out}`);
    return 0;
  } finally {
    clearInterval(loadTimer);
    killAllChildren();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', () => killAllChildren());

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  },
);
