/** Where a check comes from, as `gitops-check rules` names it. */
export type Origin = 'YAML syntax' | 'yamllint rule' | 'schema' | 'built-in policy' | 'your policy' | 'GitOps check' | 'admission policy' | 'file' | 'gitops-check';

/**
 * One check id, or a family of ids named at run time (`policy/<namespace>`): everything the rules
 * listing, `rules <id>`, the SARIF rules and the README's table say about it.
 */
export interface RuleDoc {
  /** The id as findings carry it; for a family, a pattern such as `policy/<namespace>`. */
  id: string;
  /** For a family: the prefix every id of it starts with (`policy/`). */
  family?: string;
  /** The severity its findings have unless the config changes it; `varies` when the source decides (policies, yamllint levels). */
  severity: 'error' | 'warning' | 'varies';
  /** Whether a run with no configuration reports it. */
  onByDefault: boolean;
  origin: Origin;
  /** One line: what it finds. */
  summary: string;
  /** A paragraph: why it matters and how to fix or turn it off. */
  explanation: string;
  /** YAML that gets the finding, and the same fixed. */
  bad: string;
  good: string;
}
