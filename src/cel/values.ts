import { celMap, type CelInput } from '@bufbuild/cel';

/**
 * A document value as the API server hands it to CEL: integers are `int`, other numbers `double`,
 * mappings are maps (objects with null prototypes included), `null` stays null. A `Map` holds CEL values.
 */
export function toCelInput(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map(toCelInput);
  if (value instanceof Date) return value.toISOString();
  // Already CEL values, as `variables` holds the results of other expressions.
  if (value instanceof Map) return celMap(value);
  return celMap(new Map(Object.entries(value as object).map(([k, v]) => [k, toCelInput(v)])));
}
