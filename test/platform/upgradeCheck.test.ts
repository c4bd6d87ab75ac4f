// Upgrade readiness, the pure half: the removed/deprecated API table (schemas/kubernetes/removed-apis.json)
// that drives both the editor's diagnostics and `berth upgrade-check`, the workspace findings, the
// version skew policy and the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { ApiLifecycleTable, parseLifecycleFile } from '../../platform/upgrade/apiLifecycle';
import { FINDING_CODES } from '../../platform/upgrade/finding';
import { helmManifestFindings, workspaceFindings } from '../../platform/upgrade/manifestFindings';
import { reportJson, reportMarkdown, upgradeReport } from '../../platform/upgrade/report';
import { controlPlaneFindings, nodeFindings } from '../../platform/upgrade/versionSkew';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { settings, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

const options = nodeLanguageServiceOptions(repoRoot());
const table = (() => {
  const read = ApiLifecycleTable.read(options.readSchemaFile);
  assert.ok(read.ok, read.ok ? '' : read.error);
  return read.value;
})();

/** The four API versions every upgrade check must name, with the release that stopped serving each. */
const NAMED = [
  { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', removedIn: '1.25', replacement: 'policy/v1' },
  { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', removedIn: '1.26', replacement: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', kind: 'CronJob', removedIn: '1.25', replacement: 'batch/v1' },
] as const;

const manifest = (apiVersion: string, kind: string, name: string, extra = ''): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}`;

test('the table knows every removal and deprecation pluto lists, and more', () => {
  // pluto's versions.yaml (FairwindsOps/pluto), its List kinds left to the item lookup below.
  const pluto: readonly (readonly [string, string])[] = [
    ['extensions/v1beta1', 'Deployment'], ['apps/v1beta2', 'Deployment'], ['apps/v1beta1', 'Deployment'], ['apps/v1beta1', 'StatefulSet'],
    ['apps/v1beta2', 'StatefulSet'], ['extensions/v1beta1', 'NetworkPolicy'], ['extensions/v1beta1', 'Ingress'], ['networking.k8s.io/v1beta1', 'Ingress'],
    ['networking.k8s.io/v1beta1', 'IngressClass'], ['apps/v1beta2', 'DaemonSet'], ['extensions/v1beta1', 'DaemonSet'], ['extensions/v1beta1', 'PodSecurityPolicy'],
    ['policy/v1beta1', 'PodSecurityPolicy'], ['extensions/v1beta1', 'ReplicaSet'], ['apps/v1beta1', 'ReplicaSet'], ['apps/v1beta2', 'ReplicaSet'],
    ['scheduling.k8s.io/v1beta1', 'PriorityClass'], ['scheduling.k8s.io/v1alpha1', 'PriorityClass'], ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition'],
    ['admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration'], ['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration'],
    ...['v1alpha1', 'v1beta1'].flatMap((v) => ['ClusterRoleBinding', 'ClusterRole', 'Role', 'RoleBinding', 'RoleList', 'RoleBindingList', 'ClusterRoleList', 'ClusterRoleBindingList'].map((k) => [`rbac.authorization.k8s.io/${v}`, k] as const)),
    ['node.k8s.io/v1beta1', 'RuntimeClass'], ['policy/v1beta1', 'PodDisruptionBudget'], ['policy/v1beta1', 'PodDisruptionBudgetList'], ['autoscaling/v2beta1', 'HorizontalPodAutoscaler'],
    ['autoscaling/v2beta1', 'HorizontalPodAutoscalerList'], ['autoscaling/v2beta2', 'HorizontalPodAutoscaler'], ['autoscaling/v2beta2', 'HorizontalPodAutoscalerList'],
    ['batch/v1beta1', 'CronJob'], ['batch/v1beta1', 'CronJobList'], ['storage.k8s.io/v1beta1', 'CSINode'], ['storage.k8s.io/v1beta1', 'CSIDriver'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity'], ['storage.k8s.io/v1beta1', 'StorageClass'], ['storage.k8s.io/v1beta1', 'VolumeAttachment'],
    ['apiregistration.k8s.io/v1beta1', 'APIService'], ['authentication.k8s.io/v1beta1', 'TokenReview'], ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest'],
    ['coordination.k8s.io/v1beta1', 'Lease'], ['events.k8s.io/v1beta1', 'Event'], ['discovery.k8s.io/v1beta1', 'EndpointSlice'],
    ['authentication.istio.io/v1alpha1', 'Policy'],
    ...['Certificate', 'Issuer', 'ClusterIssuer', 'CertificateRequest', 'Order', 'Challenge'].map((k) => ['certmanager.k8s.io/v1alpha1', k] as const),
    ...['v1alpha2', 'v1alpha3', 'v1beta1'].flatMap((v) => [
      ...['Certificate', 'Issuer', 'ClusterIssuer', 'CertificateRequest'].map((k) => [`cert-manager.io/${v}`, k] as const),
      ...['Order', 'Challenge'].map((k) => [`acme.cert-manager.io/${v}`, k] as const),
    ]),
    ...['v1beta1', 'v1beta2', 'v1beta3'].flatMap((v) => ['FlowSchema', 'PriorityLevelConfiguration'].map((k) => [`flowcontrol.apiserver.k8s.io/${v}`, k] as const)),
    ...['v1alpha1', 'v1beta1'].flatMap((v) => ['Policy', 'PolicyList'].map((k) => [`audit.k8s.io/${v}`, k] as const)),
    ['admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicy'], ['admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicyBinding'],
    ...['v1alpha3', 'v1beta1'].flatMap((v) => ['ResourceSlice', 'ResourceClaim', 'DeviceClass', 'ResourceClaimTemplate'].map((k) => [`resource.k8s.io/${v}`, k] as const)),
    ['storage.k8s.io/v1beta1', 'VolumeAttributesClass'], ['storage.k8s.io/v1alpha1', 'VolumeAttributesClass'], ['storagemigration.k8s.io/v1alpha1', 'StorageVersionMigration'],
  ];
  const missing = pluto.filter(([apiVersion, kind]) => table.lookup(apiVersion, kind) === undefined);
  assert.deepEqual(missing, []);
  assert.ok(table.entries().length >= 112, `${table.entries().length} entries`);
  // A typed list has its item's entry, pointing at the replacement's list kind.
  assert.deepEqual(table.lookup('policy/v1beta1', 'PodDisruptionBudgetList')?.replacement, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudgetList' });
});

test('the table agrees with the bundled schemas: every removal they show, never a version they still serve', () => {
  const schemas = join(repoRoot(), 'schemas/kubernetes');
  const index = JSON.parse(readFileSync(join(schemas, 'index.json'), 'utf8')) as { versions: { version: string; file: string }[] };
  for (const { version, file } of index.versions) {
    const bundle = JSON.parse(readFileSync(join(schemas, file), 'utf8')) as { groupVersions: Record<string, { kinds: Record<string, unknown> }>; removed: { apiVersion: string; kind: string; removedIn: string }[] };
    for (const derived of bundle.removed.filter((r) => !r.kind.endsWith('List'))) {
      assert.equal(table.lookup(derived.apiVersion, derived.kind)?.removedIn, derived.removedIn, `${derived.apiVersion} ${derived.kind} in ${file}`);
    }
    for (const entry of table.entries()) {
      if (entry.owner !== 'kubernetes' || table.statusAt(entry.apiVersion, entry.kind, version)?.state !== 'removed') continue;
      assert.equal(bundle.groupVersions[entry.apiVersion]?.kinds[entry.kind], undefined, `${entry.apiVersion} ${entry.kind} is served by ${version}`);
    }
  }
});

test('a malformed table is an error naming the entry, not a crash', () => {
  const bad = parseLifecycleFile({ removed: [{ apiVersion: 'x/v1', kind: 'Y', removedIn: 'soon', replacement: null }] });
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /removed\[0\]/);
  assert.equal(parseLifecycleFile([]).ok, false);
});

test('the four named APIs are breaking findings at and after their removal, with their replacement and line', () => {
  const files = NAMED.map((api, i) => ({ file: `deploy/${i}.yaml`, text: `# ${api.kind}\n${manifest(api.apiVersion, api.kind, `n${i}`)}` }));
  const at = (target: string) => workspaceFindings(files, table, target);
  for (const api of NAMED) {
    const found = at(api.removedIn).find((f) => f.object?.kind === api.kind);
    assert.equal(found?.severity, 'breaking', api.apiVersion);
    assert.equal(found.code, 'removed-api');
    assert.equal(found.removedIn, api.removedIn);
    assert.equal(found.replacement?.apiVersion, api.replacement);
    assert.deepEqual(found.object, { apiVersion: api.apiVersion, kind: api.kind, namespace: 'shop', name: `n${NAMED.indexOf(api)}` });
    assert.equal(found.range?.start.line, 1);
    assert.equal(found.range?.start.character, 'apiVersion: '.length);
    assert.match(found.message, new RegExp(`use ${api.replacement.replace(/\./g, '\\.')}`));
  }
  // 1.25: PDB and CronJob break; v2beta2 is only deprecated; flowcontrol v1beta3 is still fine (it came in 1.26).
  assert.deepEqual(
    at('1.25').map((f) => [f.object?.kind, f.severity]),
    [['PodDisruptionBudget', 'breaking'], ['HorizontalPodAutoscaler', 'warning'], ['CronJob', 'breaking']],
  );
  assert.equal(at('1.32').filter((f) => f.severity === 'breaking').length, 4);
  assert.deepEqual(at('1.20'), []);
});

