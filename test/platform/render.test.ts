import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { canarySplit, formatRendered, renderKindConfig, renderKwokClusterNodes, renderKwokctlConfig, renderKwokNodes, renderManifests, RenderError, type RenderedObject } from '../../platform/render';
import type { InstanceType } from '../../platform/model';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

type Json = Record<string, any>;

const root = repoRoot();
const catalog = (JSON.parse(readFileSync(join(root, 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: InstanceType[] }).instanceTypes;

function docs(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS());
}

function sampleDocs(path: string): unknown[] {
  return docs(readFileSync(join(root, 'samples', path), 'utf8'));
}

function find(objects: readonly RenderedObject[], kind: string, name: string): Json {
  const found = objects.find((o) => o.object['kind'] === kind && (o.object['metadata'] as Json | undefined)?.['name'] === name);
  assert.ok(found, `no ${kind} ${name} among ${objects.map((o) => `${String(o.object['kind'])}/${String((o.object['metadata'] as Json | undefined)?.['name'])}`).join(', ')}`);
  return found.object as Json;
}

const platform = [...sampleDocs('platform/local-cluster.yaml'), ...sampleDocs('platform/staging-cluster.yaml')];

function app(spec: string, meta = 'name: web'): unknown {
  return parse(`apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: {${meta}}\nspec:\n  cluster: local\n  image: nginx:1.27\n${spec}`);
}

function render(...manifests: unknown[]) {
  return renderManifests([...platform, ...manifests], catalog);
}

test('a rolling Application renders PVCs, Deployment, Service, Ingress, HPA in that order, all labelled', () => {
  const outcome = renderManifests([...platform, ...sampleDocs('apps/storefront.yaml')], catalog);
  assert.deepEqual(outcome.problems, []);
  const fromApp = outcome.objects.filter((o) => o.source.kind === 'Application');
  assert.deepEqual(
    fromApp.map((o) => `${String(o.object['kind'])}/${String((o.object['metadata'] as Json)['name'])}`),
    ['PersistentVolumeClaim/storefront-uploads', 'Deployment/storefront', 'Service/storefront', 'Ingress/storefront', 'HorizontalPodAutoscaler/storefront'],
  );
  for (const { object } of fromApp) {
    const metadata = object['metadata'] as Json;
    assert.equal(metadata['namespace'], 'shop');
    assert.equal(metadata['labels']['app.kubernetes.io/name'], 'storefront');
    assert.equal(metadata['labels']['app.kubernetes.io/managed-by'], 'berth');
    assert.equal(metadata['labels']['team'], 'shop');
  }
  assert.deepEqual(fromApp[0]!.source, { kind: 'Application', name: 'storefront' });
});

test('HPA (autoscaling/v2) from scaling; the Deployment starts at scaling.min', () => {
  const { objects } = render(app('  replicas: 7\n  scaling: {min: 2, max: 6, targetCPU: 65}\n'));
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'web');
  assert.equal(hpa['apiVersion'], 'autoscaling/v2');
  assert.deepEqual(hpa['spec'], {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 6,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } }],
  });
  assert.equal(find(objects, 'Deployment', 'web')['spec']['replicas'], 2);
  assert.equal(find(render(app('  replicas: 3\n')).objects, 'Deployment', 'web')['spec']['replicas'], 3);
  assert.equal(find(render(app('')).objects, 'Deployment', 'web')['spec']['replicas'], 1);
  assert.ok(!render(app('')).objects.some((o) => o.object['kind'] === 'HorizontalPodAutoscaler'));
});

