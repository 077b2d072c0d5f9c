import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { RULES } from '../../src/lint/rules/index.js';
import { moveEvent, tokenRuns } from '../../src/lint/token-stream.js';
import { kindsFor, type AnyRule, type TokenEvent } from '../../src/lint/rule.js';

// A token rule that names its token kinds is handed only those: it must find exactly what it finds
// when it sees every token, whatever its options.

const inputs = fileURLToPath(new URL('./inputs', import.meta.url));
const TEXTS = [
  ...readdirSync(inputs).map((name) => readFileSync(join(inputs, name), 'utf8')),
  'a: yes\nb: [ 1,2 , 3 ]\nc: { x: 1,y: 2 }\nd:\n-   on\n- 010\n- 0o17\n- .5\n- 1e3\n- .nan\n- -.inf\ne:\n"f": \'g\'\na: 1\n? k\n: v\n...\n---\n[]\n---\n{}\n',
  'key: &anchor !!str value\nother: *anchor\nlist: [a: 1, {b: 2}]\nempty:\nflow: {a: , b: }\nz: 1\nb: 2\nc  :   3\n?   d\n: 4\n',
];

/** The defaults, then each boolean option flipped, then each choice option at each of its constants. */
function optionSets(rule: AnyRule): Array<Record<string, unknown>> {
  const sets: Array<Record<string, unknown>> = [rule.defaults];
  for (const [name, type] of Object.entries(rule.options)) {
    if (type === 'bool') sets.push({ ...rule.defaults, [name]: !rule.defaults[name] });
    else if (typeof type === 'object' && 'oneOf' in type) for (const value of type.oneOf) sets.push({ ...rule.defaults, [name]: value });
  }
  return sets.filter((options) => rule.validate?.(options) === undefined);
}

function problems(rule: AnyRule & { type: 'token' }, options: Record<string, unknown>, text: string, only: boolean): string[] {
  const parsed = parseYamlFile({ path: 'test.yaml', text });
  const check = rule.start(options, { text });
  const kinds = kindsFor(rule, options);
  const found: string[] = [];
  const event: TokenEvent = { curr: parsed.tokens[0]!, prev: null, next: null, nextnext: null };
  for (const { tokens, count } of tokenRuns(parsed)) {
    for (let i = 0; i < count; i++) {
      if (only && kinds && !kinds.includes(tokens[i]!.kind)) continue;
      moveEvent(event, tokens, i);
      check(event, (line, column, message) => found.push(`${line}:${column} ${message}`));
    }
  }
  return found;
}

for (const rule of RULES.values()) {
  if (rule.type !== 'token' || rule.kinds === undefined) continue;
  test(`${rule.id}: the same problems from its token kinds as from every token`, () => {
    let found = 0;
    for (const options of optionSets(rule)) {
      for (const text of TEXTS) {
        const all = problems(rule, options, text, false);
        assert.deepEqual(problems(rule, options, text, true), all, JSON.stringify(options));
        found += all.length;
      }
    }
    assert.ok(found > 0, 'the texts give the rule something to find');
  });
}
