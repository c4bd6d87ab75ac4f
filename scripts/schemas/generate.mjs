#!/usr/bin/env node
// Generates Berth's Kubernetes schema bundles under schemas/kubernetes/ from the OpenAPI v3
// documents that the k8s.io/kubernetes Go module publishes in api/openapi-spec/v3/.
//
//   node scripts/schemas/generate.mjs [--minors 1.33,1.34,1.35,1.36] [--date YYYY-MM-DD]
//
// Needs `go` on PATH (or in /usr/local/go/bin): the module is fetched with `go mod download`,
// which goes through the configured Go module proxy and the shared module cache.
// The output is deterministic for a given set of module versions and date.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, 'schemas/kubernetes');
const MODULE = 'k8s.io/kubernetes';
const FORMAT = 1;

const args = parseArgs(process.argv.slice(2));
const minors = (args.minors ?? '1.33,1.34,1.35,1.36').split(',').map((s) => s.trim());
const generatedOn = args.date ?? dateFromEnvironment();

// ---------------------------------------------------------------------------------------------
// Fetching the module

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unknown argument ${argv[i]}`);
    out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}

function dateFromEnvironment() {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const date = epoch ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().slice(0, 10);
}

function goBinary() {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'go'))) return join(dir, 'go');
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('`go` was not found on PATH nor in /usr/local/go/bin: it is needed to fetch the k8s.io/kubernetes module.');
}

/** Runs go outside any module (a scratch directory), so the repo's own go.mod files play no part. */
function go(goArgs) {
  const scratch = join(tmpdir(), 'berth-schemas-go');
  mkdirSync(scratch, { recursive: true });
  return execFileSync(goBinary(), goArgs, {
    cwd: scratch,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The newest released patch (no pre-releases) of each wanted minor. */
function newestPatches(wanted) {
  const listed = go(['list', '-m', '-versions', MODULE]).trim().split(/\s+/).slice(1);
  const out = new Map();
  for (const minor of wanted) {
    const patches = listed
      .map((v) => /^v(\d+)\.(\d+)\.(\d+)$/.exec(v))
      .filter((m) => m && `${m[1]}.${m[2]}` === minor)
      .map((m) => ({ tag: m[0], patch: Number(m[3]) }))
      .sort((a, b) => b.patch - a.patch);
    if (patches.length === 0) throw new Error(`no released ${MODULE} version for Kubernetes ${minor}`);
    out.set(minor, patches[0].tag);
  }
  return out;
}

function download(tag) {
  const info = JSON.parse(go(['mod', 'download', '-json', `${MODULE}@${tag}`]));
  if (info.Error) throw new Error(`go mod download ${MODULE}@${tag}: ${info.Error}`);
  return info.Dir;
}

// ---------------------------------------------------------------------------------------------
// Which group-versions a release serves by default

/**
 * kube-apiserver serves GA group-versions by default and keeps every beta and alpha one off
 * unless --runtime-config turns it on (since 1.24). The OpenAPI documents in the repository are
 * generated with all of them on, so the defaults are read from pkg/controlplane/instance.go:
 * the Go packages listed in `...EnabledByDefault` variables. Returns OpenAPI definition prefixes
 * such as "io.k8s.api.apps.v1".
 */
function enabledByDefault(moduleDir) {
  const file = join(moduleDir, 'pkg/controlplane/instance.go');
  if (!existsSync(file)) return null;
  const source = readFileSync(file, 'utf8');
  const imports = new Map();
  for (const m of source.matchAll(/^\s*(\w+)\s+"k8s\.io\/api\/([\w-]+)\/(v\w+)"/gm)) imports.set(m[1], `io.k8s.api.${m[2]}.${m[3]}`);
  const prefixes = new Set();
  for (const block of source.matchAll(/(\w*EnabledByDefault)\s*=\s*\[\]schema\.GroupVersion\{([^}]*)\}/g)) {
    if (/Disabled/.test(block[1])) continue;
    for (const m of block[2].matchAll(/(\w+)\.SchemeGroupVersion/g)) {
      const prefix = imports.get(m[1]);
      if (prefix) prefixes.add(prefix);
    }
  }
  return prefixes.size > 0 ? prefixes : null;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI v3 → draft-07 JSON schema that plain `new Ajv({ strict: false })` validates

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const NULLABLE_TIMES = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);
/** resource.Quantity's serialization grammar (see the Quantity description). */
const QUANTITY_PATTERN =
  '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))?$';
/** Extensions that no Berth feature reads; dropped to keep the bundles small. */
const DROPPED = new Set([
  'format', // int32, int64, byte, date-time...: ajv has no built-in formats, and none is checked by kubectl
  'x-kubernetes-group-version-kind', // moved to the version index
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-unions',
  'x-kubernetes-map-type',
  'nullable', // turned into a "null" type below
]);
/** Keywords whose values are data, not schemas: copied as they are. */
const DATA = new Set(['default', 'enum', 'example', 'required', 'x-kubernetes-list-map-keys']);

/**
 * Closed sets of values that the OpenAPI documents state only in prose ("One of Always, Never,
 * IfNotPresent"), while the API server rejects anything else. Curated from those descriptions,
 * so a typo such as `protocol: tcp` is reported; a property missing from a version is skipped.
 */
const PROSE_ENUMS = {
  'io.k8s.api.core.v1.Container': { imagePullPolicy: ['Always', 'Never', 'IfNotPresent'], terminationMessagePolicy: ['File', 'FallbackToLogsOnError'] },
  'io.k8s.api.core.v1.EphemeralContainer': { imagePullPolicy: ['Always', 'Never', 'IfNotPresent'] },
  'io.k8s.api.core.v1.ContainerPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.core.v1.ServicePort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.core.v1.EndpointPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.networking.v1.NetworkPolicyPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    sessionAffinity: ['ClientIP', 'None'],
  },
  'io.k8s.api.core.v1.PodSpec': {
    restartPolicy: ['Always', 'OnFailure', 'Never'],
    dnsPolicy: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
    preemptionPolicy: ['PreemptLowerPriority', 'Never'],
  },
  'io.k8s.api.core.v1.Toleration': { operator: ['Exists', 'Equal'], effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  'io.k8s.api.core.v1.Taint': { effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { volumeMode: ['Block', 'Filesystem'] },
  'io.k8s.api.networking.v1.HTTPIngressPath': { pathType: ['Exact', 'Prefix', 'ImplementationSpecific'] },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'io.k8s.api.batch.v1.JobSpec': { completionMode: ['NonIndexed', 'Indexed'] },
  'io.k8s.api.core.v1.TopologySpreadConstraint': { whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'] },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  'io.k8s.api.autoscaling.v2.MetricTarget': { type: ['Utilization', 'Value', 'AverageValue'] },
  'io.k8s.api.autoscaling.v2.MetricSpec': { type: ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'] },
};

function withProseEnums(name, converted) {
  const enums = PROSE_ENUMS[name];
  if (!enums || !converted.properties) return converted;
  const properties = { ...converted.properties };
  for (const [property, values] of Object.entries(enums)) {
    if (properties[property] && properties[property].type === 'string') properties[property] = { ...properties[property], enum: values };
  }
  return { ...converted, properties };
}

function convertDefinition(name, schema) {
  return withProseEnums(name, convertDefinitionShape(name, schema));
}

function convertDefinitionShape(name, schema) {
  if (name === QUANTITY) {
    return { description: schema.description, type: ['string', 'number'], pattern: QUANTITY_PATTERN };
  }
  if (NULLABLE_TIMES.has(name)) {
    // `creationTimestamp: null` is what `kubectl create --dry-run=client -o yaml` writes; the API accepts it.
    return { ...convert(schema), type: ['string', 'null'] };
  }
  if (name === INT_OR_STRING) {
    return { description: schema.description, type: ['integer', 'string'], 'x-kubernetes-int-or-string': true };
  }
  return convert(schema);
}

function convert(schema) {
  if (Array.isArray(schema)) return schema.map(convert);
  if (schema === null || typeof schema !== 'object') return schema;
  let out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if (key === '$ref') out.$ref = refTo(value);
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    else if (DATA.has(key)) out[key] = value;
    else out[key] = convert(value);
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.oneOf;
    delete out.anyOf;
  }
  if (out.properties && out.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false; // kubectl's strict field validation: unknown fields are reported
  }
  if (schema.nullable === true) out = allowNull(out);
  return out;
}

function allowNull(schema) {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type)) return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'] };
  const { description, default: dflt, ...rest } = schema;
  const out = { anyOf: [rest, { type: 'null' }] };
  if (description !== undefined) out.description = description;
  if (dflt !== undefined) out.default = dflt;
  return out;
}

function refTo(ref) {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`unexpected $ref ${ref}`);
  const name = ref.slice(prefix.length);
  if (/[~/]/.test(name)) throw new Error(`definition name ${name} would need JSON-pointer escaping`);
  return `#/definitions/${name}`;
}

