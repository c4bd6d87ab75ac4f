/** ConfigMaps and Secrets: key formats, base64 Secret data, Secret size, the keys a Secret type requires. */
import { asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { base64BadByte, byteLength, configKeyErrors } from './formats';
import { refusal, type Path } from './refusal';

const MAX_SIZE = 1024 * 1024;
/** Keys each Secret type requires in data (or stringData, merged into data by the apiserver). */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

export function configMapIssues(object: Obj): Issue[] {
  const issues = [...keyIssues(object.data, ['data']), ...keyIssues(object.binaryData, ['binaryData'])];
  const data = asObject(object.data) ?? {};
  const binary = asObject(object.binaryData) ?? {};
  // Values only (keys do not count), binaryData as decoded bytes; the apiserver names no field.
  let size = 0;
  for (const value of Object.values(data)) if (typeof value === 'string') size += byteLength(value);
  for (const value of Object.values(binary)) size += decodedLength(value);
  if (size > MAX_SIZE) {
    issues.push(refusal({ code: 'config-too-large', path: object.data !== undefined ? ['data'] : ['binaryData'], on: 'key', field: '[]', reason: 'Too long', detail: `may not be more than ${MAX_SIZE} bytes: this ConfigMap holds ${size} (mount large files from a volume instead)` }));
  }
  for (const key of Object.keys(data)) {
    if (Object.prototype.hasOwnProperty.call(binary, key)) {
      issues.push(refusal({ code: 'config-key-duplicate', path: ['data', key], on: 'key', reason: 'Invalid value', value: key, detail: `duplicate of key ${JSON.stringify(key)} present in binaryData` }));
    }
  }
  return issues;
}

export function secretIssues(object: Obj): Issue[] {
  const issues = [...keyIssues(object.data, ['data']), ...keyIssues(object.stringData, ['stringData'], 'data')];
  const data = asObject(object.data) ?? {};
  const stringData = asObject(object.stringData) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') continue;
    const compact = value.replace(/[\r\n]/g, '');
    const bad = base64BadByte(compact);
    if (bad !== undefined) {
      issues.push(refusal({ code: 'secret-data-not-base64', path: ['data', key], field: `data[${key}]`, reason: 'Invalid value', detail: `Secret data values are base64-encoded (illegal base64 data at input byte ${bad}); put plain text under stringData instead` }));
    }
    if (!Object.prototype.hasOwnProperty.call(stringData, key)) size += decodedLength(compact);
  }
  for (const value of Object.values(stringData)) if (typeof value === 'string') size += byteLength(value);
  if (size > MAX_SIZE) issues.push(refusal({ code: 'config-too-large', path: object.data !== undefined ? ['data'] : ['stringData'], on: 'key', field: 'data', reason: 'Too long', detail: `may not be more than ${MAX_SIZE} bytes: this Secret holds ${size}` }));

  const type = asString(object.type) ?? 'Opaque';
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(data, key) || Object.prototype.hasOwnProperty.call(stringData, key);
  const where = object.data !== undefined ? ['data'] : object.stringData !== undefined ? ['stringData'] : ['type'];
  for (const key of REQUIRED_KEYS[type] ?? []) {
    if (!has(key)) issues.push(refusal({ code: 'secret-key-required', path: where, on: 'key', field: `data[${key}]`, reason: 'Required value', detail: `a ${type} Secret needs the key ${key}` }));
  }
  if (type === 'kubernetes.io/basic-auth' && !has('username') && !has('password')) {
    issues.push(refusal({ code: 'secret-key-required', path: where, on: 'key', field: 'data[username]', reason: 'Required value', detail: 'a kubernetes.io/basic-auth Secret needs username or password' }));
  }
  if (type === 'kubernetes.io/service-account-token' && !asString(asObject(asObject(object.metadata)?.annotations)?.['kubernetes.io/service-account.name'])) {
    issues.push(refusal({ code: 'secret-key-required', path: ['type'], field: 'metadata.annotations[kubernetes.io/service-account.name]', reason: 'Required value', detail: 'a service account token Secret names its service account in this annotation' }));
  }
  return issues;
}

function keyIssues(map: unknown, at: Path, apiName = String(at[0])): Issue[] {
  const issues: Issue[] = [];
  for (const key of Object.keys(asObject(map) ?? {})) {
    for (const error of configKeyErrors(key)) issues.push(refusal({ code: 'config-key-invalid', path: [...at, key], on: 'key', field: `${apiName}[${key}]`, reason: 'Invalid value', value: key, detail: error }));
  }
  return issues;
}

function decodedLength(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const compact = value.replace(/[\r\n]/g, '');
  return Math.floor((compact.length * 3) / 4) - (compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0);
}
