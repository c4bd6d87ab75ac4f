// Provisioning clusters: the kind command line, config and kubeconfig handling against a recording
// stand-in `kind`; the kwokctl command line on the local binaries, with rollback on failure; and
// the runner that streams a real process's output.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parse } from 'yaml';
import { existsSync } from 'node:fs';
import { clusterDown, clusterUp, kindClusterDown, kindClusterUp, kwokClusterDown, kwokClusterUp, loadKubeconfig, poolToScale, scaleKwokPool, spawnRunner, type KubeClient, type ToolCommand, type ToolRunner } from '../../kube';
import type { Cluster, NodePool } from '../../platform/model';
import { renderKindConfig } from '../../platform/render';
import { repoRoot } from '../helpers/repo';
import { tempDir } from '../helpers/tempDir';

const fixtures = join(repoRoot(), 'test/fixtures/kube');

const stagingCluster: Cluster = {
  metadata: { name: 'staging' },
  spec: { type: 'dedicated', provider: 'kind', kubernetesVersion: '1.35.0', controlPlane: { nodes: 3 }, network: { plugin: 'calico', podCIDR: '10.32.0.0/16', serviceCIDR: '10.64.0.0/16' } },
};
const batchPool: NodePool = {
  metadata: { name: 'batch' },
  spec: { cluster: 'staging', instanceType: 'ecs.r7.xlarge', scaling: { min: 0, max: 2, desired: 2 }, labels: { tier: 'batch' }, taints: [{ key: 'workload', value: 'batch', effect: 'NoExecute' }] },
};