test('List items, Cluster scope, operators and non-manifests', () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: batch/v1beta1\n    kind: CronJob\n    metadata: {name: a}\n  - apiVersion: batch/v1\n    kind: CronJob\n    metadata: {name: b}\n`;
  assert.deepEqual(workspaceFindings([{ file: 'l.yaml', text: list }], table, '1.30').map((f) => [f.object?.name, f.range?.start.line]), [['a', 3]]);

  const annotated = `apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: other\n  annotations: {berth.dev/cluster: staging}\n---\n${manifest('policy/v1beta1', 'PodDisruptionBudget', 'unannotated')}`;
  assert.deepEqual(workspaceFindings([{ file: 'a.yaml', text: annotated }], table, '1.30', { cluster: 'prod' }).map((f) => f.object?.name), ['unannotated']);
  assert.equal(workspaceFindings([{ file: 'a.yaml', text: annotated }], table, '1.30').length, 2);

  const certificate = manifest('cert-manager.io/v1alpha2', 'Certificate', 'tls');
  const [cert] = workspaceFindings([{ file: 'c.yaml', text: certificate }], table, '1.20');
  assert.equal(cert?.severity, 'breaking', 'an operator version is gone whatever the Kubernetes target');
  assert.match(cert!.message, /not served by cert-manager 1\.6 and later: use cert-manager\.io\/v1 Certificate/);

  const notManifests = 'services:\n  web: {image: nginx}\n---\n- a\n- b\n---\napiVersion: *x\nkind: CronJob\n---\n: [\n';
  assert.deepEqual(workspaceFindings([{ file: 'n.yaml', text: notManifests }], table, '1.36'), []);
});

test('a Helm manifest names each object\'s chart template and its release', () => {
  const stored = `---\n# Source: web/templates/pdb.yaml\n${manifest('policy/v1beta1', 'PodDisruptionBudget', 'web')}---\n# Source: web/templates/deploy.yaml\n${manifest('apps/v1', 'Deployment', 'web')}`;
  const [finding, ...rest] = helmManifestFindings(stored, { namespace: 'shop', name: 'web', revision: 3, chart: 'web-1.2.0' }, table, '1.25');
  assert.deepEqual(rest, []);
  assert.equal(finding?.source, 'helm');
  assert.equal(finding.file, 'web/templates/pdb.yaml');
  assert.deepEqual(finding.release, { namespace: 'shop', name: 'web', revision: 3, chart: 'web-1.2.0' });
  assert.match(finding.message, /in Helm release shop\/web revision 3/);
});

