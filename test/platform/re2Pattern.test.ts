import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsPattern } from '../../platform/schema/crd/re2Pattern';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings, yamlDocument } from '../helpers/languageService';

function matches(re2: string, value: string): boolean {
  const js = jsPattern(re2);
  assert.ok(js !== undefined, `${re2} should translate`);
  return new RegExp(js, 'u').test(value);
}

test('a JavaScript-compatible pattern is kept as it is', () => {
  assert.equal(jsPattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'), '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
  assert.equal(jsPattern('^(?:[0-9]+(ms|s|m|h))+$'), '^(?:[0-9]+(ms|s|m|h))+$');
});

test("RE2's inline case-insensitivity holds to the end of its group, across alternatives", () => {
  // Prometheus Operator's PrometheusRule and AlertmanagerConfig.
  assert.ok(matches('^(?i)(abort|warn)?$', 'ABORT'));
  assert.ok(matches('^(?i)(abort|warn)?$', 'Warn'));
  assert.ok(matches('^(?i)(abort|warn)?$', ''));
  assert.ok(!matches('^(?i)(abort|warn)?$', 'stop'));
  const months = '^((?i)january|february|march|april|may|june|july|august|september|october|november|december|1[0-2]|[1-9])(?:((:((?i)january|february|march|april|may|june|july|august|september|october|november|december|1[0-2]|[1-9]))$)|$)';
  assert.ok(matches(months, 'JANUARY:march'));
  assert.ok(matches(months, 'December'));
  assert.ok(!matches(months, 'Smarch'));
  // Only inside its group: the `x` after it is case-sensitive again.
  assert.ok(matches('^((?i)a)x$', 'Ax'));
  assert.ok(!matches('^((?i)a)x$', 'AX'));
  assert.ok(matches('^(?i:ab)c$', 'aBc'));
  assert.ok(!matches('^(?i:ab)c$', 'aBC'));
  assert.ok(matches('^(?i)[a-c]+$', 'aBC'));
  assert.ok(!matches('^(?i)[^a-c]$', 'B'));
});

test('other RE2 syntax becomes its JavaScript equivalent', () => {
  assert.ok(matches('\\Afoo\\z', 'foo'));
  assert.ok(matches('^[[:alpha:]][[:digit:]]+$', 'a12'));
  assert.ok(!matches('^[[:alpha:]][[:digit:]]+$', '1a2'));
  assert.ok(matches('^\\pL+$', 'Ünïcode'));
  assert.ok(matches('^a\\-b$', 'a-b'));
  assert.ok(matches('^(?P<year>[0-9]{4})$', '2026'));
});

test('a pattern with no JavaScript equivalent is dropped, never turned into a stricter one', () => {
  assert.equal(jsPattern('(?s)a.b'), undefined);
  assert.equal(jsPattern('\\Qa.b\\E'), undefined);
  assert.equal(jsPattern('[[:nosuch:]]'), undefined);
  assert.equal(jsPattern('(unclosed'), undefined);
});

test('a CRD with a Go-only pattern still has its custom resources validated, the pattern included', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: rules.example.com}
spec:
  group: example.com
  names: {kind: Rule, plural: rules}
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
              properties:
                strategy: {type: string, pattern: '^(?i)(abort|warn)?$'}
`;
  const workspace = new BerthWorkspace(languageService());
  const unknownAsError = settings({ unknownFields: 'error' });
  workspace.setFile(yamlDocument(crd, 'file:///ws/crd.yaml'), unknownAsError);
  const codes = (spec: string): string[] => {
    const uri = `file:///ws/rule${spec.length}.yaml`;
    workspace.setFile(yamlDocument(`apiVersion: example.com/v1\nkind: Rule\nmetadata: {name: r}\nspec: ${spec}\n`, uri), unknownAsError);
    return workspace.diagnostics(uri).map((d) => String(d.code));
  };
  assert.deepEqual(codes('{strategy: WARN}'), []);
  assert.deepEqual(codes('{strategy: WARN, extra: 1}'), ['unknown-field']);
  assert.deepEqual(codes('{strategy: stop}'), ['invalid-format']);
});
