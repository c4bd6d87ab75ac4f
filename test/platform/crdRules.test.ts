import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, rangeText, settings, yamlDocument } from '../helpers/languageService';
import { CRD_CASES, FORMAT_CASES, FORMATS_CRD, IGNORED_FORMAT_SPECS, widget } from './crdCases';

const service = languageService();
const ERROR = 1;

function errors(text: string): { diagnostics: Diagnostic[]; at: (d: Diagnostic) => string } {
  const document = yamlDocument(text);
  const diagnostics = service.diagnostics(document, settings({ unknownFields: 'error' })).filter((d) => d.severity === ERROR);
  return { diagnostics, at: (d) => rangeText(document, d.range) };
}

const summary = (diagnostics: readonly Diagnostic[]): string => JSON.stringify(diagnostics.map((d) => [d.code, d.message]));

for (const c of CRD_CASES) {
  test(`the apiserver refuses the CRD, so does Berth: ${c.title}`, () => {
    const { diagnostics, at } = errors(c.refused);
    const found = diagnostics.filter((d) => d.code === c.code);
    assert.equal(found.length, 1, `expected one ${c.code}, got ${summary(diagnostics)}`);
    assert.equal(at(found[0]!), c.at);
    assert.ok(String(found[0]!.message).includes(c.message), `message ${JSON.stringify(found[0]!.message)} lacks ${JSON.stringify(c.message)}`);
  });
  test(`the apiserver accepts the CRD, Berth has no error: ${c.title}`, () => {
    const { diagnostics } = errors(c.accepted);
    assert.deepEqual(diagnostics, [], summary(diagnostics));
  });
}

/** A workspace holding the formats CRD, and the diagnostics of one Widget beside it. */
function widgetErrors(spec: string, kubernetesVersion = '1.36'): { diagnostics: Diagnostic[]; at: (d: Diagnostic) => string } {
  const workspace = new BerthWorkspace(service);
  const options = settings({ unknownFields: 'error', kubernetesVersion });
  workspace.setFile(yamlDocument(FORMATS_CRD, 'file:///ws/crd.yaml'), options);
  const document = yamlDocument(widget(spec), 'file:///ws/widget.yaml');
  workspace.setFile(document, options);
  const diagnostics = workspace.diagnostics(document.uri).filter((d) => d.severity === ERROR);
  return { diagnostics, at: (d) => rangeText(document, d.range) };
}

test('the formats CRD itself is one the apiserver accepts', () => {
  const { diagnostics } = errors(FORMATS_CRD);
  assert.deepEqual(diagnostics, [], summary(diagnostics));
});

for (const c of FORMAT_CASES) {
  test(`a custom resource value outside its format is refused: ${c.title}`, () => {
    const { diagnostics, at } = widgetErrors(c.refused);
    assert.deepEqual(diagnostics.map((d) => d.code), ['invalid-format'], summary(diagnostics));
    assert.equal(at(diagnostics[0]!), c.at);
    assert.ok(String(diagnostics[0]!.message).includes(c.message), `message ${JSON.stringify(diagnostics[0]!.message)} lacks ${JSON.stringify(c.message)}`);
  });
  test(`a custom resource value in its format is accepted: ${c.title}`, () => {
    const { diagnostics } = widgetErrors(c.accepted);
    assert.deepEqual(diagnostics, [], summary(diagnostics));
  });
}

test('formats on other types, and formats the apiserver does not know, are not checked; a required field with a default may be left out', () => {
  for (const spec of IGNORED_FORMAT_SPECS) {
    const { diagnostics } = widgetErrors(spec);
    assert.deepEqual(diagnostics, [], `${spec}: ${summary(diagnostics)}`);
  }
});

test('k8s-short-name and k8s-long-name are checked from Kubernetes 1.35 on (the apiserver of 1.34 is compatible with 1.33, which lacks them)', () => {
  assert.deepEqual(widgetErrors('{shortName: My-Name}', '1.34').diagnostics, []);
  assert.deepEqual(widgetErrors('{shortName: My-Name}', '1.35').diagnostics.map((d) => d.code), ['invalid-format']);
  assert.deepEqual(widgetErrors('{created: yesterday}', '1.33').diagnostics.map((d) => d.code), ['invalid-format'], 'the older formats are checked by every version');
});

test('built-in kinds do not have their formats checked: Go types validate them, not the schema format', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  creationTimestamp: "not a time"\nspec:\n  containers: [{name: web, image: nginx:1.27}]\n';
  assert.ok(!errors(pod).diagnostics.some((d) => d.code === 'invalid-format'), summary(errors(pod).diagnostics));
});

test('odd shapes in a CRD never throw: every rule skips values of the wrong type', () => {
  const oddities = [null, 'text', 7, [], [null, 3, 'x'], { a: null }, true];
  for (const c of CRD_CASES) {
    for (const odd of oddities) {
      // Each flow mapping in turn, and each schema keyword's value, replaced by an odd value.
      const flows = [...c.refused.matchAll(/\{[^{}\n]*\}/g)].map((m) => m.index!);
      for (const at of flows.slice(0, 4)) {
        const text = c.refused.slice(0, at) + JSON.stringify(odd) + c.refused.slice(c.refused.indexOf('}', at) + 1);
        const diagnostics = service.diagnostics(yamlDocument(text), settings());
        assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), `${c.title} with ${JSON.stringify(odd)}: ${summary(diagnostics)}`);
      }
      const typed = c.refused.replace(/type: \w+/, `type: ${JSON.stringify(odd)}`);
      assert.ok(!service.diagnostics(yamlDocument(typed), settings()).some((d) => d.code === 'internal-error'), `${c.title}: type ${JSON.stringify(odd)}`);
    }
  }
});