function refsOf(schema, out = new Set()) {
  if (Array.isArray(schema)) for (const s of schema) refsOf(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') out.add(value.slice('#/definitions/'.length));
      else if (key === 'properties') for (const property of Object.values(value)) refsOf(property, out);
      else if (!DATA.has(key)) refsOf(value, out);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading one release

/** "api__v1_openapi.json" → "v1"; "apis__apps__v1_openapi.json" → "apps/v1"; discovery documents → undefined. */
function groupVersionOfFile(file) {
  if (file === 'api__v1_openapi.json') return { group: '', version: 'v1' };
  const m = /^apis__(.+)__(v\w+)_openapi\.json$/.exec(file);
  return m ? { group: m[1], version: m[2] } : undefined;
}

const apiVersionOf = (group, version) => (group ? `${group}/${version}` : version);
const packageOf = (name) => name.slice(0, name.lastIndexOf('.'));
const isGA = (version) => /^v\d+$/.test(version);

function readRelease(minor, tag, moduleDir) {
  const specDir = join(moduleDir, 'api/openapi-spec/v3');
  const defaults = enabledByDefault(moduleDir);
  if (!defaults) console.warn(`warning: ${tag}: no default-enabled list found; only GA versions are marked served by default`);
  const definitions = new Map(); // name → converted schema
  const groupVersions = new Map(); // apiVersion → { group, version, servedByDefault, kinds: Map }
  for (const file of readdirSync(specDir).sort()) {
    const gv = groupVersionOfFile(file);
    if (!gv) continue;
    const doc = JSON.parse(readFileSync(join(specDir, file), 'utf8'));
    const schemas = doc.components?.schemas ?? {};
    for (const [name, schema] of Object.entries(schemas)) {
      const converted = convertDefinition(name, schema);
      const known = definitions.get(name);
      if (known && JSON.stringify(known) !== JSON.stringify(converted)) {
        throw new Error(`${tag}: definition ${name} differs between documents`);
      }
      definitions.set(name, converted);
    }
    const apiVersion = apiVersionOf(gv.group, gv.version);
    const kinds = new Map();
    for (const [name, schema] of Object.entries(schemas)) {
      if (name.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) continue; // DeleteOptions, WatchEvent, Status...
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        if (gvk.group !== gv.group || gvk.version !== gv.version) continue;
        kinds.set(gvk.kind, { def: name, description: firstParagraph(schema.description ?? '') });
      }
    }
    const scope = scopes(doc.paths ?? {}, gv);
    for (const [kind, entry] of kinds) if (scope.has(kind)) entry.namespaced = scope.get(kind);
    const kindPrefix = kinds.size > 0 ? packageOf([...kinds.values()][0].def) : undefined;
    const servedByDefault = isGA(gv.version) || Boolean(defaults && kindPrefix && defaults.has(kindPrefix));
    groupVersions.set(apiVersion, { group: gv.group, version: gv.version, servedByDefault, kinds });
  }
  return { minor, tag, groupVersions, definitions };
}

function firstParagraph(text) {
  return text.split(/\n\n/)[0].trim();
}

/** kind → namespaced, from the REST paths that carry the kind's group-version-kind. */
function scopes(paths, gv) {
  const namespaced = new Map();
  for (const [path, item] of Object.entries(paths)) {
    for (const op of Object.values(item)) {
      const gvk = op && typeof op === 'object' ? op['x-kubernetes-group-version-kind'] : undefined;
      if (!gvk || gvk.group !== gv.group || gvk.version !== gv.version) continue;
      const inNamespace = path.includes('/namespaces/{namespace}/');
      namespaced.set(gvk.kind, (namespaced.get(gvk.kind) ?? false) || inNamespace);
    }
  }
  return namespaced;
}

// ---------------------------------------------------------------------------------------------
// Writing the bundles

function contentId(schema) {
  return createHash('sha256').update(JSON.stringify(schema)).digest('base64url').slice(0, 8);
}

function closure(release) {
  const needed = new Set();
  const stack = [];
  for (const gv of release.groupVersions.values()) for (const k of gv.kinds.values()) stack.push(k.def);
  while (stack.length > 0) {
    const name = stack.pop();
    if (needed.has(name)) continue;
    const schema = release.definitions.get(name);
    if (!schema) throw new Error(`${release.tag}: $ref to missing definition ${name}`);
    needed.add(name);
    for (const ref of refsOf(schema)) stack.push(ref);
  }
  return [...needed].sort();
}

/** Kubernetes version priority: GA > beta > alpha, then the higher number. */
function versionRank(version) {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) return [0, 0, 0];
  return [m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1, Number(m[1]), Number(m[3] ?? 0)];
}
function compareVersions(a, b) {
  const ra = versionRank(a);
  const rb = versionRank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return 0;
}

