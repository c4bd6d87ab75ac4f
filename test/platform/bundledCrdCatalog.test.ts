import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { BerthLanguageService } from '../../platform/languageService';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import type { CrdCatalogFile, CrdCatalogIndex } from '../../platform/schema/crd/bundledCrds';
import type { ValidationSettings } from '../../platform/settings';
import { repoRoot } from '../helpers/repo';
import { settings, withCaret, yamlDocument } from '../helpers/languageService';

/** The real installation's reader, counting the catalog files it is asked for. */
function countingOptions(): { options: ReturnType<typeof nodeLanguageServiceOptions>; reads: string[] } {
  const real = nodeLanguageServiceOptions(repoRoot());
  const reads: string[] = [];
  const readSchemaFile = (path: string): string | undefined => {
    if (path.startsWith('crds/')) reads.push(path);
    return real.readSchemaFile(path);
  };
  return { options: { ...real, readSchemaFile }, reads };
}

interface Fixture {
  readonly service: BerthLanguageService;
  readonly reads: string[];
  set(name: string, text: string, overrides?: Partial<ValidationSettings>): TextDocument;
  diagnostics(name: string): Diagnostic[];
  text(name: string, d: Diagnostic): string;
}

function fixture(files: Record<string, string> = {}, overrides: Partial<ValidationSettings> = {}): Fixture {
  const { options, reads } = countingOptions();
  const service = new BerthLanguageService(options);
  const workspace = new BerthWorkspace(service);
  const documents = new Map<string, TextDocument>();
  const set = (name: string, text: string, more: Partial<ValidationSettings> = {}): TextDocument => {
    const document = yamlDocument(text, `file:///ws/${name}`);
    documents.set(name, document);
    workspace.setFile(document, settings({ ...overrides, ...more }));
    return document;
  };
  for (const [name, text] of Object.entries(files)) set(name, text);
  return {
    service,
    reads,
    set,
    diagnostics: (name) => workspace.diagnostics(`file:///ws/${name}`),
    text: (name, d) => documents.get(name)!.getText(d.range),
  };
}

const CERTIFICATE = (spec: string): string => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: default
spec:
${spec}`;

test('a cert-manager Certificate without issuerRef is an error on spec, with no CRD in the workspace', () => {
  const { diagnostics, text } = fixture({ 'cert.yaml': CERTIFICATE('  secretName: web-tls\n  dnsNames: [example.com]\n') });
  const found = diagnostics('cert.yaml');
  assert.deepEqual(found.map((d) => [d.code, d.severity]), [['missing-required', 1]], JSON.stringify(found));
  assert.equal(text('cert.yaml', found[0]!), 'spec');
  assert.match(String(found[0]!.message), /issuerRef/);
});

test('a complete Certificate is clean', () => {
  const { diagnostics } = fixture({
    'cert.yaml': CERTIFICATE('  secretName: web-tls\n  dnsNames: [example.com]\n  privateKey: {algorithm: ECDSA, size: 256}\n  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n'),
  });
  assert.deepEqual(diagnostics('cert.yaml'), []);
});

test('an HTTPRoute backendRef port given as a string is an error on the value', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs: [{name: gateway}]
  rules:
    - backendRefs:
        - name: web
          port: "eighty"
`;
  const { diagnostics, text } = fixture({ 'route.yaml': route });
  const found = diagnostics('route.yaml');
  assert.deepEqual(found.map((d) => [d.code, d.severity]), [['invalid-type', 1]], JSON.stringify(found));
  assert.equal(text('route.yaml', found[0]!), '"eighty"');
  assert.match(String(found[0]!.message), /port must be an integer/);
});

test("a header value valid in Gateway API's standard channel is accepted (the channels are merged, not the experimental one alone)", () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  rules:
    - matches:
        - headers: [{name: X-Trace, value: "two  spaces"}]
      backendRefs: [{name: web, port: 80}]
`;
  assert.deepEqual(fixture({ 'route.yaml': route }).diagnostics('route.yaml'), []);
});

test('a ServiceMonitor with an unknown field under endpoints is reported per berth.validation.unknownFields', () => {
  const monitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  endpoints:
    - port: http
      intervall: 30s
`;
  for (const [level, severity] of [['warning', 2], ['error', 1]] as const) {
    const { diagnostics, text } = fixture({ 'monitor.yaml': monitor }, { unknownFields: level });
    const found = diagnostics('monitor.yaml');
    assert.deepEqual(found.map((d) => [d.code, d.severity]), [['unknown-field', severity]], level);
    assert.equal(text('monitor.yaml', found[0]!), 'intervall');
  }
  assert.deepEqual(fixture({ 'monitor.yaml': monitor }, { unknownFields: 'ignore' }).diagnostics('monitor.yaml'), []);
});

