/**
 * Huge mixed files for `npm run bench -- huge`: Deployments, Services, ConfigMaps and Berth
 * Applications in a repeating cycle of five documents (Deployment, Service, ConfigMap,
 * Application, ConfigMap; about 20 lines a document) after the one Cluster the Applications
 * name, with `errors` deliberate type errors
 * spread evenly over the file, one kind after another, each on a known line.
 */
import type { Position } from './generate';

export interface HugeFile {
  text: string;
  lines: number;
  documents: number;
  /** 0-based lines of the deliberate errors, one error each. */
  errorLines: number[];
  /** Where the timed edits go: the end of an image value of unbroken Deployments spread over the file. */
  editsAt: Position[];
  /** A key position in a middle Deployment's spec (the start of its `replicas` key). */
  completionAt: Position;
}

const name = (n: number): string => `svc-${String(n).padStart(6, '0')}`;

function deployment(n: number, broken: boolean): string[] {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name(n)}`,
    '  namespace: bench',
    '  labels:',
    `    app.kubernetes.io/name: ${name(n)}`,
    'spec:',
    broken ? '  replicas: "three"' : `  replicas: ${(n % 3) + 1}`,
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name(n)}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${name(n)}`,
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: registry.example.com/bench/app:1.${n % 50}.0`,
    '          ports:',
    '            - name: http',
    '              containerPort: 8080',
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
    '            - name: REGION',
    '              value: eu-west',
    '          resources:',
    '            requests:',
    '              cpu: 100m',
    '              memory: 128Mi',
    '            limits:',
    '              memory: 256Mi',
    '          readinessProbe:',
    '            httpGet:',
    '              path: /healthz',
    '              port: http',
  ];
}

function service(n: number, broken: boolean): string[] {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name(n)}`,
    '  namespace: bench',
    'spec:',
    '  selector:',
    `    app.kubernetes.io/name: ${name(n)}`,
    '  ports:',
    '    - name: http',
    broken ? '      port: "eighty"' : '      port: 80',
    '      targetPort: http',
  ];
}

function configMap(n: number, suffix: string): string[] {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name(n)}-${suffix}`,
    '  namespace: bench',
    'data:',
    '  LOG_LEVEL: info',
    '  FEATURE_FLAGS: "a,b,c"',
    `  owner: team-${n % 40}`,
    `  region: eu-west-${n % 3}`,
    '  retries: "3"',
    '  timeout: 30s',
    '  settings.ini: |',
    '    [server]',
    `    port = ${8000 + (n % 100)}`,
  ];
}

function application(n: number, broken: boolean): string[] {
  return [
    'apiVersion: berth.dev/v1alpha1',
    'kind: Application',
    'metadata:',
    `  name: web-${String(n).padStart(6, '0')}`,
    '  namespace: bench',
    'spec:',
    '  cluster: local',
    `  image: registry.example.com/bench/web:2.${n % 30}.1`,
    broken ? '  replicas: "two"' : '  replicas: 2',
    '  ports:',
    '    - {name: http, port: 8080}',
    '  resources: {cpu: 100m, memory: 64Mi}',
    '  limits: {cpu: 200m, memory: 128Mi}',
    '  health:',
    '    readiness: {httpGet: {path: /, port: http}}',
  ];
}

/** The Cluster the Applications name, first in the file so that they resolve. */
const CLUSTER = [
  'apiVersion: berth.dev/v1alpha1',
  'kind: Cluster',
  'metadata:',
  '  name: local',
  'spec:',
  '  type: managed',
  '  provider: kwok',
  '  kubernetesVersion: "1.36"',
  '  network:',
  '    plugin: kindnet',
  '    podCIDR: 10.244.0.0/16',
  '    serviceCIDR: 10.96.0.0/16',
];

/** The line of a document that holds its deliberate error, when broken. */
const ERROR_LINE: Readonly<Record<number, RegExp>> = { 0: /^ {2}replicas:/, 1: /^ {6}port:/, 3: /^ {2}replicas:/ };

/**
 * A file of about `targetLines` lines with exactly `errors` deliberate errors. Only
 * Deployments, Services and Applications are broken (a ConfigMap's data takes any string),
 * in turn, on cycles spread evenly over the file.
 */
export function generateHuge(targetLines: number, errors: number, edits: number): HugeFile {
  const cycleLines = [deployment(0, false), service(0, false), configMap(0, 'a'), application(0, false), configMap(0, 'b')].reduce((n, d) => n + d.length + 1, 0);
  const cycles = Math.max(1, Math.round(targetLines / cycleLines));
  if (errors > cycles) throw new Error(`${errors} errors need at least ${errors} cycles; ${cycles} fit in ${targetLines} lines`);
  const brokenCycles = new Map<number, number>();
  for (let e = 0; e < errors; e++) brokenCycles.set(Math.floor(((e + 0.5) * cycles) / errors), [0, 1, 3][e % 3]!);
  const editCycles = new Set<number>();
  for (let e = 0; e < edits; e++) {
    let c = Math.floor(((e + 0.25) * cycles) / edits);
    while (brokenCycles.has(c)) c++;
    editCycles.add(c);
  }
  const middle = Math.floor(cycles / 2) + (brokenCycles.has(Math.floor(cycles / 2)) ? 1 : 0);

  const lines: string[] = [...CLUSTER];
  const errorLines: number[] = [];
  const editsAt: Position[] = [];
  let completionAt: Position | undefined;
  for (let c = 0; c < cycles; c++) {
    const broken = brokenCycles.get(c);
    const docs = [deployment(c, broken === 0), service(c, broken === 1), configMap(c, 'a'), application(c, broken === 3), configMap(c, 'b')];
    docs.forEach((doc, k) => {
      lines.push('---');
      const start = lines.length;
      lines.push(...doc);
      if (broken === k) errorLines.push(start + doc.findIndex((l) => ERROR_LINE[k]!.test(l)));
      if (k !== 0) return;
      if (editCycles.has(c)) {
        const image = doc.findIndex((l) => l.includes('image:'));
        editsAt.push({ line: start + image, character: doc[image]!.length });
      }
      if (c === middle) completionAt = { line: start + doc.findIndex((l) => l.startsWith('  replicas:')), character: 2 };
    });
  }
  return { text: lines.join('\n') + '\n', lines: lines.length, documents: cycles * 5 + 1, errorLines, editsAt, completionAt: completionAt! };
}
