import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PieceText } from '../../platform/text/pieceText';

/** A deterministic generator: a failure reproduces from its seed. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

/** A text of `n` characters in which every offset can be told apart from its neighbours. */
function textOf(n: number, salt: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(32 + ((i * 7 + salt) % 90));
  return out;
}

/** Every reading of a piece text against the plain string it stands for. */
function assertReadsAs(piece: PieceText, text: string, random: (n: number) => number, context: string): void {
  assert.equal(piece.length, text.length, `${context}: length`);
  for (let i = 0; i < 40; i++) {
    const offset = random(text.length + 3) - 1;
    assert.equal(Number.isNaN(piece.charCodeAt(offset)) ? 'NaN' : piece.charCodeAt(offset), Number.isNaN(text.charCodeAt(offset)) ? 'NaN' : text.charCodeAt(offset), `${context}: charCodeAt(${offset})`);
    const start = random(text.length + 2);
    const end = start + random(i % 4 === 0 ? 200_000 : 300);
    assert.equal(piece.slice(start, end), text.slice(start, end), `${context}: slice(${start}, ${end})`);
  }
}

test('a piece text reads as its string after random edits: small ones, pastes of several pieces, deletions across pieces, at both ends', () => {
  for (const seed of [1, 2, 3]) {
    const random = generator(seed);
    let text = textOf(150_000 + random(50_000), seed);
    let piece = PieceText.of(text);
    assertReadsAs(piece, text, random, `seed ${seed}, opened`);
    for (let step = 0; step < 120; step++) {
      const kind = random(10);
      const start = kind === 0 ? 0 : kind === 1 ? text.length : random(text.length + 1);
      const removed = kind < 6 ? random(3) : kind < 8 ? random(100_000) : 0;
      const end = Math.min(text.length, start + removed);
      const inserted = kind === 9 ? textOf(70_000 + random(90_000), step) : kind === 8 ? '' : textOf(random(5), step);
      text = text.slice(0, start) + inserted + text.slice(end);
      const before = piece;
      piece = piece.replaced(start, end, inserted);
      assertReadsAs(piece, text, random, `seed ${seed}, edit ${step} (${start}-${end} ← ${inserted.length})`);
      // Earlier versions are unchanged by later edits (the file analysis keeps the text it read).
      if (step % 10 === 0) assert.equal(before.length, before.toString().length);
    }
    assert.equal(piece.toString(), text, `seed ${seed}: the whole text`);
  }
});

test('a piece text can be emptied and filled again', () => {
  const random = generator(7);
  let piece = PieceText.of(textOf(100_000, 1));
  piece = piece.replaced(0, 100_000, '');
  assertReadsAs(piece, '', random, 'emptied');
  assert.equal(piece.toString(), '');
  piece = piece.replaced(0, 0, 'kind: Pod\n');
  assertReadsAs(piece, 'kind: Pod\n', random, 'filled');
  assert.equal(PieceText.of('').replaced(0, 0, 'a').toString(), 'a');
});

test('an edit keeps the earlier text as it was: the earlier version still reads its own characters', () => {
  const random = generator(11);
  const text = textOf(120_000, 3);
  const first = PieceText.of(text);
  const second = first.replaced(50_000, 50_010, 'edited');
  first.toString();
  const firstAgain = PieceText.of(text).replaced(0, 0, '');
  assertReadsAs(firstAgain, text, random, 'rebuilt');
  assertReadsAs(first, text, random, 'earlier');
  assert.equal(second.slice(49_998, 50_008), text.slice(49_998, 50_000) + 'edited' + text.slice(50_010, 50_012));
});