test('canary: stable and canary Deployments split by weight; the Service selects both tracks', () => {
  const { objects, problems } = renderManifests([...platform, ...sampleDocs('apps/catalog.yaml')], catalog);
  assert.deepEqual(problems, []);
  const stable = find(objects, 'Deployment', 'catalog');
  const canary = find(objects, 'Deployment', 'catalog-canary');
  assert.equal(stable['spec']['replicas'], 4);
  assert.equal(canary['spec']['replicas'], 1);
  assert.deepEqual(stable['spec']['selector'], { matchLabels: { 'app.kubernetes.io/name': 'catalog', 'berth.dev/track': 'stable' } });
  assert.deepEqual(canary['spec']['selector'], { matchLabels: { 'app.kubernetes.io/name': 'catalog', 'berth.dev/track': 'canary' } });
  assert.equal(canary['spec']['template']['metadata']['labels']['berth.dev/track'], 'canary');
  assert.deepEqual(find(objects, 'Service', 'catalog')['spec']['selector'], { 'app.kubernetes.io/name': 'catalog' });

  assert.deepEqual(canarySplit(5, 20), { stable: 4, canary: 1 });
  assert.deepEqual(canarySplit(10, 1), { stable: 9, canary: 1 }, 'at least one canary when weight > 0');
  assert.deepEqual(canarySplit(10, 0), { stable: 10, canary: 0 });
  assert.deepEqual(canarySplit(3, 50), { stable: 1, canary: 2 });
  assert.deepEqual(canarySplit(0, 50), { stable: 0, canary: 0 });
  assert.deepEqual(canarySplit(4, 100), { stable: 0, canary: 4 });
});

test('canary with scaling: the HPA scales the stable Deployment', () => {
  const { objects } = render(app('  scaling: {min: 4, max: 8}\n  release: {strategy: canary, canary: {weight: 25}}\n'));
  assert.equal(find(objects, 'Deployment', 'web')['spec']['replicas'], 3);
  assert.equal(find(objects, 'Deployment', 'web-canary')['spec']['replicas'], 1);
  assert.equal(find(objects, 'HorizontalPodAutoscaler', 'web')['spec']['scaleTargetRef']['name'], 'web');
});

test('blueGreen: blue and green Deployments, the Service selects the active colour (annotation, default blue)', () => {
  const { objects, problems } = renderManifests([...platform, ...sampleDocs('apps/checkout.yaml')], catalog);
  assert.deepEqual(problems, []);
  for (const color of ['blue', 'green']) {
    const deployment = find(objects, 'Deployment', `checkout-${color}`);
    assert.equal(deployment['spec']['replicas'], 2);
    assert.equal(deployment['spec']['selector']['matchLabels']['berth.dev/color'], color);
    assert.equal((deployment['metadata'] as Json)['namespace'], 'default');
  }
  const service = find(objects, 'Service', 'checkout');
  assert.equal(service['spec']['type'], 'NodePort');
  assert.deepEqual(service['spec']['selector'], { 'app.kubernetes.io/name': 'checkout', 'berth.dev/color': 'blue' });

  const green = render(app('  ports: [{name: http, port: 80}]\n  scaling: {max: 3}\n  release: {strategy: blueGreen}\n', 'name: web, annotations: {berth.dev/active-color: green}'));
  assert.equal(find(green.objects, 'Service', 'web')['spec']['selector']['berth.dev/color'], 'green');
  assert.equal(find(green.objects, 'HorizontalPodAutoscaler', 'web')['spec']['scaleTargetRef']['name'], 'web-green');
  const bad = render(app('  release: {strategy: blueGreen}\n', 'name: web, annotations: {berth.dev/active-color: red}'));
  assert.match(bad.problems.join('\n'), /active-color must be blue or green/);
});

