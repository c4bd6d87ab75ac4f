/**
 * `npm run bench`: Berth vs yaml-language-server vs the in-process floor
 * on generated Deployment+Service files, over LSP stdio, plus Berth's workspace index.
 *
 * Environment knobs (for quick runs; the defaults are the full sizes the README reports):
 *   BENCH_SIZES=1000,5000   BENCH_WORKSPACE_FILES=2000   BENCH_TIMEOUT_MS=60000   BENCH_SKIP_YLS=1
 *   BENCH_CPU_PROF=/tmp/prof (Berth servers run with node --cpu-prof into that folder)
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { generate, smallFile, type GeneratedFile } from './generate';
import { startComparedServer } from './comparedServers';
import { LspServer, TimeoutError, children, killAllChildren } from './lsp';
import { combinedSchema, kindSchemas, KUBERNETES_VERSION } from './schemas';
import { fmtMB, fmtMs, percentile, ratio, type FloorResult, type FloorSpec } from './shared';

const repoRoot = join(__dirname, '..', '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number);
const WORKSPACE_FILES = Number(process.env.BENCH_WORKSPACE_FILES ?? 2000);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 60_000);
const SKIP_YLS = process.env.BENCH_SKIP_YLS === '1';
/** Profile the Berth server processes (node --cpu-prof); one .cpuprofile per process, written when it exits. */
const EDITS = 10;
const SAMPLES = 100;
/** yaml-language-server is slow on big files: bound its share of the run. */
const YLS_BUDGET_MS = { edits: 45_000, completion: 15_000, hover: 15_000 };

type Tool = 'berth' | 'yls';

interface DiagnosticCheck {
  expected: number;
  onExpectedLines: number;
  other: string[];
  ok: boolean;
  sample: string;
}

interface LspResult {
  openMs: number[];
  editMs: number[];
  editChecksFailed: number;
  completionMs: number[];
  completionItems: number;
  completionHasReplicas: boolean;
  hoverMs: number[];
  hoverText: string;
  rssAfterEditsKiB: number | undefined;
  rssFinalKiB: number | undefined;
  check: DiagnosticCheck | undefined;
  timeouts: string[];
  notes: string[];
}

const startedAt = performance.now();
const elapsed = (): string => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const say = (message: string): void => console.log(`[bench ${elapsed()}] ${message}`);

// ---------------------------------------------------------------------------------------------
// Diagnostics check

function firstLine(message: unknown, max: number): string {
  const text = typeof message === 'string' ? message : ((message as { value?: string } | undefined)?.value ?? '');
  return (text.split('\n')[0] ?? '').slice(0, max);
}

function checkDiagnostics(diagnostics: readonly Diagnostic[], file: GeneratedFile | { errorLines: number[] }): DiagnosticCheck {
  const expected = new Set(file.errorLines);
  const found = new Set<number>();
  const other: string[] = [];
  for (const d of diagnostics) {
    const isError = d.severity === undefined || d.severity === 1;
    if (isError && expected.has(d.range.start.line)) found.add(d.range.start.line);
    else other.push(`line ${d.range.start.line + 1} [sev ${d.severity ?? '?'}] ${firstLine(d.message, 120)}`);
  }
  const sampleMessage = diagnostics.find((d) => expected.has(d.range.start.line))?.message ?? '';
  return { expected: expected.size, onExpectedLines: found.size, other, ok: found.size === expected.size && other.length === 0, sample: firstLine(sampleMessage, 100) };
}

// ---------------------------------------------------------------------------------------------
// Language servers


async function initialize(server: LspServer, tool: Tool, folder?: string, beforeInitialized?: () => void): Promise<void> {
  const folderUri = folder ? pathToFileURL(folder).href : null;
  await server.request('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: folderUri ? [{ uri: folderUri, name: 'bench' }] : null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    },
  });
  beforeInitialized?.();
  await server.notify('initialized', {});
  // yaml-language-server pulls its settings when told they changed.
  if (tool === 'yls') await server.notify('workspace/didChangeConfiguration', { settings: {} });
}

/** Berth publishes the document version; yaml-language-server does not (any publication counts). */
function forVersion(tool: Tool, version: number): (p: PublishDiagnosticsParams) => boolean {
  return tool === 'berth' ? (p) => p.version === version : () => true;
}

