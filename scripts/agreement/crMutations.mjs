// Deterministic mutations of a valid custom resource, so that the custom-resource agreement tier
// has rejections to measure Berth's recall on. Each mutation breaks one thing the CRD's schema
// says at one place the document fills: a leaf given the wrong type, an unknown field in a closed
// object, a required field removed, an enum value replaced, a value that breaks a string field's
// format (a field the object leaves out, given a bad value: examples seldom fill those). Whether the apiserver then refuses the document is for the apiserver to say.
import { createHash } from 'node:crypto';
import { isMap, isSeq, parseDocument } from 'yaml';

export const MUTATION_KINDS = ['wrong-type', 'unknown-field', 'missing-required', 'enum', 'format'];

/** Fields the apiserver reads as object metadata, not through the CRD's schema. */
const OUTSIDE_SCHEMA = new Set(['apiVersion', 'kind', 'metadata']);
const MAX_DEPTH = 32;
/** A long list's first items stand for the rest. */
const ITEMS_WALKED = 3;
export const UNKNOWN_FIELD = 'berthUnknownField';

function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value that breaks a leaf's type: a number for a string, a string for anything else. */
function wrongTypeFor(schema) {
  if (schema['x-kubernetes-int-or-string'] === true) return true;
  return schema.type === 'string' ? 12345 : 'not-a-number';
}

function enumBreaker(schema) {
  return schema.enum.every((v) => typeof v === 'number') ? 987654321 : 'berth-not-in-enum';
}

/**
 * Every place in `value` where a mutation of each kind can be made, walking the CRD version's
 * openAPIV3Schema alongside the document. A site is `{ kind, path, value }` (`value` absent:
 * delete the field at `path`).
 */
export function mutationSites(value, openApi) {
  const sites = [];
  const walk = (node, schema, path, depth) => {
    if (!isRecord(schema) || node === null || node === undefined || depth > MAX_DEPTH) return;
    const leaf = schema['x-kubernetes-int-or-string'] === true || ['string', 'integer', 'number', 'boolean'].includes(schema.type);
    if (leaf && !isRecord(node) && !Array.isArray(node)) {
      sites.push({ kind: 'wrong-type', path, value: wrongTypeFor(schema) });
      if (Array.isArray(schema.enum) && schema.enum.length > 0) sites.push({ kind: 'enum', path, value: enumBreaker(schema) });
      if (typeof schema.format === 'string' && schema.type === 'string') sites.push({ kind: 'format', path, value: `not a ${schema.format}!` });
      return;
    }
    if (Array.isArray(node)) {
      if (isRecord(schema.items)) node.slice(0, ITEMS_WALKED).forEach((item, i) => walk(item, schema.items, [...path, i], depth + 1));
      return;
    }
    if (!isRecord(node)) return;
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const open = schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties !== undefined;
    if (!open && Object.keys(properties).length > 0 && !Object.hasOwn(node, UNKNOWN_FIELD)) sites.push({ kind: 'unknown-field', path: [...path, UNKNOWN_FIELD], value: 'berth' });
    for (const required of Array.isArray(schema.required) ? schema.required : []) {
      if (Object.hasOwn(node, required) && !(depth === 0 && OUTSIDE_SCHEMA.has(required))) sites.push({ kind: 'missing-required', path: [...path, required] });
    }
    // Examples seldom fill a field with a string format: one the object leaves out is given a bad value.
    for (const [key, child] of Object.entries(properties)) {
      if (!Object.hasOwn(node, key) && isRecord(child) && child.type === 'string' && typeof child.format === 'string' && !(depth === 0 && OUTSIDE_SCHEMA.has(key))) {
        sites.push({ kind: 'format', path: [...path, key], value: `not a ${child.format}!` });
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (depth === 0 && OUTSIDE_SCHEMA.has(key)) continue;
      if (Object.hasOwn(properties, key)) walk(child, properties[key], [...path, key], depth + 1);
      else if (isRecord(schema.additionalProperties)) walk(child, schema.additionalProperties, [...path, key], depth + 1);
    }
  };
  walk(value, openApi, [], 0);
  return sites;
}

/** A small seeded generator (mulberry32), seeded from text, so a corpus is the same on every machine. */
export function seededRandom(seed) {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Up to `count` sites of different kinds, picked with `random`: the kinds in an order that starts
 * at a random one, so that across a corpus every kind is made about as often as it can be.
 */
export function pickSites(sites, count, random) {
  const byKind = new Map(MUTATION_KINDS.map((k) => [k, sites.filter((s) => s.kind === k)]));
  const start = Math.floor(random() * MUTATION_KINDS.length);
  const picked = [];
  for (let i = 0; i < MUTATION_KINDS.length && picked.length < count; i++) {
    const candidates = byKind.get(MUTATION_KINDS[(start + i) % MUTATION_KINDS.length]) ?? [];
    if (candidates.length > 0) picked.push(candidates[Math.floor(random() * candidates.length)]);
  }
  return picked;
}

/** `spec.rules[0].matches` */
export function pathText(path) {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * The document's text with one site mutated and its name suffixed (so that kubectl reports each
 * mutant apart from its original), in YAML 1.1 as kubectl reads it; comments and the rest of the
 * document as they were. Undefined when the path is not in the document.
 */
export function applyMutation(text, site, nameSuffix) {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const parent = site.path.length > 1 ? doc.getIn(site.path.slice(0, -1), true) : doc.contents;
  if (!isMap(parent) && !isSeq(parent)) return undefined;
  if (site.value === undefined) {
    if (!doc.hasIn(site.path)) return undefined;
    doc.deleteIn(site.path);
  } else doc.setIn(site.path, site.value);
  const name = doc.getIn(['metadata', 'name']);
  if (typeof name === 'string' && name !== '') doc.setIn(['metadata', 'name'], `${name}${nameSuffix}`);
  return doc.toString({ lineWidth: 0 });
}
