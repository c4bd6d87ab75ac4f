import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chartYamlIssues } from '../../platform/charts/chartYaml';
import { kustomizationIssues } from '../../platform/charts/kustomization';
import { valuesIssues } from '../../platform/charts/valuesSchema';
import { isSemVerRange, isStrictSemVer, isLenientSemVer } from '../../platform/charts/semver';
import { hasNestedRepetition } from '../../platform/charts/safePattern';
import type { ChunkDiagnostic } from '../../platform/validate/analyzeChunk';
import { parseChunk } from '../../platform/yaml/parseChunk';
import { splitDocuments } from '../../platform/yaml/splitDocuments';

function parsed(text: string): ReturnType<typeof parseChunk> {
  return parseChunk(splitDocuments(text)[0]!);
}

/** Each diagnostic as `code@line:text` where text is what its range covers. */
function found(text: string, diagnostics: readonly ChunkDiagnostic[]): string[] {
  const lines = text.split('\n');
  return diagnostics.map((d) => {
    const covered = d.range.start.line === d.range.end.line ? lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character) : `${lines[d.range.start.line]!.slice(d.range.start.character)}…`;
    return `${d.code}@${d.range.start.line}:${covered}`;
  });
}

const GOOD_CHART = `apiVersion: v2
name: web-app
description: A web application
type: application
version: 1.2.3-rc.1+build.5
appVersion: "1.10"
kubeVersion: ">=1.25.0-0 <1.37.0"
home: https://example.com/web
icon: https://example.com/icon.png
sources:
  - https://github.com/example/web
keywords: [web, http]
deprecated: false
annotations:
  category: Web
maintainers:
  - name: Ada
    email: ada@example.com
    url: https://example.com/ada
dependencies:
  - name: postgresql
    version: ~15.2.0
    repository: oci://registry.example.com/charts
    condition: postgresql.enabled
    tags: [database]
    import-values:
      - data
      - child: default.port
        parent: dbPort
  - name: postgresql
    alias: replica_db
    version: ">= 15.0.0, < 16"
    repository: "@bitnami"
`;

describe('Chart.yaml', () => {
  test('a complete chart passes with no diagnostics', () => {
    assert.deepEqual(found(GOOD_CHART, chartYamlIssues(parsed(GOOD_CHART))), []);
  });

  test('each mistake gives its code on its line', () => {
    const text = `apiVersion: v3
name: Web/App
version: 1.2.x
type: service
appVersion: 1.10
kubeVersion: "at least 1.25"
icon: not a url
deprecated: "yes"
annotations:
  count: 3
maintainers:
  - email: nobody
dependencies:
  - name: redis
    version: "^^1"
    repository: charts.example.com
    alias: "my alias"
  - name: redis
    tags: database
colour: blue
`;
    assert.deepEqual(found(text, chartYamlIssues(parsed(text))), [
      'chart-not-a-string@4:1.10',
      'chart-invalid-type@7:"yes"',
      'chart-not-a-string@9:3',
      'chart-invalid-type@18:database',
      'chart-unknown-field@19:colour',
      'chart-api-version@0:v3',
      'chart-invalid-name@1:Web/App',
      'chart-invalid-version@2:1.2.x',
      'chart-type@3:service',
      'chart-kube-version@5:"at least 1.25"',
      'chart-invalid-url@6:not a url',
      'chart-missing-field@11:email',
      'chart-invalid-email@11:nobody',
      'chart-dependency-version@14:"^^1"',
      'chart-dependency-repository@15:charts.example.com',
      'chart-dependency-alias@16:"my alias"',
    ]);
  });

  test('appVersion 1.10 warns that YAML reads it as 1.1', () => {
    const text = 'apiVersion: v2\nname: a\nversion: 1.0.0\nappVersion: 1.10\n';
    const [warning] = chartYamlIssues(parsed(text));
    assert.equal(warning?.severity, 'warning');
    assert.match(warning!.message, /written as 1\.10.*"1\.1"/);
  });

  test('missing name and version are errors, and a loose version only a warning', () => {
    const text = 'apiVersion: v2\ndescription: x\n';
    assert.deepEqual(found(text, chartYamlIssues(parsed(text))), ['chart-missing-field@0:apiVersion', 'chart-missing-field@0:apiVersion']);
    const loose = 'apiVersion: v2\nname: a\nversion: v1.2\n';
    const diagnostics = chartYamlIssues(parsed(loose));
    assert.deepEqual(found(loose, diagnostics), ['chart-version-not-semver2@2:v1.2']);
    assert.equal(diagnostics[0]!.severity, 'warning');
  });

  test('dependencies named alike need an alias, and v1 charts have neither type nor dependencies', () => {
    const text = 'apiVersion: v1\nname: a\nversion: 1.0.0\ntype: library\ndependencies:\n  - name: x\n    repository: https://c.example.com\n  - name: x\n    repository: https://c.example.com\n';
    assert.deepEqual(found(text, chartYamlIssues(parsed(text))), ['chart-v2-only@3:type', 'chart-v2-only@4:dependencies', 'chart-duplicate-dependency@7:x']);
  });

  test('a broken YAML file gets no chart diagnostics on top of its syntax errors', () => {
    assert.deepEqual(chartYamlIssues(parsed('name: [a\n')), []);
  });
});