describe('kind provisioning, against the recording stand-in `kind`', () => {
  function standIn(t: TestContext) {
    const dir = tempDir(t);
    const record = join(dir, 'kind-record.jsonl');
    const kubeconfigFile = join(dir, 'kube/config');
    const previous = { PATH: process.env.PATH, BERTH_KIND_RECORD: process.env.BERTH_KIND_RECORD, BERTH_KIND_FAIL: process.env.BERTH_KIND_FAIL };
    process.env.PATH = `${join(fixtures, 'bin')}${delimiter}${process.env.PATH}`;
    process.env.BERTH_KIND_RECORD = record;
    t.after(() => {
      for (const [k, v] of Object.entries(previous)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    const calls = () => readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { args: string[]; config?: string });
    return { kubeconfigFile, calls };
  }

  it('renders the config, runs `kind create cluster --config`, streams progress and selects the context', async (t) => {
    const { kubeconfigFile, calls } = standIn(t);
    const lines: string[] = [];
    const up = await kindClusterUp(stagingCluster, { kubeconfigFile, config: renderKindConfig(stagingCluster, [batchPool]), onProgress: (l) => lines.push(l) });
    assert.ok(up.ok, up.ok ? '' : up.error.message);
    assert.equal(up.value.context, 'kind-staging');
    const [create] = calls();
    assert.deepEqual(create!.args.filter((a) => !a.includes('berth-kind-')), ['create', 'cluster', '--name', 'staging', '--config', '--kubeconfig', kubeconfigFile, '--image', 'kindest/node:v1.35.0', '--wait', '5m']);
    const config = parse(create!.config!) as { nodes: { role: string; labels?: Record<string, string>; kubeadmConfigPatches?: string[] }[]; networking: Record<string, unknown> };
    assert.deepEqual(config.nodes.map((n) => n.role), ['control-plane', 'control-plane', 'control-plane', 'worker', 'worker']);
    assert.deepEqual(config.nodes[3]!.labels, { tier: 'batch', 'berth.dev/nodepool': 'batch' });
    assert.deepEqual(parse(config.nodes[3]!.kubeadmConfigPatches![0]!), { kind: 'JoinConfiguration', nodeRegistration: { taints: [{ key: 'workload', value: 'batch', effect: 'NoExecute' }] } });
    assert.deepEqual(config.networking, { podSubnet: '10.32.0.0/16', serviceSubnet: '10.64.0.0/16', disableDefaultCNI: true });
    assert.ok(lines.some((l) => l.includes('Ensuring node image')), 'kind output is streamed');
    const kc = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(kc.ok);
    assert.equal(kc.value.currentContext, 'kind-staging');

    const down = await kindClusterDown('staging', { kubeconfigFile });
    assert.ok(down.ok);
    assert.deepEqual(calls()[1]!.args, ['delete', 'cluster', '--name', 'staging', '--kubeconfig', kubeconfigFile]);
    const after = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(after.ok);
    assert.deepEqual(after.value.contexts.map((c) => c.name), []);
  });

  it('a failed create leaves no half-registered context, and says why', async (t) => {
    const { kubeconfigFile, calls } = standIn(t);
    process.env.BERTH_KIND_FAIL = '1';
    const up = await kindClusterUp(stagingCluster, { kubeconfigFile, config: renderKindConfig(stagingCluster, []) });
    assert.ok(!up.ok);
    assert.equal(up.error.kind, 'tool');
    assert.match(up.error.message, /kind failed to create cluster staging \(exit 1\):[\s\S]*never became ready/);
    assert.deepEqual(calls().map((c) => c.args.slice(0, 2).join(' ')), ['create cluster', 'delete cluster']);
    const kc = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(kc.ok);
    assert.equal(kc.value.contexts.length, 0);
    assert.equal(kc.value.currentContext, undefined);
  });

  it('a missing kind executable is a tool error naming it', async (t) => {
    const dir = tempDir(t);
    const r = await kindClusterUp(stagingCluster, { kubeconfigFile: join(dir, 'config'), config: {}, kind: join(dir, 'no-kind') });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'tool');
    assert.match(r.error.message, /no-kind was not found/);
  });
});

describe('kwok provisioning command line', () => {
  it("runs kwokctl on the local binaries with the Cluster's pod range and rolls back when it fails", async (t) => {
    const dir = tempDir(t);
    const kubeconfigFile = join(dir, 'config');
    const seen: { command: string; args: readonly string[]; env?: Readonly<Record<string, string>>; config?: string }[] = [];
    const runner: ToolRunner = async (command, onLine) => {
      const i = command.args.indexOf('--config');
      seen.push({ ...command, ...(i >= 0 ? { config: readFileSync(command.args[i + 1]!, 'utf8') } : {}) });
      if (command.args[0] === 'create') {
        // kwokctl wrote the context, then failed.
        writeFileSync(kubeconfigFile, 'apiVersion: v1\nkind: Config\ncurrent-context: kwok-local\nclusters: [{name: kwok-local, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: kwok-local, user: {}}]\ncontexts: [{name: kwok-local, context: {cluster: kwok-local, user: kwok-local}}]\n');
        onLine('kube-apiserver did not become ready');
        return { ok: true, value: { exitCode: 1, tail: ['kube-apiserver did not become ready'] } };
      }
      return { ok: true, value: { exitCode: 0, tail: [] } };
    };
    const bin = (n: string) => `/opt/berth/bin/${n}`;
    const r = await kwokClusterUp({ metadata: { name: 'local' }, spec: { type: 'managed', provider: 'kwok', kubernetesVersion: '1.36', network: { podCIDR: '10.244.0.0/16' } } }, [], {
      kubeconfigFile,
      runner,
      catalog: [],
      workdir: join(dir, 'kwok'),
      binaries: { kwokctl: bin('kwokctl'), kubectl: bin('kubectl'), kwok: bin('kwok'), etcd: bin('etcd'), 'kube-apiserver': bin('kube-apiserver'), 'kube-controller-manager': bin('kube-controller-manager'), 'kube-scheduler': bin('kube-scheduler') },
    });
    assert.ok(!r.ok);
    assert.match(r.error.message, /kwokctl failed to create cluster local \(exit 1\)/);
    assert.equal(seen[0]!.command, bin('kwokctl'));
    assert.deepEqual(seen[0]!.args.filter((a) => !a.includes('berth-kwok-')), ['create', 'cluster', '--name', 'local', '--config', '--kubeconfig', kubeconfigFile, '--wait', '3m']);
    assert.equal(seen[0]!.env?.KWOK_WORKDIR, join(dir, 'kwok'));
    assert.ok(seen[0]!.env?.PATH?.startsWith('/opt/berth/bin'), 'our kubectl comes first on PATH');
    const config = parse(seen[0]!.config!.split('---')[0]!) as { options: Record<string, string>; componentsPatches: { name: string; extraArgs: { key: string; value: string }[] }[] };
    assert.deepEqual(config.componentsPatches.find((p) => p.name === 'kwok-controller')?.extraArgs, [{ key: 'cidr', value: '10.244.0.0/16' }], 'kwok hands out pod addresses from podCIDR');
    const options = config.options;
    assert.equal(options.runtime, 'binary');
    assert.equal(options.kubeApiserverBinary, bin('kube-apiserver'));
    assert.equal(options.bindAddress, '127.0.0.1');
    assert.equal(options.kubeVersion, undefined, 'the local binaries decide the version; nothing is downloaded');
    assert.deepEqual(seen[1]!.args, ['delete', 'cluster', '--name', 'local', '--kubeconfig', kubeconfigFile]);
    const kc = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(kc.ok);
    assert.equal(kc.value.contexts.length, 0, 'no half-registered context');
  });

  it('the default runner streams a real process', async () => {
    const lines: string[] = [];
    const r = await spawnRunner({ command: process.execPath, args: ['-e', 'console.log("a"); console.error("b"); process.exit(3)'] }, (l) => lines.push(l));
    assert.ok(r.ok);
    assert.equal(r.value.exitCode, 3);
    assert.deepEqual(lines.sort(), ['a', 'b']);
  });
});

describe('names that reach tools, paths and kubeconfig entries', () => {
  const hostile = '../../../../some/dir';
  const LABEL_RULE = /is not a DNS-1123 label \(lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters\)/;

  /** A runner that records what it was asked to run, and fails it (a failed create would roll back). */
  function recordingRunner(): { runner: ToolRunner; seen: ToolCommand[] } {
    const seen: ToolCommand[] = [];
    return { seen, runner: async (command) => (seen.push(command), { ok: true, value: { exitCode: 1, tail: ['failed'] } }) };
  }

  it('a Cluster named like a path runs no tool at all (no create, no rollback, no delete) and the error names the field and the rule', async (t) => {
    const kubeconfigFile = join(tempDir(t), 'config');
    const { runner, seen } = recordingRunner();
    const kwok: Cluster = { metadata: { name: hostile }, spec: { type: 'managed', provider: 'kwok' } };
    const kind: Cluster = { metadata: { name: hostile }, spec: { type: 'managed', provider: 'kind' } };
    const outcomes = [
      await kwokClusterUp(kwok, [], { kubeconfigFile, runner, catalog: [] }),
      await kindClusterUp(kind, { kubeconfigFile, runner, config: {} }),
      await clusterUp(kwok, [], { kubeconfigFile, runner, catalog: [] }),
      await clusterUp(kind, [], { kubeconfigFile, runner, catalog: [] }),
      await kwokClusterDown(hostile, { kubeconfigFile, runner }),
      await kindClusterDown(hostile, { kubeconfigFile, runner }),
      await clusterDown({ provider: 'kwok', name: hostile }, { kubeconfigFile, runner }),
      await clusterDown({ provider: 'kind', name: hostile }, { kubeconfigFile, runner }),
    ];
    for (const outcome of outcomes) {
      assert.ok(!outcome.ok);
      assert.equal(outcome.error.kind, 'invalid');
      assert.match(outcome.error.message, /^Cluster metadata\.name "\.\.\/\.\.\/\.\.\/\.\.\/some\/dir" /);
      assert.match(outcome.error.message, LABEL_RULE);
    }
    assert.deepEqual(seen, [], 'no tool ran');
  });

  it('the real kind is never started for a hostile name (the recording stand-in records nothing)', async (t) => {
    const dir = tempDir(t);
    const record = join(dir, 'kind-record.jsonl');
    const previous = process.env.BERTH_KIND_RECORD;
    process.env.BERTH_KIND_RECORD = record;
    t.after(() => (previous === undefined ? delete process.env.BERTH_KIND_RECORD : (process.env.BERTH_KIND_RECORD = previous)));
    const up = await kindClusterUp({ metadata: { name: 'Staging/..' }, spec: { type: 'managed', provider: 'kind' } }, { kubeconfigFile: join(dir, 'config'), config: {}, kind: join(fixtures, 'bin/kind') });
    assert.ok(!up.ok);
    assert.match(up.error.message, LABEL_RULE);
    assert.equal(existsSync(record), false, 'kind never ran');
  });

  it('the context Berth would create must be a label too: a 60-character name makes kwok-<name> too long', async (t) => {
    const { runner, seen } = recordingRunner();
    const name = 'a'.repeat(60);
    const up = await clusterUp({ metadata: { name }, spec: { type: 'managed', provider: 'kind' } }, [], { kubeconfigFile: join(tempDir(t), 'config'), runner, catalog: [] });
    assert.ok(!up.ok);
    assert.match(up.error.message, new RegExp(`^context name "kind-${name}" `));
    assert.deepEqual(seen, []);
  });

  it("a NodePool's name is checked before the cluster is created", async (t) => {
    const { runner, seen } = recordingRunner();
    const pool: NodePool = { metadata: { name: 'batch,other' }, spec: { cluster: 'staging', instanceType: 'ecs.r7.xlarge', scaling: { desired: 1 } } };
    const up = await clusterUp(stagingCluster, [pool], { kubeconfigFile: join(tempDir(t), 'config'), runner, catalog: [] });
    assert.ok(!up.ok);
    assert.match(up.error.message, /^NodePool metadata\.name "batch,other" is not a DNS-1123 label/);
    assert.deepEqual(seen, []);
  });

  it('pools beyond the node bounds are refused before anything is rendered or run', async (t) => {
    const { runner, seen } = recordingRunner();
    const huge: NodePool = { ...batchPool, spec: { ...batchPool.spec, scaling: { min: 1, max: 100_000_000, desired: 100_000_000 } } };
    const up = await clusterUp(stagingCluster, [huge], { kubeconfigFile: join(tempDir(t), 'config'), runner, catalog: [] });
    assert.ok(!up.ok);
    assert.equal(up.error.kind, 'invalid');
    assert.match(up.error.message, /Cluster staging: 100000000 nodes wanted, more than the 1000 a node pool may have \(NodePool batch\)/);
    assert.deepEqual(seen, []);
  });

  it('scaling a pool with a hostile name sends nothing to the cluster', async () => {
    let requests = 0;
    const client = { context: 'kwok-dev', request: async () => (requests++, { ok: true, value: { status: 200, body: { items: [] } } }) } as unknown as KubeClient;
    const pool: NodePool = { metadata: { name: 'x,berth.dev/nodepool!=y' }, spec: { cluster: 'dev', instanceType: 'ecs.g7.large', scaling: { min: 0, max: 3 } } };
    const scaled = await scaleKwokPool(client, pool, 1, []);
    assert.ok(!scaled.ok);
    assert.match(scaled.error.message, /^NodePool metadata\.name "x,berth\.dev\/nodepool!=y" is not a DNS-1123 label/);
    const target = await poolToScale(client, '../x', undefined, []);
    assert.ok(!target.ok);
    assert.match(target.error.message, LABEL_RULE);
    assert.equal(requests, 0);
  });
});
