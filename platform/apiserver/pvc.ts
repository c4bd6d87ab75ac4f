/**
 * PersistentVolumeClaim specs, of a claim or of a claim template (a StatefulSet's
 * volumeClaimTemplates, a pod's ephemeral volumes): access modes and a storage request are
 * required, the rest has formats (ValidatePersistentVolumeClaimSpec).
 */
import { parseQuantity } from '../rules/quantity';
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { dnsSubdomainErrors } from './formats';
import { labelSelectorIssues } from './labelSelector';
import { fieldPath, refusal, supported, type Path } from './refusal';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

export function persistentVolumeClaimIssues(object: Obj): Issue[] {
  return claimSpecIssues(object.spec, ['spec'], []);
}

/** `spec` is where the claim spec is (it may be missing); `owner` is the path holding it. */
export function claimSpecIssues(value: unknown, at: Path, owner: Path): Issue[] {
  const spec = asObject(value) ?? {};
  const where = (key: string): { path: Path; on: 'key' | 'value' } => {
    if (spec[key] !== undefined) return { path: [...at, key], on: 'value' };
    return value === undefined ? { path: owner, on: 'key' } : { path: at, on: 'key' };
  };
  const issues: Issue[] = [];
  const modes = asArray(spec.accessModes);
  if (modes.length === 0) {
    issues.push(refusal({ code: 'pvc-access-modes-required', ...where('accessModes'), field: [...at, 'accessModes'], reason: 'Required value', detail: `at least 1 access mode is required (${ACCESS_MODES.join(', ')})` }));
  }
  let onePod = false;
  let other = false;
  modes.forEach((mode, index) => {
    if (typeof mode !== 'string') return;
    if (!ACCESS_MODES.includes(mode)) issues.push(refusal({ code: 'pvc-access-mode-unsupported', path: [...at, 'accessModes', index], field: [...at, 'accessModes'], reason: 'Unsupported value', value: mode, detail: supported(ACCESS_MODES) }));
    else if (mode === 'ReadWriteOncePod') onePod = true;
    else other = true;
  });
  if (onePod && other) issues.push(refusal({ code: 'pvc-access-mode-unsupported', path: [...at, 'accessModes'], reason: 'Forbidden', detail: 'may not use ReadWriteOncePod with other access modes' }));

  const resources = asObject(spec.resources);
  const requests = asObject(resources?.requests);
  const storageField = `${fieldPath([...at, 'resources'])}[storage]`;
  const storage = requests?.storage;
  if (storage === undefined || storage === null) {
    const path = requests ? [...at, 'resources', 'requests'] : resources ? [...at, 'resources'] : where('resources').path;
    const on = requests || resources ? 'key' : where('resources').on;
    issues.push(refusal({ code: 'pvc-storage-required', path, on, field: storageField, reason: 'Required value', detail: 'a claim requests its size: resources.requests.storage (e.g. 1Gi)' }));
  } else if ((typeof storage === 'number' && storage <= 0) || (typeof storage === 'string' && parseQuantity(storage) === 0)) {
    issues.push(refusal({ code: 'pvc-storage-required', path: [...at, 'resources', 'requests', 'storage'], field: storageField, reason: 'Invalid value', value: storage, detail: 'must be greater than zero' }));
  }

  const className = asString(spec.storageClassName);
  if (className) {
    for (const error of dnsSubdomainErrors(className)) issues.push(refusal({ code: 'pvc-field-invalid', path: [...at, 'storageClassName'], reason: 'Invalid value', value: className, detail: error }));
  }
  const volumeMode = asString(spec.volumeMode);
  if (volumeMode !== undefined && !VOLUME_MODES.includes(volumeMode)) {
    issues.push(refusal({ code: 'pvc-field-invalid', path: [...at, 'volumeMode'], reason: 'Unsupported value', value: volumeMode, detail: supported(VOLUME_MODES) }));
  }
  const selector = asObject(spec.selector);
  if (selector) issues.push(...labelSelectorIssues(selector, [...at, 'selector']));
  return issues;
}
