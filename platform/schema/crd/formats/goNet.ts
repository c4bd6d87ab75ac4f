/**
 * The address parsers behind the apiserver's `ipv4`, `ipv6`, `cidr` and `mac` formats, ported
 * from Go byte for byte: `ipv4` and `cidr` use k8s.io/utils' "sloppy" parser (Go's parser before
 * 1.17, which allows leading zeros), `ipv6` the standard library's strict one (net/netip), `mac`
 * net.ParseMAC. Each answers whether Go would accept the text.
 */

const BIG = 0xffffff;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  return -1;
}

/** Go's dtoi: leading decimal digits; ok false when none or when the value reaches 0xFFFFFF. */
function dtoi(s: string, from: number): { n: number; end: number; ok: boolean } {
  let n = 0;
  let i = from;
  for (; i < s.length && isDigit(s.charCodeAt(i)); i++) {
    n = n * 10 + (s.charCodeAt(i) - 0x30);
    if (n >= BIG) return { n: BIG, end: i, ok: false };
  }
  return { n, end: i, ok: i !== from };
}

/** Go's xtoi: leading hex digits, same limits. */
function xtoi(s: string, from: number): { n: number; end: number; ok: boolean } {
  let n = 0;
  let i = from;
  for (; i < s.length; i++) {
    const v = hexValue(s.charCodeAt(i));
    if (v < 0) break;
    n = n * 16 + v;
    if (n >= BIG) return { n: 0, end: i, ok: false };
  }
  return { n, end: i, ok: i !== from };
}

/** The sloppy IPv4 parser: four decimal fields up to 255, leading zeros allowed. */
function sloppyIPv4(s: string): boolean {
  let at = 0;
  for (let field = 0; field < 4; field++) {
    if (at >= s.length) return false;
    if (field > 0) {
      if (s[at] !== '.') return false;
      at++;
    }
    const { n, end, ok } = dtoi(s, at);
    if (!ok || n > 0xff) return false;
    at = end;
  }
  return at === s.length;
}

/** The sloppy IPv6 parser (Go before 1.17): no zones, an embedded sloppy IPv4 tail. */
function sloppyIPv6(whole: string): boolean {
  let s = whole;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return true;
  }
  let i = 0;
  while (i < 16) {
    const { n, end, ok } = xtoi(s, 0);
    if (!ok || n > 0xffff) return false;
    if (end < s.length && s[end] === '.') {
      if (ellipsis < 0 && i !== 12) return false;
      if (i + 4 > 16) return false;
      if (!sloppyIPv4(s)) return false;
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(end);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return false;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return false;
  if (i < 16) return ellipsis >= 0;
  return ellipsis < 0;
}

/** k8s.io/utils/net.ParseIPSloppy: the first '.' or ':' decides the family. */
function sloppyIP(s: string): boolean {
  for (const char of s) {
    if (char === '.') return sloppyIPv4(s);
    if (char === ':') return sloppyIPv6(s);
  }
  return false;
}

/** The apiserver's `ipv4`: ParseIPSloppy accepts it and it has a dot (so `::ffff:1.2.3.4` passes). */
export function isIPv4Format(s: string): boolean {
  return sloppyIP(s) && s.includes('.');
}

/** The apiserver's `cidr`: ParseCIDRSloppy, an address (IPv4 tried first) and a decimal prefix length. */
export function isCIDRFormat(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const address = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bits = 32;
  if (!sloppyIPv4(address)) {
    bits = 128;
    if (!sloppyIPv6(address)) return false;
  }
  const { n, end, ok } = dtoi(mask, 0);
  return ok && end === mask.length && n >= 0 && n <= bits;
}

/** net/netip's strict IPv4 fields (no leading zeros), from `from` to the end of `s`. */
function strictIPv4Fields(s: string, from: number): boolean {
  let value = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (isDigit(code)) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (code - 0x30);
      digits++;
      if (value > 255) return false;
    } else if (code === 0x2e) {
      if (i === from || i === s.length - 1 || s.charCodeAt(i - 1) === 0x2e) return false;
      if (dots === 3) return false;
      dots++;
      value = 0;
      digits = 0;
    } else return false;
  }
  return dots === 3;
}

/** net/netip's parseIPv6 without a zone (net.ParseIP refuses zones). */
function strictIPv6(whole: string): boolean {
  if (whole.includes('%')) return false;
  let s = whole;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return true;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const v = hexValue(s.charCodeAt(off));
      if (v < 0) break;
      acc = acc * 16 + v;
      if (off > 3) return false;
      if (acc > 0xffff) return false;
    }
    if (off === 0) return false;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return false;
      if (i + 4 > 16) return false;
      if (!strictIPv4Fields(whole, whole.length - s.length)) return false;
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return false;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return false;
  if (i < 16) return ellipsis >= 0;
  return ellipsis < 0;
}

/** The apiserver's `ipv6`: net.ParseIP accepts it (strictly, no zone) and it has a colon. */
export function isIPv6Format(s: string): boolean {
  if (!s.includes(':')) return false;
  for (const char of s) {
    if (char === '.') return false; // net.ParseIP reads it as IPv4, and an IPv4 address has no colon
    if (char === ':') return strictIPv6(s);
    if (char === '%') return false;
  }
  return false;
}

/** Go's xtoi2: two hex digits, followed by `separator` unless at the end. */
function xtoi2(s: string, at: number, separator: string | undefined): boolean {
  if (s.length - at > 2 && s[at + 2] !== separator) return false;
  return at + 2 <= s.length && hexValue(s.charCodeAt(at)) >= 0 && hexValue(s.charCodeAt(at + 1)) >= 0;
}

/** net.ParseMAC: 6, 8 or 20 octets, as `aa:bb`, `aa-bb`, `aabb.ccdd` or bare hex. */
export function isMACFormat(s: string): boolean {
  if (!/^[\x20-\x7e]*$/.test(s) || s.length < 12) return false; // every byte is checked below: non-ASCII never passes
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0) return false;
    const n = (s.length + 1) / 3;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    for (let i = 0, x = 0; i < n; i++, x += 3) if (!xtoi2(s, x, s[2])) return false;
    return true;
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0) return false;
    const n = (2 * (s.length + 1)) / 5;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    for (let i = 0, x = 0; i < n; i += 2, x += 5) {
      if (!xtoi2(s.slice(x, x + 2), 0, undefined) || !xtoi2(s, x + 2, s[4])) return false;
    }
    return true;
  }
  if (s.length % 2 !== 0) return false;
  const n = s.length / 2;
  if (n !== 6 && n !== 8 && n !== 20) return false;
  for (let x = 0; x < s.length; x += 2) if (!xtoi2(s.slice(x, x + 2), 0, undefined)) return false;
  return true;
}
