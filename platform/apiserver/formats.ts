/**
 * The apiserver's value formats (k8s.io/apimachinery/pkg/util/validation): each check returns
 * what is wrong, in the apiserver's words, or nothing.
 */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const PERCENT = /^[0-9]+%$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** Bytes, as the apiserver counts lengths (Go strings are UTF-8). */
export function byteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function tooLong(max: number): string {
  return `must be no more than ${max} bytes`;
}

export function dnsLabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(tooLong(63));
  if (!DNS_LABEL.test(value)) {
    errors.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name')");
  }
  return errors;
}

export function dns1035LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(tooLong(63));
  if (!DNS_1035_LABEL.test(value)) {
    errors.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name')");
  }
  return errors;
}

export function dnsSubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(tooLong(253));
  if (!DNS_SUBDOMAIN.test(value)) {
    errors.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')");
  }
  return errors;
}

/** `*.example.com`: one wildcard, as the whole first label. */
export function wildcardSubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(tooLong(253));
  if (!value.startsWith('*.') || !DNS_SUBDOMAIN.test(value.slice(2))) {
    errors.push("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com')");
  }
  return errors;
}

/** Label keys, annotation keys (lowercased first) and other "qualified names": `[prefix/]name`. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  const errors: string[] = [];
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dnsSubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push(`name part ${tooLong(63)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errors.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')");
  }
  return errors;
}

export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(tooLong(63));
  if (!LABEL_VALUE.test(value)) {
    errors.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', 'my_value' or '12345')");
  }
  return errors;
}

/** Container and Service port names (IANA_SVC_NAME). */
export function portNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 15) errors.push(tooLong(15));
  if (!/^[-a-z0-9]+$/.test(value)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) errors.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errors.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

export function portNumberErrors(value: number): string[] {
  return value >= 1 && value <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** Environment variable names: any printable ASCII but '=' (the relaxed rule, on by default since 1.34). */
export function envVarNameErrors(value: string): string[] {
  if (value.length === 0) return ['environment variable name must be non-empty'];
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || code > 0x7e || char === '=') return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  }
  return [];
}

/** ConfigMap and Secret keys. */
export function configKeyErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(tooLong(253));
  if (!CONFIG_KEY.test(value)) errors.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', 'KEY_NAME' or 'key-name')");
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

/** Names that become URL path segments (RBAC kinds and other free-form names). */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errors: string[] = [];
  for (const bad of ['/', '%']) if (value.includes(bad)) errors.push(`may not contain '${bad}'`);
  return errors;
}

export function isPercent(value: string): boolean {
  return PERCENT.test(value);
}

export function isIPv4(value: string): boolean {
  return IPV4.test(value);
}

/** A loose IPv6 check: hex groups and colons, at most one `::`, an optional dotted IPv4 tail. */
export function isIPv6(value: string): boolean {
  if (!value.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  const doubles = value.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = value.split(':').filter((g) => g !== '');
  const tail = groups[groups.length - 1];
  const ipv4Tail = tail !== undefined && tail.includes('.');
  if (ipv4Tail && !isIPv4(tail)) return false;
  const hexGroups = ipv4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (ipv4Tail ? 2 : 0);
  return doubles === 1 ? count < 8 : count === 8;
}

export function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/**
 * Where standard base64 (as Go decodes a []byte field: padded, line breaks skipped) goes wrong,
 * as the decoder reports it ("illegal base64 data at input byte N"), or undefined when it decodes.
 */
export function base64BadByte(value: string): number | undefined {
  const compact = value.replace(/[\r\n]/g, '');
  if (BASE64.test(compact)) return undefined;
  const bad = compact.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const padding = compact.indexOf('=');
  return padding >= 0 && padding < compact.length - 2 ? padding : Math.floor(compact.length / 4) * 4;
}
