import { loadInstanceCatalog } from '../../../installation/instanceCatalog';
import type { InstanceType } from '../../../platform/model';

/** The instance catalog shipped with the schemas (read once). */
export function instanceCatalog(extensionPath: string): readonly InstanceType[] {
  return loadInstanceCatalog(extensionPath);
}
