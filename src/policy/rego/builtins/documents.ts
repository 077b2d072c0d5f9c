import { RObject, RSet, equal, type Value } from '../values.js';
import { BuiltinError, arr, elems, fn, obj, oneOf, relation, type Builtin, type BuiltinContext } from './util.js';

/**
 * walk: every [path, value] under the root, pre-order, keys in OPA's order; a stack, not recursion, so
 * depth cannot overflow. Each path's keys are charged: on deep input the paths grow quadratically.
 */
function* walk(root: Value, ctx: BuiltinContext): Generator<Value> {
  const stack: [Value[], Value][] = [[[], root]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [path, value] = top;
    ctx.charge(path.length);
    yield [path, value];
    const children: [Value, Value][] = [];
    if (Array.isArray(value)) value.forEach((v, i) => children.push([BigInt(i), v]));
    else if (value instanceof RObject) for (const entry of value.sorted()) children.push(entry);
    else if (value instanceof RSet) for (const x of value.sorted()) children.push([x, x]);
    for (let i = children.length - 1; i >= 0; i--) stack.push([[...path, children[i]![0]], children[i]![1]]);
  }
}

/** A path operand: `"a/b/0"` (JSON pointer escapes) or an array of keys. */
function pathOf(p: Value, what: string): Value[] {
  if (Array.isArray(p)) return p;
  if (typeof p === 'string') return p.replace(/^\//, '') === '' ? [] : p.replace(/^\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  throw new BuiltinError('eval_type_error', `${what} must be a string or an array`);
}

/** The child of a collection at a path key; array indices may be written as strings. */
function childKey(coll: Value, key: Value): Value | undefined {
  if (Array.isArray(coll)) {
    const i = typeof key === 'bigint' ? key : typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) ? BigInt(key) : undefined;
    return i !== undefined && i < BigInt(coll.length) ? i : undefined;
  }
  if (coll instanceof RObject || coll instanceof RSet) return coll.has(key) ? key : undefined;
  return undefined;
}

function childAt(coll: Value, key: Value): Value | undefined {
  if (Array.isArray(coll)) return coll[Number(key)];
  if (coll instanceof RObject) return coll.get(key);
  return key;
}

type PathTree = Map<string, { key: Value; sub: PathTree | 'all' }>;

function pathTree(paths: Value[][]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const k = JSON.stringify(String(path[i]));
      const last = i === path.length - 1;
      const existing = node.get(k);
      if (existing?.sub === 'all') break;
      if (last) node.set(k, { key: path[i]!, sub: 'all' });
      else {
        const sub: PathTree = existing?.sub ?? new Map();
        node.set(k, { key: path[i]!, sub });
        node = sub;
      }
    }
  }
  return root;
}

/** Keeps (json.filter) or drops (json.remove) the values at the tree's paths. */
function prune(value: Value, tree: PathTree, keep: boolean): Value {
  const pick = (key: Value, child: Value): Value | undefined => {
    const node = tree.get(JSON.stringify(String(key)));
    if (!node) return keep ? undefined : child;
    if (node.sub === 'all') return keep ? child : undefined;
    return prune(child, node.sub, keep);
  };
  if (value instanceof RObject) {
    const out = new RObject();
    for (const [k, v] of value.sorted()) {
      const c = pick(k, v);
      if (c !== undefined) out.set(k, c);
    }
    return out;
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => pick(BigInt(i), v) ?? []);
  if (value instanceof RSet) return new RSet(value.sorted().flatMap((x) => pick(x, x) ?? []));
  return value;
}

function pathsArg(args: Value[], i: number): Value[][] {
  return elems(oneOf(args, i, ['array', 'set'])).map((p) => pathOf(p, `operand ${i + 1} paths`));
}

/** The document with `f` applied to the parent of the path's last key. */
function update(doc: Value, path: Value[], f: (parent: Value, key: Value) => Value): Value {
  if (path.length === 0) throw new BuiltinError('eval_builtin_error', 'the root cannot be patched');
  const [head, ...rest] = path;
  if (rest.length === 0) return f(doc, head!);
  const key = childKey(doc, head!);
  if (key === undefined) throw new BuiltinError('eval_builtin_error', `path not found`);
  return replaceChild(doc, key, update(childAt(doc, key)!, rest, f));
}

function replaceChild(coll: Value, key: Value, v: Value): Value {
  if (Array.isArray(coll)) return coll.map((x, i) => (BigInt(i) === key ? v : x));
  if (coll instanceof RObject) return new RObject([...coll.sorted().filter(([k]) => !equal(k, key)), [key, v]]);
  if (coll instanceof RSet) return new RSet([...coll.sorted().filter((x) => !equal(x, key)), v]);
  throw new BuiltinError('eval_builtin_error', 'path not found');
}

function get(doc: Value, path: Value[]): Value {
  let cur = doc;
  for (const p of path) {
    const key = childKey(cur, p);
    if (key === undefined) throw new BuiltinError('eval_builtin_error', 'path not found');
    cur = childAt(cur, key)!;
  }
  return cur;
}

function add(doc: Value, path: Value[], value: Value): Value {
  if (path.length === 0) return value;
  return update(doc, path, (parent, key) => {
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(childKey([...parent, null], key) ?? -1);
      if (i < 0) throw new BuiltinError('eval_builtin_error', 'array index out of range');
      return [...parent.slice(0, i), value, ...parent.slice(i)];
    }
    if (parent instanceof RObject) return replaceChild(parent, key, value);
    if (parent instanceof RSet) return new RSet([...parent.sorted(), value]);
    throw new BuiltinError('eval_builtin_error', 'path not found');
  });
}

