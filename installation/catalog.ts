import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chartSummary, type ChartSummary } from '../platform/catalog/chartSummary';
import { err, ok, type Result } from '../platform/result';
import { readLimitedFile } from './readLimitedFile';
import { findResourceRoot } from './resources';

/** Where a catalog chart comes from: shipped with Berth, or a folder of the user's workspace. */
export type ChartSource = 'bundled' | 'workspace';

export interface CatalogChart extends ChartSummary {
  /** The chart's folder (absolute): what helm installs. */
  readonly dir: string;
  readonly source: ChartSource;
}

/** A Chart.yaml is a few hundred bytes; a larger one is not a chart the catalog lists. */
const MAX_CHART_YAML_BYTES = 256 * 1024;
/** values.yaml and values.schema.json are read to edit and check values: generous, yet bounded. */
export const MAX_VALUES_BYTES = 2 * 1024 * 1024;

/** The folder of the App Catalog's charts shipped with the installation at `root`. */
export function catalogRoot(root: string = findResourceRoot()): string {
  return join(root, 'catalog');
}

/** The chart in `dir` (its Chart.yaml read, limited and checked), or why it cannot be listed. */
export async function readCatalogChart(dir: string, source: ChartSource): Promise<Result<CatalogChart, string>> {
  const read = await readLimitedFile(join(dir, 'Chart.yaml'), MAX_CHART_YAML_BYTES);
  if (read.kind !== 'text') return err(`${join(dir, 'Chart.yaml')}: ${describeRead(read)}`);
  const summary = chartSummary(read.text);
  return summary.ok ? ok({ ...summary.value, dir, source }) : summary;
}

/** The charts shipped in catalog/, sorted by display name; a folder that is not a chart is left out. */
export async function listBundledCharts(root: string = findResourceRoot()): Promise<CatalogChart[]> {
  const base = catalogRoot(root);
  let entries;
  try {
    entries = await readdir(base, { withFileTypes: true });
  } catch {
    return [];
  }
  const charts = await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => readCatalogChart(join(base, e.name), 'bundled')));
  return charts.flatMap((c) => (c.ok ? [c.value] : [])).sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** A chart file's text (values.yaml, values.schema.json); undefined when the chart has none. */
export async function readChartFile(dir: string, name: 'values.yaml' | 'values.schema.json'): Promise<Result<string | undefined, string>> {
  const read = await readLimitedFile(join(dir, name), MAX_VALUES_BYTES);
  if (read.kind === 'text') return ok(read.text);
  if (read.kind === 'unreadable' && read.code === 'ENOENT') return ok(undefined);
  return err(`${join(dir, name)}: ${describeRead(read)}`);
}

function describeRead(read: Exclude<Awaited<ReturnType<typeof readLimitedFile>>, { kind: 'text' }>): string {
  switch (read.kind) {
    case 'oversized':
      return `too large (${read.bytes} bytes or more)`;
    case 'notRegular':
      return `not a regular file (${read.type})`;
    case 'unreadable':
      return `cannot be read (${read.code})`;
  }
}
