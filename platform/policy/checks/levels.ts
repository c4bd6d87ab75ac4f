import { closestMatches } from '../../validate/closestMatches';
import { CHECK_LEVELS, CHECKS, isCheckId, type CheckDefinition, type CheckLevel } from './catalog';

/** The key that sets the level of every check not named on its own. */
export const EVERY_CHECK = '*';

/**
 * Levels chosen by settings (`berth.policy.checks`, `berth validate --checks`): check ID, or
 * `*`, to level. Only known IDs and valid levels are kept; a check not named keeps its default.
 */
export type CheckLevels = Readonly<Record<string, CheckLevel>>;

export interface ReadCheckLevels {
  readonly levels: CheckLevels;
  /** What was ignored and why, for a log line or a usage error. */
  readonly problems: readonly string[];
}

/** Reads the raw setting defensively: anything that is not an object of known IDs to levels is left out, with a reason. */
export function checkLevelsFrom(raw: unknown): ReadCheckLevels {
  if (raw === undefined || raw === null) return { levels: {}, problems: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { levels: {}, problems: ['berth.policy.checks must be an object of check IDs to levels; it is ignored.'] };
  const levels: Record<string, CheckLevel> = {};
  const problems: string[] = [];
  for (const [id, level] of Object.entries(raw as Record<string, unknown>)) {
    if (id !== EVERY_CHECK && !isCheckId(id)) {
      problems.push(`${unknownCheckMessage(id)} It is ignored.`);
      continue;
    }
    const known = CHECK_LEVELS.find((l) => l === level);
    if (!known) {
      problems.push(`The level of ${id} must be one of ${CHECK_LEVELS.join(', ')}, not ${shown(String(level))}; it keeps its default.`);
      continue;
    }
    levels[id] = known;
  }
  return { levels, problems };
}

/** "latst-tag is not a Berth check (did you mean latest-tag?)." — the ID shown safely. */
export function unknownCheckMessage(id: string): string {
  const near = closestMatches(id.slice(0, 100), CHECKS.map((c) => c.id), 1)[0];
  return `${shown(id)} is not a Berth check${near ? ` (did you mean ${near}?)` : ''}; \`berth policy list\` lists them.`;
}

export function levelOf(levels: CheckLevels, check: CheckDefinition): CheckLevel {
  return levels[check.id] ?? levels[EVERY_CHECK] ?? check.defaultLevel;
}

/** Whether any check runs at all under these levels. */
export function anyCheckOn(levels: CheckLevels): boolean {
  return CHECKS.some((c) => levelOf(levels, c) !== 'off');
}

/** A stable text of the levels, for cache keys: equal settings give equal keys. */
export function checkLevelsKey(levels: CheckLevels): string {
  return Object.keys(levels)
    .sort()
    .map((id) => `${id}=${levels[id]}`)
    .join(',');
}

/** A name from a file or a setting, quoted and cut to a readable length. */
export function shown(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}
