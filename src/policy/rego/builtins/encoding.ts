import YAML from 'yaml';
import { RObject, fromJS, toJS, toJSONText, type Value } from '../values.js';
import { BuiltinError, elems, fn, obj, str, type Builtin } from './util.js';

/** JSON text to a value, integers kept exact. */
export function parseJSON(text: string): Value {
  JSON.parse(text);
  return fromJS(YAML.parse(text, { intAsBigInt: true, schema: 'json' }));
}

/** The go-yaml wording (which OPA's messages carry) for the errors where it differs most. */
function goYamlWording(message: string): string {
  const flow = /^Flow (?:sequence|map).* end with a ([\]}])/.exec(message);
  if (flow) return `did not find expected ',' or '${flow[1]}'`;
  if (/^Missing closing "?quote/.test(message)) return 'found unexpected end of stream';
  return message.replace(/ at line \d+, column \d+:$/, '');
}

function parseYAML(text: string): Value {
  const doc = YAML.parseDocument(text, { intAsBigInt: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new BuiltinError('eval_builtin_error', `yaml: line ${e.linePos?.[0].line ?? 1}: ${goYamlWording(e.message.split('\n')[0]!)}`, true);
  }
  return fromJS(doc.toJS());
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export const ENCODING: Record<string, Builtin> = {
  'json.marshal': fn(1, (a) => toJSONText(a[0]!)),
  'json.unmarshal': fn(1, (a) => {
    try {
      return parseJSON(str(a, 0));
    } catch (e) {
      if (e instanceof BuiltinError) throw e;
      throw new BuiltinError('eval_builtin_error', `${(e as Error).message}`);
    }
  }),
  'json.is_valid': fn(1, (a) => {
    try {
      JSON.parse(str(a, 0));
      return true;
    } catch {
      return false;
    }
  }),
  'yaml.marshal': fn(1, (a) => YAML.stringify(toJS(a[0]!))),
  'yaml.unmarshal': fn(1, (a) => parseYAML(str(a, 0))),
  'yaml.is_valid': fn(1, (a) => typeof a[0] === 'string' && YAML.parseDocument(a[0]).errors.length === 0),
  'base64.encode': fn(1, (a) => b64(str(a, 0))),
  'base64.decode': fn(1, (a) => Buffer.from(str(a, 0), 'base64').toString('utf8')),
  'base64.is_valid': fn(1, (a) => typeof a[0] === 'string' && /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(a[0])),
  'base64url.encode': fn(1, (a) => Buffer.from(str(a, 0), 'utf8').toString('base64url') + '='.repeat((4 - (Buffer.from(str(a, 0)).toString('base64url').length % 4)) % 4)),
  'base64url.encode_no_pad': fn(1, (a) => Buffer.from(str(a, 0), 'utf8').toString('base64url')),
  'base64url.decode': fn(1, (a) => Buffer.from(str(a, 0), 'base64url').toString('utf8')),
  'hex.encode': fn(1, (a) => Buffer.from(str(a, 0), 'utf8').toString('hex')),
  'hex.decode': fn(1, (a) => Buffer.from(str(a, 0), 'hex').toString('utf8')),
  'urlquery.encode': fn(1, (a) => encodeURIComponent(str(a, 0)).replace(/%20/g, '+')),
  'urlquery.decode': fn(1, (a) => decodeURIComponent(str(a, 0).replace(/\+/g, ' '))),
  'urlquery.encode_object': fn(1, (a) => {
    const q = new URLSearchParams();
    for (const [k, v] of obj(a, 0).sorted()) {
      for (const x of typeof v === 'string' ? [v] : elems(v)) {
        if (typeof k !== 'string' || typeof x !== 'string') throw new BuiltinError('eval_type_error', 'operand 1 must be object[string: string, array or set of strings]');
        q.append(k, x);
      }
    }
    return q.toString();
  }),
  'urlquery.decode_object': fn(1, (a) => {
    const out = new RObject();
    for (const [k, v] of new URLSearchParams(str(a, 0))) out.set(k, [...((out.get(k) as Value[] | undefined) ?? []), v]);
    return out;
  }),
};
