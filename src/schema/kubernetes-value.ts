/**
 * A document's value as the API server reads it: a field set to null is unset (so `creationTimestamp: null`
 * or an empty `resources:` is valid, and a required field set to null is missing), and YAML timestamps are
 * the RFC 3339 strings they were written as. Copies only the parts that change.
 */
export function asApiServerValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = asApiServerValue(item);
      if (next !== item) (copy ??= [...value])[i] = next;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const object = value as Record<string, unknown>;
  // Parsed mappings are plain objects: for…in sees their own keys, without the array Object.entries makes.
  for (const key in object) {
    const item = object[key];
    if (item === null) {
      copy ??= { ...object };
      delete copy[key];
      continue;
    }
    const next = asApiServerValue(item);
    if (next !== item) (copy ??= { ...object })[key] = next;
  }
  return copy ?? value;
}
