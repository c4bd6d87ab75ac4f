#!/usr/bin/env node
// Generates Berth's bundled CRD catalog under schemas/crds/ from the CustomResourceDefinitions
// that the operators of crdSources.mjs publish in their Go modules.
//
//   node scripts/schemas/crds.mjs        (npm run schemas:crds)
//
// Needs `go` on PATH (or in /usr/local/go/bin): each module is fetched with `go mod download`
// through the configured Go module proxy and the shared module cache. The output (group files,
// index.json, README.md) is deterministic for the pinned module versions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findGo, goEnv } from '../cluster/go.mjs';
import { mergeChannels } from './crdChannels.mjs';
import { crdSources } from './crdSources.mjs';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, 'schemas/crds');
const FORMAT = 1;
const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
/** A DNS subdomain: a group name is also a file name here, so nothing else may reach a path. */
const GROUP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

// ---------------------------------------------------------------------------------------------
// Fetching the modules

/** Outside any module, so no go.mod of ours decides what `go mod download` may fetch. */
function download(go, source) {
  const scratch = mkdtempSync(join(tmpdir(), 'berth-crds-'));
  try {
    const r = spawnSync(go, ['mod', 'download', '-json', `${source.module}@${source.version}`], {
      cwd: scratch,
      encoding: 'utf8',
      env: goEnv({ GOFLAGS: '-mod=mod', GOTOOLCHAIN: source.goToolchain ?? 'local' }),
      timeout: 600_000,
    });
    let answer = {};
    try {
      answer = JSON.parse(r.stdout);
    } catch {
      // go printed nothing useful: report its stderr below.
    }
    if (answer.Dir && existsSync(answer.Dir)) return answer.Dir;
    throw new Error(`go mod download ${source.module}@${source.version}: ${answer.Error || r.stderr?.trim() || r.error?.message || `exit ${r.status}`}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and trimming CRDs

function yamlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The CRD as validation, hover and completion read it: identity, names, scope and per-version schemas. */
function trim(crd) {
  const spec = crd.spec;
  const versions = spec.versions.map((v) => {
    const out = { name: v.name, served: v.served !== false, storage: v.storage === true };
    if (v.deprecated === true) out.deprecated = true;
    if (typeof v.deprecationWarning === 'string') out.deprecationWarning = v.deprecationWarning;
    if (isRecord(v.schema?.openAPIV3Schema)) out.schema = { openAPIV3Schema: v.schema.openAPIV3Schema };
    return out;
  });
  const names = {};
  for (const key of ['kind', 'listKind', 'plural', 'singular', 'shortNames', 'categories']) if (spec.names[key] !== undefined) names[key] = spec.names[key];
  return {
    apiVersion: CRD_API_VERSION,
    kind: 'CustomResourceDefinition',
    metadata: { name: crd.metadata.name },
    spec: { group: spec.group, names, scope: spec.scope, versions },
  };
}

/** Every apiextensions.k8s.io/v1 CRD in a source's CRD folders, checked enough to be bundled. */
function readSource(dir, source) {
  const crds = [];
  for (const crdRoot of source.crdRoots) {
    const folder = join(dir, crdRoot);
    if (!existsSync(folder)) throw new Error(`${source.module}@${source.version} has no folder ${crdRoot}`);
    for (const file of yamlFiles(folder)) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
        const value = doc.toJS({ maxAliasCount: 100 });
        if (!isRecord(value) || value.apiVersion !== CRD_API_VERSION || value.kind !== 'CustomResourceDefinition') continue;
        const spec = value.spec;
        if (!isRecord(spec) || typeof spec.group !== 'string' || !GROUP_NAME.test(spec.group) || !isRecord(spec.names) || typeof spec.names.kind !== 'string' || !Array.isArray(spec.versions) || typeof value.metadata?.name !== 'string') {
          throw new Error(`${file}: a CustomResourceDefinition without a valid group, kind, versions or name`);
        }
        crds.push(trim(value));
      }
    }
  }
  if (crds.length === 0) throw new Error(`${source.module}@${source.version}: no ${CRD_API_VERSION} CustomResourceDefinition under ${source.crdRoots.join(', ')}`);
  return crds;
}

/**
 * Kubernetes' version priority: GA before beta before alpha, and within each the higher number
 * first (v2, v1, v1beta2, v1beta1, v1alpha1); names of another shape last, alphabetically.
 */
function versionOrder(a, b) {
  const rank = (name) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(name);
    if (!m) return [3, 0, 0, name];
    return [m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2, -Number(m[1]), -Number(m[3] ?? 0), name];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0;
}

/** The sources of one module version (Gateway API's channels) form one release, bundled as one. */
function releases() {
  const out = new Map();
  for (const source of crdSources) {
    const key = `${source.module}@${source.version}`;
    const release = out.get(key) ?? { title: source.title, module: source.module, version: source.version, sources: [] };
    release.sources.push(source);
    out.set(key, release);
  }
  return [...out.values()];
}

function releaseLabel(release) {
  const channels = release.sources.map((s) => s.channel).filter(Boolean);
  const suffix = channels.length === 0 ? '' : ` (${channels.join(' and ')} channel${channels.length > 1 ? 's' : ''})`;
  return `${release.title} ${release.version}${suffix}`;
}

/** Every CRD of a release, one per name: the channels' CRDs of the same name merged (crdChannels.mjs). */
function releaseCrds(go, release) {
  const byName = new Map();
  for (const source of release.sources) {
    const crds = readSource(download(go, source), source);
    for (const crd of crds) byName.set(crd.metadata.name, [...(byName.get(crd.metadata.name) ?? []), crd]);
    console.log(`${source.name} ${source.version}: ${crds.length} CRDs`);
  }
  return [...byName.values()].map((crds) => (crds.length === 1 ? crds[0] : mergeChannels(crds)));
}

// ---------------------------------------------------------------------------------------------
// Writing

function main() {
  const found = findGo();
  if (!found) throw new Error('`go` was not found on PATH nor in /usr/local/go/bin: it is needed to fetch the operators\' Go modules.');
  const groups = new Map();
  const all = releases();
  for (const release of all) {
    for (const crd of releaseCrds(found.go, release)) {
      const group = crd.spec.group;
      const entry = groups.get(group) ?? { release, crds: [] };
      if (entry.release !== release) throw new Error(`group ${group} comes from both ${releaseLabel(entry.release)} and ${releaseLabel(release)}: bundle one`);
      if (entry.crds.some((c) => c.spec.names.kind === crd.spec.names.kind)) throw new Error(`${releaseLabel(release)}: ${crd.spec.names.kind}.${group} is defined twice`);
      entry.crds.push(crd);
      groups.set(group, entry);
    }
  }

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const index = { format: FORMAT, groups: {} };
  for (const group of [...groups.keys()].sort()) {
    const { release, crds } = groups.get(group);
    crds.sort((a, b) => (a.spec.names.kind < b.spec.names.kind ? -1 : 1));
    const file = `${group}.json`;
    const label = releaseLabel(release);
    writeFileSync(join(outDir, file), JSON.stringify({ source: label, crds }));
    const kinds = {};
    for (const crd of crds) kinds[crd.spec.names.kind] = servedVersions(crd);
    index.groups[group] = { file, source: label, kinds };
  }
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(index));
  writeReadme(all, groups);
  console.log(`schemas/crds: ${groups.size} groups, ${[...groups.values()].reduce((n, g) => n + g.crds.length, 0)} CRDs, ${kib(totalSize())}`);
}

function servedVersions(crd) {
  return crd.spec.versions.filter((v) => v.served).map((v) => v.name).sort(versionOrder);
}

function totalSize() {
  return readdirSync(outDir).filter((f) => f.endsWith('.json')).reduce((n, f) => n + statSync(join(outDir, f)).size, 0);
}

function kib(bytes) {
  return `${Math.round(bytes / 1024)} KiB`;
}

function writeReadme(all, groups) {
  const sourceRows = all.map((release) => {
    const own = [...groups.entries()].filter(([, g]) => g.release === release).map(([group]) => group).sort();
    const kinds = own.reduce((n, group) => n + groups.get(group).crds.length, 0);
    const folders = release.sources.flatMap((s) => s.crdRoots).map((r) => `\`${r}\``).join(', ');
    const licences = [...new Set(release.sources.map((s) => s.licence))].join(', ');
    return `| ${releaseLabel(release)} | \`${release.module}@${release.version}\` | ${folders} | ${licences} | ${own.map((g) => `\`${g}\``).join(', ')} | ${kinds} |`;
  });
  const groupRows = [...groups.keys()].sort().map((group) => {
    const { crds } = groups.get(group);
    const size = statSync(join(outDir, `${group}.json`)).size;
    return `| \`${group}\` | ${crds.map((c) => `${c.spec.names.kind} (${servedVersions(c).join(', ')})`).join(', ')} | ${kib(size)} |`;
  });
  const toolchains = all.flatMap((r) => r.sources).filter((s) => s.goToolchain);
  const text = `# Bundled CRD catalog

Generated by \`scripts/schemas/crds.mjs\` (\`npm run schemas:crds\`) from the sources pinned in
\`scripts/schemas/crdSources.mjs\`. Do not edit these files by hand. They are committed, like
\`schemas/kubernetes\`, so Berth validates these custom resources offline, with no cluster and no
\`--crd\`; regenerate them when a pin changes.

## Sources

Each operator's CustomResourceDefinitions (\`${CRD_API_VERSION}\` only) as its Go module publishes
them, fetched with \`go mod download\` through the Go module proxy. The licence is each module's
\`LICENSE\`; the CRDs are redistributed trimmed, as described below. The first column is how hover
names the source ("from the bundled catalog: ...").

| source | module | CRD folders | licence | groups | CRDs |
|---|---|---|---|---|---|
${sourceRows.join('\n')}

Gateway API publishes two release channels, and neither is a strict superset of the other: the
experimental one adds fields, versions and enum values, but also a \`pattern\` on header values that
the standard one lacks. Bundling either alone would report false errors to the other's users, so
the generator merges the two (\`scripts/schemas/crdChannels.mjs\`): each CRD serves every version
either channel serves, and its schema accepts what either accepts (properties and enum values
united, \`required\` intersected, bounds widened, patterns and CEL rules kept only where both
channels agree). The cost: a standard-channel user is not told of an experimental-only field. A
workspace (or cluster) that installs one channel's CRDs validates against exactly those, as they
take precedence.

${toolchains.map((s) => `${s.title} \`${s.version}\`'s go.mod names a newer Go than this machine's, so its module is downloaded with \`GOTOOLCHAIN=${s.goToolchain}\` (the go command fetches that toolchain from the module proxy).`).join('\n')}
The Prometheus Operator root module is pinned at the one version of it that the module proxy serves.
cert-manager's \`deploy/crds\` README calls those files the source of its Helm chart's CRDs, not an
install manifest; their schemas are the chart's.

