import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { berth, workspace } from '../helpers/cli';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
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
                size: {type: integer}
`;
const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: small\nspec: {size: "big", colour: red}\n';

test('a CRD among the inputs validates its custom resources', () => {
  const dir = workspace({ 'crd.yaml': CRD, 'widget.yaml': WIDGET });
  const result = berth(['validate', dir]);
  assert.equal(result.status, 1, result.stdout);
  assert.ok(result.stdout.includes(`${join(dir, 'widget.yaml')}:5:14: error [invalid-type] size must be an integer`), result.stdout);
  assert.match(result.stdout, /warning \[unknown-field\] Unknown field "colour"/);
});

test('--crd reads CRDs outside the inputs (files or directories, repeatable); they are not reported', () => {
  const dir = workspace({ 'crds/widget.yaml': CRD, 'app/widget.yaml': WIDGET });
  for (const args of [['--crd', join(dir, 'crds')], ['--crd', join(dir, 'crds', 'widget.yaml'), '--crd', join(dir, 'crds')]]) {
    const result = berth(['validate', join(dir, 'app'), ...args]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /1 file, 1 document: 1 error, 1 warning/);
    assert.match(result.stdout, /\[invalid-type\] size must be an integer/);
  }
  const missing = berth(['validate', join(dir, 'app'), '--crd', join(dir, 'nowhere')]);
  assert.equal(missing.status, 2);
});

test('--missing-schemas sets the level of a custom resource without a CRD', () => {
  const dir = workspace({ 'widget.yaml': WIDGET });
  const byDefault = berth(['validate', dir]);
  assert.equal(byDefault.status, 0, byDefault.stdout);
  assert.match(byDefault.stdout, /warning \[missing-schema\] No schema for example\.com\/v1 Widget.*--crd/);
  const strict = berth(['validate', dir, '--missing-schemas', 'error']);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /error \[missing-schema\]/);
  const quiet = berth(['validate', dir, '--missing-schemas', 'ignore']);
  assert.equal(quiet.status, 0);
  assert.doesNotMatch(quiet.stdout, /missing-schema/);
  const wrong = berth(['validate', dir, '--missing-schemas', 'loud']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--missing-schemas must be error, warning, information, ignore/);
});
