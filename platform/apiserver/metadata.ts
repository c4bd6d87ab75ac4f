/**
 * Object metadata, for every built-in kind (apimachinery's ValidateObjectMeta): label keys and
 * values, annotation keys and their total size, generateName, namespace, and the name formats
 * the common name check leaves to the kind. Pod templates reuse the label and annotation rules.
 */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { byteLength, dnsLabelErrors, dnsSubdomainErrors, pathSegmentNameErrors, qualifiedNameErrors } from './formats';
import { labelMapIssues } from './labelSelector';
import { refusal, type Path } from './refusal';

const ANNOTATIONS_LIMIT = 256 * 1024;
/** Kinds whose names are path segments rather than DNS names. */
const PATH_SEGMENT_NAMED = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
/** Kinds whose names are DNS labels (they become host names or namespace names). */
const LABEL_NAMED = new Set(['Namespace', 'Service']);
/** Kinds validated with apimachinery's generic metadata rules only, not core's. */
const GENERIC_META = new Set(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CustomResourceDefinition']);
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function objectMetaIssues(object: Obj, kind: string): Issue[] {
  const metadata = asObject(object.metadata);
  if (!metadata) return [];
  const path = ['metadata'];
  const issues = [...labelsAndAnnotationsIssues(metadata, path)];
  const name = asString(metadata.name);
  if (name !== undefined && PATH_SEGMENT_NAMED.has(kind)) {
    for (const error of pathSegmentNameErrors(name)) issues.push(refusal({ code: 'invalid-name', path: [...path, 'name'], reason: 'Invalid value', value: name, detail: `a ${kind} name ${error}` }));
  }
  const generateName = asString(metadata.generateName);
  if (generateName !== undefined && name === undefined && generateName !== '') {
    // The apiserver appends five random characters, so a trailing '-' is fine and the name must fit afterwards.
    const prefix = generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
    const errors = PATH_SEGMENT_NAMED.has(kind) ? pathSegmentNameErrors(prefix) : LABEL_NAMED.has(kind) ? dnsLabelErrors(prefix) : dnsSubdomainErrors(prefix);
    for (const error of errors) issues.push(refusal({ code: 'invalid-generate-name', path: [...path, 'generateName'], reason: 'Invalid value', value: generateName, detail: `the generated name is ${generateName}<5 characters> and ${error}` }));
  }
  const namespace = asString(metadata.namespace);
  if (namespace !== undefined && namespace !== '') {
    for (const error of dnsLabelErrors(namespace)) issues.push(refusal({ code: 'invalid-namespace', path: [...path, 'namespace'], reason: 'Invalid value', value: namespace, detail: `a namespace name is a DNS label: ${error}` }));
  }
  issues.push(...ownerReferenceIssues(metadata.ownerReferences), ...finalizerIssues(metadata.finalizers, !GENERIC_META.has(kind)));
  return issues;
}

/**
 * Owner references name their owner completely: a reference with an empty uid would never match
 * an object (the garbage collector compares uids). The apiserver names the field without an index.
 */
function ownerReferenceIssues(value: unknown): Issue[] {
  const issues: Issue[] = [];
  let controller: string | undefined;
  asArray(value).forEach((item, index) => {
    const reference = asObject(item);
    if (!reference) return;
    const at = ['metadata', 'ownerReferences', index];
    const apiVersion = asString(reference.apiVersion);
    const version = apiVersion?.split('/').pop();
    const empty: [string, string | undefined][] = [
      ['apiVersion', apiVersion !== undefined && !version ? 'version must not be empty' : undefined],
      ['kind', reference.kind === '' ? 'must not be empty' : undefined],
      ['name', reference.name === '' ? 'must not be empty' : undefined],
      ['uid', reference.uid === '' ? 'must not be empty (the uid of the owner, as the cluster assigned it)' : undefined],
    ];
    for (const [key, detail] of empty) {
      if (detail) issues.push(refusal({ code: 'owner-reference-invalid', path: [...at, key], field: `metadata.ownerReferences.${key}`, reason: 'Invalid value', value: reference[key], detail }));
    }
    if (reference.controller === true) {
      const name = `${asString(reference.kind) ?? ''}/${asString(reference.name) ?? ''}`;
      if (controller !== undefined) {
        issues.push(refusal({ code: 'owner-reference-invalid', path: [...at, 'controller'], field: 'metadata.ownerReferences', reason: 'Invalid value', detail: `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${name}` }));
      } else controller = name;
    }
  });
  return issues;
}

/**
 * Finalizers are qualified names (`example.com/cleanup`); the kinds of Kubernetes' core
 * validation also want a domain unless the name is one of the standard ones.
 */
function finalizerIssues(value: unknown, core: boolean): Issue[] {
  const issues: Issue[] = [];
  const finalizers = asArray(value);
  finalizers.forEach((item, index) => {
    const finalizer = asString(item);
    if (finalizer === undefined) return;
    for (const error of qualifiedNameErrors(finalizer)) issues.push(refusal({ code: 'finalizer-invalid', path: ['metadata', 'finalizers', index], field: 'metadata.finalizers', reason: 'Invalid value', value: finalizer, detail: error }));
    if (core) for (const error of unqualifiedFinalizerErrors(finalizer)) issues.push(refusal({ code: 'finalizer-invalid', path: ['metadata', 'finalizers', index], reason: 'Invalid value', value: finalizer, detail: error }));
  });
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    issues.push(refusal({ code: 'finalizer-invalid', path: ['metadata', 'finalizers'], reason: 'Invalid value', value: finalizers, detail: 'finalizer orphan and foregroundDeletion cannot be both set' }));
  }
  return issues;
}

/** A finalizer without a domain must be one Kubernetes defines. */
export function unqualifiedFinalizerErrors(name: string): string[] {
  return name.includes('/') || STANDARD_FINALIZERS.has(name) ? [] : ['name is neither a standard finalizer name nor is it fully qualified (e.g. example.com/cleanup)'];
}

/** Labels and annotations of an object or a pod template (`path` is its metadata). */
export function labelsAndAnnotationsIssues(metadata: Obj, path: Path, apiPath: Path = path): Issue[] {
  const issues = labelMapIssues(metadata.labels, [...path, 'labels'], [...apiPath, 'labels']);
  const annotations = asObject(metadata.annotations);
  if (!annotations) return issues;
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // Annotation keys are qualified names in any case.
    for (const error of qualifiedNameErrors(key.toLowerCase())) {
      issues.push(refusal({ code: 'annotation-key-invalid', path: [...path, 'annotations', key], on: 'key', field: [...apiPath, 'annotations'], reason: 'Invalid value', value: key, detail: `annotation keys are [prefix/]name: ${error}` }));
    }
    size += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_LIMIT) {
    issues.push(refusal({ code: 'annotations-too-large', path: [...path, 'annotations'], on: 'key', field: [...apiPath, 'annotations'], reason: 'Too long', detail: `may not be more than ${ANNOTATIONS_LIMIT} bytes: the annotations' keys and values add up to ${size} bytes` }));
  }
  return issues;
}