test('Ingress for expose.type Ingress: host, path prefix, backend by the Service port name; Service is ClusterIP', () => {
  const { objects } = render(app('  ports: [{name: http, port: 8080}]\n  expose: {type: Ingress, host: web.local, path: /api}\n'));
  const ingress = find(objects, 'Ingress', 'web');
  assert.equal(ingress['apiVersion'], 'networking.k8s.io/v1');
  assert.deepEqual(ingress['spec']['rules'], [
    { host: 'web.local', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } },
  ]);
  const service = find(objects, 'Service', 'web');
  assert.equal(service['spec']['type'], 'ClusterIP');
  assert.deepEqual(service['spec']['ports'], [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
});

test('unnamed ports get Service port names; no ports means no Service (a problem only when expose asks for one)', () => {
  const named = render(app('  ports: [{port: 80}, {port: 53, protocol: UDP}]\n'));
  assert.deepEqual(find(named.objects, 'Service', 'web')['spec']['ports'], [
    { name: 'tcp-80', port: 80, targetPort: 80, protocol: 'TCP' },
    { name: 'udp-53', port: 53, targetPort: 53, protocol: 'UDP' },
  ]);
  const worker = render(app(''));
  assert.deepEqual(worker.problems, []);
  assert.ok(!worker.objects.some((o) => o.object['kind'] === 'Service'));
  assert.match(render(app('  expose: {type: Ingress}\n')).problems.join('\n'), /expose needs at least one entry in spec.ports/);
});

test('storage: a PVC per volume, a pod volume and a mount', () => {
  const { objects } = render(app('  storage:\n    - {name: data, size: 1Gi, mountPath: /data, storageClass: standard}\n    - {name: cache, size: 512Mi, mountPath: /cache, accessMode: ReadWriteOncePod}\n'));
  assert.deepEqual(find(objects, 'PersistentVolumeClaim', 'web-data')['spec'], {
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'standard',
    resources: { requests: { storage: '1Gi' } },
  });
  assert.deepEqual(find(objects, 'PersistentVolumeClaim', 'web-cache')['spec']['accessModes'], ['ReadWriteOncePod']);
  const pod = find(objects, 'Deployment', 'web')['spec']['template']['spec'];
  assert.deepEqual(pod['volumes'], [
    { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
    { name: 'cache', persistentVolumeClaim: { claimName: 'web-cache' } },
  ]);
  assert.deepEqual(pod['containers'][0]['volumeMounts'], [
    { name: 'data', mountPath: '/data' },
    { name: 'cache', mountPath: '/cache' },
  ]);
});

test('probes from health: httpGet (path default /), tcpSocket, exec, timings', () => {
  const { objects } = render(
    app('  ports: [{name: http, port: 80}]\n  health:\n    readiness: {httpGet: {port: http}, periodSeconds: 5, timeoutSeconds: 2}\n    liveness: {exec: {command: [cat, /tmp/ok]}, initialDelaySeconds: 10, failureThreshold: 4}\n'),
  );
  const c = find(objects, 'Deployment', 'web')['spec']['template']['spec']['containers'][0];
  assert.deepEqual(c['readinessProbe'], { httpGet: { path: '/', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2 });
  assert.deepEqual(c['livenessProbe'], { exec: { command: ['cat', '/tmp/ok'] }, initialDelaySeconds: 10, failureThreshold: 4 });
  const tcp = find(render(app('  health: {liveness: {tcpSocket: {port: 8080}}}\n')).objects, 'Deployment', 'web');
  assert.deepEqual(tcp['spec']['template']['spec']['containers'][0]['livenessProbe'], { tcpSocket: { port: 8080 } });
});

test('requests = limits unless limits are given; numbers become quantity strings', () => {
  const container = (spec: string): Json => find(render(app(spec)).objects, 'Deployment', 'web')['spec']['template']['spec']['containers'][0];
  assert.deepEqual(container('  resources: {cpu: 250m, memory: 256Mi}\n')['resources'], {
    limits: { cpu: '250m', memory: '256Mi' },
    requests: { cpu: '250m', memory: '256Mi' },
  });
  assert.deepEqual(container('  resources: {cpu: 250m, memory: 256Mi}\n  limits: {cpu: 1, memory: 512Mi}\n')['resources'], {
    limits: { cpu: '1', memory: '512Mi' },
    requests: { cpu: '250m', memory: '256Mi' },
  });
  assert.equal(container('')['resources'], undefined);
});

test('container: image, command, env and ports', () => {
  const c = find(render(app('  command: [nginx, -g, "daemon off;"]\n  env: {LOG_LEVEL: info, MODE: "1"}\n  ports: [{name: http, port: 80}]\n')).objects, 'Deployment', 'web')['spec']['template']['spec']['containers'][0];
  assert.deepEqual(c['command'], ['nginx', '-g', 'daemon off;']);
  assert.deepEqual(c['env'], [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'MODE', value: '1' }]);
  assert.deepEqual(c['ports'], [{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
  assert.equal(c['image'], 'nginx:1.27');
  assert.equal(c['name'], 'web');
});

test('placement.nodePool: required node affinity on berth.dev/nodepool plus tolerations of the pool taints', () => {
  const pod = find(render(app('  placement: {nodePool: web}\n')).objects, 'Deployment', 'web')['spec']['template']['spec'];
  assert.deepEqual(pod['affinity'], {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'berth.dev/nodepool', operator: 'In', values: ['web'] }] }],
      },
    },
  });
  assert.deepEqual(pod['tolerations'], [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }]);

  const untainted = find(render(app('  placement: {nodePool: general}\n')).objects, 'Deployment', 'web')['spec']['template']['spec'];
  assert.ok(untainted['affinity']);
  assert.equal(untainted['tolerations'], undefined);
  const none = find(render(app('')).objects, 'Deployment', 'web')['spec']['template']['spec'];
  assert.equal(none['affinity'], undefined);
  assert.equal(none['tolerations'], undefined);
});

