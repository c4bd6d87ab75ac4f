// Secret values never show unless the user reveals one: the masking of live objects (live YAML,
// describe), hover on a Secret manifest, and the editor's render preview of a file holding one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { base64Bytes, formatDescribe, isMaskedValue, maskedKeys, maskSecretChanges, maskSecretData, maskSecrets, redactObject, type KubeObject } from '../../kube';
import { renderManifests } from '../../platform/render';
import { languageService, settings, withCaret, yamlDocument } from '../helpers/languageService';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PASSWORD = 'correct-horse-battery';
const TOKEN = 'tok-7f3a9c1e';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function liveSecret(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'shop', annotations: { [LAST_APPLIED]: JSON.stringify({ data: { password: b64(PASSWORD) }, stringData: { token: TOKEN } }), team: 'payments' } },
    type: 'Opaque',
    data: { password: b64(PASSWORD), user: b64('admin') },
    stringData: { token: TOKEN },
  };
}

/** Every form a value could leak in: as written, base64 and the base64 of the base64. */
function leaks(text: string, secret: string): boolean {
  return [secret, b64(secret), b64(b64(secret))].some((form) => text.includes(form));
}

describe('maskSecretChanges (the deploy diff: live and applied)', () => {
  const OTHER = 'another-horse-battery';
  function appliedSecret(): KubeObject {
    const secret = liveSecret();
    return { ...secret, metadata: { ...secret.metadata, annotations: { ...secret.metadata.annotations, [LAST_APPLIED]: JSON.stringify({ data: { password: b64(OTHER) } }) } }, data: { password: b64(OTHER), user: b64('admin') } };
  }

  it('masks both sides; a key whose value changed is marked changed on the applied side, its value on neither', () => {
    const { live, applied } = maskSecretChanges(liveSecret(), appliedSecret());
    const text = JSON.stringify([live, applied]);
    assert.ok(!leaks(text, PASSWORD) && !leaks(text, OTHER) && !leaks(text, TOKEN) && !leaks(text, 'admin'), text);
    assert.deepEqual(live!['data'], { password: '<masked: 21 bytes>', user: '<masked: 5 bytes>' });
    assert.deepEqual(applied['data'], { password: '<masked: 21 bytes, changed>', user: '<masked: 5 bytes>' });
    assert.deepEqual(applied['stringData'], { token: `<masked: ${TOKEN.length} bytes>` }, 'the same value: no marker');
    assert.match(live!.metadata.annotations![LAST_APPLIED]!, /^<masked: \d+ bytes>$/);
    assert.match(applied.metadata.annotations![LAST_APPLIED]!, /^<masked: \d+ bytes, changed>$/);
  });

  it('a new object (nothing live) is masked without markers; a marked value is still a placeholder the plan refuses', () => {
    const { live, applied } = maskSecretChanges(undefined, liveSecret());
    assert.equal(live, undefined);
    assert.deepEqual(applied, maskSecrets(liveSecret()));
    assert.equal(isMaskedValue('<masked: 21 bytes, changed>'), true);
    assert.deepEqual(maskedKeys(maskSecretChanges(liveSecret(), appliedSecret()).applied), ['password', 'user', 'token', LAST_APPLIED]);
  });

  it('masking what is already masked changes nothing (a view that masks again keeps the markers)', () => {
    const { applied } = maskSecretChanges(liveSecret(), appliedSecret());
    assert.deepEqual(maskSecrets(applied), applied);
  });
});