const GOOD_KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
namePrefix: prod-
resources:
  - ../base
  - service.yaml
components:
  - ../components/tls
patches:
  - path: replicas.yaml
    target:
      kind: Deployment
      name: web
      labelSelector: app=web
  - patch: |-
      - op: replace
        path: /spec/replicas
        value: 3
    target: {group: apps, version: v1, kind: Deployment}
    options: {allowNameChange: true}
labels:
  - pairs: {team: shop}
    includeSelectors: false
    includeTemplates: true
commonAnnotations:
  owner: shop
images:
  - name: nginx
    newName: registry.example.com/nginx
    newTag: "1.27"
  - name: redis
    digest: sha256:0123
replicas:
  - name: web
    count: 3
configMapGenerator:
  - name: settings
    literals: [A=1]
    files: [app.properties]
secretGenerator:
  - name: creds
    envs: [creds.env]
    type: Opaque
generatorOptions:
  disableNameSuffixHash: true
helmCharts:
  - name: redis
    repo: https://charts.example.com
    version: 1.0.0
    valuesInline: {replicas: 1}
sortOptions:
  order: fifo
buildMetadata: [originAnnotations]
crds: [crd.yaml]
openapi:
  path: schema.json
transformers: [t.yaml]
generators: [g.yaml]
validators: [v.yaml]
`;

describe('kustomization.yaml', () => {
  test('a complete kustomization passes with no diagnostics', () => {
    assert.deepEqual(found(GOOD_KUSTOMIZATION, kustomizationIssues(parsed(GOOD_KUSTOMIZATION))), []);
  });

  test('a Component with its own apiVersion passes, and so does a file with neither apiVersion nor kind', () => {
    const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: p.yaml\n';
    assert.deepEqual(kustomizationIssues(parsed(component)), []);
    assert.deepEqual(kustomizationIssues(parsed('resources: [a.yaml]\n')), []);
  });

  test('unknown fields are errors, as kustomize build refuses them, at any depth', () => {
    const text = 'resources: [a.yaml]\nresource: [b.yaml]\npatches:\n  - path: p.yaml\n    target:\n      kind: Deployment\n      labelSelectors: app=web\n';
    const diagnostics = kustomizationIssues(parsed(text));
    assert.deepEqual(found(text, diagnostics), ['kustomize-unknown-field@1:resource', 'kustomize-unknown-field@6:labelSelectors']);
    assert.ok(diagnostics.every((d) => d.severity === 'error'));
    assert.match(diagnostics[0]!.message, /did you mean "resources"/);
  });

  test('YAML 1.1 booleans where strings belong are refused, and field names match regardless of case, as kustomize reads them', () => {
    const text = 'RESOURCES: [a.yaml]\ncommonAnnotations:\n  managed: yes\n  quoted: "yes"\n';
    assert.deepEqual(found(text, kustomizationIssues(parsed(text))), ['kustomize-invalid-type@2:yes']);
  });

  test('deprecated fields warn with what to use instead', () => {
    const text = 'bases: [../base]\ncommonLabels: {app: web}\npatchesStrategicMerge: [p.yaml]\npatchesJson6902:\n  - path: j.yaml\n    target: {kind: Deployment, name: web}\n';
    const diagnostics = kustomizationIssues(parsed(text));
    assert.deepEqual(new Set(found(text, diagnostics)), new Set(['kustomize-deprecated-field@0:bases', 'kustomize-deprecated-field@1:commonLabels', 'kustomize-deprecated-field@2:patchesStrategicMerge', 'kustomize-deprecated-field@3:patchesJson6902']));
    assert.ok(diagnostics.every((d) => d.severity === 'warning'));
    assert.match(diagnostics.find((d) => d.range.start.line === 1)!.message, /labels/);
  });

  test('wrong kind, apiVersion, types and patches are errors on their lines', () => {
    const text = 'apiVersion: kustomize.config.k8s.io/v1\nkind: Kustomization\nreplicas:\n  - name: web\n    count: "3"\nnamePrefix: 7\npatches:\n  - path: a.yaml\n    patch: "[]"\n  - target: {kind: Service}\n';
    assert.deepEqual(found(text, kustomizationIssues(parsed(text))), [
      'kustomize-invalid-type@4:"3"',
      'kustomize-invalid-type@5:7',
      'kustomize-api-version@0:kustomize.config.k8s.io/v1',
      'kustomize-patch-source@8:patch',
      'kustomize-patch-source@9:target',
    ]);
    const kind = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Overlay\n';
    assert.deepEqual(found(kind, kustomizationIssues(parsed(kind))), ['kustomize-kind@1:Overlay']);
  });
});

const SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['image'],
  properties: {
    replicaCount: { type: 'integer', minimum: 1 },
    image: { type: 'object', additionalProperties: false, properties: { repository: { type: 'string', pattern: '^[a-z0-9./-]+$' }, pullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] } } },
    service: { type: 'object', properties: { port: { type: 'integer' } } },
  },
});

describe('values.yaml against values.schema.json', () => {
  test('values that fit the schema pass, and no schema means no check', () => {
    const text = 'replicaCount: 2\nimage:\n  repository: nginx\n  pullPolicy: IfNotPresent\nservice:\n  port: 80\n';
    assert.deepEqual(valuesIssues(parsed(text), SCHEMA), []);
    assert.deepEqual(valuesIssues(parsed('replicaCount: many\n'), undefined), []);
  });

  test('each violation is on the offending key or value', () => {
    const text = 'replicaCount: 0\nimage:\n  repository: Nginx!\n  pullPolicy: Sometimes\n  tag: latest\nservice:\n  port: eighty\n';
    assert.deepEqual(found(text, valuesIssues(parsed(text), SCHEMA)), [
      'values-out-of-range@0:0',
      'values-unknown-field@4:tag',
      'values-invalid-format@2:Nginx!',
      'values-invalid-enum@3:Sometimes',
      'values-invalid-type@6:eighty',
    ]);
  });

  test('a required value missing from an empty values.yaml is reported at the top', () => {
    const diagnostics = valuesIssues(parsed('# nothing yet\n'), SCHEMA);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['values-missing-required', 0]]);
  });

  test('a broken schema gives one diagnostic at the top of values.yaml', () => {
    const text = 'replicaCount: 0\nimage: {}\n';
    for (const schema of ['{ "type": "object", ', '[1, 2]', JSON.stringify({ type: 'object', properties: { a: { $ref: 'https://example.com/other.json' } } })]) {
      const diagnostics = valuesIssues(parsed(text), schema);
      assert.equal(diagnostics.length, 1, schema);
      assert.equal(diagnostics[0]!.code, 'values-schema-broken');
      assert.deepEqual(diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    }
  });

  test('a pattern that could backtrack for ever is not run, and RE2 syntax is translated', () => {
    const schema = JSON.stringify({ properties: { name: { type: 'string', pattern: '^(a+)+$' }, id: { type: 'string', pattern: '\\A(?i)[a-z]+\\z' } } });
    const text = `name: ${'a'.repeat(40)}!\nid: ABC\n`;
    assert.deepEqual(valuesIssues(parsed(text), schema), []);
    assert.deepEqual(found('id: abc1\n', valuesIssues(parsed('id: abc1\n'), schema)), ['values-invalid-format@0:abc1']);
  });

  test('draft 2020-12 schemas are read as such', () => {
    const schema = JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { list: { type: 'array', prefixItems: [{ type: 'string' }] } } });
    assert.deepEqual(found('list: [3]\n', valuesIssues(parsed('list: [3]\n'), schema)), ['values-invalid-type@0:3']);
  });
});

describe('versions and patterns', () => {
  test('SemVer 2, Helm\'s lenient versions and ranges', () => {
    assert.ok(isStrictSemVer('1.2.3-alpha.1+meta'));
    assert.ok(!isStrictSemVer('1.2') && isLenientSemVer('1.2') && isLenientSemVer('v1.2.3'));
    assert.ok(!isLenientSemVer('1.2.3.4') && !isLenientSemVer('latest'));
    for (const range of ['>=1.25.0-0', '^1.2', '~1.2.x', '1.0 - 2.0', '>= 1.2, < 2 || 3.x', '*', '=1.0.0']) assert.ok(isSemVerRange(range), range);
    for (const range of ['at least 1', '>>1', '', '1 2 3 4 x y']) assert.ok(!isSemVerRange(range), range);
  });

  test('nested unbounded repetition is recognised', () => {
    for (const p of ['(a+)+', '(a*)*b', '((ab)+c)*', '(x+){2,}']) assert.ok(hasNestedRepetition(p), p);
    for (const p of ['^[a-z]+$', '(ab)+', '(a+)?', '[(a+)]+', '\\(a+\\)+']) assert.ok(!hasNestedRepetition(p), p);
  });
});