test('a nodePool not of the Application cluster is a problem naming where it is', () => {
  const outcome = render(app('  placement: {nodePool: gpu}\n'));
  assert.match(outcome.problems.join('\n'), /placement.nodePool "gpu" is not a NodePool of cluster "local".*belongs to "staging"/);
  assert.ok(find(outcome.objects, 'Deployment', 'web')['spec']['template']['spec']['affinity']);
});

test('pools are found in options.context without being rendered', () => {
  const context = sampleDocs('platform/local-cluster.yaml');
  const outcome = renderManifests([app('  placement: {nodePool: web}\n')], catalog, { context });
  assert.deepEqual(outcome.problems, []);
  assert.ok(outcome.objects.every((o) => o.source.kind === 'Application'));
  assert.equal(find(outcome.objects, 'Deployment', 'web')['spec']['template']['spec']['tolerations'].length, 1);
});

test('placement.spread: node is a hard hostname spread, zone a soft zone spread, none nothing', () => {
  const spread = (value: string): unknown => find(render(app(`  placement: {spread: ${value}}\n`)).objects, 'Deployment', 'web')['spec']['template']['spec']['topologySpreadConstraints'];
  assert.deepEqual(spread('node'), [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }]);
  assert.deepEqual(spread('zone'), [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }]);
  assert.equal(spread('none'), undefined);
});

test('namespace: the Application namespace, else options.namespace, else default', () => {
  const ns = (manifest: unknown, namespace?: string): unknown =>
    (find(renderManifests([manifest], catalog, namespace ? { namespace } : {}).objects, 'Deployment', 'web')['metadata'] as Json)['namespace'];
  assert.equal(ns(app('')), 'default');
  assert.equal(ns(app(''), 'team'), 'team');
  assert.equal(ns(app('', 'name: web, namespace: shop'), 'team'), 'shop');
});

test('bad documents are problems, not exceptions; Kubernetes manifests pass through only when asked', () => {
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } };
  const outcome = renderManifests(
    [null, 42, 'text', [], configMap, { apiVersion: 'berth.dev/v1alpha1', kind: 'Application', metadata: { name: 'x' }, spec: {} }, { apiVersion: 'berth.dev/v1', kind: 'Application', metadata: { name: 'y' } }, { apiVersion: 'berth.dev/v1alpha1', kind: 'Database', metadata: { name: 'z' } }],
    catalog,
  );
  assert.deepEqual(outcome.objects, []);
  assert.deepEqual(outcome.problems, [
    'Application x: spec.image is missing: not rendered',
    'Application y: apiVersion berth.dev/v1 is not served; use berth.dev/v1alpha1',
    'Database z: berth.dev/v1alpha1 has no kind Database: not rendered',
  ]);
  const passed = renderManifests([configMap, app('')], catalog, { includeKubernetes: true });
  assert.deepEqual(passed.objects[0], { source: { kind: 'ConfigMap', name: 'settings' }, object: configMap });
});

