// The platform schema, instance catalog, snippets and samples, checked against each other and
// against PLATFORM.md (whose examples are copied under test/fixtures/platform/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { InstanceType } from '../../platform/model';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Kind = 'Cluster' | 'NodePool' | 'Application';

const KINDS: readonly Kind[] = ['Cluster', 'NodePool', 'Application'];
const API_VERSION = 'berth.dev/v1alpha1';

/** The repository root: the nearest directory above `start` with a package.json. */
function findRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

// From dist/test/platform/ normally; from the working directory when bundled elsewhere.
const root = findRoot(__dirname) ?? findRoot(process.cwd()) ?? assert.fail('no package.json above the test');
const readJson = (path: string): JsonObject => JSON.parse(readFileSync(join(root, path), 'utf8')) as JsonObject;
const schema = readJson('schemas/platform/v1alpha1.json');

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function makeValidators(): Record<Kind, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  ajv.addSchema(schema, 'platform');
  return {
    Cluster: ajv.compile({ $ref: 'platform#/definitions/Cluster' }),
    NodePool: ajv.compile({ $ref: 'platform#/definitions/NodePool' }),
    Application: ajv.compile({ $ref: 'platform#/definitions/Application' }),
  };
}
const validators = makeValidators();

function validate(doc: unknown): ErrorObject[] {
  assert.ok(isObject(doc as Json), 'document is a mapping');
  const kind = (doc as JsonObject).kind;
  assert.ok(KINDS.includes(kind as Kind), `platform kind ${String(kind)}`);
  const validator = validators[kind as Kind];
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

const describeErrors = (errors: ErrorObject[]): string =>
  errors.map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message ?? ''}`).join('\n');

/** Every document of a YAML file, failing on syntax errors. */
function readDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(join(root, path), 'utf8')).map((doc, i) => {
    assert.deepEqual(
      doc.errors.map((e) => e.message),
      [],
      `${path} document ${i + 1} parses`,
    );
    return doc.toJS() as unknown;
  });
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

// ---- the schema itself ----------------------------------------------------------------------

/** Calls visit(schema, where) for every subschema in a schema position. */
function walkSchema(node: Json, where: string, visit: (node: JsonObject, where: string) => void): void {
  if (!isObject(node)) return;
  visit(node, where);
  for (const key of ['definitions', 'properties'] as const) {
    const children = node[key];
    if (isObject(children)) for (const [name, child] of Object.entries(children)) walkSchema(child, `${where}/${key}/${name}`, visit);
  }
  for (const key of ['items', 'additionalProperties', 'if', 'then', 'else', 'not'] as const) {
    const child = node[key];
    if (child !== undefined) walkSchema(child, `${where}/${key}`, visit);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((child, i) => walkSchema(child, `${where}/${key}/${i}`, visit));
  }
}

test('the schema compiles with ajv and has a definition per kind', () => {
  const definitions = schema.definitions;
  assert.ok(isObject(definitions));
  for (const kind of KINDS) assert.ok(isObject(definitions[kind]), `definition ${kind}`);
  assert.equal(schema.$id, undefined, 'no $id: the caller names the schema');
});

test('every definition, property and array item has a description', () => {
  const missing: string[] = [];
  walkSchema(schema, '#', (node, where) => {
    const needs = /\/(definitions|properties)\/[^/]+$|\/items$/.test(where) && !where.includes('/if/');
    if (needs && (typeof node.description !== 'string' || node.description.trim().length < 10)) missing.push(where);
  });
  assert.deepEqual(missing, []);
});

test('every pattern has an x-pattern-description and compiles as a unicode regular expression', () => {
  let patterns = 0;
  walkSchema(schema, '#', (node, where) => {
    if (node.pattern === undefined) return;
    patterns++;
    assert.equal(typeof node.pattern, 'string', where);
    assert.doesNotThrow(() => new RegExp(node.pattern as string, 'u'), where);
    const phrase = node['x-pattern-description'];
    assert.ok(typeof phrase === 'string' && phrase.length > 5, `${where} has x-pattern-description`);
  });
  assert.ok(patterns >= 8, `found ${patterns} patterns`);
});

test('every object schema except string maps forbids unknown fields', () => {
  const open: string[] = [];
  walkSchema(schema, '#', (node, where) => {
    if (node.type !== 'object' || where === '#') return;
    const extra = node.additionalProperties;
    const isStringMap = isObject(extra) && extra.type === 'string';
    if (!isStringMap && extra !== false) open.push(where);
  });
  assert.deepEqual(open, []);
});

test('the supported Kubernetes versions are 1.33 to 1.36 and the newest is the default', () => {
  const versions = schema['x-berth-supported-kubernetes-versions'];
  assert.deepEqual(versions, ['1.33', '1.34', '1.35', '1.36']);
  const definitions = schema.definitions as JsonObject;
  const spec = definitions.ClusterSpec as JsonObject;
  const version = (spec.properties as JsonObject).kubernetesVersion as JsonObject;
  assert.equal(version.default, '1.36');
});

// ---- documents that must and must not validate ----------------------------------------------

test("PLATFORM.md's examples validate", () => {
  for (const name of ['cluster', 'nodepool', 'application']) {
    const docs = readDocuments(`test/fixtures/platform/${name}.yaml`);
    assert.equal(docs.length, 1);
    assert.deepEqual(describeErrors(validate(docs[0])), '', name);
  }
});

const cluster = (spec: JsonObject, metadata: JsonObject = { name: 'dev' }): JsonObject => ({
  apiVersion: API_VERSION,
  kind: 'Cluster',
  metadata,
  spec: { type: 'managed', provider: 'kwok', ...spec },
});
const application = (spec: JsonObject): JsonObject => ({
  apiVersion: API_VERSION,
  kind: 'Application',
  metadata: { name: 'web' },
  spec: { cluster: 'dev', image: 'nginx:1.27', ...spec },
});

function assertOneError(doc: JsonObject, instancePath: string, keyword: string): ErrorObject {
  const errors = validate(doc);
  const error = errors.find((e) => e.instancePath === instancePath && e.keyword === keyword);
  assert.ok(error, `expected ${keyword} at ${instancePath}, got:\n${describeErrors(errors)}`);
  return error;
}

test('wrong documents fail at the expected place', () => {
  assertOneError(cluster({ type: 'manged' }), '/spec/type', 'enum');
  assertOneError(cluster({ type: 'dedicated', controlPlane: { nodes: 2 } }), '/spec/controlPlane/nodes', 'enum');
  assertOneError(application({ replicas: 'three' }), '/spec/replicas', 'type');
  const unknown = assertOneError(application({ replicass: 2 }), '/spec', 'additionalProperties');
  assert.equal(unknown.params.additionalProperty, 'replicass');
  // YAML `1.31` unquoted is a number: a type error, not silently accepted.
  assertOneError(cluster({ kubernetesVersion: 1.31 }), '/spec/kubernetesVersion', 'type');
  assertOneError(cluster({ network: { podCIDR: '10.244.0.0/33' } }), '/spec/network/podCIDR', 'pattern');
  assertOneError(cluster({}, { name: 'Dev_1' }), '/metadata/name', 'pattern');
  assertOneError(cluster({}, { name: 'a'.repeat(64) }), '/metadata/name', 'maxLength');
  assertOneError(application({ resources: { cpu: '2 cores' } }), '/spec/resources/cpu', 'pattern');
  assertOneError(application({ ports: [{ name: 'http', port: 70000 }] }), '/spec/ports/0/port', 'maximum');
  assertOneError(application({ release: { strategy: 'canary', canary: { weight: 101 } } }), '/spec/release/canary/weight', 'maximum');
  assertOneError(application({ scaling: { max: 3, targetCPU: 0 } }), '/spec/scaling/targetCPU', 'minimum');
  assertOneError(application({ env: { PORT: 8080 } }), '/spec/env/PORT', 'type');
  assertOneError(application({ storage: [{ name: 'data', size: '1Gi', mountPath: 'data' }] }), '/spec/storage/0/mountPath', 'pattern');
  assertOneError(
    { apiVersion: API_VERSION, kind: 'NodePool', metadata: { name: 'p' }, spec: { cluster: 'dev' } },
    '/spec',
    'required',
  );
  assertOneError(
    { ...cluster({}), apiVersion: 'berth.dev/v1' },
    '/apiVersion',
    'const',
  );
});

test('a failed pattern carries its x-pattern-description for the message', () => {
  const error = assertOneError(application({ resources: { memory: '2 GB' } }), '/spec/resources/memory', 'pattern');
  assert.equal((error.parentSchema as JsonObject)['x-pattern-description'], 'a quantity such as 500m, 2 or 2Gi');
});

test('the schema accepts the forms PLATFORM.md allows', () => {
  const good = [
    cluster({ kubernetesVersion: '1.35.2', network: { plugin: 'calico', podCIDR: '10.0.0.0/8', networkPolicy: true } }),
    application({ resources: { cpu: 2, memory: '1.5Gi' }, limits: { cpu: '1', memory: 536870912 } }),
    application({ health: { liveness: { tcpSocket: { port: 8080 } }, readiness: { exec: { command: ['true'] } } } }),
    { ...application({ scaling: { max: 0 } }), metadata: { name: 'web', namespace: 'shop', labels: { team: 'shop' } } },
  ];
  for (const doc of good) assert.equal(describeErrors(validate(JSON.parse(JSON.stringify(doc)))), '');
});

// ---- the instance catalog ---------------------------------------------------------------------

const catalog = (readJson('schemas/platform/instance-catalog.json').instanceTypes ?? []) as unknown as InstanceType[];

test("the instance catalog has PLATFORM.md's types with its capacities", () => {
  const expected: Record<string, [number, string, number]> = {
    'ecs.g7.large': [2, '8Gi', 0],
    'ecs.g7.xlarge': [4, '16Gi', 0],
    'ecs.g7.2xlarge': [8, '32Gi', 0],
    'ecs.c7.large': [2, '4Gi', 0],
    'ecs.c7.xlarge': [4, '8Gi', 0],
    'ecs.r7.large': [2, '16Gi', 0],
    'ecs.r7.xlarge': [4, '32Gi', 0],
    'ecs.gn7i-c8g1.2xlarge': [8, '30Gi', 1],
  };
  for (const [name, [cpu, memory, gpu]] of Object.entries(expected)) {
    const type = catalog.find((t) => t.name === name);
    assert.ok(type, `catalog has ${name}`);
    assert.deepEqual([type.cpu, type.memory, type.gpu], [cpu, memory, gpu], name);
  }
  assert.equal(new Set(catalog.map((t) => t.name)).size, catalog.length, 'names are unique');
  for (const type of catalog) {
    assert.ok(Number.isInteger(type.cpu) && type.cpu > 0, type.name);
    assert.ok(parseQuantity(type.memory) > 0, type.name);
    assert.ok(Number.isInteger(type.gpu) && type.gpu >= 0, type.name);
    assert.ok(Number.isInteger(type.pods) && type.pods > 0, type.name);
    assert.ok(type.description.length > 0, type.name);
  }
});

// ---- samples -----------------------------------------------------------------------------------

const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
function parseQuantity(value: unknown): number {
  if (typeof value === 'number') return value;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(value));
  const factor = match ? SUFFIXES[match[2] ?? ''] : undefined;
  assert.ok(match && factor !== undefined, `quantity ${String(value)}`);
  return Number(match[1]) * factor;
}

interface SampleDoc {
  file: string;
  doc: JsonObject;
}
function sampleDocuments(): SampleDoc[] {
  return yamlFiles('samples')
    // A chart's files and a kustomization are helm's and kustomize's input, not objects: what they
    // render is validated in test/cli/chartsAndOverlays.test.ts.
    .filter((file) => !file.endsWith('mistakes.yaml') && !file.startsWith(join('samples', 'charts')) && !/kustomization\.ya?ml$/.test(file))
    .flatMap((file) => readDocuments(file).map((doc) => ({ file, doc: doc as JsonObject })));
}

test('every sample platform document validates; every Kubernetes one has apiVersion, kind and name', () => {
  const docs = sampleDocuments();
  const kinds = new Set<string>();
  for (const { file, doc } of docs) {
    assert.ok(isObject(doc), `${file}: a mapping`);
    const where = `${file} ${String(doc.kind)} ${String((doc.metadata as JsonObject | undefined)?.name)}`;
    if (doc.apiVersion === API_VERSION) {
      kinds.add(String(doc.kind));
      assert.equal(describeErrors(validate(doc)), '', where);
    } else {
      assert.ok(typeof doc.apiVersion === 'string' && typeof doc.kind === 'string', where);
      assert.ok(isObject(doc.metadata) && typeof doc.metadata.name === 'string', where);
      kinds.add(`${doc.apiVersion}/${doc.kind}`);
    }
  }
  for (const kind of [...KINDS, 'apps/v1/Deployment', 'v1/Service', 'v1/ConfigMap', 'autoscaling/v2/HorizontalPodAutoscaler', 'networking.k8s.io/v1/Ingress']) {
    assert.ok(kinds.has(kind), `samples contain a ${kind}`);
  }
});

function cidrRange(cidr: string): [number, number] {
  const [address = '', bits = '32'] = cidr.split('/');
  const start = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return [start - (start % size), start - (start % size) + size - 1];
}
const overlaps = (a: string, b: string): boolean => {
  const [a0, a1] = cidrRange(a);
  const [b0, b1] = cidrRange(b);
  return a0 <= b1 && b0 <= a1;
};

test("the samples keep PLATFORM.md's cross-field rules", () => {
  const docs = sampleDocuments().map((d) => d.doc);
  const ofKind = (kind: Kind): JsonObject[] => docs.filter((d) => d.apiVersion === API_VERSION && d.kind === kind);
  const spec = (d: JsonObject): JsonObject => d.spec as JsonObject;
  const name = (d: JsonObject): string => String((d.metadata as JsonObject).name);
  const clusters = new Map(ofKind('Cluster').map((c) => [name(c), spec(c)]));
  const pools = ofKind('NodePool');

  for (const [clusterName, c] of clusters) {
    assert.equal(c.controlPlane !== undefined, c.type === 'dedicated', `${clusterName}: controlPlane iff dedicated`);
    assert.equal(c.registered !== undefined, c.provider === 'registered', `${clusterName}: registered iff provider registered`);
    const net = (c.network ?? {}) as JsonObject;
    if (net.podCIDR && net.serviceCIDR) assert.ok(!overlaps(String(net.podCIDR), String(net.serviceCIDR)), clusterName);
    for (const [otherName, other] of clusters) {
      if (otherName <= clusterName || other.provider !== c.provider) continue;
      const otherNet = (other.network ?? {}) as JsonObject;
      for (const a of [net.podCIDR, net.serviceCIDR]) {
        for (const b of [otherNet.podCIDR, otherNet.serviceCIDR]) {
          if (a && b) assert.ok(!overlaps(String(a), String(b)), `${clusterName} ${String(a)} vs ${otherName} ${String(b)}`);
        }
      }
    }
  }

  const poolKeys = new Set<string>();
  for (const pool of pools) {
    const s = spec(pool);
    const where = `NodePool ${name(pool)}`;
    const c = clusters.get(String(s.cluster));
    assert.ok(c, `${where}: cluster ${String(s.cluster)} exists`);
    assert.notEqual(c.type, 'serverless', where);
    assert.ok(catalog.some((t) => t.name === s.instanceType), `${where}: instanceType in catalog`);
    const key = `${String(s.cluster)}/${name(pool)}`;
    assert.ok(!poolKeys.has(key), `${where}: unique in its cluster`);
    poolKeys.add(key);
    const scaling = (s.scaling ?? {}) as JsonObject;
    const [min, desired, max] = [scaling.min, scaling.desired, scaling.max].map(Number);
    if (scaling.min !== undefined) assert.ok(min! <= desired! && desired! <= max!, `${where}: min <= desired <= max`);
  }

  const appKeys = new Set<string>();
  for (const app of ofKind('Application')) {
    const s = spec(app);
    const where = `Application ${name(app)}`;
    assert.ok(clusters.has(String(s.cluster)), `${where}: cluster exists`);
    const key = `${String(s.cluster)}/${String((app.metadata as JsonObject).namespace ?? 'default')}/${name(app)}`;
    assert.ok(!appKeys.has(key), `${where}: unique`);
    appKeys.add(key);
    assert.match(String(s.image), /:[^/]+$/, `${where}: image has a tag`);
    assert.doesNotMatch(String(s.image), /:latest$/, `${where}: image is not :latest`);
    assert.ok(!(s.replicas !== undefined && s.scaling !== undefined), `${where}: replicas and scaling not both set`);

    const portNames = new Set(((s.ports ?? []) as JsonObject[]).map((p) => p.name));
    for (const probe of Object.values((s.health ?? {}) as JsonObject) as JsonObject[]) {
      const handler = (probe.httpGet ?? probe.tcpSocket) as JsonObject | undefined;
      if (typeof handler?.port === 'string') assert.ok(portNames.has(handler.port), `${where}: port ${handler.port} in ports`);
    }
    const requests = (s.resources ?? {}) as JsonObject;
    const limits = (s.limits ?? {}) as JsonObject;
    for (const resource of ['cpu', 'memory']) {
      if (requests[resource] !== undefined && limits[resource] !== undefined) {
        assert.ok(parseQuantity(limits[resource]) >= parseQuantity(requests[resource]), `${where}: limits.${resource} >= resources`);
      }
    }
    const expose = (s.expose ?? {}) as JsonObject;
    if (expose.host !== undefined) assert.equal(expose.type, 'Ingress', `${where}: host only with Ingress`);
    const release = (s.release ?? {}) as JsonObject;
    if (release.canary !== undefined) assert.equal(release.strategy, 'canary', `${where}: canary only with canary`);

    const placement = (s.placement ?? {}) as JsonObject;
    if (placement.nodePool !== undefined) {
      const pool = pools.find((p) => name(p) === placement.nodePool && spec(p).cluster === s.cluster);
      assert.ok(pool, `${where}: nodePool ${String(placement.nodePool)} belongs to ${String(s.cluster)}`);
      const scaling = s.scaling as JsonObject | undefined;
      const pods = Number(scaling?.max ?? s.replicas ?? 1);
      const type = catalog.find((t) => t.name === spec(pool).instanceType);
      assert.ok(type);
      const nodes = Number(((spec(pool).scaling ?? {}) as JsonObject).max ?? 1);
      assert.ok(pods * parseQuantity(requests.cpu ?? 0) <= nodes * type.cpu, `${where}: CPU fits ${name(pool)}`);
      assert.ok(pods * parseQuantity(requests.memory ?? 0) <= nodes * parseQuantity(type.memory), `${where}: memory fits ${name(pool)}`);
    }
  }
  const strategies = new Set(ofKind('Application').map((a) => String(((spec(a).release ?? {}) as JsonObject).strategy)));
  assert.deepEqual([...strategies].sort(), ['blueGreen', 'canary', 'rolling']);
});

test('mistakes.yaml: one syntax error at the end; the schema-level mistakes fail, the rest are code rules', () => {
  const parsed = parseAllDocuments(readFileSync(join(root, 'samples/mistakes.yaml'), 'utf8'));
  const last = parsed[parsed.length - 1];
  assert.ok(last && last.errors.length > 0, 'the last document has a YAML syntax error');
  const before = parsed.slice(0, -1);
  assert.ok(before.length >= 12);
  for (const doc of before) assert.deepEqual(doc.errors.map((e) => e.message), []);
  const schemaFailures: string[] = [];
  for (const doc of before.map((d) => d.toJS() as JsonObject)) {
    if (doc.apiVersion !== API_VERSION) continue;
    const errors = validate(doc);
    if (errors.length > 0) schemaFailures.push(`${name(doc)} ${describeErrors(errors)}`);
  }
  // Only the enum typo is a schema error; every other platform mistake is caught by a code rule.
  assert.deepEqual(schemaFailures, ['mistake-enum /spec/type enum: must be equal to one of the allowed values']);

  function name(doc: JsonObject): string {
    return String((doc.metadata as JsonObject).name);
  }
});

// ---- snippets -----------------------------------------------------------------------------------

/** Expands a VS Code snippet body as accepted with Tab only: placeholders keep their defaults, choices their first option. */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  const expand = (text: string): string => {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\' && i + 1 < text.length && '$}\\'.includes(text[i + 1] ?? '')) {
        out += text[i + 1];
        i += 2;
      } else if (ch === '$' && text[i + 1] === '{') {
        const end = matchingBrace(text, i + 1);
        out += expandBraced(text.slice(i + 2, end));
        i = end + 1;
      } else if (ch === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
        const digits = /^[0-9]+/.exec(text.slice(i + 1))?.[0] ?? '';
        out += defaults.get(digits) ?? '';
        i += 1 + digits.length;
      } else {
        out += ch;
        i++;
      }
    }
    return out;
  };
  const expandBraced = (inner: string): string => {
    const choice = /^([0-9]+)\|([^|]*)\|$/.exec(inner);
    if (choice) {
      const first = (choice[2] ?? '').split(',')[0] ?? '';
      if (!defaults.has(choice[1]!)) defaults.set(choice[1]!, first);
      return defaults.get(choice[1]!)!;
    }
    const placeholder = /^([0-9]+):([\s\S]*)$/.exec(inner);
    if (placeholder) {
      const value = expand(placeholder[2] ?? '');
      if (!defaults.has(placeholder[1]!)) defaults.set(placeholder[1]!, value);
      return defaults.get(placeholder[1]!)!;
    }
    if (/^[0-9]+$/.test(inner)) return defaults.get(inner) ?? '';
    throw new Error(`unsupported snippet syntax \${${inner}}`);
  };
  return expand(body);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unbalanced braces in ${text}`);
}

