import { readJson, type SchemaFileReader } from '../schemaFiles';
import { readCrd, type BundledCrdSource, type CrdDefinition } from './crdCatalog';

/** `schemas/crds/index.json`: which file holds each group's CRDs, and the kinds and served versions in it. */
export interface CrdCatalogIndex {
  readonly groups: Readonly<Record<string, { readonly file: string; readonly source: string; readonly kinds: Readonly<Record<string, readonly string[]>> }>>;
}

/** One group's file: the CRDs as the operator ships them, trimmed to what validation reads. */
export interface CrdCatalogFile {
  readonly source: string;
  readonly crds: readonly Record<string, unknown>[];
}

/** A group file's name as the generator writes it: the group and `.json`, nothing that leaves `crds/`. */
const GROUP_FILE = /^[a-z0-9][-a-z0-9.]*\.json$/;

/**
 * The bundled CRD catalog, read through the schema reader: the index on first use, a group's
 * file only when a document of that group is looked up.
 */
export class BundledCrds implements BundledCrdSource {
  private index: CrdCatalogIndex | undefined;
  private readonly groups = new Map<string, ReadonlyMap<string, CrdDefinition>>();

  constructor(private readonly read: SchemaFileReader) {}

  find(group: string, kind: string): CrdDefinition | undefined {
    // Own properties only: a document's `apiVersion: constructor/v1` must not reach Object.prototype.
    const groups = this.catalogIndex().groups;
    const entry = Object.hasOwn(groups, group) ? groups[group] : undefined;
    if (!entry || !Object.hasOwn(entry.kinds, kind)) return undefined;
    let crds = this.groups.get(group);
    if (!crds) {
      if (!GROUP_FILE.test(entry.file)) throw new Error(`Berth's CRD catalog names an invalid file for ${group}: reinstall Berth or rebuild the schemas.`);
      const file = readJson<CrdCatalogFile>(this.read, `crds/${entry.file}`);
      const byKind = new Map<string, CrdDefinition>();
      for (const raw of file.crds) {
        const crd = readCrd(raw, `the bundled catalog: ${file.source}`);
        if (crd && crd.group === group && !byKind.has(crd.kind)) byKind.set(crd.kind, crd);
      }
      crds = byKind;
      this.groups.set(group, crds);
    }
    return crds.get(kind);
  }

  kinds(): readonly { readonly group: string; readonly kind: string; readonly versions: readonly string[]; readonly source: string }[] {
    return Object.entries(this.catalogIndex().groups).flatMap(([group, entry]) => Object.entries(entry.kinds).map(([kind, versions]) => ({ group, kind, versions, source: entry.source })));
  }

  private catalogIndex(): CrdCatalogIndex {
    // A Berth built before the catalog existed (or a test's reader without it) has no index: no bundled CRDs.
    this.index ??= this.read('crds/index.json') === undefined ? { groups: {} } : readJson<CrdCatalogIndex>(this.read, 'crds/index.json');
    return this.index;
  }
}
