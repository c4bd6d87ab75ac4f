// Pure helpers behind the extension's commands: what a deploy sends and where its failures
// point, input checks, the fixes an error offers, log selectors, scripted prompts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { documentsInLines, planDeploy } from '../../kube/deploy/plan';
import { fixesFor, HOW_TO_START, REGISTER_KUBECONFIG, SELECT_CONTEXT } from '../../client/src/commands/fixes';
import { countProblem, namespaceProblem } from '../../client/src/commands/inputs';
import { selectorQuery } from '../../kube/labelSelector';
import { deployFindings, kubeError, maskSecrets } from '../../kube';
import { ScriptedPrompts } from '../../client/src/prompts/scripted';
import type { InstanceType } from '../../platform/model';
import { repoRoot } from '../helpers/repo';

const catalog = (JSON.parse(readFileSync(join(repoRoot(), 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: InstanceType[] }).instanceTypes;

const app = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: web
spec:
  image: nginx:1.27
  replicas: 2
  ports:
    - {name: http, port: 8080}
`;
const cluster = `apiVersion: berth.dev/v1alpha1
kind: Cluster
metadata:
  name: dev
spec:
  type: managed
  provider: kwok
`;
const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data: {a: "1"}
`;

describe('planDeploy', () => {
  it('plans an Application of several clusters per cluster, never into the target context', () => {
    const multi = app.replace('metadata:\n  name: web\n', 'metadata:\n  name: web\n  namespace: shop\n').replace('  image: nginx:1.27\n  replicas: 2\n', '  clusters: [east, west]\n  image: nginx:1.27\n  replicas: 6\n  distribution: {replicas: divided, weights: {east: 2, west: 1}}\n  overrides:\n    - {cluster: west, image: nginx:1.27-west}\n');
    const east = cluster.replace('name: dev', 'name: east');
    const plan = planDeploy([{ uri: 'file:///w/a.yaml', text: `${multi}---\n${configMap}---\n${east}` }], catalog, { namespace: 'default' });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.objects.map((o) => o.object.kind), ['ConfigMap'], 'only the plain manifest goes to the target context');
    assert.deepEqual(plan.clusters.map((c) => c.cluster), ['east', 'west']);
    const deployment = (name: string) => plan.clusters.find((c) => c.cluster === name)!.objects.find((o) => o.object.kind === 'Deployment')!.object as { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };
    assert.deepEqual([deployment('east').spec.replicas, deployment('west').spec.replicas], [4, 2], 'divided 2:1');
    assert.deepEqual([deployment('east').spec.template.spec.containers[0]!.image, deployment('west').spec.template.spec.containers[0]!.image], ['nginx:1.27', 'nginx:1.27-west']);
    for (const c of plan.clusters) {
      assert.ok(c.objects.some((o) => o.object.kind === 'Namespace' && (o.object.metadata as { name: string }).name === 'shop'), `${c.cluster} gets the Application's namespace`);
      assert.deepEqual([...c.applications].map(([name, namespaces]) => [name, [...namespaces]]), [['web', ['shop']]], `${c.cluster} prunes only what it deployed`);
    }
    assert.deepEqual(plan.clusters.map((c) => c.destination), [
      { cluster: 'east', context: 'kwok-east', definedIn: 'file:///w/a.yaml', provider: 'kwok' },
      { cluster: 'west', context: 'west' },
    ], 'a Cluster document gives its provider\'s context; an undefined name is a kubeconfig context');
  });

  it('renders Applications, passes manifests through and remembers the document of each object', () => {
    const plan = planDeploy([{ uri: 'file:///w/a.yaml', text: `${cluster}---\n${app}---\n${configMap}` }], catalog, { namespace: 'shop' });
    assert.deepEqual(plan.problems, []);
    const deployment = plan.objects.find((o) => o.object.kind === 'Deployment');
    assert.ok(deployment, 'the Application renders a Deployment');
    assert.deepEqual(deployment.source, { uri: 'file:///w/a.yaml', documentIndex: 1, rendered: true });
    assert.equal((deployment.object.metadata as { labels: Record<string, string> }).labels['berth.dev/application'], 'web', 'labelled for pruning');
    assert.equal((deployment.object.metadata as { namespace?: string }).namespace, 'shop', 'the selected namespace when the Application names none');
    const cm = plan.objects.find((o) => o.object.kind === 'ConfigMap');
    assert.deepEqual(cm?.source, { uri: 'file:///w/a.yaml', documentIndex: 2, rendered: false });
    assert.deepEqual([...plan.applications.get('web')!], ['shop']);
    assert.deepEqual(plan.skipped.map((d) => [d.kind, d.name]), [['Cluster', 'dev']], 'a Cluster is created, not deployed');
    assert.equal(plan.objects.some((o) => o.object.kind === 'Namespace'), false, "the context's namespace is not created");
  });

  it("creates the namespace an Application names, once, unlabelled for pruning, unless the files hold it", () => {
    const inShop = app.replace('  name: web\n', '  name: web\n  namespace: shop\n');
    const api = inShop.replace('name: web', 'name: api');
    const plan = planDeploy([{ uri: 'file:///w/a.yaml', text: `${inShop}---\n${api}` }], catalog, { namespace: 'default' });
    assert.deepEqual(plan.problems, []);
    const namespaces = plan.objects.filter((o) => o.object.kind === 'Namespace');
    assert.deepEqual(namespaces.map((o) => o.object), [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }], 'one v1 Namespace without labels');
    assert.deepEqual(namespaces[0]!.source, { uri: 'file:///w/a.yaml', documentIndex: 0, rendered: true });
    assert.deepEqual([...plan.applications.get('web')!], ['shop']);
    const deployment = plan.objects.find((o) => o.object.kind === 'Deployment');
    assert.equal((deployment?.object.metadata as { namespace?: string }).namespace, 'shop');

    const own = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: a}\n`;
    const withOwn = planDeploy([{ uri: 'u', text: `${inShop}---\n${own}` }], catalog, { namespace: 'default' });
    assert.deepEqual(withOwn.objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.source.documentIndex), [1], "the file's own Namespace, not a second one");
  });

  it('deploys only the selected documents', () => {
    const text = `${app}---\n${configMap}`;
    const second = documentsInLines(text, 11, 11);
    assert.deepEqual([...second], [1]);
    const plan = planDeploy([{ uri: 'u', text, documents: second }], catalog, { namespace: 'default' });
    assert.deepEqual(plan.objects.map((o) => o.object.kind), ['ConfigMap']);
    assert.deepEqual([...documentsInLines(text, 0, 20)].sort(), [0, 1], 'a selection across the marker touches both');
  });

  it('reports broken YAML and masked Secrets as problems on their document, and sends neither', () => {
    const secret = maskSecrets({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'c2VjcmV0' } });
    const text = `a: [unclosed\n---\n${JSON.stringify(secret)}\n---\n${configMap}`;
    const plan = planDeploy([{ uri: 'u', text }], catalog, { namespace: 'default' });
    assert.deepEqual(plan.objects.map((o) => o.object.kind), ['ConfigMap']);
    assert.deepEqual(plan.problems.map((p) => p.documentIndex), [0, 1]);
    assert.match(plan.problems[0]!.message, /Not valid YAML/);
    assert.match(plan.problems[1]!.message, /Secret db holds masked values .* in key "password"/);
    assert.deepEqual(plan.masked.map((m) => [m.name, m.keys, m.source.documentIndex]), [['db', ['password'], 1]]);
  });

  it('a server refusal becomes a finding on the source document', () => {
    const plan = planDeploy([{ uri: 'file:///w/a.yaml', text: `${configMap}---\n${app}` }], catalog, { namespace: 'default' });
    const cm = plan.objects.find((o) => o.object.kind === 'ConfigMap')!;
    const findings = deployFindings([{ kind: 'ConfigMap', name: 'settings', namespace: 'default', error: kubeError('invalid', 'Invalid: bad data'), source: cm.source }]);
    assert.deepEqual(findings.map((f) => [f.uri, f.documentIndex, f.object]), [['file:///w/a.yaml', 0, 'ConfigMap default/settings']]);
  });
});

describe('input checks', () => {
  it('replica counts are whole numbers in range', () => {
    assert.equal(countProblem('3', 'Replicas'), undefined);
    assert.equal(countProblem(' 0 ', 'Replicas'), undefined);
    assert.match(countProblem('three', 'Replicas')!, /whole number/);
    assert.match(countProblem('-1', 'Replicas')!, /whole number/);
    assert.match(countProblem('1.5', 'Replicas')!, /whole number/);
    assert.match(countProblem('5000', 'Replicas')!, /above 1000/);
  });
  it('namespaces are DNS-1123 labels', () => {
    assert.equal(namespaceProblem('shop-2'), undefined);
    assert.ok(namespaceProblem(''));
    assert.ok(namespaceProblem('Shop'));
    assert.ok(namespaceProblem('-shop'));
    assert.ok(namespaceProblem('a'.repeat(64)));
  });
});

describe('error fixes', () => {
  it('an unreachable local cluster offers another context and how to start it', () => {
    const local = kubeError('unreachable', 'Cannot reach the cluster to list pods (server https://127.0.0.1:6443): ECONNREFUSED');
    assert.deepEqual(fixesFor(local), [SELECT_CONTEXT, HOW_TO_START]);
    assert.deepEqual(fixesFor(kubeError('unreachable', 'Cannot reach https://k8s.example.com')), [SELECT_CONTEXT]);
    assert.deepEqual(fixesFor(kubeError('invalidKubeconfig', 'No current context')), [SELECT_CONTEXT, REGISTER_KUBECONFIG]);
    assert.deepEqual(fixesFor(kubeError('notFound', 'Not found')), []);
  });
});

describe('log selectors', () => {
  it('selectors become labelSelector text', () => {
    assert.equal(selectorQuery({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'track', operator: 'In', values: ['stable', 'canary'] }, { key: 'x', operator: 'DoesNotExist' }] }), 'app=web,track in (stable,canary),!x');
  });
});

describe('ScriptedPrompts', () => {
  it('answers picks by label, records requests and refuses input the command would not accept', async () => {
    const prompts = new ScriptedPrompts((r) => (r.kind === 'pick' ? 'b' : r.kind === 'input' ? 'x' : r.kind === 'message' ? 'Apply' : undefined));
    assert.equal(await prompts.pick([{ label: 'a', value: 1 }, { label: 'b', value: 2 }], { title: 'T' }), 2);
    assert.equal(await prompts.input({ title: 'n', validate: (t) => countProblem(t, 'Replicas') }), undefined);
    assert.match(prompts.refusals[0]!, /whole number/);
    assert.equal(await prompts.message('info', 'apply?', 'Apply', 'Cancel'), 'Apply');
    assert.equal(await prompts.message('info', 'done'), undefined, 'an action the message does not offer is not clicked');
    assert.deepEqual(prompts.requests.map((r) => r.kind), ['pick', 'input', 'message', 'message']);
  });
});
