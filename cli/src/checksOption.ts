import { CHECK_LEVELS, isCheckId, type CheckLevel } from '../../platform/policy/checks/catalog';
import { EVERY_CHECK, unknownCheckMessage, type CheckLevels } from '../../platform/policy/checks/levels';
import { UsageError } from './usageError';

export const CHECKS_OPTION_HELP = `--checks sets the level of best-practice checks (\`berth policy list\` lists them; each is a warning
by default): a comma-separated list of ID=LEVEL (* for every check not named), LEVEL one of
${CHECK_LEVELS.join(', ')}; "none" switches every check off. Repeatable: later entries win.`;

/** `--checks` values (each `none` or `ID=LEVEL,...`) as levels; anything else is a usage error that says why. */
export function checksOption(values: readonly string[] | undefined): CheckLevels {
  const levels: Record<string, CheckLevel> = {};
  for (const value of values ?? []) {
    for (const entry of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      if (entry === 'none') {
        for (const key of Object.keys(levels)) delete levels[key];
        levels[EVERY_CHECK] = 'off';
        continue;
      }
      const equals = entry.indexOf('=');
      if (equals === -1) throw new UsageError(`--checks ${JSON.stringify(entry)}: write ID=LEVEL (for example latest-tag=error), *=LEVEL or none`);
      const id = entry.slice(0, equals).trim();
      const level = entry.slice(equals + 1).trim();
      if (id !== EVERY_CHECK && !isCheckId(id)) throw new UsageError(`--checks: ${unknownCheckMessage(id)}`);
      const known = CHECK_LEVELS.find((l) => l === level);
      if (!known) throw new UsageError(`--checks ${id}: the level must be one of ${CHECK_LEVELS.join(', ')}, not ${JSON.stringify(level)}`);
      // `*` after named checks resets them: the last word on a check is the one that counts.
      if (id === EVERY_CHECK) for (const key of Object.keys(levels)) delete levels[key];
      levels[id] = known;
    }
  }
  return levels;
}
