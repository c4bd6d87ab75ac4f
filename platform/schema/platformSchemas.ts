import { readJson, type SchemaFileReader } from './schemaFiles';
import type { KindInfo, SchemaLookup } from './lookup';
import { PLATFORM_API_VERSION, PLATFORM_GROUP, PLATFORM_KINDS, type InstanceType, type PlatformKind } from '../model';

// Declared with the typed model; re-exported because the schema is where most callers meet them.
export { PLATFORM_API_VERSION, PLATFORM_GROUP, PLATFORM_KINDS, type PlatformKind } from '../model';

interface PlatformSchemaFile {
  readonly definitions: Record<string, { readonly description?: string }>;
  readonly 'x-berth-supported-kubernetes-versions'?: readonly string[];
}

/** The Berth platform API schemas and the instance catalog, loaded once on first use. */
export class PlatformSchemas {
  private file: PlatformSchemaFile | undefined;
  private catalog: readonly InstanceType[] | undefined;
  private readonly hits = new Map<PlatformKind, SchemaLookup>();

  constructor(private readonly read: SchemaFileReader) {}

  isPlatformApiVersion(apiVersion: string): boolean {
    // Asked of every document: compared in place rather than split into a new array each time.
    return apiVersion.startsWith(PLATFORM_GROUP) && (apiVersion.length === PLATFORM_GROUP.length || apiVersion[PLATFORM_GROUP.length] === '/');
  }

  lookup(apiVersion: string, kind: string): SchemaLookup {
    if (apiVersion !== PLATFORM_API_VERSION) return { status: 'unknown-api-version', servedVersions: [PLATFORM_API_VERSION] };
    if (!(PLATFORM_KINDS as readonly string[]).includes(kind)) return { status: 'unknown-kind', knownKinds: PLATFORM_KINDS };
    const platformKind = kind as PlatformKind;
    let hit = this.hits.get(platformKind);
    if (!hit) {
      const file = this.schemaFile();
      // Wrapping the definition in allOf keeps `definitions` beside a $ref-free root (draft-07 ignores $ref siblings).
      const schema = { definitions: file.definitions, allOf: [{ $ref: `#/definitions/${platformKind}` }] };
      hit = { status: 'schema', key: `platform/${kind}`, schema, description: file.definitions[platformKind]?.description ?? kind };
      this.hits.set(platformKind, hit);
    }
    return hit;
  }

  kinds(): readonly KindInfo[] {
    const file = this.schemaFile();
    return PLATFORM_KINDS.map((kind) => ({ apiVersion: PLATFORM_API_VERSION, kind, description: file.definitions[kind]?.description ?? kind }));
  }

  supportedKubernetesVersions(): readonly string[] {
    return this.schemaFile()['x-berth-supported-kubernetes-versions'] ?? [];
  }

  instanceTypes(): readonly InstanceType[] {
    this.catalog ??= readJson<{ instanceTypes: InstanceType[] }>(this.read, 'platform/instance-catalog.json').instanceTypes;
    return this.catalog;
  }

  private schemaFile(): PlatformSchemaFile {
    this.file ??= readJson<PlatformSchemaFile>(this.read, 'platform/v1alpha1.json');
    return this.file;
  }
}
