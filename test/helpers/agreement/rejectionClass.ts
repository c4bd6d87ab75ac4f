import { invalidCauses } from './apiserverRejection';

// A short class for an apiserver refusal, so missed rejections group by what the apiserver checks
// (`Deployment spec.selector: Required value`), indices and names folded away.

const CAUSE = /(Required value|Invalid value|Unsupported value|Duplicate value|Forbidden|Too long|Too many|Not found|Internal error)/;

function foldPath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]').replace(/\[[^\]]*[^\d\]][^\]]*\]/g, '[key]');
}

/** One class per cause the apiserver names, e.g. `Pod spec.containers[].image: Required value`. */
export function rejectionClasses(kind: string, message: string): string[] {
  const strict = /strict decoding error: (.*)$/m.exec(message);
  if (strict?.[1]) return strict[1].split(/, (?=unknown field|duplicate field)/).map((c) => `${kind} ${c.replace(/"([^"]*)"/, (_m, p: string) => foldPath(p)).replace(/\s+$/, '')}`);
  const unmarshal = /cannot unmarshal (\w+) into Go struct field (\S+) of type (\S+)/.exec(message);
  if (unmarshal) return [`${kind} ${foldPath(unmarshal[2] ?? '')}: ${unmarshal[1]} where ${unmarshal[3]} is expected`];
  if (/ is invalid: /.test(message)) {
    return invalidCauses(message).map((item) => {
      const path = item.slice(0, item.indexOf(':'));
      const cause = CAUSE.exec(item)?.[1] ?? item.slice(item.indexOf(':') + 1, item.indexOf(':') + 60).trim();
      return `${kind} ${foldPath(path)}: ${cause}`;
    });
  }
  const undecodable = /cannot be handled as an? \w+: (.*)$/m.exec(message);
  if (undecodable?.[1]) return [`${kind}: ${undecodable[1].replace(/ at input byte \d+/, '')}`];
  if (/no matches for kind/.test(message)) return [`${kind}: kind or version not served`];
  return [`${kind}: ${message.split('\n')[0]?.replace(/"[^"]*"/g, '"…"').slice(0, 100) ?? ''}`];
}
