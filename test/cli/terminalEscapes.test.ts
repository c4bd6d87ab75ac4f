// Text from a file never drives the terminal: control characters (clear screen, colours, OSC 8
// hyperlinks), C1 controls and bidi overrides in names and values print visibly escaped in
// every output of `berth validate`, `berth render` and `berth deploy`; JSON, YAML, SARIF and
// JUnit still read back to the original values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { berth, workspace } from '../helpers/cli';

/** A name that clears the screen and holds an OSC 8 hyperlink, a C1 CSI and DEL; YAML double-quoted escapes. */
const HOSTILE_YAML = String.raw`web\e[2J\e]8;;https://evil.example\e\\click\e]8;;\e\\\x9b31m\x7f`;
const HOSTILE = 'web\x1b[2J\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\x9b31m\x7f';
const CONFIG_MAP = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "${HOSTILE_YAML}"\ndata:\n  k: "red\\e[31m \\u202eevil"\n`;
const APPLICATION = `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: "${HOSTILE_YAML}"\nspec: {cluster: prod}\n`;

/** Characters that a terminal acts on or that reorder what it shows. */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function assertNoRawControl(text: string, what: string): void {
  const found = RAW_CONTROL.exec(text);
  assert.equal(found, null, `${what} holds U+${found?.[0].codePointAt(0)!.toString(16).padStart(4, '0')} raw:\n${JSON.stringify(text)}`);
}

const DEAD_KUBECONFIG = `apiVersion: v1\nkind: Config\nclusters: [{name: dead, cluster: {server: "http://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: dead, context: {cluster: dead, user: u, namespace: default}}]\ncurrent-context: dead\n`;

describe('terminal escapes in file content', () => {
  it('berth validate prints them visibly escaped in text, and JUnit holds no character XML forbids', () => {
    const dir = workspace({ 'cm.yaml': CONFIG_MAP });
    const text = berth(['validate', join(dir, 'cm.yaml')]);
    assert.equal(text.status, 1, text.stderr);
    assertNoRawControl(text.stdout + text.stderr, 'validate text');
    assert.match(text.stdout, /web\\u001b\[2J\\u001b\]8;;https:\/\/evil\.example\\u001b\\click/, 'the escape shows, so the reader sees something is there');
    assert.match(text.stdout, /\\u009b31m\\u007f/);

    const junit = berth(['validate', join(dir, 'cm.yaml'), '--output', 'junit']);
    assertNoRawControl(junit.stdout, 'validate junit');
    assert.match(junit.stdout, /web\\u001b\[2J/);
  });

  it('berth validate --output json and sarif read back to the original text', () => {
    const dir = workspace({ 'cm.yaml': CONFIG_MAP });
    for (const format of ['json', 'sarif']) {
      const r = berth(['validate', join(dir, 'cm.yaml'), '--output', format]);
      assertNoRawControl(r.stdout, `validate ${format}`);
      assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes(JSON.stringify(HOSTILE).slice(1, -1)), `${format} keeps the name as it is`);
    }
  });

  it('berth render prints YAML that quotes them and reads back to the same values; its problems on stderr are escaped', () => {
    const dir = workspace({ 'cm.yaml': CONFIG_MAP, 'app.yaml': APPLICATION });
    const yaml = berth(['render', join(dir, 'cm.yaml'), '--include-kubernetes']);
    assert.equal(yaml.status, 0, yaml.stderr);
    assertNoRawControl(yaml.stdout, 'render yaml');
    const object = parse(yaml.stdout) as { metadata: { name: string }; data: { k: string } };
    assert.deepEqual([object.metadata.name, object.data.k], [HOSTILE, 'red\x1b[31m \u202eevil']);

    const json = berth(['render', join(dir, 'cm.yaml'), '--include-kubernetes', '--output', 'json']);
    assertNoRawControl(json.stdout, 'render json');
    assert.equal((JSON.parse(json.stdout) as { items: { data: { k: string } }[] }).items[0]!.data.k, 'red\x1b[31m \u202eevil');

    const broken = berth(['render', join(dir, 'app.yaml')]);
    assert.equal(broken.status, 1);
    assertNoRawControl(broken.stderr, 'render problems');
    assert.match(broken.stderr, /web\\u001b\[2J/);
  });

  it('berth deploy echoes a refused or unrendered name escaped', () => {
    const masked = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: "${HOSTILE_YAML}"\ndata:\n  password: "<masked: 8 bytes>"\n`;
    const dir = workspace({ 'secret.yaml': masked, 'app.yaml': APPLICATION, kubeconfig: DEAD_KUBECONFIG });
    const env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') };
    const refused = berth(['deploy', join(dir, 'secret.yaml')], { env });
    assert.equal(refused.status, 1, refused.stderr);
    assertNoRawControl(refused.stdout + refused.stderr, 'deploy refusal');
    assert.match(refused.stderr, /refused: .*Secret web\\u001b\[2J/);
    const unrendered = berth(['deploy', join(dir, 'app.yaml'), '--diff'], { env });
    assert.equal(unrendered.status, 2, unrendered.stderr);
    assertNoRawControl(unrendered.stdout + unrendered.stderr, 'deploy problems');
    assert.match(unrendered.stderr, /not rendered: .*web\\u001b\[2J/);
  });
});