test('kind config for the sample kind cluster: control planes, a worker per desired node, labels, taints, subnets', () => {
  const outcome = renderManifests(sampleDocs('platform/staging-cluster.yaml'), catalog);
  assert.deepEqual(outcome.problems, []);
  assert.equal(outcome.objects.length, 1, 'the kind config only: NodePools of a kind cluster render into it');
  const config = outcome.objects[0]!.object as Json;
  assert.equal(config['apiVersion'], 'kind.x-k8s.io/v1alpha4');
  assert.equal(config['kind'], 'Cluster');
  assert.equal(config['name'], 'staging');
  assert.deepEqual(config['networking'], { podSubnet: '10.32.0.0/16', serviceSubnet: '10.64.0.0/16' });
  const nodes = config['nodes'] as Json[];
  assert.deepEqual(nodes.map((n) => n['role']), ['control-plane', 'control-plane', 'control-plane', 'worker', 'worker', 'worker', 'worker']);
  assert.deepEqual(nodes.slice(3).map((n) => n['labels']['berth.dev/nodepool']), ['system', 'system', 'batch', 'gpu']);
  assert.deepEqual(nodes[3], { role: 'worker', labels: { tier: 'system', 'berth.dev/nodepool': 'system' } });
  assert.equal(nodes[5]!['labels']['tier'], 'batch');
  assert.deepEqual(parse(nodes[5]!['kubeadmConfigPatches'][0]), {
    kind: 'JoinConfiguration',
    nodeRegistration: { taints: [{ key: 'workload', value: 'batch', effect: 'NoExecute' }] },
  });
  assert.deepEqual(parse(nodes[6]!['kubeadmConfigPatches'][0]).nodeRegistration.taints, [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
  assert.equal(nodes[0]!['image'], undefined, 'no image for a MAJOR.MINOR version');
});

test('kind config: control planes by type, disableDefaultCNI for flannel and calico, image for a patch version', () => {
  const cluster = (spec: string): unknown => parse(`apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: c}\nspec:\n${spec}`);
  const pool = parse('apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: p}\nspec: {cluster: c, instanceType: ecs.g7.large, scaling: {min: 1, max: 3, desired: 2}}');
  const other = parse('apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: q}\nspec: {cluster: elsewhere, instanceType: ecs.g7.large}');
  const roles = (config: Json): string[] => (config['nodes'] as Json[]).map((n) => n['role']);
  assert.deepEqual(roles(renderKindConfig(cluster('  type: managed\n  provider: kind\n'), [pool, other])), ['control-plane', 'worker', 'worker']);
  assert.deepEqual(roles(renderKindConfig(cluster('  type: dedicated\n  provider: kind\n  controlPlane: {nodes: 5}\n'), [])), Array(5).fill('control-plane'));
  assert.deepEqual(roles(renderKindConfig(cluster('  type: dedicated\n  provider: kind\n'), [])), ['control-plane']);
  assert.deepEqual(roles(renderKindConfig(cluster('  type: serverless\n  provider: kind\n'), [pool])), ['control-plane']);
  for (const plugin of ['flannel', 'calico']) {
    const config = renderKindConfig(cluster(`  type: managed\n  provider: kind\n  network: {plugin: ${plugin}, podCIDR: 10.1.0.0/16}\n`), []);
    assert.deepEqual(config['networking'], { podSubnet: '10.1.0.0/16', disableDefaultCNI: true });
  }
  for (const plugin of ['kindnet', 'terway']) {
    const config = renderKindConfig(cluster(`  type: managed\n  provider: kind\n  network: {plugin: ${plugin}}\n`), []);
    assert.equal(config['networking'], undefined);
  }
  const pinned = renderKindConfig(cluster('  type: managed\n  provider: kind\n  kubernetesVersion: "1.35.1"\n'), [pool]);
  assert.ok((pinned['nodes'] as Json[]).every((n) => n['image'] === 'kindest/node:v1.35.1'));
});

test('kwok nodes: names, labels, agent role, annotation, taints, capacity and allocatable from the catalog', () => {
  const web = sampleDocs('platform/local-cluster.yaml')[2];
  const nodes = renderKwokNodes(web, 3, catalog) as Json[];
  assert.deepEqual(nodes.map((n) => n['metadata']['name']), ['web-1', 'web-2', 'web-3']);
  const node = nodes[1]!;
  assert.equal(node['apiVersion'], 'v1');
  assert.equal(node['kind'], 'Node');
  assert.equal(node['metadata']['labels']['berth.dev/nodepool'], 'web');
  assert.equal(node['metadata']['labels']['tier'], 'web');
  assert.equal(node['metadata']['labels']['type'], 'kwok');
  assert.equal(node['metadata']['labels']['node-role.kubernetes.io/agent'], '');
  assert.equal(node['metadata']['annotations']['kwok.x-k8s.io/node'], 'fake');
  assert.equal(node['metadata']['annotations']['metrics.k8s.io/resource-metrics-path'], '/metrics/nodes/web-2/metrics/resource', 'where metrics-server finds this node\'s simulated kubelet metrics');
  assert.deepEqual(node['spec'], { taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] }, 'no pod range unless one is given');
  assert.deepEqual(node['status']['capacity'], { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' });
  assert.deepEqual(node['status']['allocatable'], node['status']['capacity']);

  const gpu = sampleDocs('platform/staging-cluster.yaml')[3];
  assert.deepEqual((renderKwokNodes(gpu, 1, catalog)[0] as Json)['status']['capacity'], { cpu: '8', memory: '30Gi', pods: '110', 'ephemeral-storage': '100Gi', 'nvidia.com/gpu': '1' });
  assert.deepEqual(renderKwokNodes(web, 0, catalog), []);
  assert.throws(() => renderKwokNodes({ metadata: { name: 'x' }, spec: { instanceType: 'ecs.nope' } }, 1, catalog), RenderError);
});

test("kwok nodes of a whole cluster: each pool's desired nodes, in pool order, carrying the Cluster's podCIDR", () => {
  const [cluster, ...pools] = sampleDocs('platform/local-cluster.yaml');
  const elsewhere = parse('apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: q}\nspec: {cluster: elsewhere, instanceType: ecs.g7.large}');
  const nodes = renderKwokClusterNodes(cluster, [...pools, elsewhere], catalog) as Json[];
  assert.deepEqual(nodes.map((n) => n['metadata']['name']), ['general-1', 'general-2', 'web-1', 'web-2']);
  for (const node of nodes) {
    assert.equal(node['spec']['podCIDR'], '10.244.0.0/16');
    assert.deepEqual(node['spec']['podCIDRs'], ['10.244.0.0/16']);
  }
  // The same nodes as `berth render` shows for the pools.
  const rendered = renderManifests(sampleDocs('platform/local-cluster.yaml'), catalog).objects.map((o) => o.object);
  assert.deepEqual(rendered, nodes);
  const noRange = parse('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: local}\nspec: {type: managed, provider: kwok}');
  assert.ok((renderKwokClusterNodes(noRange, pools, catalog) as Json[]).every((n) => n['spec']['podCIDR'] === undefined));
});

test("kwokctl config: the Cluster's podCIDR reaches the kwok controller, its serviceCIDR the apiserver; local binaries or a version", () => {
  const cluster = sampleDocs('platform/local-cluster.yaml')[0];
  const bin = (n: string) => `/opt/berth/bin/${n}`;
  const [config, logs] = renderKwokctlConfig(cluster, { binaries: { kwokctl: bin('kwokctl'), kwok: bin('kwok'), 'kube-apiserver': bin('kube-apiserver') }, podLogFile: '/tmp/pods.log' }) as Json[];
  assert.equal(config!['kind'], 'KwokctlConfiguration');
  assert.deepEqual(config!['options'], { bindAddress: '127.0.0.1', runtime: 'binary', kubeApiserverBinary: bin('kube-apiserver'), kwokControllerBinary: bin('kwok') });
  assert.deepEqual(config!['componentsPatches'], [
    { name: 'kube-apiserver', extraArgs: [{ key: 'advertise-address', value: '127.0.0.1' }, { key: 'service-cluster-ip-range', value: '10.96.0.0/16' }] },
    { name: 'kwok-controller', extraArgs: [{ key: 'cidr', value: '10.244.0.0/16' }] },
  ]);
  assert.deepEqual(logs!['spec'], { logs: [{ logsFile: '/tmp/pods.log', follow: false }] });

  const bare = parse('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: c}\nspec: {type: managed, provider: kwok, kubernetesVersion: "1.36"}');
  const only = renderKwokctlConfig(bare) as Json[];
  assert.equal(only.length, 1);
  assert.deepEqual(only[0]!['options'], { bindAddress: '127.0.0.1', kubeVersion: 'v1.36' });
  assert.deepEqual(only[0]!['componentsPatches'], [{ name: 'kube-apiserver', extraArgs: [{ key: 'advertise-address', value: '127.0.0.1' }] }]);
});

test('renderManifests: NodePools of a kwok cluster become their desired Nodes; an unknown instance type is a problem', () => {
  const outcome = renderManifests(sampleDocs('platform/local-cluster.yaml'), catalog);
  assert.deepEqual(outcome.problems, []);
  assert.deepEqual(outcome.objects.map((o) => `${o.source.kind}/${o.source.name}:${String((o.object['metadata'] as Json)['name'])}`), [
    'NodePool/general:general-1',
    'NodePool/general:general-2',
    'NodePool/web:web-1',
    'NodePool/web:web-2',
  ]);
  const broken = renderManifests(
    [sampleDocs('platform/local-cluster.yaml')[0], parse('apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: p}\nspec: {cluster: local, instanceType: ecs.nope}')],
    catalog,
  );
  assert.deepEqual(broken.objects, []);
  assert.match(broken.problems.join('\n'), /NodePool p: instance type "ecs.nope" is not in the instance catalog/);
});

test('formatRendered: YAML documents without aliases, or JSON as a v1 List; output is deterministic', () => {
  const manifests = [...platform, ...sampleDocs('apps/storefront.yaml')];
  const first = renderManifests(manifests, catalog);
  const yaml = formatRendered(first.objects, 'yaml');
  assert.equal(yaml, formatRendered(renderManifests(manifests, catalog).objects, 'yaml'));
  assert.ok(!/[&*]a\d/.test(yaml), 'no YAML anchors or aliases');
  assert.deepEqual(docs(yaml), first.objects.map((o) => o.object));
  const json = JSON.parse(formatRendered(first.objects, 'json')) as Json;
  assert.equal(json['kind'], 'List');
  assert.deepEqual(json['items'], first.objects.map((o) => o.object));
  assert.equal(formatRendered([], 'yaml'), '');
});

/** Every YAML document under samples/, except the deliberate mistakes. */
function sampleFiles(dir = join(root, 'samples')): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sampleFiles(path);
      return /\.ya?ml$/.test(name) && relative(join(root, 'samples'), path) !== 'mistakes.yaml' ? [path] : [];
    });
}