/**
 * Removals within the bundled range: a group-version-kind served by an older bundled release
 * and missing from this one. The replacement is the same kind in the preferred served version
 * of its group, when there is one.
 */
function derivedRemovals(releases, index) {
  const current = releases[index];
  const out = [];
  const seen = new Set();
  for (let i = index - 1; i >= 0; i--) {
    const older = releases[i];
    for (const [apiVersion, gv] of older.groupVersions) {
      for (const kind of gv.kinds.keys()) {
        const key = `${apiVersion}/${kind}`;
        if (seen.has(key) || current.groupVersions.get(apiVersion)?.kinds.has(kind)) continue;
        seen.add(key);
        // removedIn: the first bundled release after `older` (walking forward) that lacks it.
        let removedIn = current.minor;
        for (let j = i + 1; j <= index; j++) {
          if (!releases[j].groupVersions.get(apiVersion)?.kinds.has(kind)) {
            removedIn = releases[j].minor;
            break;
          }
        }
        const candidates = [...current.groupVersions.values()]
          .filter((c) => c.group === gv.group && c.kinds.has(kind))
          .sort((a, b) => compareVersions(a.version, b.version));
        const replacement = candidates[0] ? { apiVersion: apiVersionOf(gv.group, candidates[0].version), kind } : null;
        const notes = [`Derived: served by Kubernetes ${older.minor} (${older.tag}), not by ${removedIn}.`];
        if (!gv.servedByDefault) notes.push(`${apiVersion} was not served by default (it needed --runtime-config).`);
        out.push({ apiVersion, kind, removedIn, replacement, notes: notes.join(' ') });
      }
    }
  }
  return out.sort((a, b) => `${a.apiVersion}/${a.kind}`.localeCompare(`${b.apiVersion}/${b.kind}`));
}

