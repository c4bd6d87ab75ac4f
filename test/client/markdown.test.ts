// Names from workspace files, kubeconfigs and clusters shown in Markdown tooltips: a link, a
// command link, a remote image, HTML or a new block in a name renders as the text it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown, markdownCode } from '../../client/src/markdown';

describe('Markdown from names', () => {
  it('escapes link, image, HTML and emphasis syntax so that none of it renders', () => {
    assert.equal(escapeMarkdown('[x](command:workbench.action.quit)'), '\\[x\\]\\(command\\:workbench\\.action\\.quit\\)');
    assert.equal(escapeMarkdown('![](https://evil.example/p.png)'), '\\!\\[\\]\\(https\\:\\/\\/evil\\.example\\/p\\.png\\)');
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '\\<img src\\=x onerror\\=alert\\(1\\)\\>');
    assert.equal(escapeMarkdown('**bold** _it_ `code` ~~gone~~ &amp; \\'), '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ \\&amp\\; \\\\');
  });

  it('breaks bare-URL autolinks and keeps the text on one line', () => {
    assert.equal(escapeMarkdown('see https://evil.example or www.evil.example'), 'see https\\:\\/\\/evil\\.example or www\\.evil\\.example');
    assert.equal(escapeMarkdown('a\n\n# heading\r\n- item'), 'a  \\# heading \\- item');
  });

  it('leaves letters, digits, spaces and non-ASCII as they are', () => {
    assert.equal(escapeMarkdown('web 1 Ünïcode 名前'), 'web 1 Ünïcode 名前');
  });

  it('makes a code span whose fence no backtick inside can close', () => {
    assert.equal(markdownCode('kind-local'), '`kind-local`');
    assert.equal(markdownCode('a`b'), '``a`b``');
    assert.equal(markdownCode('`x``'), '``` `x`` ```');
    assert.equal(markdownCode('a\n\n![](https://evil.example/p.png)'), '`a  ![](https://evil.example/p.png)`', 'a blank line would end the span');
    assert.equal(markdownCode(''), '` `');
  });
});
