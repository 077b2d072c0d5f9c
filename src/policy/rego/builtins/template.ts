import { RObject, RSet, toFloat, type Value } from '../values.js';
import { BuiltinError } from './util.js';

/**
 * strings.render_template: the part of Go's text/template that policies use — `{{.field.path}}`,
 * `{{if …}}…{{else}}…{{end}}`, `{{range …}}…{{end}}` (dot is each element) and `{{-`/`-}}` trimming.
 * Any other action is an error naming it, never a silent wrong rendering.
 */
type Node = { text: string } | { field: string[] } | { kind: 'if' | 'range'; field: string[]; body: Node[]; otherwise: Node[] };

function fail(message: string): BuiltinError {
  return new BuiltinError('eval_builtin_error', message, true);
}

function lex(template: string): (string | { action: string })[] {
  const out: (string | { action: string })[] = [];
  let i = 0;
  for (;;) {
    const open = template.indexOf('{{', i);
    if (open < 0) break;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) throw fail('template: unclosed action');
    let text = template.slice(i, open);
    let action = template.slice(open + 2, close);
    if (action.startsWith('- ')) (text = text.trimEnd()), (action = action.slice(1));
    i = close + 2;
    if (action.endsWith(' -')) {
      action = action.slice(0, -1);
      while (i < template.length && /\s/.test(template[i]!)) i++;
    }
    if (text !== '') out.push(text);
    out.push({ action: action.trim() });
  }
  if (i < template.length) out.push(template.slice(i));
  return out;
}

function fieldPath(expr: string, action: string): string[] {
  if (expr === '.') return [];
  if (!/^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(expr)) throw fail(`template: unsupported action {{${action}}}`);
  return expr.slice(1).split('.');
}

function parse(items: (string | { action: string })[], at: { i: number }, closers: string[]): [Node[], string] {
  const nodes: Node[] = [];
  while (at.i < items.length) {
    const item = items[at.i++]!;
    if (typeof item === 'string') {
      nodes.push({ text: item });
      continue;
    }
    const { action } = item;
    if (closers.includes(action)) return [nodes, action];
    const block = /^(if|range) (.+)$/.exec(action);
    if (block) {
      const kind = block[1] as 'if' | 'range';
      const [body, end] = parse(items, at, ['else', 'end']);
      const [otherwise] = end === 'else' ? parse(items, at, ['end']) : [[]];
      nodes.push({ kind, field: fieldPath(block[2]!.trim(), action), body, otherwise });
      continue;
    }
    nodes.push({ field: fieldPath(action, action) });
  }
  if (closers.length > 0) throw fail('template: unexpected EOF, missing {{end}}');
  return [nodes, ''];
}

function lookup(dot: Value | undefined, path: string[]): Value | undefined {
  let cur = dot;
  for (const p of path) cur = cur instanceof RObject ? cur.get(p) : undefined;
  return cur;
}

function truthy(v: Value | undefined): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0n || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof RObject || v instanceof RSet) return v.size > 0;
  return true;
}

/** Go's %v of a decoded JSON value. */
function goText(v: Value | undefined): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(toFloat(v));
  if (Array.isArray(v)) return `[${v.map(goText).join(' ')}]`;
  if (v instanceof RSet) return `[${v.sorted().map(goText).join(' ')}]`;
  return `map[${v.sorted().map(([k, x]) => `${goText(k)}:${goText(x)}`).join(' ')}]`;
}

function render(nodes: Node[], dot: Value | undefined): string {
  let out = '';
  for (const n of nodes) {
    if ('text' in n) out += n.text;
    else if (!('kind' in n)) out += goText(lookup(dot, n.field));
    else {
      const v = lookup(dot, n.field);
      if (n.kind === 'if') out += render(truthy(v) ? n.body : n.otherwise, dot);
      else {
        const items = Array.isArray(v) ? v : v instanceof RSet ? v.sorted() : v instanceof RObject ? v.sorted().map(([, x]) => x) : [];
        out += items.length > 0 ? items.map((x) => render(n.body, x)).join('') : render(n.otherwise, dot);
      }
    }
  }
  return out;
}

export function renderTemplate(template: string, vars: RObject): string {
  const [nodes] = parse(lex(template), { i: 0 }, []);
  return render(nodes, vars);
}