function writeJson(path, value) {
  writeFileSync(path, JSON.stringify(value));
}

function main() {
  const tags = newestPatches(minors);
  const releases = [];
  for (const [minor, tag] of tags) {
    const dir = download(tag);
    console.log(`Kubernetes ${minor}: ${MODULE}@${tag} (${dir})`);
    releases.push(readRelease(minor, tag, dir));
  }

  // Shared definitions: one shard per Go package, each holding every distinct content of its
  // definitions across releases, keyed by definition name then content id.
  const shards = new Map(); // package → Map(name → Map(id → schema))
  const versionDefs = [];
  for (const release of releases) {
    const defs = {};
    for (const name of closure(release)) {
      const schema = release.definitions.get(name);
      const id = contentId(schema);
      const pkg = packageOf(name);
      if (!shards.has(pkg)) shards.set(pkg, new Map());
      const variants = shards.get(pkg);
      if (!variants.has(name)) variants.set(name, new Map());
      const known = variants.get(name).get(id);
      if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`content id collision for ${name}`);
      variants.get(name).set(id, schema);
      defs[name] = id;
    }
    versionDefs.push(defs);
  }

  rmSync(join(outDir, 'defs'), { recursive: true, force: true });
  for (const f of existsSync(outDir) ? readdirSync(outDir) : []) if (/^v\d+\.\d+\.json$/.test(f)) rmSync(join(outDir, f));
  mkdirSync(join(outDir, 'defs'), { recursive: true });
  for (const [pkg, variants] of [...shards].sort(([a], [b]) => a.localeCompare(b))) {
    const body = {};
    for (const [name, byId] of [...variants].sort(([a], [b]) => a.localeCompare(b))) body[name] = Object.fromEntries(byId);
    writeJson(join(outDir, 'defs', `${pkg}.json`), body);
  }

  const groups = new Set();
  releases.forEach((release, i) => {
    const groupVersions = {};
    for (const [apiVersion, gv] of [...release.groupVersions].sort(([a], [b]) => a.localeCompare(b))) {
      if (gv.kinds.size === 0) continue;
      groups.add(gv.group);
      const kinds = {};
      for (const [kind, k] of [...gv.kinds].sort(([a], [b]) => a.localeCompare(b))) kinds[kind] = k;
      groupVersions[apiVersion] = { servedByDefault: gv.servedByDefault, kinds };
    }
    writeJson(join(outDir, `v${release.minor}.json`), {
      format: FORMAT,
      kubernetesVersion: release.minor,
      source: `${MODULE}@${release.tag}`,
      groupVersions,
      removed: derivedRemovals(releases, i),
      defs: versionDefs[i],
    });
  });

  const removedPath = join(outDir, 'removed-apis.json');
  const curated = existsSync(removedPath) ? JSON.parse(readFileSync(removedPath, 'utf8')) : { removed: [] };
  const newest = releases[releases.length - 1];
  const minorNumber = (v) => Number(v.split('.')[1]);
  for (const r of curated.removed) {
    groups.add(r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '');
    const rep = r.replacement;
    // A removal after the newest bundled release may name a replacement that only comes with it.
    if (rep && minorNumber(r.removedIn) <= minorNumber(newest.minor) && !newest.groupVersions.get(rep.apiVersion)?.kinds.has(rep.kind)) {
      console.warn(`warning: removed-apis.json: replacement ${rep.apiVersion} ${rep.kind} of ${r.apiVersion} ${r.kind} is not served by ${newest.minor}`);
    }
  }

  writeJson(join(outDir, 'index.json'), {
    format: FORMAT,
    generated: generatedOn,
    module: MODULE,
    versions: releases.map((r) => ({ version: r.minor, source: `${MODULE}@${r.tag}`, file: `v${r.minor}.json` })),
    builtinGroups: [...groups].sort(),
  });
  writeReadme(releases, shards);
}

