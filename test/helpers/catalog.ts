import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo';

/** The instance types of the platform's catalog, as rendering and node pools take them. */
export const catalog = (JSON.parse(readFileSync(join(repoRoot(), 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: never[] }).instanceTypes;
