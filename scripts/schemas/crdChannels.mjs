// Merges the CRDs of one release's channels (Gateway API's standard and experimental) into one
// CRD that accepts whatever either channel accepts. Neither channel is a strict superset of the
// other (the experimental one adds fields, but also patterns the standard one lacks), so picking
// one would report false errors to the other's users; the merged schema keeps every check the
// two channels share and drops only those they disagree on.

const MAXIMA = ['maxItems', 'maxLength', 'maxProperties', 'maximum'];
const MINIMA = ['minItems', 'minLength', 'minProperties', 'minimum'];
/** Keywords kept only when both channels say exactly the same. */
const EXACT = ['pattern', 'format', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'uniqueItems', 'allOf', 'anyOf', 'oneOf', 'not'];
/** Flags that only ever let more through: kept when either channel sets them. */
const EITHER = ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource', 'nullable'];
/** Structure handled below; everything else (descriptions, list types, defaults) is taken from the first channel that has it. */
const HANDLED = new Set([...MAXIMA, ...MINIMA, ...EXACT, ...EITHER, 'type', 'properties', 'items', 'additionalProperties', 'enum', 'required', 'x-kubernetes-validations']);

function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The schema that accepts what either `a` or `b` accepts, as closely as the two allow. */
export function widen(a, b, path = '') {
  if (!isRecord(a) || !isRecord(b)) return isRecord(a) ? a : b;
  if (a.type !== b.type) throw new Error(`${path || '(root)'}: the channels disagree on the type (${a.type} / ${b.type})`);
  const out = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) if (!HANDLED.has(key)) out[key] = a[key] ?? b[key];
  if (a.type !== undefined) out.type = a.type;
  if (isRecord(a.properties) || isRecord(b.properties)) {
    const pa = a.properties ?? {};
    const pb = b.properties ?? {};
    out.properties = {};
    for (const name of new Set([...Object.keys(pa), ...Object.keys(pb)])) out.properties[name] = name in pa && name in pb ? widen(pa[name], pb[name], `${path}.${name}`) : (pa[name] ?? pb[name]);
  }
  if (isRecord(a.items) && isRecord(b.items)) out.items = widen(a.items, b.items, `${path}[]`);
  else if (a.items !== undefined || b.items !== undefined) out.items = a.items ?? b.items;
  if (isRecord(a.additionalProperties) && isRecord(b.additionalProperties)) out.additionalProperties = widen(a.additionalProperties, b.additionalProperties, `${path}{}`);
  // An object schema without additionalProperties is closed (the schema is structural): any side's value is looser.
  else if (a.additionalProperties !== undefined && b.additionalProperties !== undefined) out.additionalProperties = same(a.additionalProperties, b.additionalProperties) ? a.additionalProperties : true;
  else if (a.additionalProperties !== undefined || b.additionalProperties !== undefined) out.additionalProperties = a.additionalProperties ?? b.additionalProperties;
  if (Array.isArray(a.enum) && Array.isArray(b.enum)) out.enum = [...a.enum, ...b.enum.filter((v) => !a.enum.some((w) => same(v, w)))];
  if (Array.isArray(a.required) && Array.isArray(b.required)) {
    const required = a.required.filter((name) => b.required.includes(name));
    if (required.length > 0) out.required = required;
  }
  for (const key of MAXIMA) if (typeof a[key] === 'number' && typeof b[key] === 'number') out[key] = Math.max(a[key], b[key]);
  for (const key of MINIMA) if (typeof a[key] === 'number' && typeof b[key] === 'number') out[key] = Math.min(a[key], b[key]);
  for (const key of EXACT) if (a[key] !== undefined && same(a[key], b[key])) out[key] = a[key];
  for (const key of EITHER) if (a[key] === true || b[key] === true) out[key] = true;
  if (Array.isArray(a['x-kubernetes-validations']) && Array.isArray(b['x-kubernetes-validations'])) {
    const rules = a['x-kubernetes-validations'].filter((rule) => b['x-kubernetes-validations'].some((other) => same(rule, other)));
    if (rules.length > 0) out['x-kubernetes-validations'] = rules;
  }
  return out;
}

/** One trimmed CRD from the same CRD of several channels: every version either serves, each schema widened. */
export function mergeChannels(crds) {
  const [first, ...rest] = crds;
  let merged = first;
  for (const other of rest) {
    if (other.spec.scope !== merged.spec.scope) throw new Error(`${merged.metadata.name}: the channels disagree on the scope`);
    const versions = merged.spec.versions.map((version) => {
      const twin = other.spec.versions.find((v) => v.name === version.name);
      if (!twin) return version;
      const out = { ...version, served: version.served || twin.served };
      // Warned of only when both channels deprecate it.
      if (version.deprecated !== twin.deprecated) {
        delete out.deprecated;
        delete out.deprecationWarning;
      }
      if (version.schema && twin.schema) out.schema = { openAPIV3Schema: widen(version.schema.openAPIV3Schema, twin.schema.openAPIV3Schema) };
      else delete out.schema;
      return out;
    });
    for (const version of other.spec.versions) if (!versions.some((v) => v.name === version.name)) versions.push({ ...version, storage: false });
    merged = { ...merged, spec: { ...merged.spec, versions } };
  }
  return merged;
}
