// The describe document is Markdown (opened in the editor, previewable; printed by
// `berth describe`): names, messages and annotations from the cluster show as text, never as a
// link, a remote image, HTML, or a code span that breaks out of its backticks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDescribe, formatEvents, type KubeObject } from '../../kube';

const LINK = '[quit](command:workbench.action.quit)';
const IMAGE = '![](https://evil.example/pixel.png)';
const HTML = '<img src=https://evil.example/x.png>';

/** Active Markdown in the text, outside code spans (whose content is literal): a link or image, an HTML tag. */
function activeMarkdown(markdown: string): string[] {
  const outsideCode = markdown.replace(/`[^`\n]*`/g, '');
  return [/(?<!\\)!?\[[^\]\\]*(?<!\\)\]\(/g, /(?<!\\)<img/g].flatMap((pattern) => outsideCode.match(pattern) ?? []);
}

describe('describe Markdown from hostile names', () => {
  it('escapes link, image and HTML syntax in the title, conditions, owners and events', () => {
    const object: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: LINK, namespace: 'shop', annotations: { note: `a\`b\n\n${IMAGE}` } },
      status: { conditions: [{ type: 'Ready', status: 'False', reason: LINK, message: `${IMAGE} ${HTML}` }] },
    } as KubeObject;
    const text = formatDescribe(object, {
      owners: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: LINK }],
      events: [{ apiVersion: 'v1', kind: 'Event', metadata: {}, type: 'Warning', reason: LINK, message: `${IMAGE} ${HTML}`, involvedObject: { kind: 'ConfigMap', name: LINK } }],
      now: new Date('2026-01-01T00:00:00Z'),
    });
    assert.deepEqual(activeMarkdown(text), [], text);
    assert.match(text, /^# ConfigMap shop\/\\\[quit\\\]\(command:workbench\.action\.quit\)$/m, 'the name still reads as itself');
    const annotations = text.split('\n').find((l) => l.startsWith('- **Annotations:**'))!;
    assert.ok(!annotations.includes('\n') && annotations.endsWith('`'), `the annotation stays one code span on one line: ${annotations}`);
    assert.deepEqual(activeMarkdown(formatEvents([{ apiVersion: 'v1', kind: 'Event', metadata: {}, type: 'Normal', reason: 'x', message: IMAGE, involvedObject: { kind: 'Pod', name: LINK } }], { withObject: true })), []);
  });
});

describe('describe Markdown of a kind summary', () => {
  it('escapes images, states, selectors and labels from the cluster; a backtick in a label cannot close its code span', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'a`b' } }, template: { spec: { containers: [{ name: 'web', image: IMAGE }] } } },
      status: {},
    } as unknown as KubeObject;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop' },
      spec: { nodeName: LINK, containers: [{ name: 'web`x', image: HTML }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'web`x', state: { waiting: { reason: LINK } } }] },
    } as unknown as KubeObject;
    for (const object of [deployment, pod]) {
      const text = formatDescribe(object, { now: new Date('2026-01-01T00:00:00Z') });
      const outsideCode = text.replace(/(`+)(?:(?!\1)[^\n])*?\1/g, '');
      const active = [/(?<!\\)!?\[[^\]\\]*(?<!\\)\]\(/g, /(?<!\\)<img/g].flatMap((pattern) => outsideCode.match(pattern) ?? []);
      assert.deepEqual(active, [], text);
    }
    const selector = formatDescribe(deployment, {}).split('\n').find((l) => l.startsWith('- **Selector:**'))!;
    assert.match(selector, /``app=a`b``/, 'a longer fence keeps the backtick inside the span');
  });
});
