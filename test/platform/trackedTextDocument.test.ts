import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { TrackedTextDocument } from '../../platform/text/trackedTextDocument';
import { followedBy } from '../../platform/text/changedSpan';

/** A deterministic generator: a failure reproduces from its seed. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

const pieces = ['x', 'key: value', '\n', '\r\n', '\r', '\n\n', 'a\nb\r\nc\rd', '', '  - item\n', '\r\n\r\n'];

function randomText(random: (n: number) => number, lines: number): string {
  return Array.from({ length: lines }, () => pieces[random(pieces.length)]! + pieces[random(3)]!).join(random(4) === 0 ? '\r\n' : '\n');
}

/** Every answer of vscode-languageserver-textdocument's document of the same text, asked of both. */
function assertSame(tracked: TrackedTextDocument, text: string, random: (n: number) => number, context: string): void {
  // The whole text is asked for last: until then the answers are read from the document's pieces.
  const reference = TextDocument.create(tracked.uri, tracked.languageId, tracked.version, text);
  assert.equal(tracked.lineCount, reference.lineCount, context);
  const offsets = text.length < 400 ? Array.from({ length: text.length + 3 }, (_, i) => i - 1) : Array.from({ length: 300 }, () => random(text.length + 2));
  for (const offset of offsets) assert.deepEqual(tracked.positionAt(offset), reference.positionAt(offset), `${context}: positionAt(${offset})`);
  for (let i = 0; i < 60; i++) {
    const position = { line: random(reference.lineCount + 2) - 1, character: random(14) };
    assert.equal(tracked.offsetAt(position), reference.offsetAt(position), `${context}: offsetAt(${JSON.stringify(position)})`);
    assert.deepEqual(tracked.getLineRange(position.line), reference.getLineRange(position.line), `${context}: getLineRange(${position.line})`);
    assert.equal(tracked.getEOLCharacters(position.line), reference.getEOLCharacters(position.line), `${context}: getEOLCharacters(${position.line})`);
    const end = { line: random(reference.lineCount + 2) - 1, character: random(14) };
    const range = { start: position, end };
    assert.equal(tracked.getText(range), reference.getText(range), `${context}: getText(${JSON.stringify(range)})`);
  }
  assert.equal(tracked.getText(), text, context);
}

/**
 * A change applied to a text with the reference's own placing of positions, in a document made of
 * that text (the reference's incremental update mis-keeps its line offsets after a range that names
 * lines past the end, so it is not the oracle for a run of edits).
 */
function applied(text: string, change: TextDocumentContentChangeEvent): string {
  if (!('range' in change)) return change.text;
  const document = TextDocument.create('file:///oracle.yaml', 'yaml', 0, text);
  const [start, end] = [document.offsetAt(change.range.start), document.offsetAt(change.range.end)].sort((x, y) => x - y) as [number, number];
  return text.slice(0, start) + change.text + text.slice(end);
}

function randomChange(random: (n: number) => number, document: { readonly lineCount: number }): TextDocumentContentChangeEvent {
  if (random(40) === 0) return { text: randomText(random, random(30)) };
  // Lines up to one past the end: such a position stands for the text's end.
  const position = () => ({ line: random(document.lineCount + 1), character: random(12) });
  const text = random(5) === 0 ? randomText(random, random(3000)) : pieces[random(pieces.length)]!;
  // Sometimes backwards: the document puts the range's ends in order.
  return { range: { start: position(), end: random(3) === 0 ? position() : position() }, text };
}

test('a tracked document answers as vscode-languageserver-textdocument does through random edits, small files and files of many blocks', () => {
  for (const [seed, lines] of [
    [3, 5],
    [11, 40],
    [29, 3000],
    [47, 9000],
  ] as const) {
    const random = generator(seed);
    const text = randomText(random, lines);
    const tracked = TrackedTextDocument.create('file:///a.yaml', 'yaml', 1, text);
    let expected = text;
    for (let version = 2; version < 150; version++) {
      const changes = Array.from({ length: 1 + random(3) }, () => randomChange(random, tracked));
      TrackedTextDocument.update(tracked, changes, version);
      expected = changes.reduce(applied, expected);
      if (version % 5 === 0 || lines < 50) assertSame(tracked, expected, random, `seed ${seed}, version ${version}`);
    }
    assertSame(tracked, expected, random, `seed ${seed}, at the end`);
  }
});

test('lines added and removed by the hundred near the top of a long file keep every line start right', () => {
  const text = Array.from({ length: 5000 }, (_, i) => `line-${i}: ${i}`).join('\n');
  const tracked = TrackedTextDocument.create('file:///a.yaml', 'yaml', 1, text);
  let expected = text;
  const random = generator(5);
  for (let version = 2; version < 400; version++) {
    // Blocks grow and are cut, shrink and take in their neighbours.
    const line = random(40);
    const change: TextDocumentContentChangeEvent =
      version % 2 === 0
        ? { range: { start: { line, character: 0 }, end: { line: line + random(900), character: random(5) } }, text: '' }
        : { range: { start: { line, character: 3 }, end: { line, character: 3 } }, text: 'new: line\n'.repeat(random(900)) };
    TrackedTextDocument.update(tracked, [change], version);
    expected = applied(expected, change);
    if (version % 50 === 0) assertSame(tracked, expected, random, `version ${version}`);
  }
  const reference = TextDocument.create('file:///a.yaml', 'yaml', 1, expected);
  for (let line = 0; line < reference.lineCount; line++) assert.equal(tracked.offsetAt({ line, character: 0 }), reference.offsetAt({ line, character: 0 }), `line ${line}`);
});

test('a tracked document says which span its edits changed since a revision, and nothing once it no longer knows', () => {
  const random = generator(17);
  const start = randomText(random, 200);
  const tracked = TrackedTextDocument.create('file:///a.yaml', 'yaml', 1, start);
  const texts = [start];
  for (let version = 2; version < 40; version++) {
    const reference = TextDocument.create('file:///a.yaml', 'yaml', version - 1, tracked.getText());
    TrackedTextDocument.update(tracked, Array.from({ length: 1 + random(2) }, () => randomChange(random, reference)), version);
    texts.push(tracked.getText());
    assert.equal(tracked.revision, texts.length - 1);
    for (const since of [texts.length - 2, texts.length - 5, texts.length - 16]) {
      if (since < 0) continue;
      const span = tracked.changedSince(since);
      assert.ok(span, `the span since revision ${since} is known`);
      const before = texts[since]!;
      const now = tracked.getText();
      assert.equal(now.slice(0, span.start), before.slice(0, span.start), 'the text before the span is unchanged');
      assert.equal(now.slice(span.end), before.slice(span.previousEnd), 'the text after the span is unchanged');
    }
  }
  assert.equal(tracked.changedSince(0), undefined, 'an edit too far back is not known');
  assert.equal(tracked.changedSince(tracked.revision + 1), undefined, 'a revision not yet made is not known');
  assert.deepEqual(tracked.changedSince(tracked.revision), { start: 0, previousEnd: 0, end: 0 });
});

test('two spans in a row cover both edits', () => {
  // "abcdef": "cd" → "XYZ" gives "abXYZef"; then "Ze" → "" gives "abXYf".
  const span = followedBy({ start: 2, previousEnd: 4, end: 5 }, { start: 4, previousEnd: 6, end: 4 });
  assert.deepEqual(span, { start: 2, previousEnd: 5, end: 4 });
  assert.equal('abXYf'.slice(span.start, span.end), 'XY');
  assert.equal('abcdef'.slice(span.start, span.previousEnd), 'cde');
});
