// The truth about Pod Security is what the apiserver's PodSecurity admission plugin says. Namespaces
// of the local control plane are labelled with each level (and some older policy versions); every
// policy fixture (test/fixtures/pod-security: one file per control, a violating and a compliant Pod
// and Deployment each) goes through `kubectl apply --dry-run=server` in each of them. Pods are
// refused, pod templates answer with "would violate PodSecurity" warnings; Berth's findings on the
// same document beside a Namespace with the same labels must name the same controls (errors for
// the enforce level, warnings for warn), and its rendering of the plugin's detail must be the
// plugin's, word for word. The table goes to stdout and test-results/pod-security.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { evaluatePod, forbiddenDetail } from '../../platform/policy/podSecurity/evaluate';
import { levelVersionText, policyFromLabels, type Level, type LevelVersion } from '../../platform/policy/podSecurity/levels';
import type { PodParts } from '../../platform/policy/podSecurity/pod';
import { kubernetesClient, useLocalCluster } from '../helpers/cluster';
import { clusterKubectl } from '../helpers/agreement/apiserverVerdicts';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { inNamespace, namespaceYaml, podSecurityFixtures, type PodSecurityFixture } from '../helpers/podSecurity';
import { apiserverVerdict, inParallel, reasonsOf, serverMinor, type ApiserverVerdict } from '../helpers/podSecurityApiserver';
import { repoRoot } from '../helpers/repo';

const P = 'pod-security.kubernetes.io/';

/** The namespaces: each level at the newest version, and older versions where controls changed. */
const NAMESPACES: readonly { readonly suffix: string; readonly labels: Readonly<Record<string, string>> }[] = [
  { suffix: 'baseline', labels: { [`${P}enforce`]: 'baseline' } },
  { suffix: 'restricted', labels: { [`${P}enforce`]: 'restricted' } },
  // Probe and lifecycle hosts are a control from v1.34.
  { suffix: 'baseline-v1-33', labels: { [`${P}enforce`]: 'baseline', [`${P}enforce-version`]: 'v1.33' } },
  // container_engine_t from v1.31, more sysctls in v1.32.
  { suffix: 'baseline-v1-30', labels: { [`${P}enforce`]: 'baseline', [`${P}enforce-version`]: 'v1.30' } },
  // Before v1.19 the seccomp annotations counted, not the fields.
  { suffix: 'baseline-v1-18', labels: { [`${P}enforce`]: 'baseline', [`${P}enforce-version`]: 'v1.18' } },
  // No user-namespace relaxations and no procMount_restricted before v1.35.
  { suffix: 'restricted-v1-34', labels: { [`${P}enforce`]: 'restricted', [`${P}enforce-version`]: 'v1.34' } },
  // capabilities_restricted from v1.22, runAsUser from v1.23.
  { suffix: 'restricted-v1-21', labels: { [`${P}enforce`]: 'restricted', [`${P}enforce-version`]: 'v1.21' } },
  // Warn only: nothing refused, everything restricted forbids warned.
  { suffix: 'warn-restricted', labels: { [`${P}warn`]: 'restricted' } },
];

interface Case {
  readonly fixture: PodSecurityFixture;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly column: string;
}

/** A verdict as reasons: what is refused (the enforce level) and what is only warned. */
interface Verdict {
  readonly enforced: readonly string[];
  readonly warned: readonly string[];
}

function podOf(fixture: PodSecurityFixture): PodParts {
  const object = fixture.object as { metadata: Record<string, unknown>; spec: { template?: { metadata?: Record<string, unknown>; spec: Record<string, unknown> } } & Record<string, unknown> };
  if (fixture.kind === 'Pod') return { metadata: object.metadata, spec: object.spec, metadataPath: ['metadata'], specPath: ['spec'] };
  const template = object.spec.template!;
  return { metadata: template.metadata ?? {}, spec: template.spec, metadataPath: [], specPath: [] };
}

/**
 * What the apiserver's answer means as a verdict. A pod template is never refused: its warning
 * is the enforce level's verdict on its pods when the namespace's warn level is its enforce level.
 */
function apiserverReasons(c: Case, answer: ApiserverVerdict): Verdict {
  const { policy } = policyFromLabels(c.labels);
  const warned = answer.warned ? reasonsOf(answer.warned.detail) : [];
  if (c.fixture.kind === 'Pod') return { enforced: answer.refused ? reasonsOf(answer.refused.detail) : [], warned: answer.refused ? [] : warned };
  const warnIsEnforce = policy.enforce.level !== 'privileged' && levelVersionText(policy.warn) === levelVersionText(policy.enforce);
  return warnIsEnforce ? { enforced: warned, warned: [] } : { enforced: [], warned };
}