function errorsOf(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === undefined || d.severity === 1).length;
}

async function warmUp(server: LspServer, tool: Tool, dir: string): Promise<DiagnosticCheck> {
  const warm = generate(10);
  const uri = pathToFileURL(join(dir, `warmup-${tool}.yaml`)).href;
  const published = server.diagnostics(uri, forVersion(tool, 1));
  await server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: warm.text } });
  const check = checkDiagnostics((await published).diagnostics, warm);
  await server.notify('textDocument/didClose', { textDocument: { uri } });
  return check;
}

async function runLsp(tool: Tool, file: GeneratedFile, path: string, schemaUri: string): Promise<LspResult> {
  const result: LspResult = {
    openMs: [],
    editMs: [],
    editChecksFailed: 0,
    completionMs: [],
    completionItems: 0,
    completionHasReplicas: false,
    hoverMs: [],
    hoverText: '',
    rssAfterEditsKiB: undefined,
    rssFinalKiB: undefined,
    check: undefined,
    timeouts: [],
    notes: [],
  };
  const server = startComparedServer(tool, schemaUri, TIMEOUT_MS);
  const uri = pathToFileURL(path).href;
  try {
    await initialize(server, tool);
    const warm = await warmUp(server, tool, dirname(path));
    if (!warm.ok) result.notes.push(`warm-up file (10 documents, 1 known error): ${warm.onExpectedLines}/${warm.expected} found, others: ${warm.other.slice(0, 3).join('; ') || 'none'}`);

    // open → diagnostics. Berth: three opens (close in between), median reported. YLS: one (its close publishes an unversioned empty set).
    const opens = tool === 'berth' ? 3 : 1;
    let diagnostics: Diagnostic[] = [];
    for (let i = 0; i < opens; i++) {
      const published = server.diagnostics(uri, forVersion(tool, 1));
      const t = performance.now();
      await server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: file.text } });
      diagnostics = (await published).diagnostics;
      result.openMs.push(performance.now() - t);
      if (i < opens - 1) {
        const cleared = server.diagnostics(uri, (p) => p.diagnostics.length === 0);
        await server.notify('textDocument/didClose', { textDocument: { uri } });
        await cleared;
      }
    }
    result.check = checkDiagnostics(diagnostics, file);
    const expectedErrors = errorsOf(diagnostics);
    say(`  ${server.name} open ${result.openMs.map((m) => m.toFixed(0)).join('/')} ms, ${result.check.onExpectedLines}/${result.check.expected} expected errors, ${result.check.other.length} other diagnostics`);

    // one-character edit → diagnostics, alternating insert and revert.
    let version = 1;
    const editsStarted = performance.now();
    for (let i = 0; i < EDITS; i++) {
      if (tool === 'yls' && performance.now() - editsStarted > YLS_BUDGET_MS.edits) {
        result.notes.push(`edits stopped after ${i} (budget ${YLS_BUDGET_MS.edits / 1000} s)`);
        break;
      }
      version++;
      const at = file.editAt;
      const change =
        i % 2 === 0
          ? { range: { start: at, end: at }, text: 'x' }
          : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      const published = server.diagnostics(uri, forVersion(tool, version));
      const t = performance.now();
      await server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const p = await published;
      result.editMs.push(performance.now() - t);
      if (errorsOf(p.diagnostics) !== expectedErrors) result.editChecksFailed++;
    }
    result.rssAfterEditsKiB = server.vmHWMKiB();
    say(`  ${server.name} ${result.editMs.length} edits: ${result.editMs.map((m) => m.toFixed(0)).join(', ')} ms; VmHWM ${((result.rssAfterEditsKiB ?? 0) / 1024).toFixed(0)} MB`);

    // completion at a key position inside the middle Deployment's spec.
    const budgetC = tool === 'yls' ? YLS_BUDGET_MS.completion : Infinity;
    const startedC = performance.now();
    for (let i = 0; i < SAMPLES && performance.now() - startedC < budgetC; i++) {
      const t = performance.now();
      const answer = await server.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
        textDocument: { uri },
        position: file.completionAt,
        context: { triggerKind: 1 },
      });
      result.completionMs.push(performance.now() - t);
      if (i === 0) {
        const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
        result.completionItems = items.length;
        result.completionHasReplicas = items.some((item) => item.label === 'replicas' || item.label === 'minReadySeconds');
      }
    }

    // hover on the `replicas` key.
    const budgetH = tool === 'yls' ? YLS_BUDGET_MS.hover : Infinity;
    const startedH = performance.now();
    for (let i = 0; i < SAMPLES && performance.now() - startedH < budgetH; i++) {
      const t = performance.now();
      const answer = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: file.hoverAt });
      result.hoverMs.push(performance.now() - t);
      if (i === 0) result.hoverText = hoverText(answer);
    }
    result.rssFinalKiB = server.vmHWMKiB();
    say(
      `  ${server.name} completion p50 ${fmtMs(percentile(result.completionMs, 50))} (${result.completionItems} items), hover p50 ${fmtMs(percentile(result.hoverMs, 50))} ("${result.hoverText.slice(0, 50)}")`,
    );
  } catch (error) {
    if (error instanceof TimeoutError) {
      result.timeouts.push(error.message);
      result.rssAfterEditsKiB ??= server.vmHWMKiB();
      say(`  TIMEOUT ${error.message}`);
    } else {
      throw error;
    }
  } finally {
    if (server.stderr.length) result.notes.push(`stderr: ${server.stderr.join('').slice(0, 300)}`);
    await server.stop();
  }
  return result;
}

