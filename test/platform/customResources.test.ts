import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { BerthLanguageService } from '../../platform/languageService';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import type { ValidationSettings } from '../../platform/settings';
import { repoRoot } from '../helpers/repo';
import { settings, withCaret, yamlDocument } from '../helpers/languageService';

const SPEC_PROPERTIES = `
                size: {type: integer, description: How big the widget is.}
                port: {x-kubernetes-int-or-string: true}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                owner: {type: string, nullable: true}
                colourless: {type: string, default: grey, format: hostname}
                template: {type: object, x-kubernetes-embedded-resource: true, properties: {spec: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
              x-kubernetes-validations: [{rule: "self.size < 100"}]`;

const CRD = (size = 'integer'): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
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
              properties:${SPEC_PROPERTIES.replace('size: {type: integer', `size: {type: ${size}`)}
    - name: v1beta1
      served: true
      storage: false
      deprecated: true
      deprecationWarning: example.com/v1beta1 Widget is deprecated; use example.com/v1
      schema:
        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
    - name: v1alpha1
      served: false
      storage: false
      schema:
        openAPIV3Schema: {type: object}
`;

const WIDGET = (spec: string, apiVersion = 'example.com/v1'): string => `apiVersion: ${apiVersion}\nkind: Widget\nmetadata:\n  name: small\nspec: ${spec}\n`;

interface Fixture {
  readonly workspace: BerthWorkspace;
  readonly service: BerthLanguageService;
  set(name: string, text: string, overrides?: Partial<ValidationSettings>): TextDocument;
  diagnostics(name: string): Diagnostic[];
  text(name: string, d: Diagnostic): string;
}

function fixture(files: Record<string, string>, overrides: Partial<ValidationSettings> = {}): Fixture {
  const service = new BerthLanguageService(nodeLanguageServiceOptions(repoRoot()));
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
    workspace,
    service,
    set,
    diagnostics: (name) => workspace.diagnostics(`file:///ws/${name}`),
    text: (name, d) => documents.get(name)!.getText(d.range),
  };
}

test("a Widget whose CRD sits in the workspace: size is an error on its value, colour an unknown field", () => {
  const { diagnostics, text } = fixture({ 'widget.yaml': `${CRD()}---\n${WIDGET('{size: "big", colour: red}')}` });
  const found = diagnostics('widget.yaml');
  const size = found.find((d) => d.code === 'invalid-type');
  assert.ok(size, JSON.stringify(found));
  assert.equal(size.severity, 1);
  assert.equal(text('widget.yaml', size), '"big"');
  assert.match(String(size.message), /size must be an integer/);
  const colour = found.find((d) => d.code === 'unknown-field');
  assert.equal(colour?.severity, 2);
  assert.equal(text('widget.yaml', colour!), 'colour');
  assert.equal(found.length, 2, JSON.stringify(found));
});

test('unknown fields follow berth.validation.unknownFields', () => {
  const { diagnostics } = fixture({ 'widget.yaml': `${CRD()}---\n${WIDGET('{colour: red}')}` }, { unknownFields: 'error' });
  assert.deepEqual(diagnostics('widget.yaml').map((d) => [d.code, d.severity]), [['unknown-field', 1]]);
  assert.deepEqual(fixture({ 'widget.yaml': `${CRD()}---\n${WIDGET('{colour: red}')}` }, { unknownFields: 'ignore' }).diagnostics('widget.yaml'), []);
});

test('int-or-string, preserve-unknown-fields, nullable, embedded resources, defaults and formats', () => {
  const ok = ['{port: 8080}', '{port: http}', '{extra: {anything: {goes: [1, 2]}}}', '{owner: null}', '{owner: alice}', '{colourless: light-grey.example}', '{template: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {x: 1}}}'];
  const { diagnostics, set } = fixture({ 'crd.yaml': CRD() });
  ok.forEach((spec, i) => {
    set(`cr${i}.yaml`, WIDGET(spec));
    assert.deepEqual(diagnostics(`cr${i}.yaml`), [], spec);
  });
  set('bad.yaml', WIDGET('{port: 1.5, template: {colour: red}, colourless: "not a host name!"}'));
  assert.deepEqual(diagnostics('bad.yaml').map((d) => d.code).sort(), ['invalid-format', 'invalid-type', 'unknown-field']);
});

