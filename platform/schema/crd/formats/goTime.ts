/**
 * The time parsers behind the apiserver's `date`, `date-time` and `duration` formats, ported
 * from Go (time.Parse with "2006-01-02", kube-openapi's IsDateTime, time.ParseDuration and
 * kube-openapi's lenient duration fallback). Each answers whether Go would accept the text.
 */
import { utf8Length } from '../../../fileSize';

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** time.Parse("2006-01-02", s): four-digit year, two-digit month and day, a day that exists. */
export function isDateFormat(s: string): boolean {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year);
}

/**
 * kube-openapi's IsDateTime: the text is lower-cased and split at every "t"; the part before the
 * first is a date, the part between the first and the second a time with a zone (anything after
 * a second "t" is ignored, as it is there). Only "T" lower-cases to "t" and "Z" to "z", so both
 * letters are matched in either case instead of lower-casing (which in JavaScript may change a
 * character's length where Go's does not).
 */
const TIME_OF_DAY = /^([0-9]{2}):([0-9]{2}):([0-9]{2})([^\n][0-9]+)?([zZ]|([+-][0-9]{2}:[0-9]{2}))$/u;

export function isDateTimeFormat(s: string): boolean {
  if (s.length < 4 && utf8Length(s) < 4) return false;
  const parts = s.split(/[tT]/);
  if (parts.length < 2 || !isDateFormat(parts[0]!)) return false;
  const match = TIME_OF_DAY.exec(parts[1]!);
  return match !== null && match[1]! <= '23' && match[2]! <= '59' && match[3]! <= '59';
}

const TWO_63 = 1n << 63n;
const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

function isAsciiDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with Go's units and overflow rules. */
export function isGoDuration(input: string): boolean {
  let s = input;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return true;
  if (s === '') return false;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    if (!(s[i] === '.' || isAsciiDigit(s, i))) return false;
    let whole = 0n;
    const start = i;
    for (; i < s.length && isAsciiDigit(s, i); i++) {
      if (whole > TWO_63 / 10n) return false;
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 0x30);
      if (whole > TWO_63) return false;
    }
    const before = i !== start;
    let fraction = 0n;
    let scale = 1;
    let after = false;
    if (i < s.length && s[i] === '.') {
      i++;
      const fractionStart = i;
      let overflow = false;
      for (; i < s.length && isAsciiDigit(s, i); i++) {
        if (overflow) continue;
        if (fraction > (TWO_63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const next = fraction * 10n + BigInt(s.charCodeAt(i) - 0x30);
        if (next > TWO_63) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      after = i !== fractionStart;
    }
    if (!before && !after) return false;
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !isAsciiDigit(s, i)) i++;
    if (i === unitStart) return false;
    const unit = UNITS[s.slice(unitStart, i)];
    if (unit === undefined) return false;
    if (whole > TWO_63 / unit) return false;
    let value = whole * unit;
    if (fraction > 0n) {
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_63) return false;
    }
    total += value;
    if (total > TWO_63) return false;
  }
  return negative || total <= TWO_63 - 1n;
}

/** kube-openapi's fallback units: the first is the canonical one, the last may be a prefix ("hours"). */
const FALLBACK_UNITS: readonly (readonly string[])[] = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];
const MAX_INT64 = TWO_63 - 1n;

function isFallbackLetter(char: string): boolean {
  return (char >= 'A' && char <= 'Z') || (char >= 'a' && char <= 'z') || char === 'µ';
}

/** Go's \s: tab, newline, form feed, carriage return and space (no vertical tab). */
function isGoSpace(char: string): boolean {
  return char === '\t' || char === '\n' || char === '\f' || char === '\r' || char === ' ';
}

/**
 * kube-openapi's ParseDuration fallback: every `(\d+)\s*([A-Za-zµ]+)` found anywhere in the text
 * counts when its letters name a unit; a count too large for an int64 fails the whole text. The
 * scan is the regular expression's leftmost-first matching, written out to stay linear.
 */
function isLenientDuration(s: string): boolean {
  let ok = false;
  let i = 0;
  while (i < s.length) {
    if (!isAsciiDigit(s, i)) {
      i++;
      continue;
    }
    const digitsStart = i;
    while (i < s.length && isAsciiDigit(s, i)) i++;
    const digits = s.slice(digitsStart, i);
    while (i < s.length && isGoSpace(s[i]!)) i++;
    const lettersStart = i;
    while (i < s.length && isFallbackLetter(s[i]!)) i++;
    if (i === lettersStart) continue;
    if (exceedsInt64(digits)) return false;
    const unit = lowerAscii(s.slice(lettersStart, i));
    for (const variants of FALLBACK_UNITS) {
      variants.forEach((variant, index) => {
        if ((index === variants.length - 1 && unit.startsWith(variant)) || unit === variant) ok = true;
      });
    }
  }
  return ok;
}

/** strconv.Atoi's range: the digits (leading zeros aside) above 9223372036854775807. */
function exceedsInt64(digits: string): boolean {
  const significant = digits.replace(/^0+/, '');
  return significant.length > 19 || (significant.length === 19 && BigInt(significant) > MAX_INT64);
}

/** Go's strings.ToLower on ASCII letters and µ (which has no lower case of its own). */
function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The apiserver's `duration`: Go's own syntax ("1h30m"), or the lenient fallback ("3 days"). */
export function isDurationFormat(s: string): boolean {
  return isGoDuration(s) || isLenientDuration(s);
}
