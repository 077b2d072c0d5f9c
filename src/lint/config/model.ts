import type { Severity } from '../../model/finding.js';
import type { AnyRule } from '../rule.js';

/** One enabled rule as configured. */
export interface RuleSetting {
  rule: AnyRule;
  level: Severity;
  options: Record<string, unknown>;
  /** Files (display paths) the rule leaves alone. */
  ignores?: (path: string) => boolean;
}

/** A resolved yamllint configuration. */
export interface LintConfig {
  /** Enabled rules, in yamllint's order (the base configuration's first). */
  rules: RuleSetting[];
  /** Files (display paths) the yamllint rules leave alone entirely. */
  ignores: (path: string) => boolean;
  /** `yaml-files`: which file names are YAML, judged on the base name. */
  isYamlFile: (path: string) => boolean;
  /** `locale`, for key-ordering. */
  locale?: string;
  /** Where the configuration came from, for messages: a file's display path, or a description. */
  source: string;
}
