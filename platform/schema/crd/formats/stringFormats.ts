/**
 * The string formats the apiserver checks in custom resources (k8s.io/apiextensions-apiserver
 * pkg/apiserver/validation/formats.go, checked by kube-openapi's strfmt registry). A CRD's
 * `format` is kept only on a schema of type string (or without a type) and only when its name,
 * with every '-' removed, is supported at the apiserver's compatibility version (its minor
 * version less one); any other format is ignored, as the apiserver ignores it. Only string values
 * are checked. `password` is supported and accepts anything, so it is not listed.
 */
import { isCIDRFormat, isIPv4Format, isIPv6Format, isMACFormat } from './goNet';
import {
  isBase64Format,
  isBSONObjectIDFormat,
  isCreditCardFormat,
  isEmailFormat,
  isHexColorFormat,
  isHostnameFormat,
  isISBN10Format,
  isISBN13Format,
  isISBNFormat,
  isLongNameFormat,
  isRGBColorFormat,
  isShortNameFormat,
  isSSNFormat,
  isURIFormat,
  isUUID3Format,
  isUUID4Format,
  isUUID5Format,
  isUUIDFormat,
} from './goText';
import { isDateFormat, isDateTimeFormat, isDurationFormat } from './goTime';

export interface StringFormat {
  /** Whether the apiserver accepts the value (false only where it certainly refuses it). */
  readonly accepts: (value: string) => boolean;
  /** A value it accepts, for messages. */
  readonly example: string;
  /** The compatibility version (minor of 1.x) from which the apiserver checks it. */
  readonly sinceMinor: number;
}

const FORMATS: ReadonlyMap<string, StringFormat> = new Map([
  ['bsonobjectid', { accepts: isBSONObjectIDFormat, example: '507f1f77bcf86cd799439011', sinceMinor: 0 }],
  ['uri', { accepts: isURIFormat, example: 'https://example.com/path', sinceMinor: 0 }],
  ['email', { accepts: isEmailFormat, example: 'someone@example.com', sinceMinor: 0 }],
  ['hostname', { accepts: isHostnameFormat, example: 'www.example.com', sinceMinor: 0 }],
  ['ipv4', { accepts: isIPv4Format, example: '192.168.1.10', sinceMinor: 0 }],
  ['ipv6', { accepts: isIPv6Format, example: '2001:db8::10', sinceMinor: 0 }],
  ['cidr', { accepts: isCIDRFormat, example: '10.0.0.0/16', sinceMinor: 0 }],
  ['mac', { accepts: isMACFormat, example: '00:1a:2b:3c:4d:5e', sinceMinor: 0 }],
  ['uuid', { accepts: isUUIDFormat, example: '123e4567-e89b-12d3-a456-426614174000', sinceMinor: 0 }],
  ['uuid3', { accepts: isUUID3Format, example: 'a3bb189e-8bf9-3888-9912-ace4e6543002', sinceMinor: 0 }],
  ['uuid4', { accepts: isUUID4Format, example: '9f5b1c1e-3c2a-4d6e-8f7a-1b2c3d4e5f60', sinceMinor: 0 }],
  ['uuid5', { accepts: isUUID5Format, example: '74738ff5-5367-5958-9aee-98fffdcd1876', sinceMinor: 0 }],
  ['isbn', { accepts: isISBNFormat, example: '978-0-306-40615-7', sinceMinor: 0 }],
  ['isbn10', { accepts: isISBN10Format, example: '0-306-40615-2', sinceMinor: 0 }],
  ['isbn13', { accepts: isISBN13Format, example: '978-0-306-40615-7', sinceMinor: 0 }],
  ['creditcard', { accepts: isCreditCardFormat, example: '4111 1111 1111 1111', sinceMinor: 0 }],
  ['ssn', { accepts: isSSNFormat, example: '123-45-6789', sinceMinor: 0 }],
  ['hexcolor', { accepts: isHexColorFormat, example: '#1a2b3c', sinceMinor: 0 }],
  ['rgbcolor', { accepts: isRGBColorFormat, example: 'rgb(255, 128, 0)', sinceMinor: 0 }],
  ['byte', { accepts: isBase64Format, example: 'aGVsbG8=', sinceMinor: 0 }],
  ['date', { accepts: isDateFormat, example: '2024-01-31', sinceMinor: 0 }],
  ['duration', { accepts: isDurationFormat, example: '1h30m', sinceMinor: 0 }],
  ['datetime', { accepts: isDateTimeFormat, example: '2024-01-31T12:00:00Z', sinceMinor: 0 }],
  ['k8sshortname', { accepts: isShortNameFormat, example: 'my-name', sinceMinor: 34 }],
  ['k8slongname', { accepts: isLongNameFormat, example: 'my-name.example', sinceMinor: 34 }],
]);

/** A checked format by the name a schema gives it (`date-time`, `k8s-short-name`). */
export function stringFormat(name: string): StringFormat | undefined {
  return FORMATS.get(name.replace(/-/g, ''));
}

/**
 * The format the apiserver of Kubernetes 1.`minor` checks for a schema node's `format` and
 * `type`, or undefined when it ignores it. Its compatibility version is one minor behind.
 */
export function checkedStringFormat(format: unknown, type: unknown, minor: number): StringFormat | undefined {
  if (typeof format !== 'string' || format === '') return undefined;
  if (type !== undefined && type !== '' && type !== 'string') return undefined;
  const known = stringFormat(format);
  return known && minor - 1 >= known.sinceMinor ? known : undefined;
}

/** The newest Kubernetes minor Berth knows, for callers that name no version. */
const NEWEST_MINOR = 36;

/** `1.36` → 36; anything else is the newest minor. */
export function kubernetesMinor(version: string | undefined): number {
  const match = /^1\.(\d{1,3})$/.exec(version ?? '');
  return match ? Number(match[1]) : NEWEST_MINOR;
}

/** Which set of formats 1.`minor` checks: equal for two minors exactly when their sets are equal. */
export function formatGeneration(minor: number): number {
  let generation = 0;
  for (const format of FORMATS.values()) if (minor - 1 >= format.sinceMinor && format.sinceMinor > 0) generation = Math.max(generation, format.sinceMinor);
  return generation;
}