function writeReadme(releases, shards) {
  const sizes = [];
  let total = 0;
  for (const f of readdirSync(outDir)) if (f.endsWith('.json')) total += readFileSync(join(outDir, f)).length;
  for (const f of readdirSync(join(outDir, 'defs'))) {
    const n = readFileSync(join(outDir, 'defs', f)).length;
    total += n;
    sizes.push([f, n]);
  }
  sizes.sort((a, b) => b[1] - a[1]);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const text = `# Kubernetes schemas

Generated by \`scripts/schemas/generate.mjs\` (\`npm run schemas\`) on ${generatedOn}. Do not edit
the generated files by hand; \`removed-apis.json\` is the one hand-curated file here.

## Source

The OpenAPI v3 documents in \`api/openapi-spec/v3/\` of the Go module \`${MODULE}\`, fetched with
\`go mod download\` through the Go module proxy. The newest released patch of each minor:

| Kubernetes | Module version | Group-versions | Kinds | Definitions |
|---|---|---|---|---|
${releases
  .map((r) => {
    const gvs = [...r.groupVersions.values()].filter((g) => g.kinds.size > 0);
    const kinds = gvs.reduce((n, g) => n + g.kinds.size, 0);
    return `| ${r.minor} | \`${MODULE}@${r.tag}\` | ${gvs.length} (${gvs.filter((g) => g.servedByDefault).length} served by default) | ${kinds} | ${closure(r).length} |`;
  })
  .join('\n')}

