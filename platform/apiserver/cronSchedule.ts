/**
 * CronJob schedules as the apiserver parses them (robfig/cron's standard parser): five fields
 * or a descriptor, and no time zone inside the schedule. Returns the parser's complaint or nothing.
 */
const FIELDS: readonly { readonly name: string; readonly min: number; readonly max: number; readonly names?: readonly string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export function cronScheduleError(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text.length === 0) return 'empty spec string';
  if (text.startsWith('@')) {
    if (text.startsWith('@every ')) return DURATION.test(text.slice(7).trim()) ? undefined : `failed to parse duration ${text}`;
    return DESCRIPTORS.includes(text) ? undefined : `unrecognized descriptor: ${text}`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const error = fieldError(fields[i]!, FIELDS[i]!);
    if (error) return error;
  }
  return undefined;
}

function fieldError(field: string, bounds: (typeof FIELDS)[number]): string | undefined {
  for (const expression of field.split(',')) {
    const [range, step, extra] = expression.split('/');
    if (extra !== undefined) return `too many slashes: ${expression}`;
    let low: number;
    let high: number;
    if (range === '*' || range === '?') {
      low = bounds.min;
      high = bounds.max;
    } else {
      const [start, end, more] = (range ?? '').split('-');
      if (more !== undefined) return `too many hyphens: ${expression}`;
      const first = value(start ?? '', bounds);
      if (typeof first === 'string') return first;
      low = first;
      high = first;
      if (end !== undefined) {
        const last = value(end, bounds);
        if (typeof last === 'string') return last;
        high = last;
      }
    }
    if (step !== undefined && !/^[0-9]+$/.test(step)) return `failed to parse int from ${step}`;
    if (low < bounds.min) return `beginning of range (${low}) below minimum (${bounds.min}): ${expression}`;
    if (high > bounds.max) return `end of range (${high}) above maximum (${bounds.max}): ${expression}`;
    if (low > high) return `beginning of range (${low}) beyond end of range (${high}): ${expression}`;
    if (step !== undefined && Number(step) === 0) return `step of range should be a positive number: ${expression}`;
  }
  return undefined;
}

function value(text: string, bounds: (typeof FIELDS)[number]): number | string {
  const named = bounds.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (bounds.name === 'month' ? 1 : 0);
  if (!/^[0-9]+$/.test(text)) return `failed to parse int from ${text}`;
  return Number(text);
}
