// The quick fix that makes a pod restricted-compliant: it writes the securityContext fields the
// restricted level asks for into the manifest as the user wrote it (block or flow style, keys
// already there kept), and the namespace's findings are gone afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { RESTRICTED_FIX_TITLE } from '../../platform/policy/podSecurity/restrictedFix';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { namespaceYaml } from '../helpers/podSecurity';

const NAMESPACE = namespaceYaml('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' });

/** The manifest after the quick fix, and the Pod Security findings left on it. */
function fixed(text: string): { text: string; left: string[]; actions: number } {
  const workspace = new BerthWorkspace(languageService());
  workspace.setFile(yamlDocument(NAMESPACE, 'file:///qf/ns.yaml'), settings());
  const document = yamlDocument(text, 'file:///qf/app.yaml');
  workspace.setFile(document, settings());
  const diagnostics = workspace.diagnostics(document.uri).filter((d) => d.code === 'pod-security');
  const actions = workspace.codeActions(document.uri, diagnostics).filter((a) => a.title === RESTRICTED_FIX_TITLE);
  assert.ok(actions.length > 0, 'a quick fix is offered');
  const after = TextDocument.applyEdits(document, actions[0]!.edit!.changes![document.uri]!);
  const again = yamlDocument(after, 'file:///qf/app.yaml');
  workspace.setFile(again, settings());
  return { text: after, left: workspace.diagnostics(again.uri).filter((d) => String(d.code).startsWith('pod-security') || d.severity === 1).map((d) => `${String(d.code)}: ${String(d.message)}`), actions: actions.length };
}

test('a Deployment without any securityContext gets the pod and container fields, in block style', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27 # pinned',
    '',
  ].join('\n');
  const result = fixed(text);
  assert.equal(result.actions, 1, 'one action for the pod, naming all its findings');
  assert.deepEqual(result.left, []);
  assert.equal(
    result.text,
    [
      ...text.split('\n').slice(0, -1),
      '          securityContext:',
      '            allowPrivilegeEscalation: false',
      '            capabilities:',
      '              drop:',
      '                - ALL',
      '      securityContext:',
      '        runAsNonRoot: true',
      '        seccompProfile:',
      '          type: RuntimeDefault',
      '',
    ].join('\n'),
  );
});

test('fields already there are kept or corrected: flow maps, a drop list without ALL, explicit false and Unconfined, empty keys', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p, namespace: shop}',
    'spec:',
    '  securityContext:',
    '    runAsNonRoot: false',
    '    seccompProfile: {type: Unconfined}',
    '  initContainers:',
    '    - {name: init, image: busybox:1.36, securityContext: {allowPrivilegeEscalation: true}}',
    '  containers:',
    '    - name: app',
    '      image: busybox:1.36',
    '      securityContext:',
    '        capabilities:',
    '          add: [NET_BIND_SERVICE]',
    '          drop:',
    '            - NET_RAW',
    '    - name: sidecar',
    '      image: busybox:1.36',
    '      securityContext:',
    '',
  ].join('\n');
  const result = fixed(text);
  assert.deepEqual(result.left, []);
  assert.equal(
    result.text,
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p, namespace: shop}',
      'spec:',
      '  securityContext:',
      '    runAsNonRoot: true',
      '    seccompProfile: {type: RuntimeDefault}',
      '  initContainers:',
      '    - {name: init, image: busybox:1.36, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}',
      '  containers:',
      '    - name: app',
      '      image: busybox:1.36',
      '      securityContext:',
      '        capabilities:',
      '          add: [NET_BIND_SERVICE]',
      '          drop:',
      '            - NET_RAW',
      '            - ALL',
      '        allowPrivilegeEscalation: false',
      '    - name: sidecar',
      '      image: busybox:1.36',
      '      securityContext:',
      '        allowPrivilegeEscalation: false',
      '        capabilities:',
      '          drop:',
      '            - ALL',
      '',
    ].join('\n'),
  );
});

test('a CRLF CronJob keeps its line breaks; a Localhost profile stays', () => {
  const text = [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata: {name: nightly, namespace: shop}',
    'spec:',
    '  schedule: "0 3 * * *"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          restartPolicy: Never',
    '          securityContext:',
    '            seccompProfile: {type: Localhost, localhostProfile: job.json}',
    '          containers:',
    '            - name: job',
    '              image: busybox:1.36',
    '',
  ].join('\r\n');
  const result = fixed(text);
  assert.deepEqual(result.left, []);
  assert.ok(!/[^\r]\n/.test(result.text), 'no bare line feed');
  assert.match(result.text, /seccompProfile: \{type: Localhost, localhostProfile: job\.json\}\r\n {12}runAsNonRoot: true\r\n/);
});

test('findings the quick fix cannot repair offer no action', () => {
  const workspace = new BerthWorkspace(languageService());
  workspace.setFile(yamlDocument(NAMESPACE, 'file:///qf/ns.yaml'), settings());
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  hostNetwork: true\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n';
  const document = yamlDocument(text, 'file:///qf/host.yaml');
  workspace.setFile(document, settings());
  const diagnostics = workspace.diagnostics(document.uri).filter((d) => d.code === 'pod-security');
  assert.equal(diagnostics.length, 1);
  assert.deepEqual(workspace.codeActions(document.uri, diagnostics).filter((a) => a.title === RESTRICTED_FIX_TITLE), []);
});

test('after an edit above it that moves its offset but not its line, a document keeps its quick fix in place', () => {
  const deployment = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  selector:', '    matchLabels: {app: web}', '  template:', '    metadata:', '      labels: {app: web}', '    spec:', '      containers:', '        - name: web', '          image: nginx:1.27 # pinned', ''].join('\n');
  const before = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: shop\n---\n${deployment}`;
  const after = before.replace('  name: a\n', '  name: a-longer-name\n');
  const workspace = new BerthWorkspace(languageService());
  workspace.setFile(yamlDocument(NAMESPACE, 'file:///qf/ns.yaml'), settings());
  workspace.setFile(TextDocument.create('file:///qf/moved.yaml', 'yaml', 1, before), settings());
  workspace.diagnostics('file:///qf/moved.yaml');
  // The Deployment's text and line are unchanged: its analysis and its index entry are kept.
  const edited = TextDocument.create('file:///qf/moved.yaml', 'yaml', 2, after);
  workspace.setFile(edited, settings());
  const diagnostics = workspace.diagnostics(edited.uri).filter((d) => d.code === 'pod-security');
  const [action] = workspace.codeActions(edited.uri, diagnostics).filter((a) => a.title === RESTRICTED_FIX_TITLE);
  assert.ok(action, 'a quick fix is offered');
  const result = TextDocument.applyEdits(edited, action.edit!.changes![edited.uri]!);
  assert.equal(result, after.replace(deployment, fixed(deployment).text));
});
