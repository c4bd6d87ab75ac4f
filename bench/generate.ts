/**
 * Generated Deployment+Service files with known errors. Documents alternate Deployment, Service;
 * every document whose index is a multiple of 10 (always a Deployment) has `replicas: "three"`,
 * so a file of N documents has exactly N/10 type errors, each on a known line.
 */
export interface Position {
  line: number;
  character: number;
}

export interface GeneratedFile {
  text: string;
  documents: number;
  /** 0-based lines of the `replicas: "three"` values, one per expected error. */
  errorLines: number[];
  /** Where the one-character edit goes: the end of an image value in a middle Deployment. */
  editAt: Position;
  /** A key position inside that Deployment's spec (start of the `replicas` key). */
  completionAt: Position;
  /** On the `replicas` key of that Deployment. */
  hoverAt: Position;
}

function deployment(n: number, broken: boolean): string[] {
  const name = `app-${String(n).padStart(5, '0')}`;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  namespace: bench',
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    '    app.kubernetes.io/part-of: bench',
    'spec:',
    broken ? '  replicas: "three"' : `  replicas: ${(n % 5) + 1}`,
    '  revisionHistoryLimit: 5',
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name}`,
    '  strategy:',
    '    type: RollingUpdate',
    '    rollingUpdate:',
    '      maxSurge: 1',
    '      maxUnavailable: 0',
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${name}`,
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: registry.example.com/bench/app:1.${n % 50}.0`,
    '          imagePullPolicy: IfNotPresent',
    '          ports:',
    '            - name: http',
    '              containerPort: 8080',
    '              protocol: TCP',
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
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
    '            periodSeconds: 10',
  ];
}

function service(n: number): string[] {
  const name = `app-${String(n).padStart(5, '0')}`;
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    '  namespace: bench',
    'spec:',
    '  type: ClusterIP',
    '  selector:',
    `    app.kubernetes.io/name: ${name}`,
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: http',
    '      protocol: TCP',
  ];
}

export function generate(documents: number): GeneratedFile {
  if (documents % 10 !== 0) throw new Error('documents must be a multiple of 10');
  const lines: string[] = [];
  const errorLines: number[] = [];
  // A middle Deployment that is not one of the broken ones.
  const middle = documents / 2 + 2;
  let editAt: Position | undefined;
  let completionAt: Position | undefined;
  let hoverAt: Position | undefined;
  for (let i = 0; i < documents; i++) {
    if (i > 0) lines.push('---');
    const start = lines.length;
    const doc = i % 2 === 0 ? deployment(i / 2, i % 10 === 0) : service((i - 1) / 2);
    lines.push(...doc);
    if (i % 2 === 0) {
      const replicasLine = start + doc.findIndex((l) => l.startsWith('  replicas:'));
      if (i % 10 === 0) errorLines.push(replicasLine);
      if (i === middle) {
        const imageIndex = doc.findIndex((l) => l.includes('image:'));
        editAt = { line: start + imageIndex, character: doc[imageIndex]!.length };
        completionAt = { line: replicasLine, character: 2 };
        hoverAt = { line: replicasLine, character: 4 };
      }
    }
  }
  return { text: lines.join('\n') + '\n', documents, errorLines, editAt: editAt!, completionAt: completionAt!, hoverAt: hoverAt! };
}

/** A small workspace file: one Deployment and its Service. */
export function smallFile(n: number): string {
  return [...deployment(n, false), '---', ...service(n)].join('\n') + '\n';
}
