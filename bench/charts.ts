/**
 * `npm run bench -- charts`: rendering and validating a Helm chart of 30 templates, side by side
 * with `helm template` alone (the built helm), in one run:
 * - `berth validate <chart>` (render with helm, validate the output, map findings to the
 *   sources) against `helm template <chart>`: wall time, fastest of N;
 * - in the language server, an edit of values.yaml until its diagnostics are republished
 *   (debounce, a render from a copy holding the unsaved text, validation, mapping), median of N
 *   edits, against `helm template` alone. Target: ≤ 1.5×.
 *
 * Knobs: BENCH_CHART_TEMPLATES=30, BENCH_CHART_RUNS=5, BENCH_CHART_EDITS=10.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findLocalTool } from '../installation/tools/localTools';
import { LspServer, killAllChildren } from './lsp';

const TEMPLATES = Number(process.env.BENCH_CHART_TEMPLATES ?? 30);
const RUNS = Number(process.env.BENCH_CHART_RUNS ?? 5);
const EDITS = Number(process.env.BENCH_CHART_EDITS ?? 10);
const TARGET = 1.5;
const root = join(__dirname, '..', '..');

/** A chart of `count` templates: Deployments, Services, ConfigMaps and HPAs reading values.yaml. */
function writeChart(dir: string, count: number): void {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
  const components = Math.ceil(count / 3);
  const values = ['replicaCount: 2', 'image: {repository: nginx, tag: "1.27"}', 'port: 8080', 'components:'];
  for (let i = 0; i < components; i++) values.push(`  c${i}: {enabled: true, memory: 64Mi}`);
  writeFileSync(join(dir, 'values.yaml'), `${values.join('\n')}\n`);
  writeFileSync(join(dir, 'templates/_helpers.tpl'), '{{- define "bench.labels" -}}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end }}\n');
  for (let t = 0; t < count; t++) {
    const c = Math.floor(t / 3);
    const kind = t % 3;
    const name = `c${c}`;
    const text =
      kind === 0
        ? `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-${name}\n  labels:\n    {{- include "bench.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: web\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          ports:\n            - containerPort: {{ .Values.port }}\n          resources:\n            requests: {cpu: 100m, memory: {{ .Values.components.${name}.memory }}}\n`
        : kind === 1
          ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: {{ .Values.port }}\n`
          : `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${name}\ndata:\n  enabled: {{ .Values.components.${name}.enabled | quote }}\n`;
    writeFileSync(join(dir, `templates/t${String(t).padStart(2, '0')}.yaml`), text);
  }
}

function fastest(runs: number, what: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    what();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<number> {
  const helm = findLocalTool('helm');
  if (!helm) {
    console.error('[bench charts] helm is not built: npm run cluster -- helm');
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-chart-'));
  const chart = join(work, 'bench');
  writeChart(chart, TEMPLATES);
  console.log(`[bench charts] ${TEMPLATES} templates; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    const helmMs = fastest(RUNS, () => execFileSync(helm, ['template', 'bench', chart], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const cli = join(root, 'dist/cli.js');
    const validateMs = fastest(RUNS, () => {
      try {
        execFileSync(process.execPath, [cli, 'validate', chart], { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch {
        // Exit 1 with findings is a result, not a failure of the bench.
      }
    });
    const rendered = execFileSync(helm, ['template', 'bench', chart], { encoding: 'utf8' });
    const documents = rendered.split(/^---$/m).filter((d) => /kind:/.test(d)).length;

    // The language server: an edit of values.yaml until the rendered finding is published on it.
    const server = new LspServer('berth', [join(root, 'dist/server.js'), '--stdio'], () => null, 60_000);
    const valuesUri = pathToFileURL(join(chart, 'values.yaml')).href;
    const valuesText = readFileSync(join(chart, 'values.yaml'), 'utf8');
    const first = server.diagnostics(valuesUri, (p) => p.diagnostics.length === 0);
    await server.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(work).href, name: 'bench' }], capabilities: { workspace: { configuration: true } } });
    await server.notify('initialized', {});
    await server.notify('textDocument/didOpen', { textDocument: { uri: valuesUri, languageId: 'yaml', version: 1, text: valuesText } });
    await first;
    const editMs: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const bad = i % 2 === 0;
      const text = valuesText.replace('replicaCount: 2', bad ? 'replicaCount: many' : 'replicaCount: 2');
      const published = server.diagnostics(valuesUri, (p) => p.diagnostics.some((d) => d.code === 'invalid-type') === bad);
      const started = performance.now();
      await server.notify('textDocument/didChange', { textDocument: { uri: valuesUri, version: i + 2 }, contentChanges: [{ text }] });
      await published;
      editMs.push(performance.now() - started);
    }
    await server.stop();
    const editMedian = median(editMs);
    const editRatio = editMedian / helmMs;
    console.log(`[bench charts] helm template alone:                 ${helmMs.toFixed(0)} ms (fastest of ${RUNS}; ${documents} objects)`);
    console.log(`[bench charts] berth validate <chart> (render+check): ${validateMs.toFixed(0)} ms (fastest of ${RUNS}) = ${(validateMs / helmMs).toFixed(2)}× helm template (a fresh Node process included)`);
    console.log(`[bench charts] values.yaml edit → diagnostics:       ${editMedian.toFixed(0)} ms median of ${EDITS} (min ${Math.min(...editMs).toFixed(0)}, max ${Math.max(...editMs).toFixed(0)}; 200 ms debounce included) = ${editRatio.toFixed(2)}× helm template; target ≤ ${TARGET}× ${editRatio <= TARGET ? 'MET' : 'NOT MET'}`);
    return 0;
  } finally {
    killAllChildren();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench charts] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
