/**
 * The resources `npm run bench -- cli` validates with Berth and with kubeconform: N manifests of
 * sixteen common kinds as a team writes them (probes, resources, RBAC, Ingress...), made the same
 * way on every run: applications of sixteen resources each, which refer to one another. About
 * one in fifty carries a schema mistake both tools must find: a value of the wrong type, a
 * misspelt field (both run strict: Berth `--unknown-fields error`, kubeconform `-strict`) or a
 * missing required field. Everything else is valid for the apiserver too, so the rules Berth
 * checks beyond the schema have nothing to say and the verdicts can be compared.
 */

export type Mistake = 'type' | 'unknown-field' | 'missing-required';

export interface CorpusResource {
  readonly kind: string;
  readonly name: string;
  /** The manifest's YAML, without a `---` line. */
  readonly text: string;
  /** The mistake it carries, if any: the verdict both tools should give is then "invalid". */
  readonly mistake?: Mistake;
}

// Prime to the number of templates, so every kind gets each of its mistakes.
const MISTAKE_EVERY = 51;
const MISTAKES: readonly Mistake[] = ['type', 'unknown-field', 'missing-required'];

type Template = (name: string, i: number, mistake: Mistake | undefined) => string[];

const labels = (name: string, indent: string): string[] => [`${indent}app.kubernetes.io/name: ${name}`, `${indent}app.kubernetes.io/part-of: shop`];

function container(name: string, i: number, mistake: Mistake | undefined, indent: string): string[] {
  return [
    mistake === 'missing-required' ? `${indent}- image: registry.example.com/shop/${name}:1.${i % 40}.${i % 7}` : `${indent}- name: app`,
    ...(mistake === 'missing-required' ? [] : [`${indent}  image: registry.example.com/shop/${name}:1.${i % 40}.${i % 7}`]),
    `${indent}  ${mistake === 'unknown-field' ? 'imagePullPolicyy' : 'imagePullPolicy'}: Always`,
    `${indent}  ports:`,
    `${indent}    - name: http`,
    `${indent}      containerPort: ${mistake === 'type' ? '"8080"' : 8080 + (i % 10)}`,
    `${indent}      protocol: TCP`,
    `${indent}  env:`,
    `${indent}    - name: LOG_LEVEL`,
    `${indent}      value: ${i % 2 === 0 ? 'info' : 'debug'}`,
    `${indent}    - name: POD_NAME`,
    `${indent}      valueFrom:`,
    `${indent}        fieldRef:`,
    `${indent}          fieldPath: metadata.name`,
    `${indent}  resources:`,
    `${indent}    requests:`,
    `${indent}      cpu: ${50 + (i % 4) * 50}m`,
    `${indent}      memory: ${64 * (1 + (i % 4))}Mi`,
    `${indent}    limits:`,
    `${indent}      cpu: "1"`,
    `${indent}      memory: 512Mi`,
    `${indent}  readinessProbe:`,
    `${indent}    httpGet:`,
    `${indent}      path: /ready`,
    `${indent}      port: http`,
    `${indent}    periodSeconds: 10`,
    `${indent}  livenessProbe:`,
    `${indent}    httpGet:`,
    `${indent}      path: /healthz`,
    `${indent}      port: http`,
    `${indent}    initialDelaySeconds: 10`,
    `${indent}  securityContext:`,
    `${indent}    readOnlyRootFilesystem: true`,
    `${indent}    allowPrivilegeEscalation: false`,
    `${indent}    capabilities:`,
    `${indent}      drop: [ALL]`,
    `${indent}  volumeMounts:`,
    `${indent}    - name: config`,
    `${indent}      mountPath: /etc/${name}`,
    `${indent}      readOnly: true`,
  ];
}

function podSpec(name: string, i: number, mistake: Mistake | undefined, indent: string, restartPolicy?: string): string[] {
  return [
    `${indent}serviceAccountName: ${name}`,
    ...(restartPolicy
      ? []
      : [
          `${indent}affinity:`,
          `${indent}  podAntiAffinity:`,
          `${indent}    preferredDuringSchedulingIgnoredDuringExecution:`,
          `${indent}      - weight: 100`,
          `${indent}        podAffinityTerm:`,
          `${indent}          topologyKey: kubernetes.io/hostname`,
          `${indent}          labelSelector:`,
          `${indent}            matchLabels:`,
          `${indent}              app.kubernetes.io/name: ${name}`,
        ]),
    ...(restartPolicy ? [`${indent}restartPolicy: ${restartPolicy}`] : []),
    `${indent}securityContext:`,
    `${indent}  runAsNonRoot: true`,
    `${indent}  runAsUser: ${1000 + (i % 100)}`,
    `${indent}containers:`,
    ...container(name, i, mistake, `${indent}  `),
    `${indent}volumes:`,
    `${indent}  - name: config`,
    `${indent}    configMap:`,
    `${indent}      name: ${name}`,
  ];
}

