import type { InstanceType } from '../platform/model';
import { readResource } from './resources';

const catalogs = new Map<string, readonly InstanceType[]>();

/**
 * The instance catalog shipped with the schemas of the installation at `root` (read once per
 * root). Throws when the file is missing: the installation is broken, not the user's input.
 */
export function loadInstanceCatalog(root: string): readonly InstanceType[] {
  let catalog = catalogs.get(root);
  if (catalog === undefined) {
    const text = readResource(root, 'schemas/platform/instance-catalog.json');
    if (text === undefined) throw new Error('schemas/platform/instance-catalog.json is missing: the installation is incomplete');
    catalog = (JSON.parse(text) as { instanceTypes: InstanceType[] }).instanceTypes;
    catalogs.set(root, catalog);
  }
  return catalog;
}
