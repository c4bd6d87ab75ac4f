/**
 * The text formats the apiserver checks in custom resources, ported from kube-openapi's strfmt
 * and its copy of govalidator (Go regular expressions: `\s` is tab, newline, form feed, carriage
 * return and space; `\d` is ASCII). `uri` and `email` answer false only where Go certainly
 * refuses; what they cannot tell is accepted.
 */
import { utf8Length } from '../../../fileSize';

const HOSTNAME = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;

/** strfmt.IsHostname: RFC 1034 labels (letters may be any Unicode letter or symbol), at most 255 bytes, labels at most 63. */
export function isHostnameFormat(s: string): boolean {
  // The length limits first: they bound the regular expression's work (UTF-8 never has fewer bytes than UTF-16 units).
  if (s.length > 255 || utf8Length(s) > 255) return false;
  if (s.split('.').some((label) => utf8Length(label) > 63)) return false;
  return HOSTNAME.test(s);
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;

export const isUUIDFormat = (s: string): boolean => UUID.test(s);
export const isUUID3Format = (s: string): boolean => UUID3.test(s);
export const isUUID4Format = (s: string): boolean => UUID4.test(s);
export const isUUID5Format = (s: string): boolean => UUID5.test(s);

/** `s` without the characters `drop` names, or undefined as soon as more than `max` remain. */
function kept(s: string, drop: (code: number) => boolean, max: number): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (drop(s.charCodeAt(i))) continue;
    if (out.length === max) return undefined;
    out += c;
  }
  return out;
}

/** Go's \s and '-'. */
const ISBN_SEPARATOR = (code: number): boolean => code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d || code === 0x20 || code === 0x2d;

/** govalidator.IsISBN10: separators (Go's \s and '-') dropped, nine digits and a check digit or X. */
export function isISBN10Format(s: string): boolean {
  const digits = kept(s, ISBN_SEPARATOR, 13) ?? '';
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * (digits.charCodeAt(i) - 0x30);
  sum += digits[9] === 'X' ? 100 : 10 * (digits.charCodeAt(9) - 0x30);
  return sum % 11 === 0;
}

/** govalidator.IsISBN13: separators dropped, thirteen digits with the EAN check digit. */
export function isISBN13Format(s: string): boolean {
  const digits = kept(s, ISBN_SEPARATOR, 13) ?? '';
  if (!/^[0-9]{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * (digits.charCodeAt(i) - 0x30);
  return digits.charCodeAt(12) - 0x30 === (10 - (sum % 10)) % 10;
}

export const isISBNFormat = (s: string): boolean => isISBN10Format(s) || isISBN13Format(s);

const CREDIT_CARD = /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11})$/;

/** govalidator.IsCreditCard: every non-digit dropped, a known issuer's length and prefix, the Luhn sum. */
export function isCreditCardFormat(s: string): boolean {
  // No issuer's number has more than 16 digits: stop collecting past that.
  const digits = kept(s, (code) => code < 0x30 || code > 0x39, 16) ?? '';
  if (!CREDIT_CARD.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 0x30;
    if (double) {
      digit *= 2;
      sum += digit >= 10 ? (digit % 10) + 1 : digit;
    } else sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** govalidator.IsSSN: eleven bytes, `123-45-6789` or with spaces. */
export function isSSNFormat(s: string): boolean {
  // Eleven bytes of ASCII (the pattern allows nothing else) are eleven characters.
  return s.length === 11 && /^[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}$/.test(s);
}

export const isHexColorFormat = (s: string): boolean => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s);

const RGB_PART = '(0|[1-9][0-9]?|1[0-9][0-9]?|2[0-4][0-9]|25[0-5])';
const RGB = new RegExp(`^rgb\\([\\t\\n\\f\\r ]*${RGB_PART}[\\t\\n\\f\\r ]*,[\\t\\n\\f\\r ]*${RGB_PART}[\\t\\n\\f\\r ]*,[\\t\\n\\f\\r ]*${RGB_PART}[\\t\\n\\f\\r ]*\\)$`);
export const isRGBColorFormat = (s: string): boolean => RGB.test(s);

/** govalidator.IsBase64: padded standard base64, at least one group (the empty string is not). */
export const isBase64Format = (s: string): boolean => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s);

/** A BSON object id: hex.DecodeString of twelve bytes. */
export const isBSONObjectIDFormat = (s: string): boolean => /^[0-9a-fA-F]{24}$/.test(s);

const SHORT_NAME = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SHORT_NAME_RE = new RegExp(`^${SHORT_NAME}$`);
const LONG_NAME_RE = new RegExp(`^${SHORT_NAME}(\\.${SHORT_NAME})*$`);

/** `k8s-short-name`: a DNS label, at most 63 characters. */
export const isShortNameFormat = (s: string): boolean => s.length <= 63 && SHORT_NAME_RE.test(s);
/** `k8s-long-name`: dot-separated DNS labels, at most 253 characters (no per-label limit). */
export const isLongNameFormat = (s: string): boolean => s.length <= 253 && LONG_NAME_RE.test(s);

/** net/mail.ParseAddress needs an addr-spec, and every addr-spec has an '@': without one it certainly fails. */
export function isEmailFormat(s: string): boolean {
  return s.includes('@');
}

/** Bytes net/url lets through unescaped in a host (besides %-escapes and non-ASCII bytes). */
const HOST_CHARS = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"\u0080-\uffff%]*$/;

/** `%` followed by two hex digits everywhere; in a host, only escapes of non-ASCII bytes or %25. */
function validEscapes(s: string, host: boolean): boolean {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 3)) {
    if (!/^%[0-9A-Fa-f]{2}$/.test(s.slice(i, i + 3))) return false;
    if (host && parseInt(s[i + 1]!, 16) < 8 && s.slice(i, i + 3) !== '%25') return false;
  }
  return true;
}

/**
 * url.ParseRequestURI: an absolute URI (`scheme:...`) or an absolute path. Its checks of a host
 * in brackets, and of several colons in an http(s) host (which differ between Go releases), are
 * left out: such values are accepted.
 */
export function isURIFormat(raw: string): boolean {
  if (/[\x00-\x1f\x7f]/.test(raw)) return false;
  if (raw === '') return false;
  if (raw === '*') return true;
  let scheme = '';
  let rest = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return false;
      scheme = raw.slice(0, i).toLowerCase();
      rest = raw.slice(i + 1);
    }
    break;
  }
  const question = rest.indexOf('?');
  if (question >= 0) rest = rest.slice(0, question);
  if (!rest.startsWith('/')) return scheme !== '';
  let path = rest;
  if (scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    path = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      path = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const verdict = authorityVerdict(scheme, authority);
    if (verdict === false) return false;
  }
  return validEscapes(path, false);
}

/** false where url.parseAuthority certainly fails; undefined where it cannot be told here. */
function authorityVerdict(scheme: string, authority: string): boolean | undefined {
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : authority.slice(at + 1);
  if (host.lastIndexOf('[') > 0) return false;
  if (host.startsWith('[')) return undefined;
  const colon = host.indexOf(':');
  if (colon >= 0) {
    if (colon !== host.lastIndexOf(':') && (scheme === 'http' || scheme === 'https')) return undefined;
    if (!/^:[0-9]*$/.test(host.slice(host.lastIndexOf(':')))) return false;
  }
  if (!HOST_CHARS.test(host) || !validEscapes(host, true)) return false;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo) || !validEscapes(userinfo, false)) return false;
  }
  return true;
}