const workload =
  (apiVersion: string, kind: string, extra: (name: string, i: number, mistake: Mistake | undefined) => string[]): Template =>
  (name, i, mistake) => [
    `apiVersion: ${apiVersion}`,
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    '  labels:',
    ...labels(name, '    '),
    'spec:',
    ...extra(name, i, mistake),
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    ...labels(name, '        '),
    '    spec:',
    ...podSpec(name, i, mistake === 'type' ? undefined : mistake, '      '),
  ];

const TEMPLATES: readonly (readonly [string, Template])[] = [
  [
    'Deployment',
    workload('apps/v1', 'Deployment', (_name, i, mistake) => [
      `  replicas: ${mistake === 'type' ? '"three"' : 1 + (i % 5)}`,
      '  revisionHistoryLimit: 5',
      '  strategy:',
      '    type: RollingUpdate',
      '    rollingUpdate:',
      '      maxSurge: 25%',
      '      maxUnavailable: 0',
    ]),
  ],
  [
    'Service',
    (name, i, mistake) => [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      '  labels:',
      ...labels(name, '    '),
      'spec:',
      `  type: ${i % 3 === 0 ? 'NodePort' : 'ClusterIP'}`,
      '  selector:',
      `    app.kubernetes.io/name: ${name}`,
      '  ports:',
      '    - name: http',
      ...(mistake === 'missing-required' ? [] : [`      port: ${mistake === 'type' ? '"80"' : 80}`]),
      '      targetPort: http',
      `      ${mistake === 'unknown-field' ? 'protocoll' : 'protocol'}: TCP`,
    ],
  ],
  [
    'ConfigMap',
    (name, i, mistake) => [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      ...(mistake === 'unknown-field' ? ['  labelz:', `    team: t${i % 9}`] : []),
      'data:',
      `  LOG_LEVEL: ${mistake === 'type' ? '[info]' : 'info'}`,
      `  FEATURE_FLAGS: "search,checkout-${i % 3}"`,
      '  app.properties: |',
      `    server.port=${8080 + (i % 10)}`,
      `    cache.size=${256 * (1 + (i % 4))}`,
    ],
  ],
  [
    'Secret',
    (name, i, mistake) => [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      `type: ${mistake === 'type' ? '{opaque: true}' : 'Opaque'}`,
      `${mistake === 'unknown-field' ? 'stringDat' : 'stringData'}:`,
      `  username: user-${i}`,
      '  password: change-me',
    ],
  ],
  [
    'ServiceAccount',
    (name, _i, mistake) => [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      `automountServiceAccountToken: ${mistake === 'type' ? '"no"' : 'false'}`,
      ...(mistake === 'unknown-field' ? ['secretz: []'] : []),
    ],
  ],
  [
    'Role',
    (name, _i, mistake) => [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'rules:',
      '  - apiGroups: [""]',
      `    resources: ${mistake === 'type' ? 'configmaps' : '[configmaps, secrets]'}`,
      `    ${mistake === 'unknown-field' ? 'verb' : 'verbs'}: [get, list, watch]`,
    ],
  ],
  [
    'RoleBinding',
    (name, _i, mistake) => [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: Role',
      `  name: ${name}`,
      'subjects:',
      `  - ${mistake === 'missing-required' ? 'namespace: shop' : 'kind: ServiceAccount'}`,
      `    name: ${mistake === 'type' ? '{sa: 1}' : name}`,
      ...(mistake === 'unknown-field' ? ['    namespaces: shop'] : mistake === 'missing-required' ? [] : ['    namespace: shop']),
    ],
  ],
  [
    'Ingress',
    (name, i, mistake) => [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      '  annotations:',
      '    nginx.ingress.kubernetes.io/proxy-body-size: 8m',
      'spec:',
      '  ingressClassName: nginx',
      '  rules:',
      `    - host: ${name}.shop.example.com`,
      '      http:',
      '        paths:',
      `          - path: /${i % 2 === 0 ? 'api' : ''}`,
      '            pathType: Prefix',
      '            backend:',
      '              service:',
      `                name: ${name}`,
      '                port:',
      `                  ${mistake === 'unknown-field' ? 'numbr' : 'number'}: ${mistake === 'type' ? '"80"' : 80}`,
    ],
  ],
  [
    'HorizontalPodAutoscaler',
    (name, i, mistake) => [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'spec:',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      `    name: ${name}`,
      `  minReplicas: ${mistake === 'type' ? '"2"' : 2}`,
      `  maxReplicas: ${5 + (i % 10)}`,
      '  metrics:',
      '    - type: Resource',
      '      resource:',
      '        name: cpu',
      '        target:',
      `          ${mistake === 'missing-required' ? 'averageUtilization' : 'type: Utilization'}${mistake === 'missing-required' ? ': 70' : ''}`,
      ...(mistake === 'missing-required' ? [] : [`          ${mistake === 'unknown-field' ? 'averageUtilisation' : 'averageUtilization'}: ${60 + (i % 30)}`]),
    ],
  ],
  [
    'StatefulSet',
    workload('apps/v1', 'StatefulSet', (name, i, mistake) => [
      `  serviceName: ${name}`,
      `  replicas: ${mistake === 'type' ? 'three' : 1 + (i % 3)}`,
      '  podManagementPolicy: Parallel',
      '  volumeClaimTemplates:',
      '    - metadata:',
      '        name: data',
      '      spec:',
      '        accessModes: [ReadWriteOnce]',
      '        resources:',
      '          requests:',
      `            storage: ${1 + (i % 20)}Gi`,
    ]),
  ],
  [
    'CronJob',
    (name, i, mistake) => [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'spec:',
      `  schedule: "${i % 60} ${i % 24} * * *"`,
      '  concurrencyPolicy: Forbid',
      `  successfulJobsHistoryLimit: ${mistake === 'type' ? '"3"' : 3}`,
      '  jobTemplate:',
      '    spec:',
      '      backoffLimit: 2',
      '      template:',
      '        spec:',
      ...podSpec(name, i, mistake === 'type' ? undefined : mistake, '          ', 'OnFailure'),
    ],
  ],
  [
    'PodDisruptionBudget',
    (name, _i, mistake) => [
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'spec:',
      `  ${mistake === 'unknown-field' ? 'maxUnavailble' : 'maxUnavailable'}: ${mistake === 'type' ? '[1]' : 1}`,
      '  unhealthyPodEvictionPolicy: AlwaysAllow',
      '  selector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: ${name}`,
    ],
  ],
  [
    'NetworkPolicy',
    (name, i, mistake) => [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: ${name}`,
      '  policyTypes: [Ingress]',
      '  ingress:',
      '    - from:',
      '        - namespaceSelector:',
      '            matchLabels:',
      '              kubernetes.io/metadata.name: ingress-nginx',
      `      ${mistake === 'unknown-field' ? 'port' : 'ports'}:`,
      `        - port: ${8080 + (i % 10)}`,
      `          protocol: ${mistake === 'type' ? '6' : 'TCP'}`,
    ],
  ],
  [
    'Job',
    (name, i, mistake) => [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'spec:',
      `  backoffLimit: ${mistake === 'type' ? 'two' : 2}`,
      `  ttlSecondsAfterFinished: ${3600 + i}`,
      '  template:',
      '    spec:',
      ...podSpec(name, i, mistake === 'type' ? undefined : mistake, '      ', 'Never'),
    ],
  ],
  ['DaemonSet', workload('apps/v1', 'DaemonSet', (_name, _i, mistake) => ['  updateStrategy:', `    type: ${mistake === 'type' ? '{rolling: true}' : 'RollingUpdate'}`])],
  [
    'PersistentVolumeClaim',
    (name, i, mistake) => [
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'spec:',
      `  accessModes: ${mistake === 'type' ? 'ReadWriteOnce' : '[ReadWriteOnce]'}`,
      `  ${mistake === 'unknown-field' ? 'storageClass' : 'storageClassName'}: standard`,
      '  resources:',
      '    requests:',
      `      storage: ${1 + (i % 50)}Gi`,
    ],
  ],
];

/** The i-th resource of the corpus (0-based); the same i always gives the same resource. */
export function corpusResource(i: number): CorpusResource {
  const [kind, template] = TEMPLATES[i % TEMPLATES.length]!;
  // Not every template has every mistake: one that has no place for its mistake stays valid, and says so.
  const mistake = i % MISTAKE_EVERY === MISTAKE_EVERY - 1 ? MISTAKES[Math.floor(i / MISTAKE_EVERY) % MISTAKES.length] : undefined;
  // The sixteen resources of one application share its name, so references resolve (the
  // Service selects the Deployment's pods, the HPA scales it, the pods mount its ConfigMap...).
  const name = `app-${String(Math.floor(i / TEMPLATES.length)).padStart(5, '0')}`;
  const text = template(name, i, mistake).join('\n') + '\n';
  return { kind, name, text, ...(mistake && text !== template(name, i, undefined).join('\n') + '\n' ? { mistake } : {}) };
}

/**
 * Splits `total` resources into `files` files, as evenly as order allows; each file is the list
 * of its resources' indices.
 */
export function fileSplit(total: number, files: number): number[][] {
  const out: number[][] = Array.from({ length: files }, () => []);
  for (let i = 0; i < total; i++) out[Math.floor((i * files) / total)]!.push(i);
  return out;
}