test("a CR's metadata is checked as a built-in kind's", () => {
  const { diagnostics, text, set } = fixture({ 'crd.yaml': CRD() });
  set('cr.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: Not_Valid\nspec: {size: 1}\n');
  const [d] = diagnostics('cr.yaml');
  assert.equal(d?.code, 'invalid-name');
  assert.equal(text('cr.yaml', d!), 'Not_Valid');
});

test('a version the CRD does not serve is an error on apiVersion naming the served ones', () => {
  const { diagnostics, text, set } = fixture({ 'crd.yaml': CRD() });
  set('cr.yaml', WIDGET('{size: 1}', 'example.com/v1alpha1'));
  const found = diagnostics('cr.yaml');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.code, 'unknown-api-version');
  assert.equal(found[0]!.severity, 1);
  assert.equal(text('cr.yaml', found[0]!), 'example.com/v1alpha1');
  assert.match(String(found[0]!.message), /widgets\.example\.com.*example\.com\/v1, example\.com\/v1beta1/);
});

test('a deprecated version is a warning with its deprecationWarning', () => {
  const { diagnostics, text, set } = fixture({ 'crd.yaml': CRD() });
  set('cr.yaml', WIDGET('{whatever: 1}', 'example.com/v1beta1'));
  const found = diagnostics('cr.yaml');
  assert.deepEqual(found.map((d) => [d.code, d.severity, d.message]), [['deprecated-api-version', 2, 'example.com/v1beta1 Widget is deprecated; use example.com/v1']]);
  assert.equal(text('cr.yaml', found[0]!), 'example.com/v1beta1');
});

test('a CR without a CRD: one diagnostic on apiVersion at the missingSchemas level', () => {
  const levels = { error: 1, warning: 2, information: 3 } as const;
  for (const [level, severity] of Object.entries(levels)) {
    const { diagnostics, text } = fixture({ 'cr.yaml': WIDGET('{size: "big"}') }, { missingSchemas: level as keyof typeof levels });
    const found = diagnostics('cr.yaml');
    assert.deepEqual(found.map((d) => [d.code, d.severity]), [['missing-schema', severity]], level);
    assert.equal(text('cr.yaml', found[0]!), 'example.com/v1');
    assert.match(String(found[0]!.message), /CustomResourceDefinition.*--crd/);
  }
  assert.deepEqual(fixture({ 'cr.yaml': WIDGET('{size: "big"}') }, { missingSchemas: 'ignore' }).diagnostics('cr.yaml'), []);
  assert.deepEqual(fixture({ 'cr.yaml': WIDGET('{size: "big"}') }).diagnostics('cr.yaml').map((d) => d.severity), [2]);
});

test('editing the CRD in another file re-validates the CR; removing it makes the schema missing', () => {
  const { workspace, diagnostics, set } = fixture({ 'cr.yaml': WIDGET('{size: "big"}'), 'crd.yaml': CRD() });
  assert.deepEqual(diagnostics('cr.yaml').map((d) => d.code), ['invalid-type']);
  const before = workspace.crossSignature('file:///ws/cr.yaml');
  set('crd.yaml', CRD('string'));
  assert.deepEqual(diagnostics('cr.yaml'), []);
  assert.notEqual(workspace.crossSignature('file:///ws/cr.yaml'), before, 'the server republishes the CR file');
  workspace.removeFile('file:///ws/crd.yaml');
  assert.deepEqual(diagnostics('cr.yaml').map((d) => d.code), ['missing-schema']);
});

test('hover on a CR field shows its description and where its schema comes from', () => {
  const { service, workspace } = fixture({ 'crd.yaml': CRD() });
  const { text, position } = withCaret(WIDGET('\n  si<|>ze: 3'));
  const document = yamlDocument(text, 'file:///ws/cr.yaml');
  workspace.setFile(document, settings());
  const hover = service.hover(document, position, settings());
  const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(value, /How big the widget is\./);
  assert.match(value, /schema: CRD widgets\.example\.com v1, from file:\/\/\/ws\/crd\.yaml/);
});

test("completion inside a CR offers its CRD's fields", () => {
  const { service, workspace } = fixture({ 'crd.yaml': CRD() });
  const { text, position } = withCaret(WIDGET('\n  <|>'));
  const document = yamlDocument(text, 'file:///ws/cr.yaml');
  workspace.setFile(document, settings());
  const labels = service.complete(document, position, settings()).map((i) => i.label);
  assert.ok(['size', 'port', 'extra', 'owner'].every((name) => labels.includes(name)), labels.join(','));
});