function remove(doc: Value, path: Value[]): Value {
  return update(doc, path, (parent, key) => {
    const k = childKey(parent, key);
    if (k === undefined) throw new BuiltinError('eval_builtin_error', 'path not found');
    if (Array.isArray(parent)) return parent.filter((_, i) => BigInt(i) !== k);
    if (parent instanceof RObject) return new RObject(parent.sorted().filter(([x]) => !equal(x, k)));
    return new RSet((parent as RSet).sorted().filter((x) => !equal(x, k)));
  });
}

/** RFC 6902 on Rego values; a failing operation makes the whole call fail. */
function patch(doc: Value, ops: Value[]): Value {
  for (const op of ops) {
    if (!(op instanceof RObject)) throw new BuiltinError('eval_type_error', 'operand 2 must be an array of objects');
    const field = (name: string): Value => {
      const v = op.get(name);
      if (v === undefined) throw new BuiltinError('eval_builtin_error', `missing ${name} in ${op.get('op') ?? 'operation'}`);
      return v;
    };
    const path = pathOf(field('path'), 'path');
    switch (field('op')) {
      case 'add':
        doc = add(doc, path, field('value'));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        doc = add(remove(doc, path), path, field('value'));
        break;
      case 'move': {
        const from = pathOf(field('from'), 'from');
        const moved = get(doc, from);
        doc = add(remove(doc, from), path, moved);
        break;
      }
      case 'copy':
        doc = add(doc, path, get(doc, pathOf(field('from'), 'from')));
        break;
      case 'test':
        if (!equal(get(doc, path), field('value'))) throw new BuiltinError('eval_builtin_error', 'test failed');
        break;
      default:
        throw new BuiltinError('eval_builtin_error', `unknown op ${String(op.get('op'))}`);
    }
  }
  return doc;
}

/** object.subset: objects recursively, sets by membership, arrays as a contiguous run, an array against a set by membership. */
function subset(sup: Value, sub: Value): boolean {
  if (sup instanceof RObject && sub instanceof RObject) {
    return sub.sorted().every(([k, v]) => {
      const s = sup.get(k);
      return s !== undefined && (equal(s, v) || (isCollection(s) && isCollection(v) && subset(s, v)));
    });
  }
  if (sup instanceof RSet && sub instanceof RSet) return sub.sorted().every((x) => sup.has(x));
  if (Array.isArray(sup) && sub instanceof RSet) return sub.sorted().every((x) => sup.some((y) => equal(x, y)));
  if (Array.isArray(sup) && Array.isArray(sub)) {
    if (sub.length === 0) return true;
    for (let i = 0; i + sub.length <= sup.length; i++) if (sub.every((x, j) => equal(x, sup[i + j]!))) return true;
    return false;
  }
  return equal(sup, sub);
}

function isCollection(v: Value): boolean {
  return v instanceof RObject || v instanceof RSet || Array.isArray(v);
}

/**
 * graph.reachable_paths, as OPA walks it: from each start node's neighbours depth first, a path ends at a
 * node without edges, at a node missing from the graph (left out), or before a node already reached
 * from the same neighbour of the start.
 */
function reachablePaths(graph: RObject, starts: Value[], ctx: BuiltinContext): RSet {
  const out = new RSet();
  const build = (root: Value, path: Value[], reached: RSet): void => {
    ctx.charge(path.length + 1);
    const edges = graph.get(root);
    if (edges === undefined) return out.add(path);
    const here = [...path, root];
    const next = elems(edges);
    if (next.length === 0) return out.add(here);
    for (const neighbour of next) {
      if (reached.has(neighbour)) out.add(here);
      else {
        reached.add(root);
        build(neighbour, here, reached);
      }
    }
  };
  for (const node of starts) {
    const edges = graph.get(node);
    if (edges === undefined) continue;
    const next = elems(edges);
    if (next.length === 0) out.add([node]);
    for (const neighbour of next) build(neighbour, [node], new RSet([node]));
  }
  return out;
}

export const DOCUMENTS: Record<string, Builtin> = {
  'graph.reachable_paths': fn(2, (a, ctx) => reachablePaths(obj(a, 0), elems(oneOf(a, 1, ['array', 'set'])), ctx)),
  walk: relation(1, (a, ctx) => walk(a[0]!, ctx)),
  'json.filter': fn(2, (a) => prune(obj(a, 0), pathTree(pathsArg(a, 1)), true)),
  'json.remove': fn(2, (a) => prune(obj(a, 0), pathTree(pathsArg(a, 1)), false)),
  'json.patch': fn(2, (a) => patch(a[0]!, arr(a, 1))),
  'object.subset': fn(2, (a) => {
    const sup = oneOf(a, 0, ['object', 'set', 'array']);
    const sub = oneOf(a, 1, ['object', 'set', 'array']);
    if (sup instanceof RObject !== sub instanceof RObject || (sup instanceof RSet && Array.isArray(sub))) {
      throw new BuiltinError('eval_type_error', 'both arguments must be objects, sets or arrays of the same kind (or an array and a set)');
    }
    return subset(sup, sub);
  }),
  'graph.reachable': fn(2, (a) => {
    const graph = obj(a, 0);
    const queue = [...elems(oneOf(a, 1, ['array', 'set']))];
    const reached = new RSet();
    // Read by index, appended one by one: a large graph's shifts and spreads were quadratic or overflowed the call.
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      const edges = graph.get(node);
      if (edges === undefined || reached.has(node)) continue;
      reached.add(node);
      for (const next of elems(edges)) queue.push(next);
    }
    return reached;
  }),
};
