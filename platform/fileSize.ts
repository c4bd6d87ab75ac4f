import { megabytes } from './settings';

/** A file over the size limit: analysed no further than this. */
export interface OversizedFile {
  /** Its size in bytes (UTF-8, as on disk). */
  readonly bytes: number;
  /** The limit it broke, in megabytes (`berth.validation.maxFileSize`). */
  readonly limit: number;
}

/**
 * What a text's length alone says about its size against the limit (in megabytes): a UTF-16 code
 * unit is one to three bytes of UTF-8, so most texts are decided without reading them.
 * `undefined`: its bytes must be counted.
 */
export function sizeByLength(length: number, limit: number): 'under' | 'over' | undefined {
  const limitBytes = megabytes(limit);
  if (length * 3 <= limitBytes) return 'under';
  if (length > limitBytes) return 'over';
  return undefined;
}

/** Any code unit outside ASCII: most manifests have none, and the regex engine finds that out far faster than a loop. */
const NON_ASCII = /[^\u0000-\u007f]/;

/** The text's length in UTF-8 bytes; a lone surrogate counts three, as its replacement character would. */
export function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else bytes += 3;
  }
  return bytes;
}
