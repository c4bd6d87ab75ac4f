// Whether the apiserver refused a custom resource only for its CRD's CEL rules
// (`x-kubernetes-validations`), which Berth does not evaluate. Shown from the message itself: a
// CEL failure reads `<field>: Invalid value: "<type>": <the rule's message>`, or `failed rule:
// <rule>` for a rule without one. A message produced by a `messageExpression` cannot be told
// from the CRD's text, so such a refusal counts as an ordinary one (a miss, when Berth is silent).
import { parseDocument } from 'yaml';
import { invalidCauses } from './apiserverRejection';

/** The messages of every CEL rule in a CRD (all versions), longest first. */
export function celMessages(crdText: string): string[] {
  const value: unknown = parseDocument(crdText, { uniqueKeys: false }).toJS({ maxAliasCount: 100 });
  const found = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const record = node as Record<string, unknown>;
    const rules = record['x-kubernetes-validations'];
    if (Array.isArray(rules)) {
      for (const rule of rules as Record<string, unknown>[]) if (typeof rule?.message === 'string' && rule.message.trim() !== '') found.add(rule.message.trim());
    }
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(value, 0);
  return [...found].sort((a, b) => b.length - a.length);
}

const CEL_MARK = '\u0000cel\u0000';

/**
 * True when the refusal is an Invalid one all of whose causes are CEL rule failures. Messages are
 * cut out before the causes are split, so that a message with a comma in it stays one cause.
 */
export function isCelOnly(message: string, messages: readonly string[]): boolean {
  const start = message.indexOf(' is invalid: ');
  if (start < 0) return false;
  let body = message;
  for (const m of messages) body = body.split(`: ${m}`).join(`: ${CEL_MARK}`);
  body = body.replace(/: failed rule: [^\n]*?(?=, [a-zA-Z][\w.[\]/-]*: |\]?$)/gm, `: ${CEL_MARK}`);
  const causes = invalidCauses(body);
  return causes.length > 0 && causes.every((c) => c.includes(CEL_MARK));
}