test('the version skew policy: one minor at a time, kubelets at most three minors older, never newer, no dockershim', () => {
  assert.deepEqual(controlPlaneFindings('v1.35.2', '1.36'), []);
  const [skip] = controlPlaneFindings('v1.33.1', '1.36');
  assert.equal(skip?.code, 'control-plane-skew');
  assert.match(skip!.message, /1\.33 → 1\.34 → 1\.35 → 1\.36/);
  assert.match(controlPlaneFindings('v1.36.0', '1.35')[0]!.message, /does not support downgrading/);

  const nodes = [
    { name: 'ok', kubeletVersion: 'v1.33.4', containerRuntimeVersion: 'containerd://2.0.1' },
    { name: 'old', kubeletVersion: 'v1.32.9', containerRuntimeVersion: 'containerd://1.7.0' },
    { name: 'new', kubeletVersion: 'v1.37.0' },
    { name: 'docker', kubeletVersion: 'v1.23.17', containerRuntimeVersion: 'docker://20.10.7' },
    { name: 'kwok', kubeletVersion: 'fake' },
  ];
  assert.deepEqual(nodeFindings(nodes, '1.36').map((f) => [f.object?.name, f.code]), [['old', 'kubelet-skew'], ['new', 'kubelet-skew'], ['docker', 'kubelet-skew'], ['docker', 'dockershim']]);
  assert.match(nodeFindings(nodes, '1.36')[0]!.message, /at most 3 older.*1\.33 or later/);
  // Before 1.28 the policy allowed two minors.
  assert.deepEqual(nodeFindings([{ name: 'n', kubeletVersion: 'v1.21.0' }], '1.24').map((f) => f.code), ['kubelet-skew']);
  assert.deepEqual(nodeFindings([{ name: 'n', kubeletVersion: 'v1.22.0', containerRuntimeVersion: 'docker://19' }], '1.23'), []);
});

