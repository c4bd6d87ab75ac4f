import type { MissingSchemasSeverity } from '../../settings';
import type { Issue } from '../../validate/issue';

/**
 * A custom resource no schema source knows: one finding on its apiVersion, at the level of
 * `berth.validation.missingSchemas`, saying where a schema could come from.
 */
export function missingSchemaIssue(apiVersion: string, kind: string, missingSchemas: MissingSchemasSeverity): Issue[] {
  const slash = apiVersion.indexOf('/');
  if (missingSchemas === 'ignore' || slash <= 0) return [];
  const group = apiVersion.slice(0, slash);
  return [
    {
      path: ['apiVersion'],
      on: 'value',
      severity: missingSchemas,
      code: 'missing-schema',
      message: `No schema for ${apiVersion} ${kind}: ${kind} is not validated. Neither the workspace, the connected cluster nor Berth's bundled CRD catalog defines it: add its CustomResourceDefinition (group ${group}) to the workspace, or give it to \`berth validate\` with --crd <file|dir>.`,
    },
  ];
}

/** A served version its CRD marks deprecated: the apiserver accepts it and warns with the CRD's words. */
export function deprecatedVersionIssue(warning: string): Issue {
  return { path: ['apiVersion'], on: 'value', severity: 'warning', code: 'deprecated-api-version', message: warning };
}