/** Berth's diagnostics on the document beside the Namespace, as the reasons of the controls they name. */
function berthReasons(c: Case, minor: number): Verdict {
  const workspace = new BerthWorkspace(languageService());
  const version = settings({ kubernetesVersion: `1.${minor}` });
  workspace.setFile(yamlDocument(namespaceYaml(c.namespace, c.labels), 'file:///truth/ns.yaml'), version);
  workspace.setFile(yamlDocument(inNamespace(c.fixture, c.namespace), 'file:///truth/doc.yaml'), version);
  const found = workspace.diagnostics('file:///truth/doc.yaml').filter((d) => d.code === 'pod-security');
  const { policy } = policyFromLabels(c.labels);
  const pod = podOf(c.fixture);
  const reasonOf = new Map([...evaluatePod(policy.warn, pod, minor), ...evaluatePod(policy.audit, pod, minor), ...evaluatePod(policy.enforce, pod, minor)].map((v) => [v.control, v.reason]));
  const reasons = (severity: number): string[] => {
    const controls = [...new Set(found.filter((d) => d.severity === severity).map((d: Diagnostic) => (d.data as { podSecurity: { control: string } }).podSecurity.control))];
    return controls.map((control) => reasonOf.get(control) ?? `unexplained ${control}`);
  };
  return { enforced: reasons(1), warned: reasons(2) };
}

/** The plugin's detail as Berth renders it, for the level the apiserver answered with. */
function berthDetail(lv: LevelVersion, c: Case, minor: number): string {
  return forbiddenDetail(evaluatePod(lv, podOf(c.fixture), minor));
}

const same = (a: readonly string[], b: readonly string[]): boolean => [...a].sort().join('\n') === [...b].sort().join('\n');
const cell = (reasons: readonly string[]): string => (reasons.length === 0 ? 'allowed' : reasons.join(', '));

