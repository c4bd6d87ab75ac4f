// The size limit of berth.validation.maxFileSize counts UTF-8 bytes, as the file has on disk.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sizeByLength, utf8Length } from '../../platform/fileSize';
import { megabytes } from '../../platform/settings';

const limit = 1;
const limitBytes = megabytes(limit);

it('decides by length alone where every character at one byte is over the limit, or at three bytes under it', () => {
  assert.equal(sizeByLength(Math.floor(limitBytes / 3), limit), 'under');
  assert.equal(sizeByLength(limitBytes + 1, limit), 'over');
  assert.equal(sizeByLength(Math.floor(limitBytes / 3) + 1, limit), undefined, 'between the two the bytes must be counted');
  assert.equal(sizeByLength(limitBytes, limit), undefined, 'a text of exactly the limit in characters may be at it or over it');
});

it('an ASCII text is as many bytes as characters', () => {
  assert.equal(utf8Length('a'.repeat(limitBytes)), limitBytes);
});

it('counts two bytes for é, three for €, four for a character outside the BMP, three for a lone surrogate', () => {
  assert.equal(utf8Length('aé€😀\ud800'), 1 + 2 + 3 + 4 + 3);
  assert.equal(utf8Length('\udc00a'), 3 + 1, 'a trailing surrogate alone');
  assert.equal(utf8Length('\ud800'), 3, 'a leading surrogate at the end');
});
