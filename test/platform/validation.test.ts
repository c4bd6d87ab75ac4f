import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { languageService, rangeText, settings, yamlDocument } from '../helpers/languageService';

const service = languageService();

function diagnose(text: string, overrides = {}): { diagnostics: Diagnostic[]; text: (d: Diagnostic) => string } {
  const document = yamlDocument(text);
  const diagnostics = service.diagnostics(document, settings(overrides));
  return { diagnostics, text: (d) => rangeText(document, d.range) };
}

function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics.map((d) => [d.code, d.message]))}`);
  return found[0]!;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

test('a valid Deployment has no diagnostics', () => {
  assert.deepEqual(diagnose(DEPLOYMENT).diagnostics, []);
});

test('a wrong type is reported on the value with a human message', () => {
  const { diagnostics, text } = diagnose(DEPLOYMENT.replace('replicas: 2', 'replicas: "three"'));
  const d = only(diagnostics, 'invalid-type');
  assert.equal(d.message, 'replicas must be an integer, not the string "three"');
  assert.equal(text(d), '"three"');
  assert.equal(d.source, 'berth');
  assert.equal(d.severity, 1);
});

test('an unknown field is a warning on its key by default, configurable', () => {
  const text = DEPLOYMENT.replace('  replicas: 2', '  replicass: 2');
  const { diagnostics, text: at } = diagnose(text);
  const d = only(diagnostics, 'unknown-field');
  assert.equal(at(d), 'replicass');
  assert.equal(d.severity, 2);
  assert.match(String(d.message), /did you mean "replicas"/);
  assert.equal(only(diagnose(text, { unknownFields: 'error' }).diagnostics, 'unknown-field').severity, 1);
  assert.deepEqual(diagnose(text, { unknownFields: 'ignore' }).diagnostics, []);
});

test('a missing required field is reported on the parent key', () => {
  const { diagnostics, text } = diagnose('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  provider: kind\n');
  const d = only(diagnostics, 'missing-required');
  assert.equal(text(d), 'spec');
  assert.match(String(d.message), /"type"/);
});

test('an enum typo names the allowed values and the closest one', () => {
  const { diagnostics, text } = diagnose('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: manged\n  provider: kind\n');
  const d = only(diagnostics, 'invalid-enum');
  assert.equal(text(d), 'manged');
  assert.match(String(d.message), /did you mean "managed"/);
  assert.deepEqual((d.data as { replacements: string[] }).replacements[0], 'managed');
});

test('a YAML syntax error is a diagnostic and the other documents are still validated', () => {
  const text = `${DEPLOYMENT}---\nkey: [unclosed\n---\n${DEPLOYMENT.replace('replicas: 2', 'replicas: "three"')}`;
  const { diagnostics } = diagnose(text);
  assert.ok(diagnostics.some((d) => String(d.code).startsWith('yaml-') && d.severity === 1 && d.range.start.line >= 18));
  const typeError = only(diagnostics, 'invalid-type');
  assert.ok(typeError.range.start.line > 20, 'the third document is validated at its own lines');
});

test('YAML that is not a manifest gets no diagnostics', () => {
  const compose = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n';
  const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
  assert.deepEqual(diagnose(compose).diagnostics, []);
  assert.deepEqual(diagnose(workflow).diagnostics, []);
});

test('a removed apiVersion is an error naming its replacement', () => {
  const { diagnostics, text } = diagnose(DEPLOYMENT.replace('apps/v1', 'extensions/v1beta1'));
  const d = only(diagnostics, 'removed-api-version');
  assert.equal(text(d), 'extensions/v1beta1');
  assert.match(String(d.message), /apps\/v1/);
  assert.match(String(d.message), /1\.16/);
});

test('an unknown kind of a built-in group is an error; an unknown group only lacks a schema', () => {
  const unknownKind = diagnose(DEPLOYMENT.replace('kind: Deployment', 'kind: Deploymnet'));
  assert.match(String(only(unknownKind.diagnostics, 'unknown-kind').message), /Did you mean Deployment/);
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: {size: 3}\n';
  assert.deepEqual(diagnose(widget).diagnostics.map((d) => [d.code, d.severity]), [['missing-schema', 2]]);
  assert.deepEqual(diagnose(widget, { missingSchemas: 'ignore' }).diagnostics, []);
});

test('the Kubernetes version setting decides which schemas apply', () => {
  // flowcontrol v1beta3 was served until 1.31 and removed in 1.32: reported as removed in every supported version.
  const text = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\nspec:\n  priorityLevelConfiguration: {name: p}\n';
  for (const version of ['1.33', '1.36']) {
    assert.equal(only(diagnose(text, { kubernetesVersion: version }).diagnostics, 'removed-api-version').severity, 1);
  }
});

test('an invalid metadata.name is reported as the API server would', () => {
  const { diagnostics, text } = diagnose(DEPLOYMENT.replace('name: web\nspec', 'name: Web_App\nspec'));
  const d = only(diagnostics, 'invalid-name');
  assert.equal(text(d), 'Web_App');
});

test('closed value sets stated in prose are enforced (protocol, imagePullPolicy)', () => {
  const { diagnostics, text } = diagnose(DEPLOYMENT.replace('- containerPort: 80', '- containerPort: 80\n              protocol: tcp'));
  const d = only(diagnostics, 'invalid-enum');
  assert.equal(text(d), 'tcp');
  assert.match(String(d.message), /did you mean "TCP"/);
});

test('a missing field of a list item is reported on the item\'s first key', () => {
  const { diagnostics, text } = diagnose(DEPLOYMENT.replace('        - name: web\n          image', '        - image'));
  assert.equal(text(only(diagnostics, 'missing-required')), 'image');
});

test('a v1 List is accepted; a Helm template is not reported as broken YAML', () => {
  assert.deepEqual(diagnose('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n').diagnostics, []);
  assert.deepEqual(diagnose('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n').diagnostics, []);
});
