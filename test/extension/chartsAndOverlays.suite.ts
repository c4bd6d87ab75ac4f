// Helm charts and kustomize overlays in a real VS Code: the language server renders the samples'
// chart and overlay with the helm and kubectl built from source and shows what is wrong in their
// output on the source lines, live as values.yaml is edited.
import * as assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { runSuite } from './mocha';
import { codeOf, diagnosticsWhere } from './wait';

function sample(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with samples/ open as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, path);
}

const RENDER_WAIT_MS = 60_000;

/**
 * The sample chart copied to a folder of its own in the workspace: edits in this suite are made
 * there, so the samples stay as they are whatever the editor does with a dirty file at exit.
 */
const COPY = `.chart-test-${process.pid}`;

function chartCopy(path: string): vscode.Uri {
  return sample(`${COPY}/${path}`);
}

export function run(): Promise<void> {
  return runSuite({
    title: 'extension (Helm charts and kustomize overlays)',
    before: () => {
      cpSync(sample('charts/guestbook-api').fsPath, chartCopy('').fsPath, { recursive: true });
    },
    after: async () => {
      // Every edited copy reverted, not only the active one: a dirty file left open may be saved
      // while its folder is removed, writing it back (the folder then stays in samples/).
      for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.path.includes(`/${COPY}/`))) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
        assert.equal(document.isDirty, false, `${document.uri.path} reverted`);
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(chartCopy('').fsPath, { recursive: true, force: true, maxRetries: 5 });
    },
    tests: {
      'a bad value typed into values.yaml shows on its line, and goes when it is fixed': async () => {
        const values = chartCopy('values.yaml');
        // Opened, the copy's Chart.yaml reaches the server at once (not only through the file watcher).
        await vscode.workspace.openTextDocument(chartCopy('Chart.yaml'));
        const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(values));
        const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('replicaCount:'));
        assert.ok(line >= 0, 'the sample sets replicaCount');
        const replace = async (text: string): Promise<void> => {
          const ok = await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, text));
          assert.ok(ok, 'the edit applied');
        };
        await replace('replicaCount: many');
        // Unsaved: the chart is rendered from a copy holding the editor's text.
        const found = await diagnosticsWhere(values, (ds) => ds.some((d) => d.range.start.line === line && d.severity === vscode.DiagnosticSeverity.Error), 'an error on the replicaCount line', RENDER_WAIT_MS);
        const codes = found.filter((d) => d.range.start.line === line).map(codeOf);
        assert.ok(codes.includes('values-invalid-type'), `the chart's values.schema.json refuses a string: ${codes.join(', ')}`);
        await replace('replicaCount: 3');
        await diagnosticsWhere(values, (ds) => !ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'no errors once fixed', RENDER_WAIT_MS);
      },

      'a value the schema allows but Kubernetes refuses is found in the rendered Deployment, on the values line': async () => {
        const values = chartCopy('values.yaml');
        const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(values));
        // resources is passed through with toYaml: the rendered quantity's finding lands on the values key.
        const line = editor.document.getText().split('\n').findIndex((l) => l === '    cpu: 100m');
        assert.ok(line >= 0, 'the sample requests cpu: 100m');
        await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, '    cpu: lots'));
        const found = await diagnosticsWhere(values, (ds) => ds.some((d) => d.range.start.line === line && /rendered by helm template/.test(d.message)), 'a finding from the rendered chart on the cpu line', RENDER_WAIT_MS);
        assert.ok(found.some((d) => d.range.start.line === line && d.severity === vscode.DiagnosticSeverity.Error));
        const related = found.find((d) => d.range.start.line === line)?.relatedInformation ?? [];
        assert.ok(related.some((r) => r.location.uri.path.endsWith('/templates/deployment.yaml')), 'the template line that rendered it is related');
      },

      'templates and partial patches get no false errors': async () => {
        const template = sample('charts/guestbook-api/templates/deployment.yaml');
        const patch = sample('kustomize/overlays/staging/replicas.yaml');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(template));
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(patch));
        // The overlay's rendering reaches its Chart.yaml-less folder: wait for the kustomization to be seen.
        const kustomization = sample('kustomize/overlays/staging/kustomization.yaml');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(kustomization));
        await diagnosticsWhere(kustomization, () => true, 'diagnostics published for the kustomization', RENDER_WAIT_MS);
        const onTemplate = vscode.languages.getDiagnostics(template).filter((d) => d.source === 'berth');
        const onPatch = vscode.languages.getDiagnostics(patch).filter((d) => d.source === 'berth');
        assert.deepEqual(onTemplate.map(codeOf), [], 'a template is not YAML until rendered');
        assert.deepEqual(onPatch.map(codeOf), [], 'a patch is a partial object');
      },
    },
  });
}
