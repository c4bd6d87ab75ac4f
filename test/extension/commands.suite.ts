// The extension's commands in a real VS Code against the local cluster: each command runs with
// a target (as a tree node's context menu passes it) and the prompts a user would answer are
// answered by ScriptedPrompts through the extension's testing API, so no UI is clicked.
// The local cluster's kubeconfig is registered through the user setting berth.kubeconfigs, as a
// user would; every object lives in a namespace made for this run and deleted afterwards.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { BerthApi } from '../../client/src/extension';
import { openCluster, waitForList, type KubeClient, type KubeObject } from '../../kube';
import type { PromptRequest } from '../../client/src/prompts/prompts';
import { ScriptedPrompts, type Answer } from '../../client/src/prompts/scripted';
import type { BerthTarget } from '../../client/src/views/targets';
import { runSuite } from './mocha';
import { until } from './wait';
import { localKubeconfig } from './localKubeconfig';

const extensionId = 'berth.berth';

interface Setup {
  api: BerthApi['testing'];
  kube: KubeClient;
  context: string;
  namespace: string;
  tmp: string;
  kubeconfigPath: string;
  previousKubeconfigs: string[] | undefined;
}
let setup: Setup | undefined;
function s(): Setup {
  assert.ok(setup, 'the suite set up');
  return setup;
}

/**
 * The log file's text once it matches `pattern`: VS Code writes the channel to disk on its own
 * schedule, so the file is read again on each change to it, up to a deadline.
 */
async function logHolding(file: vscode.Uri, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const read = () => (existsSync(file.fsPath) ? readFileSync(file.fsPath, 'utf8') : '');
  return new Promise((resolve, reject) => {
    let done = false;
    const check = () => {
      const text = read();
      if (pattern.test(text)) finish(() => resolve(text));
    };
    // Watching before the first read: a write in between is not missed.
    const watcher = watch(dirname(file.fsPath), check);
    const timer = setTimeout(() => finish(() => reject(new Error(`${file.fsPath} did not show ${pattern} within ${timeoutMs} ms`))), timeoutMs);
    function finish(settle: () => void) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watcher.close();
      settle();
    }
    check();
  });
}

/** Runs a command with `answer` answering its prompts; returns its result and what it asked. */
async function runCommand<T>(command: string, args: unknown[], answer: Answer = () => undefined): Promise<{ result: T; prompts: ScriptedPrompts }> {
  const prompts = new ScriptedPrompts(answer);
  s().api.usePrompts(prompts);
  try {
    const result = await vscode.commands.executeCommand<T>(command, ...args);
    return { result, prompts };
  } finally {
    s().api.usePrompts(undefined);
  }
}

function deployment(name = 'web'): BerthTarget {
  return { type: 'object', context: s().context, namespace: s().namespace, apiVersion: 'apps/v1', kind: 'Deployment', name };
}

