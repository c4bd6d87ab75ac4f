// Kubeconfig files read as kubectl reads them: KUBECONFIG merged in order, ~/.kube/config and
// registered files, the current context and namespace, invalid files named, and switching
// context or namespace, written back only when asked, with comments kept.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { loadKubeconfig, selectTarget, writeContextNamespace, writeCurrentContext } from '../../kube';
import { repoRoot } from '../helpers/repo';
import { tempDir } from '../helpers/tempDir';

const fixtures = join(repoRoot(), 'test/fixtures/kube');

function kubeconfigCopies(t: TestContext): { dir: string; a: string; b: string } {
  const dir = tempDir(t);
  copyFileSync(join(fixtures, 'kubeconfig/a.yaml'), join(dir, 'a.yaml'));
  copyFileSync(join(fixtures, 'kubeconfig/b.yaml'), join(dir, 'b.yaml'));
  return { dir, a: join(dir, 'a.yaml'), b: join(dir, 'b.yaml') };
}

describe('kubeconfig, read as kubectl does', () => {
  it('merges KUBECONFIG files in order: the first definition of a name and the first current-context win', (t) => {
    const { dir, a, b } = kubeconfigCopies(t);
    const kc = loadKubeconfig({ kubeconfigEnv: [a, join(dir, 'missing.yaml'), b].join(delimiter), home: dir });
    assert.ok(kc.ok, kc.ok ? '' : kc.error.message);
    assert.deepEqual(kc.value.files, [a, b]);
    assert.equal(kc.value.primaryFile, a);
    assert.equal(kc.value.currentContext, 'alpha');
    assert.deepEqual(kc.value.contexts.map((c) => c.name), ['alpha', 'both', 'beta']);
    assert.equal(kc.value.contexts.find((c) => c.name === 'both')?.user, 'alice', 'a.yaml defines "both" first');
    assert.equal(kc.value.clusters.find((c) => c.name === 'shared')?.server, 'https://a.example:6443');
    // Relative paths are relative to the file that holds them.
    assert.equal(kc.value.clusters.find((c) => c.name === 'shared')?.fields['certificate-authority'], join(dir, 'certs/ca.crt'));
    assert.equal(kc.value.users.find((u) => u.name === 'bob')?.fields['client-key'], join(dir, 'bob.key'));

    const reversed = loadKubeconfig({ kubeconfigEnv: [b, a].join(delimiter), home: dir });
    assert.ok(reversed.ok);
    assert.equal(reversed.value.currentContext, 'beta');
    assert.equal(reversed.value.clusters.find((c) => c.name === 'shared')?.server, 'https://b.example:6443');
  });

  it('uses ~/.kube/config without KUBECONFIG, and adds registered files after it', (t) => {
    const { dir, a, b } = kubeconfigCopies(t);
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    copyFileSync(b, join(home, '.kube/config'));
    const kc = loadKubeconfig({ kubeconfigEnv: '', home, registered: [a] });
    assert.ok(kc.ok, kc.ok ? '' : kc.error.message);
    assert.equal(kc.value.currentContext, 'beta', 'a registered file never picks the current context');
    assert.deepEqual(kc.value.contexts.map((c) => c.name), ['beta', 'both', 'alpha']);
    const missing = loadKubeconfig({ kubeconfigEnv: '', home, registered: [join(dir, 'gone.yaml')] });
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'invalidKubeconfig');
    assert.match(missing.error.message, /gone\.yaml does not exist.*berth\.kubeconfigs/);
  });

  it('resolves the current namespace: override, else the context\'s, else default', (t) => {
    const { a, b } = kubeconfigCopies(t);
    const kc = loadKubeconfig({ kubeconfigEnv: [a, b].join(delimiter) });
    assert.ok(kc.ok);
    const current = selectTarget(kc.value);
    assert.ok(current.ok);
    assert.equal(current.value.context.name, 'alpha');
    assert.equal(current.value.namespace, 'team-a');
    const beta = selectTarget(kc.value, { context: 'beta' });
    assert.ok(beta.ok);
    assert.equal(beta.value.namespace, 'default');
    const override = selectTarget(kc.value, { context: 'beta', namespace: 'shop' });
    assert.ok(override.ok);
    assert.equal(override.value.namespace, 'shop');
    const unknown = selectTarget(kc.value, { context: 'nope' });
    assert.ok(!unknown.ok);
    assert.match(unknown.error.message, /Context "nope" is not in .*known contexts: alpha, both, beta/);
  });

  it('reports invalid YAML as an invalid kubeconfig naming the file', () => {
    const broken = join(fixtures, 'kubeconfig/broken.yaml');
    const kc = loadKubeconfig({ kubeconfigEnv: broken });
    assert.ok(!kc.ok);
    assert.equal(kc.error.kind, 'invalidKubeconfig');
    assert.ok(kc.error.message.includes(broken));
  });

  it('switches context and namespace in memory; writes files only when asked, keeping comments', (t) => {
    const { a, b } = kubeconfigCopies(t);
    const before = readFileSync(a, 'utf8');
    const kc = loadKubeconfig({ kubeconfigEnv: [a, b].join(delimiter) });
    assert.ok(kc.ok);
    assert.ok(selectTarget(kc.value, { context: 'beta', namespace: 'x' }).ok);
    assert.equal(readFileSync(a, 'utf8'), before, 'selecting changes no file');

    assert.ok(writeCurrentContext(kc.value, 'beta').ok);
    assert.ok(writeContextNamespace(kc.value, 'beta', 'shop').ok);
    const after = loadKubeconfig({ kubeconfigEnv: [a, b].join(delimiter) });
    assert.ok(after.ok);
    assert.equal(after.value.currentContext, 'beta');
    assert.equal(after.value.contexts.find((c) => c.name === 'beta')?.namespace, 'shop');
    assert.match(readFileSync(a, 'utf8'), /^# First file of KUBECONFIG/, 'comments survive');
    assert.match(readFileSync(b, 'utf8'), /namespace: shop/, 'the namespace goes to the file that defines the context');
  });
});
