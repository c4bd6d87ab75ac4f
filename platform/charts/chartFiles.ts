import { baseName } from '../sources/uris';

/**
 * Which files a chart's values intelligence reads, by the names Helm itself looks for:
 * `Chart.yaml`, `values.yaml`, `values.schema.json`, `templates/`, and the other values files
 * kept beside values.yaml for `-f`.
 */

export function isChartYaml(uri: string): boolean {
  return baseName(uri) === 'Chart.yaml';
}

/** values.yaml, and the other values files kept beside it (`values-prod.yaml`, `prod.values.yaml`, `values/dev.yaml`). */
export function looksLikeValuesFile(uri: string): boolean {
  const name = baseName(uri);
  return /^values([-_.][^/]*)?\.ya?ml$/.test(name) || /\.values\.ya?ml$/.test(name) || /\/values\/[^/]+\.ya?ml$/.test(uri);
}

export function isValuesSchema(uri: string): boolean {
  return baseName(uri) === 'values.schema.json';
}

/** A file under some `templates/` folder; whether it is a chart's template depends on where the chart is. */
export function underTemplates(uri: string): boolean {
  return uri.includes('/templates/');
}