test('the report: breaking first, JSON with the object, file and fix, Markdown that shows names as text', () => {
  const hostile = manifest('batch/v1beta1', 'CronJob', '"x](javascript:alert(1))|<img src=x>"');
  const findings = [...workspaceFindings([{ file: 'a.yaml', text: manifest('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'h') }, { file: 'b.yaml', text: hostile }], table, '1.25'), ...nodeFindings([{ name: 'n', kubeletVersion: 'v1.20.0' }], '1.25')];
  const report = upgradeReport('1.25', findings, { files: 2, notes: ['Helm releases in configmaps were not checked: forbidden'] });
  assert.deepEqual(report.findings.map((f) => [f.severity, f.source]), [['breaking', 'workspace'], ['breaking', 'cluster'], ['warning', 'workspace']]);
  assert.deepEqual({ ...report.summary, notes: report.summary.notes.length }, { target: '1.25', findings: 3, breaking: 2, warnings: 1, bySource: { workspace: 2, cluster: 1, helm: 0 }, files: 2, notes: 1 });

  const json = JSON.parse(reportJson(report)) as { findings: Record<string, unknown>[]; summary: unknown };
  assert.deepEqual(Object.keys(json.findings[0]!), ['file', 'range', 'object', 'source', 'severity', 'code', 'deprecatedIn', 'removedIn', 'replacement', 'message']);
  assert.deepEqual(json.findings[0]!.replacement, { apiVersion: 'batch/v1', kind: 'CronJob' });

  const markdown = reportMarkdown(report, { link: (file, range) => `file:///ws/${file}#L${(range?.start.line ?? 0) + 1}` });
  assert.match(markdown, /^# Upgrade check: Kubernetes 1\\\.25$/m);
  assert.match(markdown, /\[b\\\.yaml\\:1\]\(<file:\/\/\/ws\/b\.yaml#L1>\)/);
  assert.ok(!/(?<!\\)<img/.test(markdown), 'HTML is escaped');
  assert.ok(!/\]\(javascript/.test(markdown), 'no link from a name');
  const rows = markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| where'));
  for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 6, `a name cannot add a table cell: ${row}`);
  assert.match(markdown, /## Not checked/);
});

test('the editor: a Cluster\'s kubernetesVersion decides what its manifests are told, from the same table', () => {
  const workspace = new BerthWorkspace(new BerthLanguageService(options));
  const cluster = (version: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: prod\nspec:\n  type: managed\n  provider: kwok\n  kubernetesVersion: "${version}"\n`;
  const annotated = (apiVersion: string, kind: string, name: string, spec: string): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations: {berth.dev/cluster: prod}\n${spec}`;
  const policy = annotated('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy', 'vap', 'spec:\n  validations: [{expression: "true"}]\n');
  const claim = annotated('resource.k8s.io/v1beta1', 'DeviceClass', 'gpu', 'spec: {}\n');
  const named = NAMED.map((api, i) => annotated(api.apiVersion, api.kind, `n${i}`, '')).join('---\n');
  const set = (version: string): void => {
    workspace.setFile(yamlDocument(cluster(version), 'file:///ws/cluster.yaml'), settings());
    workspace.setFile(yamlDocument([policy, claim, named].join('---\n'), 'file:///ws/apps.yaml'), settings());
  };
  const codes = (): [string, string][] =>
    workspace
      .diagnostics('file:///ws/apps.yaml')
      .filter((d: Diagnostic) => /api-version/.test(String(d.code)))
      .map((d: Diagnostic) => [String(d.code), String(d.message)]);

  set('1.33');
  const at133 = codes();
  // The four named APIs are removed at every bundled version, each naming its replacement.
  for (const api of NAMED) assert.ok(at133.some(([code, message]) => code === 'removed-api-version' && message.startsWith(`${api.apiVersion} ${api.kind}`) && message.includes(`use ${api.replacement}`)), `${api.apiVersion} in ${JSON.stringify(at133)}`);
  // Served at 1.33, deprecated since 1.31: the apiserver's own warning.
  assert.ok(at133.some(([code, message]) => code === 'deprecated-api-version' && message === 'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy is deprecated in v1.31+, unavailable in v1.34+; use admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy'), JSON.stringify(at133));
  assert.ok(!at133.some(([, message]) => message.startsWith('resource.k8s.io/v1beta1')), 'resource.k8s.io/v1beta1 is deprecated only from 1.35');

  // Editing the Cluster to 1.35: the policy is gone, the DeviceClass deprecated.
  set('1.35');
  const at135 = codes();
  assert.ok(at135.some(([code, message]) => code === 'removed-api-version' && message.startsWith('admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy was removed in Kubernetes 1.34')), JSON.stringify(at135));
  assert.ok(at135.some(([code, message]) => code === 'deprecated-api-version' && message === 'resource.k8s.io/v1beta1 DeviceClass is deprecated in v1.35+, unavailable in v1.38+; use resource.k8s.io/v1 DeviceClass'), JSON.stringify(at135));
});

test('the README names every finding code of `berth upgrade-check --output json`', () => {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const cli = readme.slice(readme.indexOf('\n## The CLI\n'), readme.indexOf('\n## Settings\n'));
  assert.deepEqual(FINDING_CODES.filter((code) => !cli.includes(`\`${code}\``)), []);
});
