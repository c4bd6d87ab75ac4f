import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesSchemaStore } from '../platform/schema/kubernetes/kubernetesSchemaStore';

export const KUBERNETES_VERSION = '1.36';
export const KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Service' },
] as const;

export interface Kind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** The Kubernetes kinds of the huge bench's files (its Applications and Cluster use the platform schema). */
export const HUGE_KINDS: readonly Kind[] = [...KINDS, { apiVersion: 'v1', kind: 'ConfigMap' }];
export const PLATFORM_API_VERSION = 'berth.dev/v1alpha1';
export const PLATFORM_KINDS = ['Cluster', 'Application'] as const;

/** Berth's own platform schema (`schemas/platform/v1alpha1.json`), as shipped. */
export function platformSchema(repoRoot: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, 'schemas', 'platform', 'v1alpha1.json'), 'utf8')) as Record<string, unknown>;
}

/** The same schema files Berth ships, read through Berth's own loader. */
export function kindSchemas(repoRoot: string, kinds: readonly Kind[] = KINDS): Map<string, object> {
  const read = (relativePath: string): string | undefined => {
    try {
      return readFileSync(join(repoRoot, 'schemas', relativePath), 'utf8');
    } catch {
      return undefined;
    }
  };
  const store = new KubernetesSchemaStore(read);
  const out = new Map<string, object>();
  for (const { apiVersion, kind } of kinds) {
    const found = store.lookup(KUBERNETES_VERSION, apiVersion, kind);
    if (found.status !== 'schema') throw new Error(`No schema for ${apiVersion} ${kind} in ${KUBERNETES_VERSION}: ${found.status}`);
    out.set(`${apiVersion}/${kind}`, found.schema);
  }
  return out;
}

/**
 * One draft-07 schema for yaml-language-server: `allOf` of if(apiVersion, kind)/then(kind schema),
 * with every kind's definitions merged (same names denote the same Kubernetes definition).
 */
export function combinedSchema(schemas: Map<string, object>, kinds: readonly Kind[] = KINDS): { allOf: unknown[]; definitions: Record<string, unknown> } & Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  const allOf: unknown[] = [];
  for (const { apiVersion, kind } of kinds) {
    const schema = schemas.get(`${apiVersion}/${kind}`) as { definitions?: Record<string, unknown> } & Record<string, unknown>;
    const { definitions: defs, $schema: _ignored, ...root } = schema;
    for (const [name, def] of Object.entries(defs ?? {})) {
      if (name in definitions && JSON.stringify(definitions[name]) !== JSON.stringify(def)) throw new Error(`definition ${name} differs between kinds`);
      definitions[name] = def;
    }
    const rootName = `berth.bench.root.${apiVersion.replace('/', '.')}.${kind}`;
    definitions[rootName] = root;
    allOf.push({
      if: { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
      then: { $ref: `#/definitions/${rootName}` },
    });
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', allOf, definitions };
}

/**
 * The combined schema plus Berth's platform schema for `berth.dev/v1alpha1` documents, its
 * definitions renamed under a prefix (their names, such as ObjectMeta, are not Kubernetes').
 */
export function withPlatform(combined: ReturnType<typeof combinedSchema>, platform: Record<string, unknown>): object {
  const prefix = 'berth.bench.platform.';
  const renamed = JSON.parse(JSON.stringify(platform).replaceAll('"#/definitions/', `"#/definitions/${prefix}`)) as Record<string, unknown>;
  const { definitions: defs, $schema: _ignored, ...root } = renamed as { definitions: Record<string, unknown> } & Record<string, unknown>;
  const definitions = { ...combined.definitions };
  for (const [name, def] of Object.entries(defs)) definitions[prefix + name] = def;
  definitions[`${prefix}root`] = root;
  const allOf = [
    ...combined.allOf,
    { if: { properties: { apiVersion: { const: PLATFORM_API_VERSION } }, required: ['apiVersion'] }, then: { $ref: `#/definitions/${prefix}root` } },
  ];
  return { ...combined, allOf, definitions };
}
