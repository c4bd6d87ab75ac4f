import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { templateLines } from '../../platform/sources/templateLines';
import { resolveRelative, uriKey } from '../../platform/sources/uris';
import { languageService, settings, yamlDocument } from '../helpers/languageService';

// How a rendered chart's or overlay's findings find their way back to the source lines. The
// rendered text is given here as helm or kustomize print it; test/cli and test/server run the tools.

test('template lines carry the data path they write, across actions, lists and block scalars', () => {
  const lines = templateLines(
    [
      'apiVersion: apps/v1',
      'metadata:',
      '  labels:',
      '    {{- include "x.labels" . | nindent 4 }}',
      'spec:',
      '  replicas: {{ .Values.replicas }}',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          args: |',
      '            not: a-key',
      '          ports:',
      '          - containerPort: 80',
      '---',
      'kind: Service',
    ].join('\n'),
  );
  const at = (line: number) => lines.find((l) => l.line === line)?.path.join('.');
  assert.equal(at(5), 'spec.replicas');
  assert.equal(at(9), 'spec.template.spec.containers.*.name');
  assert.equal(at(11), undefined, 'a block scalar holds text, not keys');
  assert.equal(at(13), 'spec.template.spec.containers.*.ports.*.containerPort');
  assert.equal(at(15), 'kind');
  assert.equal(lines.find((l) => l.line === 15)?.document, 1);
});

test('relative paths resolve against file URIs and plain paths, and never climb above the root', () => {
  assert.equal(resolveRelative('file:///w/overlays/prod', '../../base/deploy.yaml'), 'file:///w/base/deploy.yaml');
  assert.equal(resolveRelative('overlays/prod', './patch.yaml'), 'overlays/prod/patch.yaml');
  assert.equal(resolveRelative('/abs/dir', '../x.yaml'), '/abs/x.yaml');
  assert.equal(resolveRelative('file:///w', '../../etc/passwd'), undefined);
  assert.equal(resolveRelative('file:///w', 'https://example.com/x.yaml'), undefined);
  assert.equal(uriKey('file:///w/a%20b/c%3Ad.yaml'), 'file:///w/a b/c:d.yaml');
});

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';
const VALUES = '# replicas\nreplicaCount: many\nresources:\n  limits:\n    cpu: lots\n';
const TEMPLATE = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ .Release.Name }}',
  'spec:',
  '  replicas: {{ .Values.replicaCount }}',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
  '          resources:',
  '            {{- toYaml .Values.resources | nindent 12 }}',
].join('\n');
const RENDERED = [
  '---',
  '# Source: web/templates/deployment.yaml',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: release-name',
  'spec:',
  '  replicas: many',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
  '          resources:',
  '            limits:',
  '              cpu: lots',
  '',
].join('\n');

function chartWorkspace(): BerthWorkspace {
  const workspace = new BerthWorkspace(languageService());
  for (const [path, text] of [['Chart.yaml', CHART], ['values.yaml', VALUES], ['templates/deployment.yaml', TEMPLATE]] as const) {
    workspace.setFile(yamlDocument(text, `file:///w/web/${path}`), settings());
  }
  return workspace;
}

test('a chart: templates are not validated; the rendered findings land on the values lines that set them, the template line related', () => {
  const workspace = chartWorkspace();
  assert.equal(workspace.role('file:///w/web/templates/deployment.yaml'), 'template');
  assert.deepEqual(workspace.renderRoots().map((r) => `${r.kind} ${r.folder}`), ['chart file:///w/web']);
  assert.deepEqual(workspace.diagnostics('file:///w/web/templates/deployment.yaml'), []);
  workspace.setRendered(workspace.renderRoots()[0]!, { kind: 'rendered', text: RENDERED, tool: 'helm template' });
  const values = workspace.diagnostics('file:///w/web/values.yaml');
  const replicas = values.find((d) => d.range.start.line === 1);
  assert.equal(replicas?.code, 'invalid-type');
  assert.deepEqual(replicas?.relatedInformation?.map((r) => `${r.location.uri}:${r.location.range.start.line}`), ['file:///w/web/templates/deployment.yaml:5']);
  // Passed through with toYaml: the value under the key is found in values.yaml.
  assert.equal(values.find((d) => d.code === 'invalid-format')?.range.start.line, 4);
  assert.deepEqual(workspace.diagnostics('file:///w/web/templates/deployment.yaml'), []);
  // The rendered objects are no workspace objects of their own (views, values).
  assert.equal(workspace.manifestValues().length, 0);
});

test('a rendering failure is one diagnostic on the file and line the tool named; a restricted workspace says so once', () => {
  const workspace = chartWorkspace();
  const root = workspace.renderRoots()[0]!;
  workspace.setRendered(root, { kind: 'failed', tool: 'helm template', message: 'nil pointer', file: 'file:///w/web/templates/deployment.yaml', line: 5 });
  assert.deepEqual(workspace.diagnostics('file:///w/web/templates/deployment.yaml').map((d) => `${d.range.start.line} ${String(d.code)}`), ['5 render-failed']);
  workspace.setRendered(root, { kind: 'not-rendered', message: 'Not rendered: restricted' });
  assert.deepEqual(workspace.diagnostics('file:///w/web/templates/deployment.yaml'), []);
  assert.deepEqual(workspace.diagnostics('file:///w/web/Chart.yaml').map((d) => String(d.code)), ['not-rendered']);
});

test('an overlay: a patch is not validated as a whole object; its bad value is found through the built output', () => {
  const workspace = new BerthWorkspace(languageService());
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deploy.yaml\n',
    'base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: "api:1"}]\n',
    'prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: prod-\nresources:\n  - ../base\npatches:\n  - path: replicas.yaml\n',
    'prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: lots\n',
  };
  for (const [path, text] of Object.entries(files)) workspace.setFile(yamlDocument(text, `file:///w/${path}`), settings());
  assert.equal(workspace.role('file:///w/prod/replicas.yaml'), 'patch');
  assert.deepEqual(workspace.diagnostics('file:///w/prod/replicas.yaml'), [], 'no missing selector or template on a patch');
  const prod = workspace.renderRoots().find((r) => r.folder === 'file:///w/prod')!;
  const built = files['base/deploy.yaml']!.replace('name: api', 'name: prod-api').replace('replicas: 1', 'replicas: lots');
  workspace.setRendered(prod, { kind: 'rendered', text: built, tool: 'kustomize' });
  assert.deepEqual(workspace.diagnostics('file:///w/prod/replicas.yaml').map((d) => `${d.range.start.line} ${String(d.code)}`), ['5 invalid-type']);
  assert.deepEqual(workspace.renderRootsOf('file:///w/base/deploy.yaml').map((r) => r.folder).sort(), ['file:///w/base', 'file:///w/prod']);
});

test('an overlay that names a remote base is marked, so that nothing is fetched to render it', () => {
  const workspace = new BerthWorkspace(languageService());
  workspace.setFile(yamlDocument('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - https://github.com/example/app//config?ref=v1\n', 'file:///w/o/kustomization.yaml'), settings());
  assert.deepEqual(workspace.renderRoots().map((r) => r.remote), [['https://github.com/example/app//config?ref=v1']]);
});