## Contents

| group | kinds (served versions, newest first) | file |
|---|---|---|
${groupRows.join('\n')}

Total size: ${kib(totalSize())} (compact JSON).

## Layout

- \`index.json\`: \`{ format, groups: { <group>: { file, source, kinds: { <Kind>: [served versions, newest first] } } } }\`.
  Berth reads it on the first lookup of a custom resource (or when completion lists custom kinds).
- \`<group>.json\`: \`{ source, crds: [CustomResourceDefinition] }\`, read only when a document of that
  group is looked up. Each CRD is trimmed to \`apiVersion\`, \`kind\`, \`metadata.name\`, and \`spec\`'s
  \`group\`, \`names\`, \`scope\` and \`versions\` (\`name\`, \`served\`, \`storage\`, \`deprecated\`,
  \`deprecationWarning\`, \`schema.openAPIV3Schema\` as published, descriptions included: hover shows
  them). Printer columns, subresources, conversion, annotations and labels are left out.

## Precedence

A CRD of the same group and kind in the workspace (or given with \`berth validate --crd\`) wins, then
one of the connected cluster, then this catalog (\`platform/schema/crd/crdCatalog.ts\`).

## Regenerate

\`\`\`sh
npm run schemas:crds            # or: node scripts/schemas/crds.mjs
\`\`\`

Needs Go (\`go\` on PATH or in /usr/local/go/bin) and access to a Go module proxy. Change a version or
add an operator in \`scripts/schemas/crdSources.mjs\`; a group defined by two bundled sources is refused.
`;
  writeFileSync(join(outDir, 'README.md'), text);
}

main();