test('a KEDA ScaledObject with a negative minReplicaCount and a trigger without type', () => {
  const scaled = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef: {name: worker}
  minReplicaCount: -1
  triggers:
    - metadata: {queueName: jobs}
`;
  const { diagnostics, text } = fixture({ 'scaled.yaml': scaled });
  const found = diagnostics('scaled.yaml');
  const byCode = new Map(found.map((d) => [d.code, d]));
  assert.deepEqual([...byCode.keys()].sort(), ['missing-required', 'out-of-range'], JSON.stringify(found));
  assert.equal(text('scaled.yaml', byCode.get('out-of-range')!), '-1');
  assert.match(String(byCode.get('missing-required')!.message), /\btype\b/);
  assert.ok(found.every((d) => d.severity === 1));
});

test('hover on a Certificate field shows its description and the catalog it comes from', () => {
  const { service, set } = fixture();
  const { text, position } = withCaret(CERTIFICATE('  secret<|>Name: web-tls\n  issuerRef: {name: ca}\n'));
  const document = set('cert.yaml', text);
  const value = (service.hover(document, position, settings())?.contents as MarkupContent | undefined)?.value ?? '';
  assert.match(value, /Name of the Secret resource that will be automatically created/);
  assert.match(value, /CRD certificates\.cert-manager\.io v1, from the bundled catalog: cert-manager v1\.21\.2/);
});

test('a workspace CRD of the same group and kind wins over the catalog', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: certificates.cert-manager.io
spec:
  group: cert-manager.io
  names: {kind: Certificate, plural: certificates}
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
              required: [owner]
              properties:
                owner: {type: string}
`;
  const { diagnostics, text, set } = fixture({ 'cert.yaml': CERTIFICATE('  secretName: web-tls\n') });
  assert.deepEqual(diagnostics('cert.yaml').map((d) => /issuerRef/.test(String(d.message))), [true], 'the catalog first');
  set('crd.yaml', crd);
  const found = diagnostics('cert.yaml');
  assert.deepEqual(found.map((d) => d.code).sort(), ['missing-required', 'unknown-field'], JSON.stringify(found));
  assert.match(String(found.find((d) => d.code === 'missing-required')!.message), /owner/);
  assert.equal(text('cert.yaml', found.find((d) => d.code === 'unknown-field')!), 'secretName');
});

test('completion inside a Certificate offers issuerRef, and the privateKey algorithms', () => {
  const { service, set } = fixture();
  const fields = withCaret(CERTIFICATE('  secretName: web-tls\n  <|>\n'));
  const fieldLabels = service.complete(set('fields.yaml', fields.text), fields.position, settings()).map((i) => i.label);
  assert.ok(fieldLabels.includes('issuerRef') && fieldLabels.includes('privateKey'), fieldLabels.join(','));
  assert.ok(!fieldLabels.includes('secretName'), 'a field already set is not offered again');
  const values = withCaret(CERTIFICATE('  privateKey:\n    algorithm: <|>\n'));
  const valueLabels = service.complete(set('values.yaml', values.text), values.position, settings()).map((i) => i.label);
  assert.deepEqual([...valueLabels].sort(), ['ECDSA', 'Ed25519', 'RSA']);
});

test('the catalog kinds are offered at the top of a document', () => {
  const { service, set } = fixture();
  const top = withCaret('apiVersion: cert-manager.io/v1\nkind: <|>\n');
  const labels = service.complete(set('top.yaml', top.text), top.position, settings()).map((i) => i.label);
  assert.ok(labels.includes('Certificate'), labels.join(','));
});

test('a workspace with no custom resources never reads a group file of the catalog', () => {
  const { diagnostics, reads } = fixture({
    'app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n',
    'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: eighty}]\n',
  });
  diagnostics('app.yaml');
  assert.ok(diagnostics('svc.yaml').some((d) => d.code === 'invalid-type'), 'the documents were validated');
  assert.deepEqual(reads.filter((path) => path !== 'crds/index.json'), []);
});

test('a Certificate reads only its own group file, once', () => {
  const { diagnostics, set, reads } = fixture({ 'a.yaml': CERTIFICATE('  secretName: a\n  issuerRef: {name: ca}\n') });
  set('b.yaml', CERTIFICATE('  secretName: b\n  issuerRef: {name: ca}\n'));
  assert.deepEqual(diagnostics('a.yaml'), []);
  assert.deepEqual(diagnostics('b.yaml'), []);
  assert.deepEqual(reads.filter((path) => path !== 'crds/index.json'), ['crds/cert-manager.io.json']);
});

test('a group named like an Object.prototype member is no bundled group', () => {
  const { diagnostics } = fixture({ 'odd.yaml': 'apiVersion: constructor/v1\nkind: toString\nmetadata:\n  name: x\n' });
  assert.deepEqual(diagnostics('odd.yaml').map((d) => d.code), ['missing-schema']);
});

test("index.json's groups, kinds and served versions are exactly those of the group files", () => {
  const read = nodeLanguageServiceOptions(repoRoot()).readSchemaFile;
  const index = JSON.parse(read('crds/index.json')!) as CrdCatalogIndex;
  const groups = Object.keys(index.groups);
  assert.ok(['cert-manager.io', 'gateway.networking.k8s.io', 'monitoring.coreos.com', 'keda.sh', 'argoproj.io'].every((g) => groups.includes(g)), groups.join(','));
  for (const [group, entry] of Object.entries(index.groups)) {
    assert.equal(entry.file, `${group}.json`);
    const file = JSON.parse(read(`crds/${entry.file}`)!) as CrdCatalogFile;
    assert.equal(file.source, entry.source, group);
    const kinds: Record<string, string[]> = {};
    for (const crd of file.crds as { spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] } }[]) {
      assert.equal(crd.spec.group, group);
      kinds[crd.spec.names.kind] = crd.spec.versions.filter((v) => v.served).map((v) => v.name);
    }
    assert.deepEqual(Object.keys(entry.kinds).sort(), Object.keys(kinds).sort(), group);
    for (const [kind, versions] of Object.entries(entry.kinds)) assert.deepEqual([...versions].sort(), kinds[kind]!.sort(), `${group} ${kind}`);
  }
});
