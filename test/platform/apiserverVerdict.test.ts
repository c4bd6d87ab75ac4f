import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import { CARET, languageService, rangeText, settings, yamlDocument } from '../helpers/languageService';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { decodedValue } from '../../platform/validate/decodedValue';

const service = languageService();
const ERROR = 1;
const WARNING = 2;

function diagnose(text: string): { diagnostics: Diagnostic[]; text: (d: Diagnostic) => string } {
  const document = yamlDocument(text);
  const diagnostics = service.diagnostics(document, settings());
  return { diagnostics, text: (d) => rangeText(document, d.range) };
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

/** A fixture with caret markers: the text without them and each marker's position, in order. */
function withCarets(marked: string): { text: string; positions: Position[] } {
  const parts = marked.split(CARET);
  const positions: Position[] = [];
  let text = '';
  parts.forEach((part, i) => {
    text += part;
    if (i === parts.length - 1) return;
    const lines = text.split('\n');
    positions.push({ line: lines.length - 1, character: lines[lines.length - 1]!.length });
  });
  return { text, positions };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
spec:
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          args:
          resources:
            limits:
`;

test('a key left empty is unset, as the apiserver decodes it, not a value of the wrong type', () => {
  assert.deepEqual(diagnose(DEPLOYMENT).diagnostics, []);
});

test('a required field left empty is reported missing, as the apiserver says', () => {
  const { diagnostics, text } = diagnose(DEPLOYMENT.replace('        - name: web\n', '        - name:\n'));
  assert.deepEqual(codes(diagnostics), ['missing-required']);
  assert.match(String(diagnostics[0]!.message), /missing the required field "name"/);
  assert.equal(diagnostics[0]!.severity, ERROR);
  assert.equal(text(diagnostics[0]!), 'name', 'on the item, where the field belongs');
});

test('null is kept where the schema declares the field nullable, and a null list item is the zero value of its type', () => {
  const schema = { type: 'object', required: ['stamp'], properties: { stamp: { type: ['string', 'null'] }, note: { type: 'string' }, list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } } } };
  assert.deepEqual(decodedValue({ stamp: null, note: null, list: [null, { a: null }] }, schema), { stamp: null, list: [{}, {}] });
  const untouched = { stamp: 'x', list: [{ a: 'y' }] };
  assert.equal(decodedValue(untouched, schema), untouched, 'nothing to drop: the same object, not a copy');
  assert.deepEqual(diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, creationTimestamp: null}\n').diagnostics, []);
});

test('an HPA whose target is not in the workspace is a warning: the target may live in the cluster', () => {
  const workspace = new BerthWorkspace(service);
  const uri = 'file:///ws/hpa.yaml';
  workspace.setFile(yamlDocument('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: elsewhere}\n  minReplicas: 1\n  maxReplicas: 3\n', uri), settings());
  const diagnostics = workspace.diagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['hpa-target-missing', WARNING]]);
});

test('a duplicate key is a warning pointing at the earlier occurrence; the last value is the one validated', () => {
  const document = yamlDocument('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: three\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n  replicas: 2\n');
  const diagnostics = service.diagnostics(document, settings());
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, rangeText(document, d.range), d.range.start.line]), [['yaml-duplicate-key', WARNING, 'replicas', 10]]);
  const related = diagnostics[0]!.relatedInformation ?? [];
  assert.deepEqual(related.map((r) => [r.location.uri, r.location.range.start.line, rangeText(document, r.location.range)]), [[document.uri, 4, 'replicas']]);

  const lastWrong = diagnose('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  replicas: three\n');
  const typeError = lastWrong.diagnostics.find((d) => d.code === 'invalid-type');
  assert.ok(typeError, JSON.stringify(lastWrong.diagnostics));
  assert.equal(typeError.range.start.line, 5, 'on the value kubectl keeps');
});

test('a duplicate key in a later document of a file relates to its own document', () => {
  const document = yamlDocument('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  k: x\n  k: y\n');
  const [duplicate] = service.diagnostics(document, settings());
  assert.equal(duplicate?.code, 'yaml-duplicate-key');
  assert.equal(duplicate.range.start.line, 9);
  assert.equal(duplicate.relatedInformation?.[0]?.location.range.start.line, 8);
});

test('RoleList and RoleBindingList need no name: kubectl applies their items', () => {
  const roles = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleList\nitems:\n  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: Role\n    metadata: {name: reader}\n    rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n';
  assert.deepEqual(diagnose(roles).diagnostics, []);
  const bindings = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBindingList\nmetadata: {}\nitems:\n  - metadata: {name: read}\n    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\n    subjects: [{kind: ServiceAccount, name: app}]\n';
  assert.deepEqual(diagnose(bindings).diagnostics, [], 'an item naming no kind is of the list\'s item kind');
  assert.deepEqual(diagnose('apiVersion: v1\nkind: List\nitems: []\n').diagnostics, []);
});

test('each item of a typed list is a document of its own: its name and fields are checked inside it', () => {
  const { text: source, positions } = withCarets('apiVersion: v1\nkind: ConfigMapList\nitems:\n  - <|>metadata: {labels: {a: b}}\n    data: {k: v}\n  - metadata: {name: <|>Bad_Name}\n    dta: {k: v}\n');
  const document = yamlDocument(source);
  const diagnostics = service.diagnostics(document, settings());
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range.start]).sort((a, b) => (a[2] as Position).line - (b[2] as Position).line),
    [
      ['missing-name', ERROR, positions[0]],
      ['invalid-name', ERROR, positions[1]],
      ['unknown-field', WARNING, { line: 6, character: 4 }],
    ],
  );
});

test('a whole-file v1 List of mixed kinds is validated item by item, with ranges inside the items', () => {
  const { text: source, positions } = withCarets(`apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: <|>asd
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx}]
  - apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      ports: [{port: 80, protocol: <|>tcp}]
  - apiVersion: v1
    <|>kind: ConfigMap
    data: {k: v}
  - apiVersion: extensions/v1beta1
    kind: Ingress
    metadata: {name: old}
  - <|>metadata: {name: what}
  - apiVersion: berth.dev/v1alpha1
    kind: NodePool
    metadata: {name: workers}
    spec: {cluster: dev, instanceType: <|>ecs.nope}
`);
  const document = yamlDocument(source);
  const diagnostics = service.diagnostics(document, settings());
  const at = (code: string): Position | undefined => diagnostics.find((d) => d.code === code)?.range.start;
  const described = JSON.stringify(diagnostics.map((d) => [d.code, d.message, d.range.start]));
  assert.deepEqual(at('invalid-type'), positions[0], described);
  assert.equal(rangeText(document, diagnostics.find((d) => d.code === 'invalid-type')!.range), 'asd');
  assert.deepEqual(at('invalid-enum'), positions[1], described);
  assert.deepEqual(at('missing-name'), positions[2], described);
  assert.equal(diagnostics.find((d) => d.code === 'removed-api-version')?.range.start.line, 21, described);
  assert.deepEqual(at('missing-kind'), positions[3], described);
  assert.deepEqual(at('unknown-instance-type'), positions[4], described);
  assert.ok(diagnostics.every((d) => d.range.start.line >= 3), 'nothing on the List itself');
});
