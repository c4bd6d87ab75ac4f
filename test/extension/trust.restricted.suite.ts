// Berth in a restricted (untrusted) workspace, in the real workbench: Workspace Trust is on and
// never granted (test/extension/runInCodeServer.mjs runs `*.restricted` suites so). The workspace
// (test/fixtures/security/restricted-workspace) names its own kubeconfig in .vscode/settings.json,
// whose user runs a credential plugin; the user's KUBECONFIG has exec users too. Every plugin copy
// leaves `plugin-ran` beside itself (paths in BERTH_TRUST_MARKERS). Validation and completion work;
// the workspace kubeconfig's contexts are not read; no cluster command runs a program.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import * as vscode from 'vscode';
import { runSuite } from './mocha';
import { codeOf, diagnosticsWhere } from './wait';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with the restricted workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function markers(): string[] {
  const list = (process.env.BERTH_TRUST_MARKERS ?? '').split(delimiter).filter(Boolean);
  assert.equal(list.length, 2, 'the runner names the two plugin markers');
  return list;
}

function assertNothingRan(): void {
  for (const marker of markers()) assert.equal(existsSync(marker), false, `no credential plugin ran (${marker} absent)`);
}

/** Runs a command; one that waits on a prompt is given up after `ms` (the prompt is closed). */
async function runBriefly(command: string, ms = 3000): Promise<'done' | 'failed' | 'waiting'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waiting = new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), ms)));
  const ran = Promise.resolve(vscode.commands.executeCommand(command)).then(
    () => 'done' as const,
    () => 'failed' as const,
  );
  const outcome = await Promise.race([ran, waiting]);
  clearTimeout(timer);
  if (outcome === 'waiting') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return outcome;
}

export function run(): Promise<void> {
  return runSuite({
    title: 'extension in a restricted workspace (Workspace Trust)',
    after: () => vscode.commands.executeCommand('workbench.action.closeAllEditors') as Promise<void>,
    tests: {
      'the workspace is untrusted': () => {
        assert.equal(vscode.workspace.isTrusted, false);
      },

      'validation works, and the workspace kubeconfig\'s context is unknown while the user\'s are known': async () => {
        const uri = workspaceFile('app.yaml');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const diagnostics = await diagnosticsWhere(
          uri,
          (ds) => ds.some((d) => codeOf(d) === 'invalid-type') && ds.some((d) => codeOf(d) === 'unknown-cluster' && /Known clusters: .*\bexec\b/.test(d.message)),
          'invalid-type and an unknown-cluster listing the user\'s contexts',
        );
        const unknown = diagnostics.filter((d) => codeOf(d) === 'unknown-cluster');
        // Only `workspace-exec` (the workspace's kubeconfig) is unknown; `exec` (the user's) resolves.
        assert.equal(unknown.length, 1, unknown.map((d) => d.message).join(' | '));
        assert.match(unknown[0]!.message, /"workspace-exec"/);
        assert.doesNotMatch(unknown[0]!.message, /Known clusters: .*workspace-exec/);
        assert.equal(unknown[0]!.range.start.line, 7, 'on the first Application\'s spec.cluster');
      },

      'completion works': async () => {
        const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  \n' });
        await vscode.window.showTextDocument(document);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(5, 2));
        const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        for (const key of ['type', 'provider']) assert.ok(labels.includes(key), `completion offers ${key}: ${labels.join(', ')}`);
      },

      'the workspace setting berth.kubeconfigs is ignored: only the user value counts': () => {
        const settings = JSON.parse(readFileSync(workspaceFile('.vscode/settings.json').fsPath, 'utf8')) as Record<string, unknown>;
        assert.ok(Array.isArray(settings['berth.kubeconfigs']) && settings['berth.kubeconfigs'].length === 1, 'the workspace does set it (the fixture)');
        // restrictedConfigurations: VS Code itself neither applies nor reports the workspace value.
        assert.deepEqual(vscode.workspace.getConfiguration('berth').get('kubeconfigs'), []);
        assert.equal(vscode.workspace.getConfiguration('berth').inspect<string[]>('kubeconfigs')?.workspaceValue, undefined);
      },

      'the workspace setting berth.exclude is ignored: the file it names is still indexed': async () => {
        const settings = JSON.parse(readFileSync(workspaceFile('.vscode/settings.json').fsPath, 'utf8')) as Record<string, unknown>;
        assert.deepEqual(settings['berth.exclude'], ['excluded-by-workspace.yaml'], 'the workspace does set it (the runner)');
        assert.deepEqual(vscode.workspace.getConfiguration('berth').get('exclude'), []);
        // The language server asks for the setting itself (workspace/configuration); had the
        // workspace value reached it, the file would not be indexed and would get no diagnostics.
        await diagnosticsWhere(workspaceFile('excluded-by-workspace.yaml'), (ds) => ds.some((d) => codeOf(d) === 'invalid-type'), 'invalid-type in the file the workspace tried to exclude');
      },

      'cluster commands run no program: no credential plugin ran': async () => {
        const commands = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('berth.') && c !== 'berth.render');
        assert.ok(commands.includes('berth.clusters.refresh'), `berth commands: ${commands.join(', ')}`);
        const outcomes: string[] = [];
        for (const command of commands) outcomes.push(`${command}: ${await runBriefly(command)}`);
        assertNothingRan();
        // Printed for the record: what each command did without arguments.
        console.log(outcomes.join('\n'));
      },
    },
  });
}
