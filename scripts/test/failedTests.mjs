// The failed tests of a run, each with what it said: read from a TAP report (node:test's tap
// reporter) or handed over by a tier's own runner. `npm test` prints them last, so the end of a
// long log (all a CI page may keep) says why a run failed, not only that it did.

/** Lines of an error kept per test: enough for an assertion's diff, not a whole dump. */
const MAX_ERROR_LINES = 30;

/**
 * Failed tests (not the suites failing because of them): name, location and error text.
 * Linear in the report's length.
 */
export function tapFailures(text) {
  const lines = text.split('\n');
  const failures = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!head) continue;
    const indent = head[1].length + 2;
    if (lines[i + 1]?.trim() !== '---') continue;
    const fields = readYamlBlock(lines, i + 2, indent);
    i = fields.end;
    if (fields.values.failureType === 'subtestsFailed') continue;
    failures.push({ name: unescapeName(head[2]), location: fields.values.location ?? '', error: fields.values.error ?? '' });
  }
  return failures;
}

/** The scalar fields of one test's YAML block, and the line after its `...`. */
function readYamlBlock(lines, start, indent) {
  const values = {};
  let i = start;
  const pad = ' '.repeat(indent);
  const fieldLine = new RegExp(`^${pad}([A-Za-z_]+): ?(.*)$`);
  while (i < lines.length && lines[i].trim() !== '...') {
    const field = fieldLine.exec(lines[i]);
    i++;
    if (!field) continue;
    const [, key, rest] = field;
    if (rest === '|-' || rest === '|' || rest === '>-') {
      const body = [];
      while (i < lines.length && (lines[i].startsWith(pad + '  ') || lines[i].trim() === '') && lines[i].trim() !== '...') {
        body.push(lines[i].slice(indent + 2));
        i++;
      }
      values[key] = body.join('\n').trimEnd();
    } else values[key] = unquote(rest);
  }
  return { values, end: i };
}

/** node:test writes strings in single quotes, a quote doubled. */
function unquote(value) {
  return value.length >= 2 && value.startsWith("'") && value.endsWith("'") ? value.slice(1, -1).replace(/''/g, "'") : value;
}

/** TAP escapes `#` and `\` in names. */
function unescapeName(name) {
  return name.replace(/\\([#\\])/g, '$1');
}

/** Failed tests ({ name, location?, error }) as the summary prints them; `log` has the whole of each error. */
export function formatFailures(tier, failures, log) {
  return failures.map((f) => {
    const error = String(f.error ?? '').split('\n');
    const shown = error.length > MAX_ERROR_LINES ? [...error.slice(0, MAX_ERROR_LINES), `… (${error.length - MAX_ERROR_LINES} more lines in ${log})`] : error;
    return [`  ✖ ${tier}: ${f.name}${f.location ? ` (${f.location})` : ''}`, ...shown.map((line) => `      ${line}`)].join('\n');
  });
}
