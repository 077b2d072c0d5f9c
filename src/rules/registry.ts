import { BUILTIN_RULES } from './builtin.js';
import { CORE_RULES } from './core.js';
import { GITOPS_RULES } from './gitops.js';
import type { RuleDoc } from './model.js';
import { YAML_RULES } from './yaml.js';

/** Every check gitops-check can report, in the order the listing shows them. */
export const RULES: readonly RuleDoc[] = [...YAML_RULES, ...CORE_RULES.filter((r) => !r.family), ...BUILTIN_RULES, ...GITOPS_RULES, ...CORE_RULES.filter((r) => r.family)];

const BY_ID = new Map(RULES.filter((r) => !r.family).map((r) => [r.id, r]));

/** The entry for a check id as findings carry it: its own, else its family's (`policy/main` → `policy/<namespace>`). */
export function ruleFor(id: string): RuleDoc | undefined {
  return BY_ID.get(id) ?? RULES.find((r) => r.family !== undefined && id.startsWith(r.family) && id.length > r.family.length);
}

/** An id no entry describes (the registry test keeps this from happening): still described, never a crash. */
export function describeRule(id: string): RuleDoc {
  return (
    ruleFor(id) ?? {
      id,
      severity: 'varies',
      onByDefault: true,
      origin: 'gitops-check',
      summary: 'A gitops-check finding.',
      explanation: 'Fix the manifest as the message says.',
      bad: '',
      good: '',
    }
  );
}
