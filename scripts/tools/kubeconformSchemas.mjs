// kubeconform's schema folder for `npm run bench -- cli`, made from the very OpenAPI v3 documents
// Berth's own schemas come from (api/openapi-spec/v3 of the k8s.io/kubernetes module that
// schemas/kubernetes/index.json names), in the layout of kubernetes-json-schema's
// `<version>-standalone-strict/<kind>-<group>-<version>.json` that `-schema-location DIR` reads.
// As openapi2jsonschema makes them: every $ref inlined (a recursive type, the CRD's
// JSONSchemaProps, through a local `definitions` entry, so each file still stands alone), objects
// with properties closed (`additionalProperties: false`, kubeconform's -strict), and optional
// fields nullable (YAML's `key:` is null, which the apiserver reads as unset).
// The folder is cached under <cache>/kubeconform-schemas/<key>, keyed by the module version and
// this file.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, repoRoot } from '../cluster/paths.mjs';
import { findGo, goEnv } from '../cluster/go.mjs';
import { say, UserError } from './log.mjs';

const MODULE = 'k8s.io/kubernetes';

/** The module version Berth's schemas of `minor` come from, e.g. 1.36 → v1.36.3. */
function sourceVersion(minor) {
  const index = JSON.parse(readFileSync(join(repoRoot, 'schemas/kubernetes/index.json'), 'utf8'));
  const entry = index.versions.find((v) => v.version === minor);
  if (!entry) throw new UserError(`schemas/kubernetes has no Kubernetes ${minor}`);
  return entry.source.slice(`${MODULE}@`.length);
}

/**
 * The schema folder for Kubernetes `minor` (default the newest Berth ships), generated on first
 * use: { location (for -schema-location), kubernetesVersion (for -kubernetes-version), files }.
 */
export function ensureKubeconformSchemas(minor) {
  const index = JSON.parse(readFileSync(join(repoRoot, 'schemas/kubernetes/index.json'), 'utf8'));
  minor ??= index.versions[index.versions.length - 1].version;
  const tag = sourceVersion(minor);
  const key = createHash('sha256').update(`${tag}\n${readFileSync(new URL(import.meta.url), 'utf8')}`).digest('hex').slice(0, 16);
  const location = join(cacheDir(), 'kubeconform-schemas', key);
  const folder = join(location, `${tag}-standalone-strict`);
  const result = () => ({ location, kubernetesVersion: tag.slice(1), files: readdirSync(folder).length });
  if (existsSync(folder)) return result();
  say(`generating kubeconform schemas from ${MODULE}@${tag} into ${folder}`);
  const specDir = join(moduleDir(tag), 'api/openapi-spec/v3');
  const tmp = `${location}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, `${tag}-standalone-strict`), { recursive: true });
  for (const [name, schema] of standaloneSchemas(specDir)) writeFileSync(join(tmp, `${tag}-standalone-strict`, name), JSON.stringify(schema));
  mkdirSync(join(cacheDir(), 'kubeconform-schemas'), { recursive: true });
  try {
    renameSync(tmp, location);
  } catch (err) {
    // Another bench made the same folder first.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(folder)) throw err;
  }
  return result();
}

function moduleDir(tag) {
  const found = findGo();
  if (!found) throw new UserError('Go is not installed: the OpenAPI documents come from the k8s.io/kubernetes Go module.');
  const scratch = join(tmpdir(), 'berth-kubeconform-schemas-go');
  mkdirSync(scratch, { recursive: true });
  const out = execFileSync(found.go, ['mod', 'download', '-json', `${MODULE}@${tag}`], { cwd: scratch, encoding: 'utf8', env: goEnv({ GO111MODULE: 'on', GOFLAGS: '-mod=mod' }), maxBuffer: 16 << 20 });
  const info = JSON.parse(out);
  if (info.Error) throw new UserError(`go mod download ${MODULE}@${tag}: ${info.Error}`);
  return info.Dir;
}

/** "api__v1_openapi.json" → core v1; "apis__apps__v1_openapi.json" → apps/v1; discovery documents → undefined. */
function groupVersionOf(file) {
  if (file === 'api__v1_openapi.json') return { group: '', version: 'v1' };
  const m = /^apis__(.+)__(v\w+)_openapi\.json$/.exec(file);
  return m ? { group: m[1], version: m[2] } : undefined;
}

/** [file name, schema] of every kind each group-version document serves. */
export function* standaloneSchemas(specDir) {
  for (const file of readdirSync(specDir).sort()) {
    const gv = groupVersionOf(file);
    if (!gv) continue;
    const definitions = JSON.parse(readFileSync(join(specDir, file), 'utf8')).components?.schemas ?? {};
    for (const [name, definition] of Object.entries(definitions)) {
      // meta/v1's DeleteOptions, WatchEvent, Status... carry every group's GVK: not kinds of this group.
      if (name.startsWith('io.k8s.apimachinery.')) continue;
      const gvk = (definition['x-kubernetes-group-version-kind'] ?? []).find((k) => k.group === gv.group && k.version === gv.version);
      if (!gvk) continue;
      const suffix = gv.group === '' ? gv.version : `${gv.group.split('.')[0]}-${gv.version}`;
      yield [`${gvk.kind.toLowerCase()}-${suffix.toLowerCase()}.json`, standalone(name, definitions)];
    }
  }
}

function standalone(rootName, definitions) {
  const local = {};
  const inlining = [];
  const refName = (ref) => ref.slice(ref.lastIndexOf('/') + 1);

  function resolve(name) {
    if (inlining.includes(name)) {
      // A type that contains itself: its files keep one local definition.
      if (!(name in local)) {
        local[name] = null;
        local[name] = convertDefinition(name);
      }
      return { $ref: `#/definitions/${name}` };
    }
    return convertDefinition(name);
  }

  function convertDefinition(name) {
    const definition = definitions[name];
    if (!definition) throw new Error(`${rootName}: $ref to ${name}, which the document does not define`);
    inlining.push(name);
    try {
      return convert(definition);
    } finally {
      inlining.pop();
    }
  }

  function convert(schema) {
    if (schema.$ref) return resolve(refName(schema.$ref));
    const { allOf, ...rest } = schema;
    // OpenAPI v3 wraps a $ref in allOf to give it a description or default beside it.
    if (allOf?.length === 1 && allOf[0].$ref) return { ...rest, ...resolve(refName(allOf[0].$ref)) };
    const out = { ...rest };
    if (allOf) out.allOf = allOf.map(convert);
    if (schema.oneOf) out.oneOf = schema.oneOf.map(convert);
    if (schema.anyOf) out.anyOf = schema.anyOf.map(convert);
    if (schema.items) out.items = convert(schema.items);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.additionalProperties = convert(schema.additionalProperties);
    if (schema.nullable === true) {
      delete out.nullable;
      nullable(out);
    }
    if (schema.properties) {
      const required = new Set(schema.required ?? []);
      out.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([key, property]) => {
          const converted = convert(property);
          return [key, required.has(key) ? converted : nullable(converted)];
        }),
      );
      if (schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
    }
    return out;
  }

  function nullable(schema) {
    if ('$ref' in schema) return { oneOf: [schema, { type: 'null' }] };
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    else if (Array.isArray(schema.type)) schema.type = [...new Set([...schema.type, 'null'])];
    else if (schema.oneOf) schema.oneOf = [...schema.oneOf, { type: 'null' }];
    return schema;
  }

  const root = convertDefinition(rootName);
  return Object.keys(local).length > 0 ? { ...root, definitions: local } : root;
}
