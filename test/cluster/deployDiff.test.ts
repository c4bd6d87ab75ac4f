// `berth deploy --diff` against the local cluster: new, changed and unchanged objects and their exit
// codes, server defaults that are not differences, an object the server refuses, named with
// its file and document, and a changed Secret shown as changed keys without values.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diffObjects, hasDifference, objectUnifiedDiff } from '../../kube';
import { runDeploy } from '../../cli/src/commands/deploy';
import { cli as runCommand } from '../helpers/cliCommand';
import { useLocalCluster } from '../helpers/cluster';
import { deployment } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';

/** `berth deploy` with these arguments against the cluster the kubeconfig file points at. */
const cli = (argv: string[], kubeconfigPath: string) => runCommand(runDeploy, argv, kubeconfigPath);

describe('deploy --diff against the cluster', () => {
  it('shows a new object as all added, a changed one as its changed lines, nothing for the same; exit 1, 1, 0', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    const dir = mkdtempSync(join(tmpdir(), 'berth-diff-'));
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');

    const fresh = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(fresh.code, 1, fresh.err);
    assert.equal(
      fresh.out,
      [
        `--- live/v1.ConfigMap.${namespace}.settings`,
        `+++ applied/v1.ConfigMap.${namespace}.settings`,
        '@@ -0,0 +1,7 @@',
        '+apiVersion: v1',
        '+data:',
        '+  mode: fast',
        '+kind: ConfigMap',
        '+metadata:',
        '+  name: settings',
        `+  namespace: ${namespace}`,
        '',
      ].join('\n'),
    );

    const applied = await cli([file, '--namespace', namespace], kubeconfigPath);
    assert.equal(applied.code, 0, applied.err);
    const same = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.deepEqual([same.code, same.out], [0, ''], same.err);

    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n');
    const changed = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(changed.code, 1, changed.err);
    assert.match(changed.out, /@@ -1,6 \+1,6 @@\n apiVersion: v1\n data:\n-  mode: fast\n\+  mode: slow\n kind: ConfigMap\n/);
    // The diff stored nothing.
    const live = must(await kube.request<{ data: Record<string, string> }>({ method: 'GET', path: `/api/v1/namespaces/${namespace}/configmaps/settings`, operation: { verb: 'get' } }));
    assert.equal(live.body.data['mode'], 'fast');
  });

  it('server defaults are not differences; the diff function gives live and applied YAML per object', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    const object = deployment('web', 1);
    const before = must(await diffObjects(kube, [object]));
    assert.equal(before[0]!.liveYaml, '');
    assert.match(before[0]!.appliedYaml, /progressDeadlineSeconds: 600/, 'the applied side is what the server would store, defaults included');
    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${namespace}/deployments/web`, query: { fieldManager: 'berth' }, contentType: 'application/apply-patch+yaml', body: { ...object, metadata: { name: 'web', namespace } }, operation: { verb: 'apply' } }));
    const after = must(await diffObjects(kube, [object]));
    assert.equal(hasDifference(after[0]!), false, objectUnifiedDiff(after[0]!));
    assert.doesNotMatch(after[0]!.liveYaml, /managedFields|resourceVersion|uid:|creationTimestamp|status:/);
  });

  it('an object the server refuses is exit 2, named on stderr with its file and document', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const dir = mkdtempSync(join(tmpdir(), 'berth-diff-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n');
    const r = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(r.code, 2);
    assert.match(r.out, /\+\+\+ applied\/v1\.ConfigMap\..*\.ok\n/);
    assert.match(r.err, new RegExp(`error: ConfigMap ${namespace}/Not_Valid: Invalid: .*\\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, document 2\\)`));
  });

  it('a changed Secret shows which key changed, in text and JSON, never the old or the new value', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const dir = mkdtempSync(join(tmpdir(), 'berth-diff-'));
    const file = join(dir, 'secret.yaml');
    const OLD = 'old-pass-7d1c';
    const NEW = 'new-pass-9e2f';
    const secret = (password: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${password}\n  user: admin-e81b\n`;
    const leaked = (text: string) => [OLD, NEW, 'admin-e81b'].flatMap((v) => [v, Buffer.from(v).toString('base64')]).filter((form) => text.includes(form));
    writeFileSync(file, secret(OLD));
    const fresh = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(fresh.code, 1, fresh.err);
    assert.deepEqual(leaked(fresh.out + fresh.err), [], fresh.out);
    assert.match(fresh.out, /^\+  password: "<masked: 13 bytes>"$/m, fresh.out);

    const applied = await cli([file, '--namespace', namespace], kubeconfigPath);
    assert.equal(applied.code, 0, applied.err);
    writeFileSync(file, secret(NEW));
    const text = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(text.code, 1, `a changed value is a difference: ${text.err}`);
    assert.deepEqual(leaked(text.out + text.err), [], text.out);
    assert.match(text.out, /^-  password: "<masked: 13 bytes>"\n\+  password: "<masked: 13 bytes, changed>"\n   user: "<masked: 10 bytes>"$/m, text.out);

    const json = await cli([file, '--diff', '--namespace', namespace, '--output', 'json'], kubeconfigPath);
    assert.equal(json.code, 1, json.err);
    assert.deepEqual(leaked(json.out + json.err), [], json.out);
    const objects = (JSON.parse(json.out) as { objects: { kind: string; status: string; diff: string }[] }).objects;
    assert.deepEqual(objects.map((o) => [o.kind, o.status]), [['Secret', 'changed']]);
    assert.match(objects[0]!.diff, /\+  password: "<masked: 13 bytes, changed>"/);
  });
});
