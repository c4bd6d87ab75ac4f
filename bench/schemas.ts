import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesSchemaStore } from '../platform/schema/kubernetes/kubernetesSchemaStore';

export const KUBERNETES_VERSION = '1.36';
export const KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Service' },
] as const;

/** The same schema files Berth ships, read through Berth's own loader. */
export function kindSchemas(repoRoot: string): Map<string, object> {
  const read = (relativePath: string): string | undefined => {
    try {
      return readFileSync(join(repoRoot, 'schemas', relativePath), 'utf8');
    } catch {
      return undefined;
    }
  };
  const store = new KubernetesSchemaStore(read);
  const out = new Map<string, object>();
  for (const { apiVersion, kind } of KINDS) {
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
export function combinedSchema(schemas: Map<string, object>): object {
  const definitions: Record<string, unknown> = {};
  const allOf: unknown[] = [];
  for (const { apiVersion, kind } of KINDS) {
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