describe('maskSecrets (live YAML, describe)', () => {
  it('masks data, stringData and the last-applied copy as <masked: N bytes>, counting real bytes, without changing the input', () => {
    const input = liveSecret();
    const before = JSON.stringify(input);
    const shown = maskSecrets(input);
    const yaml = stringify(shown);
    assert.ok(!leaks(yaml, PASSWORD) && !leaks(yaml, TOKEN) && !leaks(yaml, 'admin'), yaml);
    assert.deepEqual(shown['data'], { password: `<masked: ${PASSWORD.length} bytes>`, user: '<masked: 5 bytes>' });
    assert.deepEqual(shown['stringData'], { token: `<masked: ${TOKEN.length} bytes>` });
    assert.match(shown.metadata.annotations![LAST_APPLIED]!, /^<masked: \d+ bytes>$/);
    assert.equal(shown.metadata.annotations!['team'], 'payments', 'other annotations stay');
    assert.equal(JSON.stringify(input), before, 'the input is not changed');
  });

  it('reveals exactly the one key asked for; the others and the last-applied copy stay masked', () => {
    const shown = maskSecrets(liveSecret(), { reveal: 'password' });
    assert.equal((shown['data'] as Record<string, string>)['password'], b64(PASSWORD), 'live YAML keeps the stored (base64) value of the revealed key');
    assert.equal((shown['data'] as Record<string, string>)['user'], '<masked: 5 bytes>');
    assert.equal((shown['stringData'] as Record<string, string>)['token'], `<masked: ${TOKEN.length} bytes>`);
    assert.ok(!leaks(shown.metadata.annotations![LAST_APPLIED]!, PASSWORD));
  });

  it('masks Secrets inside lists (SecretList, kind: List, arrays) and leaves every other kind as it is', () => {
    const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'visible' } };
    assert.equal(maskSecrets(configMap), configMap);
    const list = { apiVersion: 'v1', kind: 'List', items: [configMap, liveSecret()] };
    const text = JSON.stringify([maskSecrets(list), maskSecrets({ kind: 'SecretList', items: [liveSecret()] }), maskSecrets([liveSecret()])]);
    assert.ok(!leaks(text, PASSWORD) && !leaks(text, TOKEN), text);
    assert.ok(text.includes('visible'));
  });

  it('a masked document is recognisable by the keys holding placeholders, so applying it can be refused', () => {
    assert.deepEqual(maskedKeys(liveSecret()), []);
    assert.deepEqual(maskedKeys(maskSecrets(liveSecret())), ['password', 'user', 'token', LAST_APPLIED]);
    assert.deepEqual(maskedKeys(maskSecrets(liveSecret(), { reveal: 'password' })), ['user', 'token', LAST_APPLIED], 'the other keys are still placeholders');
    assert.deepEqual(maskedKeys({ kind: 'List', items: [maskSecrets(liveSecret())] }), ['password', 'user', 'token', LAST_APPLIED]);
    assert.deepEqual(maskedKeys({ apiVersion: 'v1', kind: 'ConfigMap', data: { note: '<masked: 3 bytes>' } }), [], 'only Secrets are masked');
    assert.equal(isMaskedValue('<masked: 3 bytes>'), true);
    assert.equal(isMaskedValue('<masked: lots>'), false);
  });

  it('describe masks every value but one revealed key; the Markdown never holds the others', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const masked = formatDescribe(liveSecret(), { now });
    assert.ok(!leaks(masked, PASSWORD) && !leaks(masked, TOKEN) && !leaks(masked, 'admin'), masked);
    assert.match(masked, /- \*\*`password`:\*\* <masked: 21 bytes>/);
    const one = formatDescribe(liveSecret(), { now, reveal: 'password' });
    assert.match(one, new RegExp(`\`password\`:\\*\\* \`${PASSWORD}\` \\(21 bytes\\)`));
    assert.match(one, /- \*\*`user`:\*\* <masked: 5 bytes>/);
    assert.ok(!leaks(one, TOKEN) && !one.includes(b64('admin')), one);
    assert.ok(!leaks(JSON.stringify(redactObject(liveSecret(), 'user')), PASSWORD));
  });
});

