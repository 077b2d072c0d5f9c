/**
 * Kubernetes label selectors (`matchLabels` and `matchExpressions`), as Gatekeeper's `labelSelector` /
 * `namespaceSelector` and a ValidatingAdmissionPolicy's `objectSelector` / `namespaceSelector` use them.
 * An absent or empty selector matches everything, as the API server treats it.
 */
export type Labels = Readonly<Record<string, unknown>>;

export type SelectorProblem = { problem: string };

/** A compiled selector: a predicate over an object's labels, or the reason the selector is invalid. */
export function compileLabelSelector(selector: unknown): ((labels: Labels) => boolean) | SelectorProblem {
  if (selector === undefined || selector === null) return () => true;
  if (typeof selector !== 'object' || Array.isArray(selector)) return { problem: 'a label selector must be a mapping' };
  const { matchLabels, matchExpressions } = selector as Record<string, unknown>;
  const tests: Array<(labels: Labels) => boolean> = [];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (typeof matchLabels !== 'object' || Array.isArray(matchLabels)) return { problem: 'matchLabels must be a mapping' };
    for (const [key, value] of Object.entries(matchLabels)) tests.push((labels) => Object.hasOwn(labels, key) && String(labels[key]) === String(value));
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return { problem: 'matchExpressions must be a list' };
    for (const [i, expression] of matchExpressions.entries()) {
      const test = compileExpression(expression);
      if ('problem' in test) return { problem: `matchExpressions[${i}]: ${test.problem}` };
      tests.push(test.matches);
    }
  }
  return (labels) => tests.every((test) => test(labels));
}

function compileExpression(expression: unknown): { matches: (labels: Labels) => boolean } | SelectorProblem {
  if (typeof expression !== 'object' || expression === null || Array.isArray(expression)) return { problem: 'must be a mapping' };
  const { key, operator, values } = expression as Record<string, unknown>;
  if (typeof key !== 'string') return { problem: 'key must be a string' };
  const list = Array.isArray(values) ? values.map(String) : [];
  const has = (labels: Labels) => Object.hasOwn(labels, key);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (list.length === 0) return { problem: `operator ${operator} needs values` };
      return operator === 'In'
        ? { matches: (labels) => has(labels) && list.includes(String(labels[key])) }
        : { matches: (labels) => !has(labels) || !list.includes(String(labels[key])) };
    case 'Exists':
    case 'DoesNotExist':
      if (list.length > 0) return { problem: `operator ${operator} takes no values` };
      return operator === 'Exists' ? { matches: has } : { matches: (labels) => !has(labels) };
    default:
      return { problem: `unknown operator ${JSON.stringify(operator)} (In, NotIn, Exists, DoesNotExist)` };
  }
}

/** The labels of an object value (`metadata.labels`), empty when it has none. */
export function labelsOf(value: unknown): Labels {
  const metadata = (value as { metadata?: unknown } | null)?.metadata;
  const labels = (metadata as { labels?: unknown } | null | undefined)?.labels;
  return typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? (labels as Labels) : {};
}
