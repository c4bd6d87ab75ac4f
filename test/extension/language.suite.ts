// The extension in a real VS Code: activation on YAML, diagnostics, completion, hover and quick
// fixes through the editor's own provider commands, on the samples/ workspace.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { runSuite } from './mocha';
import { codeOf, diagnosticsWhere, until } from './wait';

const extensionId = 'berth.berth';

function samplesFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with samples/ open as the workspace folder');
  return folder.uri;
}

function mistakesUri(): vscode.Uri {
  return vscode.Uri.joinPath(samplesFolder(), 'mistakes.yaml');
}

async function openYaml(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  return vscode.window.showTextDocument(document);
}

/** A position given by a `<|>` marker in `text`. */
function caret(text: string): { text: string; position: vscode.Position } {
  const offset = text.indexOf('<|>');
  assert.ok(offset >= 0, 'fixture has a <|> caret');
  const before = text.slice(0, offset).split('\n');
  return { text: text.replace('<|>', ''), position: new vscode.Position(before.length - 1, before.at(-1)!.length) };
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export function run(): Promise<void> {
  return runSuite({
    title: 'extension (language features in VS Code)',
    after: () => vscode.commands.executeCommand('workbench.action.closeAllEditors') as Promise<void>,
    tests: {
      'activates when a YAML file opens': async () => {
        const extension = vscode.extensions.getExtension(extensionId);
        assert.ok(extension, `extension ${extensionId} is installed`);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(mistakesUri()));
        // No activate() call here: the first Berth diagnostic proves the activation event fired and
        // the language server answered.
        await diagnosticsWhere(mistakesUri(), (ds) => ds.length > 0, 'a first Berth diagnostic');
        assert.ok(extension.isActive);
      },

      'samples/mistakes.yaml gets Berth diagnostics with the expected codes': async () => {
        const expected = ['invalid-type', 'unknown-field', 'invalid-enum', 'unknown-instance-type', 'scaling-out-of-order', 'image-not-pinned', 'removed-api-version', 'control-plane-not-dedicated', 'cluster-cidr-overlap', 'unknown-health-port', 'host-without-ingress'];
        const uri = mistakesUri();
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const diagnostics = await diagnosticsWhere(uri, (ds) => expected.every((code) => ds.some((d) => codeOf(d) === code)), `codes ${expected.join(', ')}`);
        const byCode = new Map(diagnostics.map((d) => [codeOf(d), d]));
        assert.equal(byCode.get('invalid-type')!.range.start.line, 10, 'replicas: "three" on line 11');
        assert.equal(byCode.get('invalid-type')!.severity, vscode.DiagnosticSeverity.Error);
        assert.equal(byCode.get('unknown-field')!.severity, vscode.DiagnosticSeverity.Warning);
        assert.match(byCode.get('unknown-instance-type')!.message, /ecs\.g7\.large/);
        assert.match(byCode.get('removed-api-version')!.message, /apps\/v1/);
      },

      'cluster names resolve across the workspace: only `prod` is unknown': async () => {
        const uri = mistakesUri();
        const unknown = (ds: vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === 'unknown-cluster');
        // `local` is defined in samples/platform/local-cluster.yaml, which the workspace index reads.
        const diagnostics = await diagnosticsWhere(uri, (ds) => ds.length > 0 && unknown(ds).length === 1, 'exactly one unknown-cluster');
        assert.match(unknown(diagnostics)[0]!.message, /"prod"/);
      },

      'a Cluster file written on disk resolves an open NodePool; deleting it brings the error back': async () => {
        // Written with plain fs, as a git checkout or a generator would: only the file watcher
        // tells the language server.
        const name = `watched-${process.pid}`;
        const file = vscode.Uri.joinPath(samplesFolder(), `${name}.yaml`);
        const editor = await openYaml(`apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: workers\nspec:\n  cluster: ${name}\n  instanceType: ecs.g7.large\n`);
        const pool = editor.document.uri;
        const unknown = (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === 'unknown-cluster' && d.message.includes(`"${name}"`));
        try {
          await diagnosticsWhere(pool, unknown, `unknown-cluster for ${name}`);
          writeFileSync(file.fsPath, `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  type: managed\n  provider: kwok\n`);
          await diagnosticsWhere(pool, (ds) => !unknown(ds), `the unknown-cluster for ${name} to go once its file is on disk`);
          rmSync(file.fsPath);
          await diagnosticsWhere(pool, unknown, `the unknown-cluster for ${name} to come back once its file is deleted`);
        } finally {
          rmSync(file.fsPath, { force: true });
        }
      },

      'the server trace setting is berth.trace.server, where the language client looks for it': () => {
        const trace = vscode.workspace.getConfiguration('berth').inspect<string>('trace.server');
        assert.equal(trace?.defaultValue, 'off');
      },

      'completion at a spec key offers the schema keys, required first': async () => {
        const { text, position } = caret('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  <|>\n');
        const editor = await openYaml(text);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
        const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        for (const key of ['type', 'provider', 'network']) assert.ok(labels.includes(key), `completion offers ${key}: ${labels.join(', ')}`);
        const type = list.items.find((item) => item.label === 'type')!;
        assert.match(String(type.detail), /required/);
      },

      'completion in a cert-manager Certificate offers its privateKey algorithms, from the bundled CRD catalog': async () => {
        const { text, position } = caret('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  secretName: web-tls\n  privateKey:\n    algorithm: <|>\n');
        const editor = await openYaml(text);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
        const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        for (const algorithm of ['RSA', 'ECDSA', 'Ed25519']) assert.ok(labels.includes(algorithm), `completion offers ${algorithm}: ${labels.join(', ')}`);
      },

      'hover on a platform key shows its documentation': async () => {
        const uri = mistakesUri();
        const document = await vscode.workspace.openTextDocument(uri);
        const line = document.getText().split('\n').findIndex((l) => l.startsWith('  instanceType: ecs.g7.larg'));
        assert.ok(line > 0);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 4));
        const text = hoverText(hovers);
        assert.match(text, /instanceType/i);
        assert.ok(text.length > 20, `hover text: ${text}`);
      },

      'Berth: Render shows what an Application becomes, beside it': async () => {
        const source = vscode.Uri.joinPath(samplesFolder(), 'apps/storefront.yaml');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(source));
        const opened = until('the rendered document to open', vscode.workspace.onDidOpenTextDocument, () =>
          vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'berth-render' && d.uri.query === source.toString()),
        );
        await vscode.commands.executeCommand('berth.render');
        const rendered = await opened;
        assert.equal(rendered.uri.path, '/storefront.rendered.yaml');
        assert.equal(rendered.languageId, 'yaml');
        assert.match(rendered.getText(), /^kind: Deployment$/m);
        assert.match(rendered.getText(), /^kind: Service$/m);
        const editor = vscode.window.visibleTextEditors.find((e) => e.document === rendered);
        assert.ok(editor, 'the rendered document is visible');
        assert.notEqual(editor.viewColumn, vscode.ViewColumn.One, 'it opens beside the source');
      },

      // Needs no cluster: the panel opens at once and says what it could not read.
      'Berth: Show Application Topology opens one panel per Application, beside it, and reveals it again': async () => {
        const source = vscode.Uri.joinPath(samplesFolder(), 'apps/storefront.yaml');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(source));
        const topologyTabs = () =>
          vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('berth.topology') && t.label === 'Topology: storefront');
        assert.equal(await vscode.commands.executeCommand<boolean>('berth.showTopology'), true, 'the editor\u2019s only Application is shown');
        const [tab] = await until('the topology tab', vscode.window.tabGroups.onDidChangeTabs, () => (topologyTabs().length > 0 ? topologyTabs() : undefined));
        assert.notEqual(tab!.group.viewColumn, vscode.ViewColumn.One, 'it opens beside the source');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(source), vscode.ViewColumn.One);
        assert.equal(await vscode.commands.executeCommand<boolean>('berth.showTopology'), true);
        assert.equal(topologyTabs().length, 1, 'the same Application reuses its panel');
      },

      'a quick fix corrects an enum typo and clears the diagnostic': async () => {
        const editor = await openYaml('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: manged\n  provider: kind\n');
        const uri = editor.document.uri;
        const [diagnostic] = (await diagnosticsWhere(uri, (ds) => ds.some((d) => codeOf(d) === 'invalid-enum'), 'invalid-enum')).filter((d) => codeOf(d) === 'invalid-enum');
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
        const fix = actions.find((a) => a.title === 'Change to "managed"');
        assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        assert.match(editor.document.getText(), /\n {2}type: managed\n/);
        await diagnosticsWhere(uri, (ds) => !ds.some((d) => codeOf(d) === 'invalid-enum'), 'the invalid-enum diagnostic to go away');
      },
    },
  });
}