async function getDeployment(name: string): Promise<{ spec?: { replicas?: number } } | undefined> {
  const r = await s().kube.request<{ spec?: { replicas?: number } }>({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${s().namespace}/deployments/${name}`,
    operation: { verb: 'get', resource: 'deployments', name },
  });
  if (!r.ok && r.error.kind === 'notFound') return undefined;
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value.body;
}

async function openFile(name: string, text: string): Promise<vscode.TextEditor> {
  const file = join(s().tmp, name);
  writeFileSync(file, text);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
}

const applyAnswer: Answer = (r: PromptRequest) => (r.kind === 'message' && r.actions.includes('Apply') ? 'Apply' : undefined);

export function run(): Promise<void> {
  return runSuite({
    title: 'extension commands against the local cluster',
    before: async () => {
      const extension = vscode.extensions.getExtension<BerthApi>(extensionId);
      assert.ok(extension, `extension ${extensionId} is installed`);
      const api = (await extension.activate()).testing;
      const kubeconfigPath = localKubeconfig(extension.extensionPath);
      const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8')) as { 'current-context': string; clusters: { cluster: { server: string } }[] };
      const server = kubeconfig.clusters[0]?.cluster.server ?? '';
      // These tests create and delete objects: only ever on this machine's cluster.
      assert.match(server, /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/, `refusing to run against ${server} (${kubeconfigPath}); run \`npm run cluster -- up\``);
      const context = kubeconfig['current-context'];
      const namespace = `berth-cmd-${Date.now().toString(36)}`;
      const opened = await openCluster({ kubeconfigEnv: kubeconfigPath, context, namespace });
      assert.ok(opened.ok, opened.ok ? '' : `${opened.error.message} (run \`npm run cluster -- up\`)`);
      const created = await opened.value.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: namespace, labels: { 'berth.dev/test': 'true' } } }, operation: { verb: 'create', resource: 'namespaces' } });
      assert.ok(created.ok, created.ok ? '' : created.error.message);
      const tmp = mkdtempSync(join(tmpdir(), 'berth-commands-'));
      // A second kubeconfig whose server does not answer, for the error path.
      writeFileSync(join(tmp, 'unreachable.yaml'), 'apiVersion: v1\nkind: Config\nclusters: [{name: nowhere, cluster: {server: "http://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: berth-unreachable, context: {cluster: nowhere, user: u}}]\n');
      const config = vscode.workspace.getConfiguration('berth');
      const previousKubeconfigs = config.inspect<string[]>('kubeconfigs')?.globalValue;
      setup = { api, kube: opened.value, context, namespace, tmp, kubeconfigPath, previousKubeconfigs };
      await config.update('kubeconfigs', [kubeconfigPath, join(tmp, 'unreachable.yaml')], vscode.ConfigurationTarget.Global);
      await until('the registered contexts', api.session.onDidChange, () => {
        const k = api.session.kubeconfig();
        return k.ok && k.value.contexts.some((c) => c.name === 'berth-unreachable') && k.value.contexts.some((c) => c.name === context) ? true : undefined;
      });
    },
    after: async () => {
      if (!setup) return;
      setup.api.usePrompts(undefined);
      await vscode.commands.executeCommand('berth.stopLogs', `Berth logs: Deployment ${setup.namespace}/web (${setup.context})`);
      await vscode.workspace.getConfiguration('berth').update('kubeconfigs', setup.previousKubeconfigs, vscode.ConfigurationTarget.Global);
      await setup.kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${setup.namespace}`, operation: { verb: 'delete', resource: 'namespaces' } });
      rmSync(setup.tmp, { recursive: true, force: true });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },
    tests: {
      'every command in package.json is registered': async () => {
        const extension = vscode.extensions.getExtension(extensionId)!;
        const declared = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
        const registered = new Set(await vscode.commands.getCommands(true));
        assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
        assert.ok(declared.length >= 20);
      },

      'While the local cluster builds, the status bar and the Clusters view say so and its commands wait; ready clears both': async () => {
        const full = await vscode.extensions.getExtension<BerthApi>(extensionId)!.activate();
        const local = full.localCluster;
        const file = process.env['BERTH_LOCAL_CLUSTER_PROGRESS'];
        assert.ok(local && file, 'the runner names a progress file (BERTH_LOCAL_CLUSTER_PROGRESS)');
        const building = 'berth-building-test';
        // As scripts/cluster/progress.mjs writes it: a whole new file renamed into place.
        const write = (fields: Record<string, unknown>) => {
          const now = new Date().toISOString();
          writeFileSync(`${file}.tmp`, JSON.stringify({ step: 'Kubernetes', stepIndex: 3, steps: 6, startedAt: now, updatedAt: now, estimateSecondsLeft: 540, context: building, log: join(dirname(file), 'up.log'), pid: process.pid, ...fields }));
          renameSync(`${file}.tmp`, file);
        };
        const rootLabels = async () => Promise.all(((await full.views.clusters.explorer.getChildren()) ?? []).map(async (n) => String((await full.views.clusters.explorer.getTreeItem(n)).label)));
        try {
          write({ state: 'building' });
          const text = await until('the status bar to show the build', local.onDidChange, () => local.statusText());
          assert.equal(text, '$(sync~spin) Local cluster: building Kubernetes (3/6), ~9 min left');
          assert.equal((await rootLabels())[0], 'Local cluster: building Kubernetes (3/6), ~9 min left');
          const held = await s().api.session.open(building);
          assert.ok(!held.ok, 'no connection is tried while it builds');
          assert.equal(held.error.message, 'The local cluster is still building (step 3/6: Kubernetes, ~9 min left); editing and validation work meanwhile.');
          assert.ok((await s().api.session.open(s().context)).ok, 'other contexts connect as ever');

          // Ready: the status bar item goes, the row goes, and the kubeconfig is read again.
          let fired = false;
          const listener = s().api.session.onDidChange(() => (fired = true));
          write({ state: 'ready', stepIndex: 6, step: 'starting the cluster', estimateSecondsLeft: 0 });
          await until('the status bar item to go', local.onDidChange, () => (local.statusText() === undefined ? true : undefined));
          assert.ok(!(await rootLabels()).some((l) => l.startsWith('Local cluster')));
          await until('the kubeconfig to be read again', s().api.session.onDidChange, () => (fired ? true : undefined));
          listener.dispose();
        } finally {
          rmSync(file, { force: true });
        }
      },

      'Use Context selects a context in this window without writing the kubeconfig': async () => {
        const before = readFileSync(s().kubeconfigPath, 'utf8');
        const { result } = await runCommand<string>('berth.useContext', [{ type: 'context', context: s().context }, { writeKubeconfig: false }]);
        assert.equal(result, s().context);
        await runCommand('berth.useNamespace', [{ type: 'namespace', context: s().context, namespace: s().namespace }, { writeKubeconfig: false }]);
        const selection = s().api.session.selection();
        assert.deepEqual([selection.context, selection.namespace], [s().context, s().namespace]);
        assert.equal(readFileSync(s().kubeconfigPath, 'utf8'), before, 'the kubeconfig file is unchanged');
      },

      'Deploy dry-runs, previews the diff, and applies a sample Application once the user chooses Apply': async () => {
        await openFile('web.yaml', `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: ${s().namespace}\nspec:\n  image: nginx:1.27\n  replicas: 2\n  ports:\n    - {name: http, port: 8080}\n`);
        const { result, prompts } = await runCommand<{ applied: boolean; results: { kind: string; action: string }[]; dryRun: { kind: string; action: string }[] }>('berth.deploy', [undefined, { context: s().context }], applyAnswer);
        assert.ok(result, `deploy returned nothing; it said: ${JSON.stringify(prompts.messages())}`);
        assert.ok(result.applied, JSON.stringify(prompts.messages()));
        // The Application's namespace is deployed with it; this one exists already.
        assert.ok(result.dryRun.every((d) => d.action === 'created' || (d.kind === 'Namespace' && d.action === 'unchanged')), JSON.stringify(result.dryRun));
        assert.deepEqual(result.results.filter((r) => r.kind === 'Deployment').map((r) => r.action), ['created']);
        assert.ok(prompts.messages('info').some((m) => m.actions.includes('Apply') && m.message.includes(s().context)), 'asked before applying');
        const diffOpen = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /live ↔ dry run/.test(t.label));
        assert.ok(diffOpen, `the dry-run diff is open: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
        assert.equal((await getDeployment('web'))?.spec?.replicas, 2);
      },

      'Deploy of an Application on two clusters applies to the cluster it reaches and names the one it cannot': async () => {
        // `local` is the sample Cluster (kwok: context kwok-local); `nowhere` is neither a Cluster nor a context.
        await openFile('multi.yaml', `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: multi\n  namespace: ${s().namespace}\nspec:\n  clusters: [local, nowhere]\n  image: nginx:1.27\n  replicas: 3\n  distribution: {replicas: divided, weights: {local: 2, nowhere: 1}}\n  ports:\n    - {name: http, port: 8080}\n`);
        type Summary = { clusters?: { cluster: string; context?: string; error?: string; applied: boolean; results: { kind: string; action: string }[] }[] };
        const { result, prompts } = await runCommand<Summary>('berth.deploy', [undefined, { context: s().context }], applyAnswer);
        assert.ok(result?.clusters, `deploy returned no clusters; it said: ${JSON.stringify(prompts.messages())}`);
        assert.deepEqual(result.clusters.map((c) => [c.cluster, c.context, c.applied]), [['local', 'kwok-local', true], ['nowhere', 'nowhere', false]]);
        assert.match(result.clusters[1]!.error ?? '', /^Cluster nowhere: Context "nowhere" is not in /);
        assert.ok(prompts.messages().some((m) => m.actions.includes('Apply') && /1 cluster\(s\): \d+ in local \(kwok-local\)\?.*Not reached: nowhere/.test(m.message)), JSON.stringify(prompts.messages()));
        assert.ok(prompts.messages('error').some((m) => /deployed with failures: local: \d+ changed; nowhere: failed/.test(m.message)), JSON.stringify(prompts.messages()));
        assert.equal((await getDeployment('multi'))?.spec?.replicas, 2, "local runs its share (2 of 3), not the whole count");
      },

      "Switch Blue-Green from a Platform view row acts in the Application's namespace, not the context's": async () => {
        // The session's namespace for this context is the suite's (Use Namespace above); the Application names another.
        const namespace = `${s().namespace}-bg`;
        try {
          const editor = await openFile('bg.yaml', `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: bg\n  namespace: ${namespace}\nspec:\n  cluster: local\n  image: nginx:1.27\n  replicas: 1\n  ports:\n    - {name: http, port: 8080}\n  release: {strategy: blueGreen}\n`);
          const deployed = await runCommand<{ applied: boolean }>('berth.deploy', [undefined, { context: s().context }], applyAnswer);
          assert.ok(deployed.result?.applied, JSON.stringify(deployed.prompts.messages()));
          for (const colour of ['blue', 'green']) {
            const available = await waitForList<{ metadata: { name: string }; status?: { availableReplicas?: number } } & KubeObject>(s().kube, `/apis/apps/v1/namespaces/${namespace}/deployments`, { fieldSelector: `metadata.name=bg-${colour}` }, (items) => items[0]?.status?.availableReplicas === 1, { timeoutMs: 90_000, what: `deployment bg-${colour} available` });
            assert.ok(available.ok, available.ok ? '' : available.error.message);
          }
          const row: BerthTarget = { type: 'platformDocument', uri: editor.document.uri.toString(), kind: 'Application', name: 'bg', context: s().context };
          const { result, prompts } = await runCommand<boolean>('berth.switchBlueGreen', [row]);
          assert.equal(result, true, JSON.stringify(prompts.messages()));
          const service = await s().kube.request<{ spec: { selector: Record<string, string> } }>({ method: 'GET', path: `/api/v1/namespaces/${namespace}/services/bg`, operation: { verb: 'get', resource: 'services' } });
          assert.ok(service.ok, service.ok ? '' : service.error.message);
          assert.equal(service.value.body.spec.selector['berth.dev/color'], 'green');
        } finally {
          await s().kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}`, operation: { verb: 'delete', resource: 'namespaces' } });
        }
      },

      'Scale offers the current count, refuses a non-number and scales to the new count': async () => {
        const refused = await runCommand('berth.scale', [deployment()], (r) => (r.kind === 'input' ? 'three' : undefined));
        assert.equal(refused.result, undefined);
        assert.match(refused.prompts.refusals[0] ?? '', /whole number/);
        const { result, prompts } = await runCommand<{ previous: number; replicas: number }>('berth.scale', [deployment()], (r) => (r.kind === 'input' ? '3' : undefined));
        const input = prompts.requests.find((r) => r.kind === 'input');
        assert.equal(input?.kind === 'input' ? input.value : '', '2', 'prefilled with the current count');
        assert.deepEqual(result, { previous: 2, replicas: 3 });
        assert.equal((await getDeployment('web'))?.spec?.replicas, 3);
      },

      'Show Logs follows the workload in its own output channel': async () => {
        const name = `Berth logs: Deployment ${s().namespace}/web (${s().context})`;
        const seen = new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no [web-…/web] log line in ${name} within 90 s`)), 90_000);
          const subscription = s().api.onDidAppendLog((e) => {
            if (e.channel === name && /\[web-[a-z0-9-]+\/web\] /.test(e.text)) {
              clearTimeout(timer);
              subscription.dispose();
              resolve(e.text);
            }
          });
        });
        const { result } = await runCommand<string>('berth.showLogs', [deployment()]);
        assert.equal(result, name);
        assert.match(await seen, /\[web-[a-z0-9-]+\/web\] /);
        const stopped = await runCommand<string>('berth.stopLogs', [deployment()]);
        assert.equal(stopped.result, name);
      },

      'Describe opens a read-only Markdown document': async () => {
        const { result } = await runCommand<string>('berth.describe', [deployment()]);
        assert.match(result, new RegExp(`^# Deployment ${s().namespace}/web`));
        const editor = vscode.window.activeTextEditor;
        assert.equal(editor?.document.uri.scheme, 'berth-view');
        assert.equal(editor?.document.languageId, 'markdown');
      },

      'a dry-run refusal becomes a berth-deploy diagnostic on the document and nothing is applied': async () => {
        const editor = await openFile('broken.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n  namespace: ${s().namespace}\ndata: {a: "1"}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\n  namespace: ${s().namespace}\nspec:\n  selector: {matchLabels: {app: one}}\n  template:\n    metadata: {labels: {app: other}}\n    spec:\n      containers: [{name: c, image: "nginx:1.27"}]\n`);
        const uri = editor.document.uri;
        const { result, prompts } = await runCommand<{ applied: boolean; findings: { documentIndex: number }[] }>('berth.deploy', [uri, { context: s().context }], applyAnswer);
        assert.equal(result.applied, false);
        assert.deepEqual(result.findings.map((f) => f.documentIndex), [1]);
        assert.ok(prompts.messages('error').some((m) => /refused 1 of 2/.test(m.message)), JSON.stringify(prompts.messages()));
        assert.ok(!prompts.messages().some((m) => m.actions.includes('Apply')), 'never offered to apply');
        const diagnostics = await until('a berth-deploy diagnostic', vscode.languages.onDidChangeDiagnostics, () => {
          const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'berth-deploy');
          return found.length > 0 ? found : undefined;
        });
        assert.ok(diagnostics[0]!.range.start.line >= 7, `on the Deployment's document (line ${diagnostics[0]!.range.start.line})`);
        assert.match(diagnostics[0]!.message, /selector|labels/);
        const r = await s().kube.request({ method: 'GET', path: `/api/v1/namespaces/${s().namespace}/configmaps/fine`, operation: { verb: 'get', resource: 'configmaps' } });
        assert.ok(!r.ok && r.error.kind === 'notFound', 'the valid ConfigMap was not applied either');
      },

      'an unreachable cluster is an error message with the fix': async () => {
        const target: BerthTarget = { type: 'object', context: 'berth-unreachable', namespace: 'default', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
        const { result, prompts } = await runCommand('berth.scale', [target]);
        assert.equal(result, undefined);
        const errors = prompts.messages('error');
        assert.equal(errors.length, 1, JSON.stringify(prompts.requests));
        assert.match(errors[0]!.message, /Cannot reach the cluster/);
        assert.deepEqual(errors[0]!.actions, ['Select another context', 'How to start the local cluster', 'Open log']);
      },

      'no token or client key reaches the Berth log or an error message': async () => {
        // A context on the real cluster whose user holds a known, invalid token: every operation
        // is a 401 that gets logged and shown. The local context's client key is used by the
        // other tests of this suite, so its lines are in the log too.
        const known = `berth-known-token-${Date.now().toString(36)}`;
        const local = parse(readFileSync(s().kubeconfigPath, 'utf8')) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
        const leaky = join(s().tmp, 'leaky.yaml');
        writeFileSync(leaky, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'leaky', cluster: local.clusters[0]!.cluster }], users: [{ name: 'leaky', user: { token: known } }], contexts: [{ name: 'berth-known-token', context: { cluster: 'leaky', user: 'leaky', namespace: s().namespace } }] }));
        const config = vscode.workspace.getConfiguration('berth');
        const registered = config.inspect<string[]>('kubeconfigs')?.globalValue ?? [];
        await config.update('kubeconfigs', [...registered, leaky], vscode.ConfigurationTarget.Global);
        try {
          await until('the known-token context', s().api.session.onDidChange, () => {
            const k = s().api.session.kubeconfig();
            return k.ok && k.value.contexts.some((c) => c.name === 'berth-known-token') ? true : undefined;
          });
          const target: BerthTarget = { type: 'object', context: 'berth-known-token', namespace: s().namespace, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
          const messages: string[] = [];
          for (const command of ['berth.scale', 'berth.describe', 'berth.showEvents', 'berth.rolloutStatus', 'berth.openInEditor']) {
            const { prompts } = await runCommand(command, [target]);
            messages.push(...prompts.messages('error').map((m) => m.message));
          }
          assert.ok(messages.length >= 4 && messages.every((m) => /rejected the credentials/.test(m)), messages.join('\n'));
          const log = await logHolding(s().api.logFile, /rejected the credentials/);
          const keyFile = local.users[0]!.user['client-key'];
          const key = keyFile ? readFileSync(keyFile, 'utf8') : Buffer.from(local.users[0]!.user['client-key-data'] ?? '', 'base64').toString('utf8');
          const keyLines = key.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
          assert.ok(keyLines.length > 0, 'the local user has a client key to look for');
          for (const text of [log, ...messages]) {
            assert.ok(!text.includes(known), `the token appears in: ${text.slice(0, 300)}`);
            for (const line of keyLines) assert.ok(!text.includes(line), 'a line of the client key appears');
          }
        } finally {
          await config.update('kubeconfigs', registered, vscode.ConfigurationTarget.Global);
        }
      },

      'Delete asks a modal confirmation naming the object and context, then deletes': async () => {
        const declined = await runCommand<boolean>('berth.delete', [deployment()], () => false);
        assert.equal(declined.result, false);
        assert.ok(await getDeployment('web'), 'declining keeps it');
        const { result, prompts } = await runCommand<boolean>('berth.delete', [deployment()], (r) => r.kind === 'confirm');
        const confirm = prompts.requests.find((r) => r.kind === 'confirm');
        assert.equal(confirm?.kind === 'confirm' ? confirm.message : '', `Delete Deployment ${s().namespace}/web in context "${s().context}"?`);
        assert.equal(result, true);
        assert.equal(await getDeployment('web'), undefined);
      },
    },
  });
}