test('every object rendered from the samples validates cleanly against the Kubernetes schemas', () => {
  const manifests = sampleFiles().flatMap((file) => docs(readFileSync(file, 'utf8')));
  const outcome = renderManifests(manifests, catalog);
  assert.deepEqual(outcome.problems, []);
  const kinds = new Set<string>();
  const service = languageService();
  let checked = 0;
  for (const { object, source } of outcome.objects) {
    if (object['apiVersion'] === 'kind.x-k8s.io/v1alpha4') continue; // a kind config, not a Kubernetes object
    kinds.add(String(object['kind']));
    const text = stringify(object, { aliasDuplicateObjects: false });
    const diagnostics = service.diagnostics(yamlDocument(text), settings());
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
      `${String(object['kind'])} ${String((object['metadata'] as Json)['name'])} from ${source.kind} ${source.name}:\n${text}`,
    );
    checked++;
  }
  assert.deepEqual([...kinds].sort(), ['Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Node', 'PersistentVolumeClaim', 'Service']);
  assert.ok(checked >= 10, `${checked} objects checked`);
  // The check can fail: a rendered Deployment with one wrong field does not pass.
  const deployment = outcome.objects.find((o) => o.object['kind'] === 'Deployment')!.object as Json;
  const broken = { ...deployment, spec: { ...deployment['spec'], replicas: 'two', surge: 1 } };
  assert.ok(service.diagnostics(yamlDocument(stringify(broken)), settings()).length >= 2);
});