test("Berth's Pod Security findings match the apiserver's verdicts, control for control", { timeout: 900_000 }, async (t) => {
  const cluster = await useLocalCluster(t);
  const target = { kubectl: clusterKubectl(cluster.kubeconfigPath), kubeconfig: cluster.kubeconfigPath };
  const minor = await serverMinor(target);
  const k8s = await kubernetesClient();
  const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
  const namespaces = NAMESPACES.map((n) => ({ ...n, name: `${cluster.namespace}-${n.suffix}`.slice(0, 63) }));
  for (const n of namespaces) {
    await core.createNamespace({ body: { metadata: { name: n.name, labels: { 'berth.dev/test': 'true', ...n.labels } } } });
    t.after(async () => {
      await core.deleteNamespace({ name: n.name }).catch(() => undefined);
    });
  }

  const fixtures = podSecurityFixtures();
  assert.equal(new Set(fixtures.map((f) => f.control)).size, 19, 'one fixture file per control');
  const cases: Case[] = fixtures.flatMap((fixture) => namespaces.map((n) => ({ fixture, namespace: n.name, labels: n.labels, column: n.suffix })));
  // The documents carry no namespace: kubectl's -n puts them in each one.
  const answers = await inParallel(cases, 4, (c) => apiserverVerdict(target, c.namespace, JSON.stringify(c.fixture.object)));

  const disagreements: string[] = [];
  const rows = new Map<string, Map<string, string>>();
  cases.forEach((c, i) => {
    const answer = answers[i]!;
    const api = apiserverReasons(c, answer);
    const berth = berthReasons(c, minor);
    const what = `${c.fixture.kind} ${c.fixture.name} in ${c.column}`;
    const agree = same(api.enforced, berth.enforced) && same(api.warned, berth.warned);
    if (!agree) disagreements.push(`${what}: apiserver refuses [${api.enforced.join(', ')}] warns [${api.warned.join(', ')}]; Berth errors [${berth.enforced.join(', ')}] warnings [${berth.warned.join(', ')}]`);
    // Word for word: the plugin's detail as Berth renders it.
    for (const [answered, lv] of [
      [answer.refused, policyFromLabels(c.labels).policy.enforce],
      [answer.warned, c.fixture.kind === 'Pod' || !answer.refused ? policyFromLabels(c.labels).policy.warn : undefined],
    ] as const) {
      if (!answered || !lv) continue;
      const detail = berthDetail(lv, c, minor);
      if (detail !== answered.detail) disagreements.push(`${what}: the apiserver says "${answered.policy}": ${answered.detail}\n  Berth says "${levelVersionText(lv)}": ${detail}`);
    }
    const key = `${c.fixture.control} | ${c.fixture.name.endsWith('-violating') ? 'violating' : 'compliant'} ${c.fixture.kind}`;
    const row = rows.get(key) ?? new Map<string, string>();
    const shown = (v: Verdict): string => cell([...v.enforced, ...v.warned.map((r) => `${r} (warn)`)]);
    row.set(c.column, agree ? shown(api) : `✗ apiserver: ${shown(api)}; Berth: ${shown(berth)}`);
    rows.set(key, row);
  });

  const columns = namespaces.map((n) => n.suffix);
  const markdown = [
    `# Pod Security: Berth against the apiserver (Kubernetes 1.${minor})`,
    '',
    `Each cell is the verdict both gave (the plugin's reasons; "(warn)" for what is only warned), or ✗ with both. ${cases.length} documents and namespaces, ${disagreements.length} disagreements.`,
    '',
    `| control | document | ${columns.join(' | ')} |`,
    `| --- | --- | ${columns.map(() => '---').join(' | ')} |`,
    ...[...rows].map(([key, row]) => `| ${key} | ${columns.map((c) => row.get(c) ?? '').join(' | ')} |`),
    '',
    ...(disagreements.length > 0 ? ['## Disagreements', '', ...disagreements.map((d) => `- ${d}`), ''] : []),
  ].join('\n');
  const results = join(repoRoot(), 'test-results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'pod-security.md'), markdown);
  process.stdout.write(`${markdown}\n`);

  // The fixtures say what they are about: the newest version of each level forbids what their annotations name.
  for (const [i, c] of cases.entries()) {
    if (c.column !== 'baseline' && c.column !== 'restricted') continue;
    const expected = c.fixture.expected[c.column as Exclude<Level, 'privileged'>];
    const api = apiserverReasons(c, answers[i]!);
    assert.equal(api.enforced.length, expected.length, `the apiserver on ${c.fixture.kind} ${c.fixture.name} in ${c.column}: ${cell(api.enforced)}; the fixture expects ${cell(expected)}`);
  }
  assert.deepEqual(disagreements, []);
});

/** The Go module of the plugin the control plane is built with, from its pinned go.mod. */
function pluginModuleDir(): string {
  const goMod = readFileSync(join(repoRoot(), 'cluster/go/kubernetes/go.mod'), 'utf8');
  const version = /k8s\.io\/pod-security-admission => k8s\.io\/pod-security-admission (v\S+)/.exec(goMod)?.[1];
  assert.ok(version, 'cluster/go/kubernetes/go.mod pins k8s.io/pod-security-admission');
  const candidates = [process.env.BERTH_GO, 'go', '/usr/local/go/bin/go'].filter((g): g is string => !!g);
  for (const go of candidates) {
    const r = spawnSync(go, ['mod', 'download', '-json', `k8s.io/pod-security-admission@${version}`], { encoding: 'utf8', cwd: repoRoot(), env: { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=mod' } });
    if (r.status === 0) {
      const dir = (JSON.parse(r.stdout) as { Dir?: string }).Dir;
      if (dir && existsSync(dir)) return dir;
    }
  }
  throw new Error(`k8s.io/pod-security-admission@${version} could not be downloaded with go (tried ${candidates.join(', ')}); the cluster tier needs Go`);
}

/** Baseline controls a restricted one replaces (in the versions both exist), lower-case as fixture files name them. */
const REPLACED_IN_RESTRICTED: Readonly<Record<string, string>> = {
  capabilities_baseline: 'capabilities_restricted',
  hostpathvolumes: 'restrictedvolumes',
  seccompprofile_baseline: 'seccompprofile_restricted',
  procmount: 'procmount_restricted',
};

test("Berth agrees with the plugin's own fixtures for every level and policy version", () => {
  const root = join(pluginModuleDir(), 'test/testdata');
  const disagreements: string[] = [];
  let checked = 0;
  for (const level of ['baseline', 'restricted'] as const) {
    for (const versionDir of readdirSync(join(root, level))) {
      const minor = Number(/^v1\.(\d+)$/.exec(versionDir)?.[1]);
      for (const outcome of ['pass', 'fail'] as const) {
        const dir = join(root, level, versionDir, outcome);
        if (!existsSync(dir)) continue;
        for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
          const object = parseAllDocuments(readFileSync(join(dir, file), 'utf8'))[0]!.toJS() as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
          const pod: PodParts = { metadata: object.metadata ?? {}, spec: object.spec ?? {}, metadataPath: ['metadata'], specPath: ['spec'] };
          // The fixtures are for a cluster of the newest version: v1.x means exactly that version.
          const violations = evaluatePod({ level, version: { minor } }, pod, 99);
          // A failing fixture is named for the control it fails: `hostports0.yaml` fails hostPorts.
          const named = file.replace(/\d*\.yaml$/, '');
          const control = level === 'restricted' ? (REPLACED_IN_RESTRICTED[named] ?? named) : named;
          const fails = violations.some((v) => v.control.toLowerCase() === control || (named in REPLACED_IN_RESTRICTED && v.control.toLowerCase() === named));
          if (outcome === 'pass' ? violations.length > 0 : !fails) disagreements.push(`${level}/${versionDir}/${outcome}/${file}: ${forbiddenDetail(violations) || 'allowed'}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 1000, `only ${checked} fixtures found under ${root}`);
  assert.deepEqual(disagreements, []);
});
