/**
 * The objects of the deploy benchmark: a realistic mix of namespaced objects (ServiceAccounts,
 * ConfigMaps, Secrets, Services, Deployments, in equal shares) spread over a few namespaces, plus
 * those Namespace objects, written as a folder of YAML files as a user keeps them: one file for the
 * namespaces, one per namespace, each in dependency order so `kubectl apply -f <dir>` (which
 * applies files in name order) needs no ordering of its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const DEPLOY_LABEL = 'berth.dev/bench';
export const DEPLOY_LABEL_VALUE = 'deploy';

const KINDS_PER_NAMESPACE = 5;

type Manifest = Record<string, unknown>;

function meta(name: string, namespace: string, app: string): Manifest {
  return { name, namespace, labels: { app, [DEPLOY_LABEL]: DEPLOY_LABEL_VALUE, 'app.kubernetes.io/part-of': 'bench-shop' } };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function objectsFor(namespace: string, index: number): Manifest[] {
  const app = `svc-${String(index).padStart(3, '0')}`;
  const config = `${app}-config`;
  const secret = `${app}-credentials`;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(app, namespace, app), automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(config, namespace, app),
      data: {
        LOG_LEVEL: 'info',
        FEATURE_FLAGS: 'checkout,search,recommendations',
        'application.properties': Array.from({ length: 12 }, (_, i) => `setting.${i}=value-${index}-${i}`).join('\n') + '\n',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(secret, namespace, app),
      type: 'Opaque',
      data: { username: base64(`user-${index}`), password: base64(`pa55-${namespace}-${index}`), 'api-token': base64('t'.repeat(40)) },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(app, namespace, app),
      spec: {
        type: 'ClusterIP',
        selector: { app },
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
          { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(app, namespace, app),
      spec: {
        replicas: 1,
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app, [DEPLOY_LABEL]: DEPLOY_LABEL_VALUE } },
          spec: {
            serviceAccountName: app,
            containers: [
              {
                name: 'app',
                image: 'nginx:1.27',
                ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
                envFrom: [{ configMapRef: { name: config } }],
                env: [{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'api-token' } } }],
                resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              },
            ],
          },
        },
      },
    },
  ];
}

export interface DeploySet {
  readonly namespaces: readonly string[];
  /** Namespaced objects (the Namespace objects come on top). */
  readonly objects: number;
  readonly dir: string;
}

/** Writes `objects` namespaced objects (a multiple of 5) spread evenly over `namespaces` into `dir`. */
export function writeDeploySet(dir: string, namespaces: readonly string[], objects: number): DeploySet {
  const perNamespace = Math.ceil(objects / KINDS_PER_NAMESPACE / namespaces.length);
  mkdirSync(dir, { recursive: true });
  const yaml = (docs: Manifest[]) => docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
  writeFileSync(
    join(dir, '00-namespaces.yaml'),
    yaml(namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [DEPLOY_LABEL]: DEPLOY_LABEL_VALUE } } }))),
  );
  let written = 0;
  namespaces.forEach((namespace, n) => {
    const groups: Manifest[][] = [];
    for (let i = 0; i < perNamespace && written < objects; i++, written += KINDS_PER_NAMESPACE) groups.push(objectsFor(namespace, i));
    // Dependency order inside the file: accounts, config and secrets before what uses them.
    const ordered = Array.from({ length: KINDS_PER_NAMESPACE }, (_, k) => groups.map((g) => g[k]!)).flat();
    writeFileSync(join(dir, `${String(n + 1).padStart(2, '0')}-${namespace}.yaml`), yaml(ordered));
  });
  return { namespaces, objects: written, dir };
}