test('objects rendered from hand-written Applications covering every option validate cleanly too', () => {
  const outcome = render(
    app(
      '  command: [run]\n  env: {A: b}\n  ports: [{name: http, port: 80}, {port: 9090, protocol: UDP}]\n  resources: {cpu: 1, memory: 1Gi}\n  limits: {cpu: 2, memory: 2Gi}\n' +
        '  health: {readiness: {exec: {command: [/bin/true]}}, liveness: {httpGet: {port: 80, path: /x}, timeoutSeconds: 3}}\n' +
        '  scaling: {min: 0, max: 2}\n  placement: {nodePool: web, spread: zone}\n  expose: {type: LoadBalancer}\n' +
        '  storage: [{name: d, size: 1Gi, mountPath: /d, storageClass: fast.example.com, accessMode: ReadOnlyMany}]\n  release: {strategy: canary, canary: {weight: 50}}\n',
      'name: web, namespace: team, labels: {a: b}, annotations: {note: x}',
    ),
  );
  assert.deepEqual(outcome.problems, []);
  const service = languageService();
  for (const { object } of outcome.objects.filter((o) => o.source.kind === 'Application')) {
    const text = stringify(object, { aliasDuplicateObjects: false });
    assert.deepEqual(service.diagnostics(yamlDocument(text), settings()).map((d) => d.message), [], text);
  }
});
