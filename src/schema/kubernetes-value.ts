/**
 * A document's value as the API server reads it: a field set to null is unset (so `creationTimestamp: null`
 * or an empty `resources:` is valid, and a required field set to null is missing), and YAML timestamps are
 * the RFC 3339 strings they were written as. Copies only the parts that change.
 */
export function asApiServerValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = asApiServerValue(item);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    if (item === null) {
      copy ??= { ...value };
      delete copy[key];
      continue;
    }
    const next = asApiServerValue(item);
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}
