// Picks the plain Kubernetes manifests of built-in kinds out of a module's folders, document by
// document. What is not a manifest a user would apply as it is stays out: Helm charts, kustomize
// patches, files with template placeholders, documents without apiVersion/kind, and documents of
// groups the apiserver serves only once a CRD is installed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isMap, isScalar, parseDocument, visit } from 'yaml';

/** Groups served by a bare kube-apiserver (`extensions` is gone, but its kinds are still built in). */
const BUILT_IN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps',
  'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(['.git', '.github', 'node_modules', 'vendor', 'templates']);
const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MAX_FILE_BYTES = 2 << 20;
// kubectl's YAML reader splits a stream at lines of `---`, optionally followed by a comment.
const SEPARATOR = /^---[ \t]*(?:#.*)?$/m;
const PLACEHOLDER = /\{\{|\$\{/;

export function groupOf(apiVersion) {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** Manifest files below `root`, in a stable order, and the reasons others were left out. */
export function manifestFiles(root, skipped) {
  const out = [];
  const walk = (dir) => {
    const names = readdirSync(dir).sort();
    // A Helm chart's files are templates or values, not manifests.
    if (names.includes('Chart.yaml')) return void bump(skipped, 'helm chart (folder)');
    const kustomization = KUSTOMIZATIONS.find((n) => names.includes(n));
    const resources = kustomization ? kustomizeResources(dir, kustomization) : undefined;
    for (const name of names) {
      const path = join(dir, name);
      const stats = statSync(path);
      if (stats.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(path);
      } else if (stats.isFile() && MANIFEST_FILE.test(name)) {
        if (KUSTOMIZATIONS.includes(name)) continue;
        // Next to a kustomization only its resources are whole objects; the rest are patches.
        if (resources && !resources.has(path)) bump(skipped, 'kustomize patch or config (file)');
        else if (stats.size > MAX_FILE_BYTES) bump(skipped, 'larger than 2 MB (file)');
        else out.push(path);
      }
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

function kustomizeResources(dir, name) {
  const doc = parseDocument(readFileSync(join(dir, name), 'utf8'));
  const listed = [doc.get('resources'), doc.get('bases')].flatMap((seq) => (seq?.items ?? []).map((i) => (isScalar(i) ? String(i.value) : '')));
  return new Set(listed.filter(Boolean).map((p) => resolve(dir, p)));
}

function bump(skipped, reason) {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** A document's text as kubectl would cut it from the file: JSON files whole, YAML at `---` lines. */
function splitDocuments(text, isJson) {
  if (isJson || /^\s*[{[]/.test(text)) return [text];
  return text.split(SEPARATOR);
}

/** Template placeholders in a plain or quoted scalar; block scalars (scripts, configs) may hold them. */
function isTemplated(doc, text) {
  if (!PLACEHOLDER.test(text)) return false;
  if (doc.errors.length > 0) return true;
  let templated = false;
  visit(doc, {
    Scalar(_key, node) {
      const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      if (!block && typeof node.value === 'string' && PLACEHOLDER.test(node.value)) {
        templated = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return templated;
}

function parsesAsJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function scalarAt(doc, path) {
  const value = doc.getIn(path);
  return typeof value === 'string' ? value : undefined;
}

export function isBuiltInGroup(group) {
  return BUILT_IN_GROUPS.has(group);
}

/** The built-in tier's choice: documents (and List items) of groups a bare apiserver serves. */
export function builtInOnly({ groups }) {
  return groups.every(isBuiltInGroup) ? undefined : 'custom resource (document)';
}

/**
 * The documents of one manifest file worth holding against the apiserver, each with its number in
 * the file (1-based, counting non-empty documents) and its text as it is in the file. `choose`
 * gets `{ apiVersion, kind, groups }` (the document's group, then its List items') and returns
 * why a document is left out, or undefined to keep it.
 */
export function manifestDocuments(path, skipped, choose = builtInOnly) {
  const text = readFileSync(path, 'utf8');
  const isJson = /\.json$/i.test(path);
  // kubectl reads a stream of JSON objects; Berth reads YAML, where only one JSON value is a document.
  if (isJson && !parsesAsJson(text)) {
    bump(skipped, 'JSON stream or not JSON (file)');
    return [];
  }
  const chunks = splitDocuments(text, isJson);
  const parsed = chunks
    .filter((chunk) => chunk.replace(/^\s*#.*$/gm, '').trim() !== '')
    .map((chunk, index) => ({ chunk, number: index + 1, doc: parseDocument(chunk, { uniqueKeys: false, prettyErrors: false }) }));
  // A file with one templated document is a template as a whole: its other documents are too.
  if (parsed.some(({ doc, chunk }) => isTemplated(doc, chunk))) {
    bump(skipped, 'template placeholders (file)');
    return [];
  }
  const out = [];
  for (const { chunk, number, doc } of parsed) {
    const apiVersion = isMap(doc.contents) ? scalarAt(doc, ['apiVersion']) : undefined;
    const kind = isMap(doc.contents) ? scalarAt(doc, ['kind']) : undefined;
    if (!apiVersion || !kind) {
      bump(skipped, 'no apiVersion or kind (document)');
      continue;
    }
    const items = doc.get('items');
    const itemGroups = (items?.items ?? []).map((item) => (isMap(item) ? item.get('apiVersion') : undefined)).filter((v) => typeof v === 'string').map(groupOf);
    const leftOut = choose({ apiVersion, kind, groups: [groupOf(apiVersion), ...itemGroups] });
    if (leftOut) {
      bump(skipped, leftOut);
      continue;
    }
    out.push({
      number,
      text: chunk.endsWith('\n') ? chunk : `${chunk}\n`,
      apiVersion,
      kind,
      name: scalarAt(doc, ['metadata', 'name']) ?? scalarAt(doc, ['metadata', 'generateName']) ?? '',
    });
  }
  return out;
}

export function relativeTo(root, path) {
  return relative(root, path).split('\\').join('/');
}
