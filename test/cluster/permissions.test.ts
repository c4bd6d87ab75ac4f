// Permissions on the local cluster with a pods-only identity (a ServiceAccount whose Role may get
// and list pods): the matrix agrees with `kubectl auth can-i --list` cell by cell, `berth can-i`
// agrees with `kubectl auth can-i`, a Deployment's delete is refused before it is attempted with
// the verb to ask for, and exec is refused with the server's reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { checkPermission, parseResourceLabel, startExec, type Cell } from '../../kube';
import { clusterKubectl } from '../helpers/agreement/apiserverVerdicts';
import { berth } from '../helpers/cli';
import { useLocalCluster } from '../helpers/cluster';
import { deployment, podsRunning } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';
import { podsOnlyIdentity } from '../helpers/podsOnlyIdentity';

interface ListRow {
  readonly resource: string;
  readonly names: readonly string[];
  readonly verbs: readonly string[];
}

/** The resource rows of `kubectl auth can-i --list` (Resources, Non-Resource URLs, Resource Names, Verbs). */
function kubectlList(text: string): ListRow[] {
  const rows: ListRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    // "pods   []   []   [get list]": the resource, then three bracketed lists.
    const m = /^(\S+)\s+\[([^\]]*)\]\s+\[([^\]]*)\]\s+\[([^\]]*)\]\s*$/.exec(line);
    if (!m) continue;
    rows.push({ resource: m[1]!, names: m[3]!.split(' ').filter(Boolean), verbs: m[4]!.split(' ').filter(Boolean) });
  }
  return rows;
}

/** What kubectl's rows say about one verb on one resource, matched independently of Berth's matcher. */
function kubectlCell(rows: readonly ListRow[], verb: string, label: string): Cell {
  const wanted = parseResourceLabel(label);
  let some = false;
  for (const row of rows) {
    const r = parseResourceLabel(row.resource);
    const resourceMatches = (r.resource === '*' || r.resource === wanted.resource) && (r.group === '*' || r.group === wanted.group) && (r.subresource ?? '') === (wanted.subresource ?? '');
    if (!resourceMatches || !(row.verbs.includes('*') || row.verbs.includes(verb))) continue;
    if (row.names.length === 0) return 'yes';
    some = true;
  }
  return some ? 'some' : 'no';
}

describe('permissions', () => {
  it('with a pods-only token: the matrix matches kubectl auth can-i --list, can-i matches kubectl, delete and exec are refused with the reason', { timeout: 180_000 }, async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const admin = await client(kubeconfigPath, namespace);
    must(await admin.request({ method: 'POST', path: `/apis/apps/v1/namespaces/${namespace}/deployments`, body: deployment('web', 1), operation: { verb: 'create' } }));
    const [pod] = await podsRunning(kubeConfig, namespace, 'web', 1);
    const narrow = await podsOnlyIdentity(t, admin, kubeconfigPath, namespace);
    const env = { ...process.env, KUBECONFIG: narrow.kubeconfigPath };
    const kubectl = clusterKubectl(kubeconfigPath);
    const kubectlArgs = ['--kubeconfig', narrow.kubeconfigPath, '--cache-dir', join(dirname(narrow.kubeconfigPath), 'kube-cache')];

    const listed = spawnSync(kubectl, [...kubectlArgs, 'auth', 'can-i', '--list', '-n', namespace], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const rows = kubectlList(listed.stdout);
    assert.ok(rows.some((r) => r.resource === 'pods'), listed.stdout);

    const shown = berth(['permissions', '-n', namespace, '--output', 'json'], { env });
    assert.equal(shown.status, 0, shown.stderr);
    const matrix = JSON.parse(shown.stdout) as { user?: string; verbs: string[]; rows: { resource: string; cells: Record<string, Cell> }[] };
    assert.equal(matrix.user, narrow.subject);
    assert.ok(matrix.rows.length >= 18);
    const disagreements: string[] = [];
    for (const row of matrix.rows) {
      for (const verb of matrix.verbs) {
        const expected = kubectlCell(rows, verb, row.resource);
        if (row.cells[verb] !== expected) disagreements.push(`${verb} ${row.resource}: berth ${row.cells[verb]}, kubectl ${expected}`);
      }
    }
    assert.deepEqual(disagreements, [], `kubectl auth can-i --list:\n${listed.stdout}`);
    const pods = matrix.rows.find((r) => r.resource === 'pods')!;
    assert.deepEqual(Object.keys(pods.cells).filter((v) => pods.cells[v] === 'yes'), ['get', 'list']);
    const text = berth(['permissions', '-n', namespace], { env });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^pods +yes +yes +- +-/m);

    // can-i: "yes"/"no" first, exit 0/1, as kubectl.
    for (const [verb, resource, allowed] of [['list', 'pods', true], ['get', `pods/${pod!.metadata!.name}`, true], ['delete', 'pods', false], ['delete', 'deployments', false], ['create', 'deploy.apps', false], ['get', 'deployments.apps', false]] as const) {
      const ours = berth(['can-i', verb, resource, '-n', namespace], { env });
      const theirs = spawnSync(kubectl, [...kubectlArgs, 'auth', 'can-i', verb, resource, '-n', namespace], { encoding: 'utf8' });
      assert.equal(ours.status, allowed ? 0 : 1, `${verb} ${resource}: ${ours.stdout}${ours.stderr}`);
      assert.equal(theirs.status, ours.status, `kubectl agrees on ${verb} ${resource}`);
      assert.equal(ours.stdout.split(/[\s-]/)[0], allowed ? 'yes' : 'no');
      assert.equal(ours.stdout.split(/[\s-]/)[0], theirs.stdout.split(/[\s-]/)[0]);
    }

    // Delete on a Deployment: refused before it is attempted, with the verb to ask for.
    const check = must(await checkPermission(narrow.client, 'delete', { group: 'apps', resource: 'deployments' }, { namespace, name: 'web' }));
    assert.deepEqual(check, { allowed: false, message: `You may not delete deployments.apps in ${namespace}: ask for the \`delete\` verb on \`deployments.apps\`.` });
    assert.ok(must(await checkPermission(narrow.client, 'list', { group: '', resource: 'pods' }, { namespace })).allowed);

    // Exec needs create on pods/exec: the server's refusal names it.
    const exec = await startExec(narrow.client, { pod: pod!.metadata!.name!, command: ['true'] }, { onStdout: () => undefined, onStderr: () => undefined });
    assert.ok(!exec.ok);
    assert.equal(exec.error.kind, 'forbidden');
    assert.match(exec.error.message, /may not create pods\/exec/);
  });
});
