import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceType } from '../../../platform/schema/platformSchemas';

let catalog: readonly InstanceType[] | undefined;

/** The instance catalog shipped with the schemas (read once). */
export function instanceCatalog(extensionPath: string): readonly InstanceType[] {
  catalog ??= (JSON.parse(readFileSync(join(extensionPath, 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: InstanceType[] }).instanceTypes;
  return catalog;
}
