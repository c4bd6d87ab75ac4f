import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent, Position } from 'vscode-languageserver-types';
import { ChartIndex } from '../../platform/charts/chartIndex';
import { valuesCompletionAt, valuesPathAt, valuesUses } from '../../platform/charts/valuesPath';

const CARET = '<|>';

/** A template with one caret marker: the text without it and the marker's offset. */
function at(textWithCaret: string): { text: string; offset: number; position: Position } {
  const offset = textWithCaret.indexOf(CARET);
  assert.notEqual(offset, -1, 'fixture has a caret');
  const text = textWithCaret.replace(CARET, '');
  const before = text.slice(0, offset).split('\n');
  return { text, offset, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

function pathAt(textWithCaret: string): string[] | undefined {
  const { text, offset } = at(textWithCaret);
  return valuesPathAt(text, offset)?.path;
}

describe('.Values paths in templates', () => {
  test('a nested path, cut at the key under the cursor', () => {
    assert.deepEqual(pathAt('image: {{ .Values.image.repo<|>sitory }}'), ['image', 'repository']);
    assert.deepEqual(pathAt('image: {{ .Values.ima<|>ge.repository }}'), ['image']);
    assert.equal(pathAt('image: {{ .Val<|>ues.image }}'), undefined);
  });

  test('$.Values, pipelines and function arguments', () => {
    assert.deepEqual(pathAt('{{ range .Values.items }}{{ $.Values.global.regi<|>stry }}{{ end }}'), ['global', 'registry']);
    assert.deepEqual(pathAt('replicas: {{ .Values.a.<|>b | default 3 }}'), ['a', 'b']);
    assert.deepEqual(pathAt('{{- toYaml (.Values.resour<|>ces) | nindent 12 }}'), ['resources']);
    assert.deepEqual(pathAt('{{ if and .Values.x (eq .Values.mode "a<|>") }}'), undefined);
  });

  test('index .Values with quoted keys names the whole path', () => {
    assert.deepEqual(pathAt('{{ index .Values "my-<|>chart" "port" }}'), ['my-chart', 'port']);
    assert.deepEqual(pathAt('{{ in<|>dex $.Values.sub "a-b" }}'), ['sub', 'a-b']);
  });

  test('what is not .Values is not a path: other objects, variables, text outside actions, a changed dot', () => {
    assert.equal(pathAt('{{ .Chart.Values<|>.x }}'), undefined);
    assert.equal(pathAt('{{ $v.Values.x<|> }}'), undefined);
    assert.equal(pathAt('name: .Values.x<|>'), undefined);
    assert.equal(pathAt('{{- with .Values.x }}{{ .y<|> }}{{ end }}'), undefined);
    assert.deepEqual(pathAt('{{- with .Values.x<|> }}{{ .y }}{{ end }}'), ['x']);
  });

  test('every read of a template, with its span', () => {
    const text = 'a: {{ .Values.a.b }}\nb: {{ "}}" }} {{ $.Values.c | quote }}\n{{/* .Values.commented */}}\nc: {{ index .Values "d-e" }}';
    assert.deepEqual(valuesUses(text).map((u) => [u.path.join('.'), text.slice(u.span[0], u.span[1])]), [
      ['a.b', '.Values.a.b'],
      ['c', '$.Values.c'],
      ['commented', '.Values.commented'],
      ['d-e', 'index .Values "d-e"'],
    ]);
  });

  test('completion sites after .Values. and .Values.a.', () => {
    const site = (t: string): unknown => {
      const { text, offset } = at(t);
      const found = valuesCompletionAt(text, offset);
      return found && { parent: found.parentPath, typed: found.typed };
    };
    assert.deepEqual(site('{{ .Values.<|> }}'), { parent: [], typed: '' });
    assert.deepEqual(site('{{ .Values.image.re<|>'), { parent: ['image'], typed: 're' });
    assert.deepEqual(site('{{ $.Values.a.b.<|> }}'), { parent: ['a', 'b'], typed: '' });
    assert.equal(site('.Values.<|>'), undefined);
    assert.equal(site('{{ .Chart.Values.<|> }}'), undefined);
  });
});

const ROOT = 'file:///ws/charts/web';
const VALUES = `replicaCount: 3
image:
  repository: nginx
  tag: "1.27"
  pull-policy: IfNotPresent
service:
  port: 80
resources: {}
`;
const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          resources: {{- toYaml .Values.resources | nindent 12 }}
`;
const SERVICE = `kind: Service
spec:
  ports:
    - port: {{ $.Values.service.port }}
`;

function chart(): ChartIndex {
  const index = new ChartIndex();
  index.setFile(`${ROOT}/Chart.yaml`, 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
  index.setFile(`${ROOT}/values.yaml`, VALUES);
  index.setFile(`${ROOT}/templates/deployment.yaml`, TEMPLATE);
  index.setFile(`${ROOT}/templates/service.yaml`, SERVICE);
  index.setFile('file:///ws/other/deployment.yaml', 'replicas: 1\n');
  return index;
}

function positionOf(text: string, needle: string, within = 0): Position {
  const offset = text.indexOf(needle) + within;
  assert.ok(offset >= within, `${needle} is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('ChartIndex', () => {
  test('knows chart roots, which chart a file is in, its values.yaml and templates; subcharts are charts of their own', () => {
    const index = chart();
    index.setFile(`${ROOT}/charts/db/Chart.yaml`, 'apiVersion: v2\nname: db\nversion: 1.0.0\n');
    index.setFile(`${ROOT}/charts/db/templates/statefulset.yaml`, 'replicas: {{ .Values.replicas }}\n');
    assert.deepEqual(index.chartRoots(), [ROOT, `${ROOT}/charts/db`]);
    assert.equal(index.chartOf(`${ROOT}/templates/deployment.yaml`)?.values, `${ROOT}/values.yaml`);
    assert.deepEqual(index.chartOf(`${ROOT}/templates/service.yaml`)?.templates, [`${ROOT}/templates/deployment.yaml`, `${ROOT}/templates/service.yaml`]);
    assert.equal(index.chartOf(`${ROOT}/charts/db/templates/statefulset.yaml`)?.root, `${ROOT}/charts/db`);
    assert.equal(index.chartOf(`${ROOT}/charts/db/Chart.yaml`)?.parent, ROOT);
    assert.ok(index.isTemplate(`${ROOT}/templates/service.yaml`) && index.isValuesFile(`${ROOT}/values.yaml`));
    assert.equal(index.chartOf('file:///ws/other/deployment.yaml'), undefined);
    index.removeFile(`${ROOT}/Chart.yaml`);
    assert.equal(index.isTemplate(`${ROOT}/templates/service.yaml`), false);
  });

  test('hover on .Values.replicaCount shows the value from values.yaml and from each preview file', () => {
    const index = chart();
    index.setPreviewValues(ROOT, [{ uri: 'file:///ws/envs/prod.yaml', text: 'replicaCount: 5\n', label: 'envs/prod.yaml (preview)' }]);
    const hover = index.hover(`${ROOT}/templates/deployment.yaml`, positionOf(TEMPLATE, 'replicaCount'));
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /values\\\.yaml:\n\n```yaml\nreplicaCount: 3\n```/);
    assert.match(value, /envs\/prod\\\.yaml \\\(preview\\\):\n\n```yaml\nreplicaCount: 5\n```/);
    assert.deepEqual(hover?.range, { start: { line: 3, character: 15 }, end: { line: 3, character: 35 } });
  });

  test('hover on a mapping shows its keys as written; an unset value says so', () => {
    const index = chart();
    const value = (index.hover(`${ROOT}/templates/deployment.yaml`, positionOf(TEMPLATE, 'image.repository', 2))?.contents as MarkupContent).value;
    assert.match(value, /```yaml\nimage:\n  repository: nginx\n  tag: "1\.27"\n  pull-policy: IfNotPresent\n```/);
    index.setFile(`${ROOT}/templates/extra.yaml`, 'x: {{ .Values.missing }}\n');
    assert.match((index.hover(`${ROOT}/templates/extra.yaml`, { line: 0, character: 16 })?.contents as MarkupContent).value, /Not set in values\.yaml/);
    assert.equal(index.hover(`${ROOT}/templates/deployment.yaml`, positionOf(TEMPLATE, 'kind')), undefined);
    assert.equal(index.hover(`${ROOT}/values.yaml`, { line: 0, character: 2 }), undefined);
  });

  test('definition goes to the key in values.yaml and in each preview file', () => {
    const index = chart();
    index.setPreviewValues(ROOT, [{ uri: 'file:///ws/envs/prod.yaml', text: 'image:\n  tag: "2.0"\n', label: 'prod' }]);
    assert.deepEqual(index.definition(`${ROOT}/templates/deployment.yaml`, positionOf(TEMPLATE, 'image.tag', 7)), [
      { uri: `${ROOT}/values.yaml`, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 5 } } },
      { uri: 'file:///ws/envs/prod.yaml', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } } },
    ]);
    assert.equal(index.definition('file:///ws/other/deployment.yaml', { line: 0, character: 1 }), undefined);
  });

  test('completion after .Values. and .Values.image. offers the keys at that level with their values', () => {
    const index = chart();
    index.setFile(`${ROOT}/templates/new.yaml`, 'a: {{ .Values. }}\nb: {{ .Values.image.t }}\n');
    const top = index.completion(`${ROOT}/templates/new.yaml`, { line: 0, character: 14 }) ?? [];
    assert.deepEqual(top.map((i) => `${i.label}=${i.detail}`), ['replicaCount=3 (values.yaml)', 'image={ 3 keys } (values.yaml)', 'service={ 1 key } (values.yaml)', 'resources={} (values.yaml)']);
    const nested = index.completion(`${ROOT}/templates/new.yaml`, { line: 1, character: 21 }) ?? [];
    // `pull-policy` cannot follow a dot: it is left out.
    assert.deepEqual(nested.map((i) => i.label), ['repository', 'tag']);
    assert.deepEqual(nested[1]?.textEdit, { range: { start: { line: 1, character: 20 }, end: { line: 1, character: 21 } }, newText: 'tag' });
    assert.equal(index.completion(`${ROOT}/templates/new.yaml`, { line: 0, character: 2 }), undefined);
  });

  test('references from a key in values.yaml find the templates that read it, or a value around it', () => {
    const index = chart();
    const refs = (needle: string, within = 0): string[] =>
      (index.references(`${ROOT}/values.yaml`, positionOf(VALUES, needle, within)) ?? []).map((l) => `${l.uri.slice(ROOT.length + 1)}:${l.range.start.line}:${l.range.start.character}`);
    assert.deepEqual(refs('replicaCount'), ['templates/deployment.yaml:3:15']);
    assert.deepEqual(refs('image'), ['templates/deployment.yaml:7:21', 'templates/deployment.yaml:7:52']);
    assert.deepEqual(refs('port: 80', 0), ['templates/service.yaml:3:15']);
    index.setFile(`${ROOT}/templates/limits.yaml`, 'cpu: {{ .Values.resources.limits.cpu }}\n');
    assert.deepEqual(refs('resources'), ['templates/deployment.yaml:8:32', 'templates/limits.yaml:0:8']);
    assert.equal(index.references('file:///ws/other/deployment.yaml', { line: 0, character: 1 }), undefined);
  });

  test('a subchart sees its parent\'s values under its name, and the parent\'s keys find the subchart\'s templates', () => {
    const index = chart();
    index.setFile(`${ROOT}/values.yaml`, `${VALUES}db:\n  replicas: 2\n`);
    index.setFile(`${ROOT}/charts/db/Chart.yaml`, 'apiVersion: v2\nname: db\nversion: 1.0.0\n');
    index.setFile(`${ROOT}/charts/db/values.yaml`, 'replicas: 1\n');
    index.setFile(`${ROOT}/charts/db/templates/statefulset.yaml`, 'replicas: {{ .Values.replicas }}\n');
    const value = (index.hover(`${ROOT}/charts/db/templates/statefulset.yaml`, { line: 0, character: 24 })?.contents as MarkupContent).value;
    assert.match(value, /values\\\.yaml:\n\n```yaml\nreplicas: 1\n```/);
    assert.match(value, /web values\\\.yaml \\\(under db\\\):\n\n```yaml\nreplicas: 2\n```/);
    const lines = `${VALUES}db:\n  replicas: 2\n`.split('\n');
    const line = lines.indexOf('  replicas: 2');
    assert.deepEqual(index.references(`${ROOT}/values.yaml`, { line, character: 4 })?.map((l) => l.uri), [`${ROOT}/charts/db/templates/statefulset.yaml`]);
  });
});
