import { parseDocument } from 'yaml';
import { err, ok, type Result } from '../result';

/** What the App Catalog groups charts by, and picks their icons from. */
export type ChartCategory = 'web' | 'cache' | 'database' | 'batch' | 'other';

/** A chart as the catalog lists it: every text here is cleaned and cut to a display length. */
export interface ChartSummary {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly description?: string;
  /** The `berth.dev/display-name` annotation, else the chart's name. */
  readonly displayName: string;
  readonly category: ChartCategory;
}

export const DISPLAY_NAME_ANNOTATION = 'berth.dev/display-name';
export const CATEGORY_ANNOTATION = 'berth.dev/category';

const CATEGORIES: readonly ChartCategory[] = ['web', 'cache', 'database', 'batch'];
/** Helm's rule for chart names, as `helm create` and `helm lint` apply it. */
const CHART_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME = 63;
const MAX_VERSION = 64;
const MAX_DISPLAY_NAME = 80;
const MAX_DESCRIPTION = 300;
/** Line breaks and other control characters, bidirectional overrides and zero-width characters. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g;

/**
 * One line of text from a chart for a label or tooltip: control and invisible characters become
 * spaces, runs of blanks one space, and anything past `max` characters an ellipsis.
 */
export function displayText(text: string, max: number): string {
  const clean = text.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The catalog's summary of a Chart.yaml, or why the chart cannot be listed: a broken file, or a
 * name or version that cannot be a release's chart (the name becomes a default release name).
 */
export function chartSummary(chartYaml: string): Result<ChartSummary, string> {
  const doc = parseDocument(chartYaml, { prettyErrors: false, logLevel: 'silent', uniqueKeys: false });
  if (doc.errors.length > 0) return err(`Chart.yaml is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return err(`Chart.yaml cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(data)) return err('Chart.yaml is not a mapping');
  const { name, version, appVersion, description } = data;
  if (typeof name !== 'string' || name.length > MAX_NAME || !CHART_NAME.test(name)) return err('Chart.yaml has no valid name (lowercase letters, digits, "-" and ".", at most 63 characters)');
  const versionText = typeof version === 'string' || typeof version === 'number' ? String(version) : undefined;
  if (versionText === undefined || versionText.length === 0) return err(`Chart.yaml of ${name} has no version`);
  const annotations = isRecord(data.annotations) ? data.annotations : {};
  const display = annotations[DISPLAY_NAME_ANNOTATION];
  const category = annotations[CATEGORY_ANNOTATION];
  const displayName = typeof display === 'string' ? displayText(display, MAX_DISPLAY_NAME) : '';
  const appVersionText = typeof appVersion === 'string' || typeof appVersion === 'number' ? displayText(String(appVersion), MAX_VERSION) : '';
  const descriptionText = typeof description === 'string' ? displayText(description, MAX_DESCRIPTION) : '';
  return ok({
    name,
    version: displayText(versionText, MAX_VERSION),
    ...(appVersionText ? { appVersion: appVersionText } : {}),
    ...(descriptionText ? { description: descriptionText } : {}),
    displayName: displayName || name,
    category: CATEGORIES.find((c) => c === category) ?? 'other',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
