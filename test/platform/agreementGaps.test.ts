import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { languageService, rangeText, settings, yamlDocument } from '../helpers/languageService';
import { decodedValue } from '../../platform/validate/decodedValue';
import { AGREEMENT_GAP_CASES } from './agreementGapCases';

const service = languageService();

function errors(text: string): { diagnostics: Diagnostic[]; at: (d: Diagnostic) => string } {
  const document = yamlDocument(text);
  const diagnostics = service.diagnostics(document, settings({ unknownFields: 'error' })).filter((d) => d.severity === 1);
  return { diagnostics, at: (d) => rangeText(document, d.range) };
}

const summary = (diagnostics: Diagnostic[]): string => JSON.stringify(diagnostics.map((d) => [d.code, d.message]));

for (const c of AGREEMENT_GAP_CASES) {
  test(`the apiserver refuses, so does Berth: ${c.title}`, () => {
    const { diagnostics, at } = errors(c.refused);
    const found = diagnostics.filter((d) => d.code === c.code);
    assert.equal(found.length, 1, `expected one ${c.code}, got ${summary(diagnostics)}`);
    assert.equal(at(found[0]!), c.at);
    assert.ok(String(found[0]!.message).includes(c.message), `message ${JSON.stringify(found[0]!.message)} lacks ${JSON.stringify(c.message)}`);
  });
  test(`the apiserver accepts, Berth has no error: ${c.title}`, () => {
    const { diagnostics } = errors(c.accepted);
    assert.deepEqual(diagnostics, [], summary(diagnostics));
  });
}

test('a required spec the apiserver fills with its zero value may be left out (CSIDriver, NetworkPolicy, DeviceClass)', () => {
  for (const text of [
    'apiVersion: storage.k8s.io/v1\nkind: CSIDriver\nmetadata:\n  name: csi.example.com\n',
    'apiVersion: storage.k8s.io/v1\nkind: CSIDriver\nmetadata:\n  name: csi.example.com\nspec:\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec: {}\n',
    'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu.example.com\n',
  ]) {
    const { diagnostics } = errors(text);
    assert.deepEqual(diagnostics, [], `${text}: ${summary(diagnostics)}`);
  }
});

test('a required field whose zero value is not enough stays missing (an HPA without its target, a Deployment without a template)', () => {
  const hpa = errors('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 3\n');
  assert.deepEqual(hpa.diagnostics.map((d) => d.code), ['missing-required'], summary(hpa.diagnostics));
  assert.match(String(hpa.diagnostics[0]!.message), /"scaleTargetRef"/);
  const deployment = errors('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n');
  assert.ok(deployment.diagnostics.some((d) => String(d.message).includes('spec.template')), summary(deployment.diagnostics));
});

test('null list items decode as the zero value of the item type', () => {
  const schema = {
    type: 'object',
    properties: {
      words: { type: 'array', items: { type: 'string' } },
      counts: { type: 'array', items: { type: 'integer' } },
      flags: { type: 'array', items: { type: 'boolean' } },
      things: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
      maybe: { type: 'array', items: { type: ['string', 'null'] } },
    },
  };
  assert.deepEqual(decodedValue({ words: [null, 'x'], counts: [null], flags: [null], things: [null], maybe: [null] }, schema), {
    words: ['', 'x'],
    counts: [0],
    flags: [false],
    things: [{}],
    maybe: [null],
  });
});

test('the status of a built-in kind is not checked for the fields its controllers fill', () => {
  const { diagnostics } = errors(
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\nstatus:\n  containerStatuses:\n    - name: web\n      ready: true\n      restartCount: 0\n',
  );
  assert.deepEqual(diagnostics, [], summary(diagnostics));
});
