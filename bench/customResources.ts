/**
 * `npm run bench -- crds`: validating custom resources against their CRD's schema costs about what
 * validating built-in objects of the same size costs. One file of N custom resources (their CRD in
 * another file of the workspace, and, when the bundled catalog is built, cert-manager Certificates
 * it knows) against one file of N Deployments padded to the same bytes, each analysed by a fresh
 * language service in this process (schema compilation included), fastest of RUNS.
 * Target: custom / built-in ≤ 1.5.
 *
 * Knobs: BENCH_CRDS_N=5000, BENCH_CRDS_RUNS=3.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeLanguageServiceOptions } from '../installation/languageServiceOptions';
import { BerthLanguageService } from '../platform/languageService';
import { DEFAULT_VALIDATION_SETTINGS } from '../platform/settings';
import { BerthWorkspace } from '../platform/workspace/berthWorkspace';

const N = Number(process.env.BENCH_CRDS_N ?? 5000);
const RUNS = Number(process.env.BENCH_CRDS_RUNS ?? 3);
const TARGET = 1.5;
const root = join(__dirname, '..', '..');

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [selector, template]
            properties:
              replicas: {type: integer, minimum: 0}
              selector:
                type: object
                properties:
                  matchLabels: {type: object, additionalProperties: {type: string}}
              template:
                type: object
                properties:
                  metadata:
                    type: object
                    properties:
                      labels: {type: object, additionalProperties: {type: string}}
                  spec:
                    type: object
                    properties:
                      containers:
                        type: array
                        items:
                          type: object
                          required: [name, image]
                          properties:
                            name: {type: string}
                            image: {type: string}
                            ports:
                              type: array
                              items:
                                type: object
                                properties:
                                  containerPort: {type: integer, minimum: 1, maximum: 65535}
                                  protocol: {type: string, enum: [TCP, UDP, SCTP]}
`;

/** The same body under two identities: the workload shape both schemas describe. */
const body = (i: number): string[] => [
  'spec:',
  '  replicas: 2',
  `  selector: {matchLabels: {app: web-${i}}}`,
  '  template:',
  `    metadata: {labels: {app: web-${i}}}`,
  '    spec:',
  '      containers:',
  '      - name: web',
  '        image: "registry.example.com/web:1.27"',
  '        ports: [{containerPort: 8080, protocol: TCP}]',
];

const objects = (n: number, apiVersion: string, kind: string): string =>
  Array.from({ length: n }, (_, i) => [`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: web-${i}`, '  namespace: shop', ...body(i)].join('\n')).join('\n---\n');

const certificates = (n: number): string =>
  Array.from({ length: n }, (_, i) =>
    [
      'apiVersion: cert-manager.io/v1',
      'kind: Certificate',
      'metadata:',
      `  name: web-${i}`,
      '  namespace: shop',
      'spec:',
      `  secretName: web-${i}-tls`,
      `  dnsNames: [web-${i}.example.com, www.web-${i}.example.com]`,
      '  duration: 2160h',
      '  privateKey: {algorithm: ECDSA, size: 256}',
      '  usages: [server auth, digital signature]',
      '  issuerRef: {name: letsencrypt, kind: ClusterIssuer, group: cert-manager.io}',
    ].join('\n'),
  ).join('\n---\n');

/** Pads every document of `text` with a comment so that it is `bytes` long, as near as a whole comment line allows. */
function padTo(text: string, bytes: number): string {
  const missing = bytes - text.length;
  if (missing <= 0) return text;
  const documents = text.split('\n---\n');
  const each = Math.floor(missing / documents.length);
  return documents.map((d) => (each > 2 ? `${d}\n# ${'x'.repeat(each - 3)}` : d)).join('\n---\n');
}

interface Timing {
  readonly ms: number;
  readonly diagnostics: number;
}

function analyse(files: Record<string, string>, measured: string): Timing {
  const service = new BerthLanguageService(nodeLanguageServiceOptions(root));
  const workspace = new BerthWorkspace(service);
  for (const [name, text] of Object.entries(files)) if (name !== measured) workspace.setFile(TextDocument.create(`file:///bench/${name}`, 'yaml', 1, text), DEFAULT_VALIDATION_SETTINGS);
  const started = performance.now();
  workspace.setFile(TextDocument.create(`file:///bench/${measured}`, 'yaml', 1, files[measured]!), DEFAULT_VALIDATION_SETTINGS);
  const diagnostics = workspace.diagnostics(`file:///bench/${measured}`).length;
  return { ms: performance.now() - started, diagnostics };
}

function fastest(files: Record<string, string>, measured: string): Timing {
  let best = analyse(files, measured);
  for (let i = 1; i < RUNS; i++) {
    const next = analyse(files, measured);
    if (next.ms < best.ms) best = next;
  }
  return best;
}

function main(): void {
  console.log(`[bench crds] ${N} documents per file; fastest of ${RUNS}; ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; target custom/built-in ≤ ${TARGET}`);
  const cases: { name: string; custom: string }[] = [{ name: `workspace CRD (Widget, ${N})`, custom: objects(N, 'example.com/v1', 'Widget') }];
  if (existsSync(join(root, 'schemas', 'crds', 'index.json'))) cases.push({ name: `bundled catalog (cert-manager Certificate, ${N})`, custom: certificates(N) });
  else console.log('[bench crds] schemas/crds/index.json is missing: the bundled-catalog case is not measured');
  let failed = false;
  for (const { name, custom } of cases) {
    const builtIn = padTo(objects(N, 'apps/v1', 'Deployment'), custom.length);
    const customTime = fastest({ 'crd.yaml': WIDGET_CRD, 'custom.yaml': custom }, 'custom.yaml');
    const builtInTime = fastest({ 'builtin.yaml': builtIn }, 'builtin.yaml');
    const r = customTime.ms / builtInTime.ms;
    // Best-practice checks may warn on the Deployments; the custom resources must be clean.
    const clean = customTime.diagnostics === 0;
    if (r > TARGET || !clean) failed = true;
    console.log(
      `[bench crds] ${name}: custom ${customTime.ms.toFixed(0)} ms (${(custom.length / 1024 / 1024).toFixed(1)} MB, ${customTime.diagnostics} diagnostics)` +
        ` vs Deployments ${builtInTime.ms.toFixed(0)} ms (${(builtIn.length / 1024 / 1024).toFixed(1)} MB, ${builtInTime.diagnostics} diagnostics): ${r.toFixed(2)}× (target ≤ ${TARGET})${r > TARGET ? ' ❌' : ''}${clean ? '' : ' — custom resources expected clean ❌'}`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}

main();