function hoverText(hover: Hover | null): string {
  if (!hover) return '';
  const contents = hover.contents as unknown;
  const one = (c: unknown): string => (typeof c === 'string' ? c : ((c as { value?: string })?.value ?? ''));
  return (Array.isArray(contents) ? contents.map(one).join(' ') : one(contents)).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Floor

async function runFloor(file: GeneratedFile, path: string, dir: string): Promise<FloorResult | string> {
  const spec: FloorSpec = { repoRoot, file: path, editAt: file.editAt, errorLines: file.errorLines, opens: 3, edits: EDITS };
  const specPath = join(dir, `floor-${file.documents}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const child = spawn(process.execPath, [join(__dirname, 'floor.js'), specPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS * 2);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  children.delete(child);
  if (code !== 0) return `floor failed (exit ${code}): ${stderr.slice(0, 500)}`;
  return JSON.parse(stdout.trim().split('\n').pop()!) as FloorResult;
}

// ---------------------------------------------------------------------------------------------
// Workspace index: cross-document checks over many files

interface WorkspaceResult {
  files: number;
  indexedLogMs: number | undefined;
  indexWallMs: number | undefined;
  allPublishedMs: number | undefined;
  openMs: number | undefined;
  editMs: number[];
  check: DiagnosticCheck | undefined;
  rssKiB: number | undefined;
  timeouts: string[];
}

async function runWorkspace(dir: string, big: GeneratedFile): Promise<WorkspaceResult> {
  const folder = join(dir, 'workspace');
  const uris: string[] = [];
  for (let k = 0; k < WORKSPACE_FILES - 1; k++) {
    const sub = join(folder, `team-${String(Math.floor(k / 100)).padStart(2, '0')}`);
    if (k % 100 === 0) mkdirSync(sub, { recursive: true });
    const path = join(sub, `service-${k}.yaml`);
    writeFileSync(path, smallFile(10_000 + k));
    uris.push(pathToFileURL(path).href);
  }
  const bigPath = join(folder, `big-${big.documents}.yaml`);
  writeFileSync(bigPath, big.text);
  const bigUri = pathToFileURL(bigPath).href;
  uris.push(bigUri);

  const result: WorkspaceResult = {
    files: uris.length,
    indexedLogMs: undefined,
    indexWallMs: undefined,
    allPublishedMs: undefined,
    openMs: undefined,
    editMs: [],
    check: undefined,
    rssKiB: undefined,
    timeouts: [],
  };
  const server = startComparedServer('berth', '', TIMEOUT_MS);
  try {
    let t0 = performance.now();
    const indexed = server.log((m) => /Indexed \d+ YAML files/.test(m));
    await initialize(server, 'berth', folder, () => (t0 = performance.now()));
    const message = await indexed;
    result.indexWallMs = performance.now() - t0;
    const match = /Indexed (\d+) YAML files in (\d+) ms/.exec(message);
    result.indexedLogMs = match ? Number(match[2]) : undefined;
    if (match && Number(match[1]) !== uris.length) say(`  !!! Berth indexed ${match[1]} files, expected ${uris.length}`);
    // Until diagnostics for every file have been published (bounded poll).
    for (let i = 0; i < TIMEOUT_MS / 10 && uris.some((u) => !server.published.has(u)); i++) await new Promise((r) => setTimeout(r, 10));
    if (uris.every((u) => server.published.has(u))) result.allPublishedMs = performance.now() - t0;
    say(`  Berth workspace: "${message}", wall ${result.indexWallMs.toFixed(0)} ms, all published ${fmtMs(result.allPublishedMs)}`);

    const published = server.diagnostics(bigUri, forVersion('berth', 1));
    const t = performance.now();
    await server.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'yaml', version: 1, text: big.text } });
    const diagnostics = (await published).diagnostics;
    result.openMs = performance.now() - t;
    result.check = checkDiagnostics(diagnostics, big);
    let version = 1;
    for (let i = 0; i < EDITS; i++) {
      version++;
      const at = big.editAt;
      const change =
        i % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      const p = server.diagnostics(bigUri, forVersion('berth', version));
      const te = performance.now();
      await server.notify('textDocument/didChange', { textDocument: { uri: bigUri, version }, contentChanges: [change] });
      await p;
      result.editMs.push(performance.now() - te);
    }
    result.rssKiB = server.vmHWMKiB();
    say(`  Berth with index: open ${fmtMs(result.openMs)}, edits ${result.editMs.map((m) => m.toFixed(0)).join(', ')} ms`);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    result.timeouts.push(error.message);
    say(`  TIMEOUT ${error.message}`);
  } finally {
    await server.stop();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const median = (xs: readonly number[]): number | undefined => percentile(xs, 50);

interface Row {
  metric: string;
  size: string;
  berth: string;
  yls: string;
  floor: string;
  vsYls: string;
  vsFloor: string;
  target: string;
  met: string;
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '—' : ok ? '✅ yes' : '❌ NO';
}

/** Busy processes that are not ours, from `top` (asynchronous: never blocks a measurement in progress). */
async function foreignLoad(): Promise<string> {
  try {
    const ours = new Set<number | undefined>([process.pid, ...[...children].map((c) => c.pid)]);
    // Our ancestors (npm run → sh → scripts/bench.mjs) are not foreign load.
    for (let pid = process.ppid, i = 0; pid > 1 && i < 10; i++) {
      ours.add(pid);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    }
    // The second frame's %CPU covers the last half second (the first one's is unreliable).
    const output = await new Promise<string>((resolve) =>
      execFile('top', ['-b', '-n', '2', '-d', '0.5', '-w', '200'], { encoding: 'utf8', timeout: 5000 }, (error, stdout) => resolve(error ? '' : stdout)),
    );
    const frames = output.split(/^\s*PID\s+USER.*$/m);
    const busy = (frames[frames.length - 1] ?? '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => /^\d+$/.test(f[0] ?? '') && Number(f[8]) >= 10 && !ours.has(Number(f[0])) && f[11] !== 'top')
      .map((f) => `${f[11]} (pid ${f[0]})`);
    return busy.join(', ');
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  const loadStart = loadavg();
  const foreignStart = await foreignLoad();
  say(`temp dir ${dir}; ${cpus().length} CPUs; load average ${loadStart.map((l) => l.toFixed(2)).join(' ')}${foreignStart ? `; busy: ${foreignStart}` : ''}`);
  const loadSamples: number[] = [];
  const foreignSeen = new Set<string>(foreignStart ? foreignStart.split(', ').map((s) => s) : []);
  const loadTimer = setInterval(() => {
    loadSamples.push(loadavg()[0] ?? 0);
    void foreignLoad().then((busy) => {
      if (busy) for (const s of busy.split(', ')) foreignSeen.add(s);
    });
  }, 10_000);
  loadTimer.unref();

  try {
    const schemaPath = join(dir, 'k8s.json');
    writeFileSync(schemaPath, JSON.stringify(combinedSchema(kindSchemas(repoRoot))));
    const schemaUri = pathToFileURL(schemaPath).href;

    const rows: Row[] = [];
    const notes: string[] = [];
    const bySize = new Map<number, { file: GeneratedFile; berth: LspResult; yls: LspResult | undefined; floor: FloorResult | string }>();
    for (const size of SIZES) {
      const file = generate(size);
      const path = join(dir, `bench-${size}.yaml`);
      writeFileSync(path, file.text);
      say(`${size} documents (${file.text.split('\n').length} lines, ${(file.text.length / 1e6).toFixed(1)} MB, ${file.errorLines.length} known errors)`);
      const berth = await runLsp('berth', file, path, schemaUri);
      const yls = SKIP_YLS ? undefined : await runLsp('yls', file, path, schemaUri);
      const floor = await runFloor(file, path, dir);
      if (typeof floor === 'string') say(`  !!! ${floor}`);
      else say(`  floor open ${floor.openMs.map((m) => m.toFixed(0)).join('/')} ms, edits p50 ${fmtMs(median(floor.editMs))}, ${floor.errorsOnExpectedLines}/${file.errorLines.length} expected errors`);
      bySize.set(size, { file, berth, yls, floor });
    }

    let workspace: WorkspaceResult | undefined;
    if (WORKSPACE_FILES > 0) {
      say(`workspace of ${WORKSPACE_FILES} files (one of them the ${SIZES[0]}-document file)`);
      workspace = await runWorkspace(dir, bySize.get(SIZES[0] ?? 1000)?.file ?? generate(1000));
    }

    // ---- table
    const sizeLabel = (n: number): string => n.toLocaleString('en-US');
    const metric = (
      name: string,
      pick: (r: LspResult) => number | undefined,
      pickFloor: ((f: FloorResult) => number | undefined) | undefined,
      target: (size: number, berth: number | undefined, floor: number | undefined) => { text: string; ok?: boolean },
      fmt: (v: number | undefined) => string = fmtMs,
    ): void => {
      for (const [size, { berth, yls, floor }] of bySize) {
        const b = berth.timeouts.length && pick(berth) === undefined ? undefined : pick(berth);
        const y = yls ? pick(yls) : undefined;
        const f = pickFloor && typeof floor !== 'string' ? pickFloor(floor) : undefined;
        const t = target(size, b, f);
        const yText = !yls ? 'skipped' : y === undefined && yls.timeouts.length ? 'timeout' : fmt(y);
        rows.push({
          metric: name,
          size: sizeLabel(size),
          berth: b === undefined && berth.timeouts.length ? 'timeout' : fmt(b),
          yls: yText,
          floor: pickFloor ? fmt(f) : 'n/a',
          vsYls: ratio(b, y),
          vsFloor: ratio(b, f),
          target: t.text,
          met: verdict(t.ok),
        });
      }
    };
    const none = (): { text: string } => ({ text: '—' });
    const lsp50 = (samples: (r: LspResult) => number[]) => (r: LspResult) => percentile(samples(r), 50);
    const lsp95 = (samples: (r: LspResult) => number[]) => (r: LspResult) => percentile(samples(r), 95);

    metric('open → diagnostics (median)', (r) => median(r.openMs), (f) => median(f.openMs), (_s, b, f) => ({
      text: '≤ 1.1× floor',
      ok: b === undefined || f === undefined ? (b === undefined ? false : undefined) : b <= 1.1 * f,
    }));
    const editTarget = (size: number, b: number | undefined): { text: string; ok?: boolean } =>
      size === 1000 ? { text: '≤ 50 ms', ok: b !== undefined && b <= 50 } : { text: '—' };
    metric('edit → diagnostics p50', lsp50((r) => r.editMs), (f) => median(f.editMs), editTarget);
    metric('edit → diagnostics p95', lsp95((r) => r.editMs), (f) => percentile(f.editMs, 95), editTarget);
    metric('completion p50', lsp50((r) => r.completionMs), undefined, none);
    metric('completion p95', lsp95((r) => r.completionMs), undefined, (size, b) =>
      size === 5000 ? { text: '≤ 5 ms', ok: b !== undefined && b <= 5 } : { text: '—' },
    );
    metric('hover p50', lsp50((r) => r.hoverMs), undefined, none);
    metric('hover p95', lsp95((r) => r.hoverMs), undefined, (size, b) => (size === 5000 ? { text: '≤ 2 ms', ok: b !== undefined && b <= 2 } : { text: '—' }));
    metric('peak RSS (VmHWM) after edits', (r) => r.rssAfterEditsKiB, (f) => f.vmHWMKiB, (size, b) =>
      size === 5000 ? { text: '≤ 250 MB', ok: b !== undefined && b <= 250 * 1024 } : { text: '—' },
      fmtMB,
    );
    // Diagnostics check row.
    for (const [size, { file, berth, yls, floor }] of bySize) {
      const show = (c: DiagnosticCheck | undefined, timeouts: string[]): string =>
        !c ? (timeouts.length ? 'timeout' : '—') : `${c.onExpectedLines}/${c.expected}${c.other.length ? ` +${c.other.length} other` : ''}`;
      const floorText = typeof floor === 'string' ? 'failed' : `${floor.errorsOnExpectedLines}/${file.errorLines.length}${floor.otherDiagnostics.length ? ` +${floor.otherDiagnostics.length} other` : ''}`;
      rows.push({
        metric: 'expected errors reported',
        size: sizeLabel(size),
        berth: show(berth.check, berth.timeouts),
        yls: yls ? show(yls.check, yls.timeouts) : 'skipped',
        floor: floorText,
        vsYls: '',
        vsFloor: '',
        target: `${file.errorLines.length}/${file.errorLines.length}, nothing else`,
        met: verdict(berth.check?.ok === true && (!yls || yls.check?.ok === true) && typeof floor !== 'string' && floor.errorsOnExpectedLines === file.errorLines.length && floor.otherDiagnostics.length === 0),
      });
    }
    if (workspace) {
      const w = workspace;
      const label = sizeLabel(w.files) + ' files';
      const row = (name: string, value: string, target: string, ok: boolean | undefined, size = label): void => {
        rows.push({ metric: name, size, berth: value, yls: 'n/a', floor: 'n/a', vsYls: '', vsFloor: '', target, met: verdict(ok) });
      };
      row('workspace indexed (`initialized` → "Indexed" log)', w.indexWallMs === undefined ? 'timeout' : `${fmtMs(w.indexWallMs)} (log: ${fmtMs(w.indexedLogMs)})`, '≤ 3 s', w.indexWallMs !== undefined && w.indexWallMs <= 3000);
      row('workspace → every file\'s diagnostics published', fmtMs(w.allPublishedMs), '—', undefined);
      const bigLabel = `${sizeLabel(SIZES[0] ?? 1000)} docs, index on`;
      row('open → diagnostics', fmtMs(w.openMs), '—', undefined, bigLabel);
      row('edit → diagnostics p50', fmtMs(percentile(w.editMs, 50)), '≤ 50 ms', w.editMs.length > 0 && percentile(w.editMs, 50)! <= 50, bigLabel);
      row('edit → diagnostics p95', fmtMs(percentile(w.editMs, 95)), '≤ 50 ms', w.editMs.length > 0 && percentile(w.editMs, 95)! <= 50, bigLabel);
      row('expected errors reported', w.check ? `${w.check.onExpectedLines}/${w.check.expected}${w.check.other.length ? ` +${w.check.other.length} other` : ''}` : '—', 'all, nothing else', w.check?.ok, bigLabel);
      row('peak RSS (VmHWM) after edits', fmtMB(w.rssKiB), '—', undefined, bigLabel);
      if (w.timeouts.length) notes.push(`Workspace: ${w.timeouts.join('; ')}`);
    }

    // ---- notes
    for (const [size, { file, berth, yls, floor }] of bySize) {
      for (const [name, r] of [['Berth', berth], ['yaml-language-server', yls]] as const) {
        if (!r) continue;
        const n = `${name} @ ${sizeLabel(size)}`;
        notes.push(`${n}: ${r.openMs.length} open(s) ${r.openMs.map((m) => fmtMs(m)).join(', ')}; ${r.editMs.length} edits; ${r.completionMs.length} completion / ${r.hoverMs.length} hover samples; completion returned ${r.completionItems} items${r.completionHasReplicas ? '' : ' (NO replicas/minReadySeconds item!)'}; hover "${r.hoverText.slice(0, 80)}"; final VmHWM ${fmtMB(r.rssFinalKiB)}.`);
        if (r.check) {
          if (!r.check.ok) notes.push(`!!! MISMATCH ${n}: ${r.check.onExpectedLines}/${r.check.expected} expected errors; other diagnostics (${r.check.other.length}): ${r.check.other.slice(0, 3).join(' | ')}`);
          notes.push(`${n} sample message: "${r.check.sample}"`);
        }
        if (r.editChecksFailed) notes.push(`!!! MISMATCH ${n}: ${r.editChecksFailed} edit(s) published a different error count than the open`);
        if (r.timeouts.length) notes.push(`${n}: TIMEOUT ${r.timeouts.join('; ')}`);
        for (const x of r.notes) notes.push(`${n}: ${x}`);
      }
      if (typeof floor === 'string') notes.push(`!!! floor @ ${sizeLabel(size)}: ${floor}`);
      else {
        notes.push(`floor @ ${sizeLabel(size)}: schema load + ajv compile + warm-up ${fmtMs(floor.compileMs)} (not in open); opens ${floor.openMs.map((m) => fmtMs(m)).join(', ')}; sample "${floor.sampleMessage}"`);
        if (floor.otherDiagnostics.length || floor.errorsOnExpectedLines !== file.errorLines.length)
          notes.push(`!!! MISMATCH floor @ ${sizeLabel(size)}: ${floor.errorsOnExpectedLines}/${file.errorLines.length}; other: ${floor.otherDiagnostics.slice(0, 3).join(' | ')}`);
      }
    }

    const loadEnd = loadavg();
    const foreignEnd = await foreignLoad();
    if (foreignEnd) for (const s of foreignEnd.split(', ')) foreignSeen.add(s);
    const l1 = (l: number[]): number => l[0] ?? 0;
    const maxLoad = Math.max(l1(loadStart), l1(loadEnd), ...loadSamples);
    const underLoad = foreignSeen.size > 0;
    const header = [
      `# Berth bench — ${new Date().toISOString()}`,
      '',
      `Node ${process.version}, ${cpus().length} CPUs, Kubernetes schemas ${KUBERNETES_VERSION}; yaml-language-server ${ylsVersion()} with one combined if/then schema (schemaStore and CRD store off).`,
      `Load average (1 min) at start ${l1(loadStart).toFixed(2)}, max seen ${maxLoad.toFixed(2)}, at end ${l1(loadEnd).toFixed(2)}.` +
        (underLoad ? ` **Taken under load**: other processes were busy during the run: ${[...foreignSeen].join(', ')}.` : ' No other busy process seen.'),
      'Times are client-side wall clock over LSP stdio (JSON-RPC and serialisation included); the floor is in-process (no LSP), re-validating the whole file per edit.',
      "yaml-language-server waits a fixed 200 ms (validationDelayMs) before validating, which is inside its open and edit numbers; it publishes no document version, so its first publication after a change is taken.",
      '',
      '| Metric | Size | Berth | yaml-language-server | floor | Berth/YLS | Berth/floor | Target | Met? |',
      '|---|---|---:|---:|---:|---:|---:|---|---|',
      ...rows.map((r) => `| ${r.metric} | ${r.size} | ${r.berth} | ${r.yls} | ${r.floor} | ${r.vsYls} | ${r.vsFloor} | ${r.target} | ${r.met} |`),
      '',
      '## Notes',
      '',
      ...notes.map((n) => `- ${n}`),
      '',
      `Total run time ${elapsed()}.`,
    ].join('\n');
    console.log('\n' + header);
    const out = join(repoRoot, 'test-results', 'bench.md');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, header + '\n');
    console.log(`\nWritten to ${out}`);
    const mismatches = notes.filter((n) => n.startsWith('!!!'));
    if (mismatches.length) console.log(`\n!!! ${mismatches.length} DIAGNOSTICS MISMATCH(ES) — see the notes above.`);
  } finally {
    clearInterval(loadTimer);
    killAllChildren();
    rmSync(dir, { recursive: true, force: true });
  }
}

function ylsVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules/yaml-language-server/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
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
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  },
);