Total size of the bundles: ${kb(total)} (minified JSON), ${shards.size} definition shards.

## What each version holds

Exactly the group-versions for which the release publishes an OpenAPI document (\`apis__<group>__<version>_openapi.json\`,
\`api__v1_openapi.json\` for the core group): those are the ones its kube-apiserver can serve. Removed
API versions (\`extensions/v1beta1\`...) are absent, so a lookup reports them as removed.

The repository generates those documents with every API turned on, alpha and beta included. Since
Kubernetes 1.24 new beta APIs, like every alpha API, are off unless \`--runtime-config\` turns them on.
They are kept (a cluster may enable them) but flagged \`servedByDefault: false\`; the default set is read
from the \`...EnabledByDefault\` lists in the release's \`pkg/controlplane/instance.go\`, and every GA
version (\`vN\`) counts as served by default. The loader passes the flag on so the caller can say
"served only when enabled".

Left out: the discovery documents (\`apis_openapi.json\`, \`apis__<group>_openapi.json\`, \`version\`,
\`logs\`, \`openid\`); \`io.k8s.apimachinery.pkg.apis.meta.v1\` definitions as kinds (\`DeleteOptions\`,
\`WatchEvent\`, \`Status\`... appear with every group's GVK); definitions that no kind reaches.

## Layout

- \`index.json\`: format, generation date, the versions with their exact module versions and files,
  and \`builtinGroups\` (every group any bundled release serves, plus the groups of \`removed-apis.json\`,
  \`""\` being the core group). A group outside that list is not Kubernetes' (a CRD): the caller decides.
- \`v<minor>.json\`: one small index per release: \`groupVersions[apiVersion] = { servedByDefault,
  kinds: { Kind: { def, description, namespaced } } }\` (description: the root definition's first
  paragraph; namespaced: from the REST paths), \`removed\` (removals derived within the bundled range:
  served by an older bundled release, not by this one) and \`defs\`: definition name → content id for
  every definition the release's kinds reach.
- \`defs/<package>.json\`: shared definitions, one shard per Go package (\`io.k8s.api.apps.v1\`),
  \`{ name: { contentId: schema } }\`. A definition whose content is identical across releases is stored
  once; the content id is a hash of the converted schema. Looking up one kind reads only the version
  index and the shards of the packages its definitions come from (a Deployment: apps/v1, core/v1,
  meta/v1 and three one-definition packages).
- \`removed-apis.json\`: hand-curated from the Kubernetes "Deprecated API Migration Guide" and the
  prerelease-lifecycle markers of \`k8s.io/api\` (\`APILifecycleDeprecated\`/\`Removed\`, which
  kube-apiserver enforces). \`removed\`: apiVersion/kind pairs with the release that deprecated them,
  the release that stops serving them (every removal since 1.16, and the planned ones), the
  replacement and the notable field changes; it takes precedence over the derived removals, and a
  served alpha or beta version past its \`deprecatedIn\` gets the apiserver's deprecation warning.
  \`deprecated\`: GA versions deprecated with no removal planned. \`components\`: the operators' own
  dropped versions (cert-manager, KEDA, Istio), numbered by the operator's releases. \`configFiles\`:
  versions of files components read (the audit policy). \`berth upgrade-check\` reads all four.

## Schema form

Every stored schema is draft-07 JSON Schema that \`new Ajv({ strict: false, allErrors: true })\`
compiles without extra formats or keywords:

- \`$ref: '#/components/schemas/X'\` → \`$ref: '#/definitions/X'\`; the loader assembles a self-contained
  schema: the root definition's keywords plus \`definitions\` with the closure it needs.
- \`additionalProperties: false\` on every object schema with \`properties\` (and no
  \`additionalProperties\` or \`x-kubernetes-preserve-unknown-fields\`): unknown fields are reported,
  as kubectl's strict field validation does.
- \`IntOrString\` → \`type: ["integer", "string"]\`; \`Quantity\` → \`type: ["string", "number"]\` with the
  quantity grammar as \`pattern\`; OpenAPI \`nullable\` → an added \`"null"\` type.
- \`Time\` and \`MicroTime\` also accept \`null\` (\`creationTimestamp: null\`, as \`kubectl create --dry-run=client -o yaml\`
  writes it). Other optional fields set to \`null\` are still reported, although the API server treats them as unset.
- \`format\` is dropped (int32, int64, byte, date-time, double: ajv would need ajv-formats and kubectl
  does not check them client-side), and so are \`x-kubernetes-group-version-kind\` (in the index),
  \`x-kubernetes-patch-*\`, \`x-kubernetes-unions\`, \`x-kubernetes-map-type\`. Kept: \`description\`,
  \`default\`, \`enum\`, \`required\`, \`allOf: [{ $ref }]\` wrappers, \`x-kubernetes-list-type\`,
  \`x-kubernetes-list-map-keys\`, \`x-kubernetes-preserve-unknown-fields\`.
- The root's \`apiVersion\` and \`kind\` are plain strings, not pinned: the caller dispatched on them.
- Closed value sets that the documents state only in prose (\`imagePullPolicy\`, port \`protocol\`, Service
  \`type\`, \`restartPolicy\`, taint \`effect\`, \`pathType\`, ...) are added as \`enum\`s from a curated table
  (\`PROSE_ENUMS\` in the generator), so a typo such as \`protocol: tcp\` is reported.

## Loading

\`platform/schema/kubernetes/\` (\`KubernetesSchemaStore\`) reads these files through an injected
reader, lazily and once each, and answers \`lookup(version, apiVersion, kind)\` with a self-contained
schema, a removal (curated table first, then the derived ones), an unknown kind, an unknown version
of a built-in group, or "not Kubernetes".

## Regenerate

\`\`\`sh
npm run schemas                 # or: node scripts/schemas/generate.mjs --minors 1.33,1.34,1.35,1.36
\`\`\`

Needs Go (\`go\` on PATH or in /usr/local/go/bin) and access to a Go module proxy. \`--date\` (or
\`SOURCE_DATE_EPOCH\`) fixes the date written here and in \`index.json\`. Largest shards:
${sizes
  .slice(0, 5)
  .map(([f, n]) => `\`${f}\` ${kb(n)}`)
  .join(', ')}.
`;
  writeFileSync(join(outDir, 'README.md'), text);
}

main();