describe('Secret manifests in the editor', () => {
  const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${b64(PASSWORD)}\nstringData:\n  token: ${TOKEN}\n`;

  it('hover on a data or stringData value names the key and type, never the value or its decoding', () => {
    const service = languageService();
    for (const line of [`  password: ${b64(PASSWORD).slice(0, 4)}<|>${b64(PASSWORD).slice(4)}`, `  tok<|>en: ${TOKEN}`, `  token: ${TOKEN.slice(0, 3)}<|>${TOKEN.slice(3)}`]) {
      const source = line.includes('password') ? manifest.replace(`  password: ${b64(PASSWORD)}`, line) : manifest.replace(`  token: ${TOKEN}`, line);
      const { text, position } = withCaret(source);
      const hover = service.hover(yamlDocument(text), position, settings());
      assert.ok(hover, `a hover at ${line}`);
      const shown = (hover.contents as { value: string }).value;
      assert.match(shown, /\*\*(password|token)\*\*: `string`/);
      assert.ok(!leaks(shown, PASSWORD) && !leaks(shown, TOKEN), shown);
    }
  });

  it('the render preview (the editor\'s options) renders no Secret: a file with a Secret and an Application shows neither value', () => {
    const app = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  image: nginx:1.27\n  ports:\n    - {name: http, port: 80}\n';
    const values = parseAllDocuments(`${manifest}---\n${app}`).map((d) => d.toJS() as unknown);
    // The LSP render handler passes no includeKubernetes: only platform documents render.
    const outcome = renderManifests(values, [], {});
    assert.ok(outcome.objects.length > 0, 'the Application rendered');
    assert.ok(outcome.objects.every((o) => o.object['kind'] !== 'Secret'));
    const text = JSON.stringify(outcome);
    assert.ok(!leaks(text, PASSWORD) && !leaks(text, TOKEN), text);
  });
});

describe('Secret masking of data values and whole objects', () => {
  it('shows each data value as <masked: N bytes>, sorted by key', () => {
    assert.deepEqual(maskSecretData({ user: b64('admin'), password: b64('s3cret-value'), empty: '' }), [
      { key: 'empty', value: '<masked: 0 bytes>', bytes: 0, revealed: false },
      { key: 'password', value: '<masked: 12 bytes>', bytes: 12, revealed: false },
      { key: 'user', value: '<masked: 5 bytes>', bytes: 5, revealed: false },
    ]);
  });

  it('counts bytes of base64 with and without padding, and of multi-byte text', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'héllo wörld ✓']) assert.equal(base64Bytes(b64(text)), Buffer.byteLength(text), text);
  });

  it('reveals text only when asked; binary values stay masked', () => {
    const binary = Buffer.from([0, 1, 2, 255, 254]).toString('base64');
    assert.deepEqual(maskSecretData({ password: b64('s3cret'), key: binary }, true), [
      { key: 'key', value: '<masked: 5 bytes of binary data>', bytes: 5, revealed: false },
      { key: 'password', value: 's3cret', bytes: 6, revealed: true },
    ]);
  });

  it('redacts a Secret object (data, stringData, last-applied annotation) and leaves other kinds alone', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${b64('s3cret')}"}}`, team: 'a' } },
      data: { password: b64('s3cret') },
      stringData: { token: 'plain' },
    };
    const shown = redactObject(secret);
    const text = JSON.stringify(shown);
    assert.ok(!text.includes(b64('s3cret')) && !text.includes('plain'), text);
    assert.equal((shown['data'] as Record<string, string>)['password'], '<masked: 6 bytes>');
    assert.equal(shown.metadata.annotations?.['team'], 'a');
    assert.equal((secret['data'] as Record<string, string>)['password'], b64('s3cret'), 'the input is not changed');
    assert.equal(redactObject(secret, true), secret);
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    assert.equal(redactObject(cm), cm);
  });

  it('a described Secret has neither the value nor its base64, unless revealed', () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: { password: b64('s3cret-value') } };
    const masked = formatDescribe(secret, { now: new Date('2026-01-01T00:00:00Z') });
    assert.match(masked, /- \*\*`password`:\*\* <masked: 12 bytes>/);
    assert.ok(!masked.includes('s3cret-value') && !masked.includes(b64('s3cret-value')));
    assert.match(formatDescribe(secret, { reveal: true }), /`s3cret-value` \(12 bytes\)/);
  });
});