test('the snippet expander keeps defaults, first choices and mirrors', () => {
  assert.equal(expandSnippet('a: ${1:x}\nb: $1\nc: ${2|p,q|}\nd: ${3:${1:y}}\n$0'), 'a: x\nb: x\nc: p\nd: x\n');
});

test('every snippet expands to documents that parse and validate', () => {
  const snippets = readJson('snippets/berth.code-snippets');
  const expectedNames = [
    'Berth Cluster (kwok)',
    'Berth Cluster (kind, dedicated)',
    'Berth NodePool',
    'Berth Application',
    'Berth Application (canary)',
    'Kubernetes Deployment',
    'Kubernetes Service',
    'Kubernetes Deployment and Service',
    'Kubernetes ConfigMap',
    'Kubernetes Ingress',
    'Kubernetes HorizontalPodAutoscaler',
  ];
  assert.deepEqual(Object.keys(snippets).sort(), [...expectedNames].sort());
  const prefixes = new Set<string>();
  for (const [title, snippet] of Object.entries(snippets)) {
    assert.ok(isObject(snippet), title);
    assert.ok(typeof snippet.description === 'string' && snippet.description.length > 0, `${title}: description`);
    const prefixList = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
    for (const prefix of prefixList) {
      assert.ok(typeof prefix === 'string' && !prefixes.has(prefix), `${title}: unique prefix ${String(prefix)}`);
      prefixes.add(prefix);
    }
    assert.ok(Array.isArray(snippet.body) && snippet.body.every((line) => typeof line === 'string'), `${title}: body`);
    const text = expandSnippet((snippet.body as string[]).join('\n'));
    const docs = parseAllDocuments(text);
    assert.ok(docs.length >= 1, title);
    for (const parsed of docs) {
      assert.deepEqual(parsed.errors.map((e) => e.message), [], `${title} parses:\n${text}`);
      const doc = parsed.toJS() as JsonObject;
      if (doc.apiVersion === API_VERSION) {
        assert.equal(describeErrors(validate(doc)), '', `${title} validates:\n${text}`);
      } else {
        assert.ok(typeof doc.apiVersion === 'string' && typeof doc.kind === 'string', title);
        assert.ok(isObject(doc.metadata) && typeof doc.metadata.name === 'string', title);
      }
    }
  }
});
