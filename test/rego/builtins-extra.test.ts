import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { PolicySet, type JSValue } from '../../src/policy/rego/index.js';

/** Value of `x := <expr>` written on line 3 of t.rego (so errors point at t.rego:3:…). */
function value(expr: string, opts: { input?: unknown; strict?: boolean } = {}): JSValue | undefined {
  const set = PolicySet.compile([{ path: 't.rego', source: `package t\nimport rego.v1\nx := ${expr}\n` }]);
  return set.evalRule('data.t.x', { input: opts.input, strictBuiltinErrors: opts.strict ?? true }).value;
}

const JWT_IO = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

test('template strings: text and values, undefined shown as <undefined>, strings unquoted, collections as Rego text', () => {
  const set = PolicySet.compile([{ path: 't.rego', source: 'package t\nimport rego.v1\nname := "web"\na := $"{name} has {count(input.c)} containers, owner {input.owner}: {input.c} \\{literal\\}"\nb := $`raw {name}\n{concat(", ", ["x", "y"])}`\nc := $"{$"nested {name}"}!"\nd := $"{input.c[_]}"\n' }]);
  assert.equal(set.evalRule('data.t.a', { input: { c: ['a', 1] } }).value, 'web has 2 containers, owner <undefined>: ["a", 1] {literal}');
  assert.equal(set.evalRule('data.t.b').value, 'raw web\nx, y');
  assert.equal(set.evalRule('data.t.c').value, 'nested web!');
  assert.equal(set.evalRule('data.t.d', { input: { c: [4.5] } }).value, '4.5');
  assert.throws(() => set.evalRule('data.t.d', { input: { c: [1, 2] } }), { message: 't.rego:8:6: eval_builtin_error: internal.template_string: template-strings must not produce multiple outputs' });
});

test('template string errors point into the template', () => {
  const compile = (line: string) => PolicySet.compile([{ path: 't.rego', source: `package t\nimport rego.v1\n${line}\n` }]);
  assert.throws(() => compile('a := $"x {input.} y"'), { message: 't.rego:3:16: rego_parse_error: unexpected . token' });
  assert.throws(() => compile('a := $"x {} y"'), { message: 't.rego:3:11: rego_parse_error: empty template string expression' });
  assert.throws(() => compile('a := $"x {input.a'), { message: 't.rego:3:10: rego_parse_error: non-terminated template string expression' });
  assert.throws(() => compile('a := $"x {unknown_var} y"'), { message: /^t\.rego:3:11: rego_unsafe_var_error: var unknown_var is unsafe$/ });
});

test('walk yields every [path, value] in order; it can bind the path, the value or both', () => {
  assert.deepEqual(value('[p | walk({"a": [1, {"b": 2}], "c": {3}}, [p, _])]'), [[], ['a'], ['a', 0], ['a', 1], ['a', 1, 'b'], ['c'], ['c', 3]]);
  assert.deepEqual(value('{v | walk(input, [["spec", "replicas"], v])}', { input: { spec: { replicas: 3 } } }), [3]);
  assert.deepEqual(value('[p | walk(input, [p, "latest"])]', { input: { a: { image: 'latest' }, b: ['latest'] } }), [['a', 'image'], ['b', 0]]);
});

test('json.patch applies RFC 6902 operations; a failing one makes the call fail at its position', () => {
  assert.deepEqual(
    value('json.patch({"a": {"b": [1, 2]}}, [{"op": "add", "path": "/a/b/-", "value": 3}, {"op": "add", "path": ["a", "c"], "value": 1}, {"op": "move", "from": "/a/b/0", "path": "/d"}, {"op": "copy", "from": "/d", "path": "/e"}, {"op": "remove", "path": "/a/c"}, {"op": "replace", "path": "/a/b/1", "value": "x"}, {"op": "test", "path": "/d", "value": 1}])'),
    { a: { b: [2, 'x'] }, d: 1, e: 1 },
  );
  assert.throws(() => value('json.patch({"a": 1}, [{"op": "test", "path": "/a", "value": 2}])'), { message: 't.rego:3:6: eval_builtin_error: json.patch: test failed' });
  assert.throws(() => value('json.patch({"a": 1}, [{"op": "replace", "path": "/b", "value": 2}])'), { message: 't.rego:3:6: eval_builtin_error: json.patch: path not found' });
  assert.equal(value('json.patch({"a": 1}, [{"op": "remove", "path": "/b"}])', { strict: false }), undefined);
});

test('json.filter and json.remove keep or drop paths given as strings or arrays', () => {
  const doc = '{"a": {"b": 1, "c": 2}, "d": [0, {"e": 1, "f": 2}]}';
  assert.deepEqual(value(`json.filter(${doc}, ["a/b", ["d", 1, "f"]])`), { a: { b: 1 }, d: [{ f: 2 }] });
  assert.deepEqual(value(`json.remove(${doc}, {"a/b", "d/0"})`), { a: { c: 2 }, d: [{ e: 1, f: 2 }] });
});

test('json.marshal_with_options indents as Go json.MarshalIndent does', () => {
  assert.equal(value('json.marshal_with_options({"b": [1, {}], "a": {"c"}}, {"pretty": true})'), '{\n\t"a": [\n\t\t"c"\n\t],\n\t"b": [\n\t\t1,\n\t\t{}\n\t]\n}');
  assert.equal(value('json.marshal_with_options([1, []], {"indent": "  ", "prefix": "> "})'), '[\n>   1,\n>   []\n> ]');
  assert.equal(value('json.marshal_with_options({"a": 1}, {"pretty": false, "indent": "  "})'), '{"a":1}');
  assert.throws(() => value('json.marshal_with_options(1, {"colour": true})'), { message: 't.rego:3:6: eval_type_error: json.marshal_with_options: operand 2: unknown option or wrong type: "colour"' });
});

test('object.subset: objects recursively, sets by membership, arrays as a contiguous run', () => {
  assert.equal(value('object.subset({"a": "b", "c": {"x": {10, 15, 20, 25}, "y": "z"}}, {"c": {"x": {10, 15, 20}}})'), true);
  assert.equal(value('object.subset({"a": 1}, {"a": 2})'), false);
  assert.equal(value('object.subset([1, 2, 3, 4], [2, 3])'), true);
  assert.equal(value('object.subset([1, 2, 3, 4], [2, 4])'), false);
  assert.equal(value('object.subset([1, 2, 3], {3, 1})'), true);
  assert.throws(() => value('object.subset({"a": 1}, [1])'), { message: 't.rego:3:6: eval_type_error: object.subset: both arguments must be objects, sets or arrays of the same kind (or an array and a set)' });
});

test('graph.reachable and graph.reachable_paths follow edges from the start nodes', () => {
  assert.deepEqual(value('graph.reachable({"a": ["b"], "b": {"c"}, "c": [], "d": ["a"]}, ["a"])'), ['a', 'b', 'c']);
  assert.deepEqual(value('graph.reachable({"a": ["a"]}, {"a", "zz"})'), ['a']);
  assert.deepEqual(value('graph.reachable_paths({"a": ["b", "c"], "b": ["d"], "c": [], "d": ["a"], "e": []}, ["a", "e", "zz"])'), [['a', 'b', 'd'], ['a', 'c'], ['e']]);
  assert.deepEqual(value('graph.reachable_paths({"a": {"x"}}, {"a"})'), [['a']]);
});

test('io.jwt: decode, verify with HS secrets, RS/PS/ES keys from PEM or JWK, decode_verify constraints, encode_sign', () => {
  assert.deepEqual(value(`io.jwt.decode("${JWT_IO}")`), [{ alg: 'HS256', typ: 'JWT' }, { iat: 1516239022, name: 'John Doe', sub: '1234567890' }, '49f94ac7044948c78a285d904f87f0a4c7897f7e8f3a4eb2255fda750b2cc397']);
  assert.equal(value(`io.jwt.verify_hs256("${JWT_IO}", "your-256-bit-secret")`), true);
  assert.equal(value(`io.jwt.verify_hs256("${JWT_IO}", "wrong")`), false);
  assert.throws(() => value('io.jwt.decode("not a token")'), { message: 't.rego:3:6: eval_builtin_error: io.jwt.decode: encoded JWT had no period separators' });
  assert.deepEqual(value(`io.jwt.decode_verify("${JWT_IO}", {"secret": "your-256-bit-secret", "alg": "HS256"})`), [true, { alg: 'HS256', typ: 'JWT' }, { iat: 1516239022, name: 'John Doe', sub: '1234567890' }]);
  assert.deepEqual(value(`io.jwt.decode_verify("${JWT_IO}", {"secret": "your-256-bit-secret", "iss": "me"})`), [false, {}, {}]);
  assert.equal(value('io.jwt.encode_sign({"alg": "HS256", "typ": "JWT"}, {"sub": "1"}, {"kty": "oct", "k": "c2VjcmV0"})'), 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.8qZF8vbN3UpcanXFc-mPXJkOPN01-bRch8XX3rToP1U');
  const exp = (s: number) => `{"sub": "1", "exp": ${s}}`;
  for (const [alg, type, options] of [['RS256', 'rsa', { modulusLength: 2048 }], ['PS384', 'rsa', { modulusLength: 2048 }], ['ES256', 'ec', { namedCurve: 'P-256' }], ['ES512', 'ec', { namedCurve: 'P-521' }]] as const) {
    const { privateKey, publicKey } = generateKeyPairSync(type as 'rsa', options as { modulusLength: number });
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const token = value(`io.jwt.encode_sign({"alg": "${alg}"}, ${exp(4102444800)}, ${jwk})`) as string;
    assert.equal(value(`io.jwt.verify_${alg.toLowerCase()}(${JSON.stringify(token)}, ${JSON.stringify(pem)})`), true, alg);
    const jwks = JSON.stringify(JSON.stringify({ keys: [publicKey.export({ format: 'jwk' })] }));
    assert.deepEqual(value(`io.jwt.decode_verify(${JSON.stringify(token)}, {"cert": ${jwks}, "time": 1700000000000000000})`), [true, { alg }, { exp: 4102444800, sub: '1' }], alg);
    assert.deepEqual(value(`io.jwt.decode_verify(${JSON.stringify(token)}, {"cert": ${jwks}, "time": 4102444800000000000})`), [false, {}, {}], `${alg} expired`);
    const tampered = token.replace(/\.[^.]+\./, `.${Buffer.from('{"sub":"2"}').toString('base64url')}.`);
    assert.equal(value(`io.jwt.verify_${alg.toLowerCase()}(${JSON.stringify(tampered)}, ${JSON.stringify(pem)})`), false, `${alg} tampered`);
  }
});

test('time.format with zones and Go layouts, time.diff as calendar units', () => {
  assert.equal(value('time.format(1700000000123456789)'), '2023-11-14T22:13:20.123456789Z');
  assert.equal(value('time.format([1700000000000000000, "America/New_York", "Mon, 02 Jan 2006 15:04:05 MST"])'), 'Tue, 14 Nov 2023 17:13:20 EST');
  assert.equal(value('time.format([0, "UTC", "RFC822Z"])'), '01 Jan 70 00:00 +0000');
  assert.equal(value('time.format([1700000000000000000, "Asia/Kolkata", "2006-01-02T15:04:05.000-07:00 3pm _2 002 January Monday"])'), '2023-11-15T03:43:20.000+05:30 3am 15 319 November Wednesday');
  assert.throws(() => value('time.format([0, "Mars/Olympus"])'), { message: 't.rego:3:6: eval_builtin_error: time.format: unknown time zone Mars/Olympus' });
  assert.deepEqual(value('time.diff(time.parse_rfc3339_ns("2020-01-31T10:00:00Z"), time.parse_rfc3339_ns("2021-03-01T09:30:15Z"))'), [1, 1, 0, 23, 30, 15]);
  assert.deepEqual(value('time.diff(time.parse_rfc3339_ns("2021-03-01T00:00:00Z"), time.parse_rfc3339_ns("2020-02-29T00:00:00Z"))'), [1, 0, 1, 0, 0, 0]);
  assert.deepEqual(value('time.date([1700000000000000000, "Asia/Tokyo"])'), [2023, 11, 15]);
});

test('time.parse_duration_ns: Go units, both spellings of microseconds', () => {
  assert.equal(value('time.parse_duration_ns("1h2m3.5s")'), 3723.5e9);
  assert.equal(value('time.parse_duration_ns("7\u00b5s")'), 7000);
  assert.equal(value('time.parse_duration_ns("7\u03bcs")'), 7000);
  assert.equal(value('time.parse_duration_ns("-1.5us")'), -1500);
});

test('time.parse_ns reads Go layouts, and round-trips time.format', () => {
  assert.equal(value('time.parse_ns("2006-01-02", "2023-11-14")'), 1699920000000000000n);
  assert.equal(value('time.parse_ns("Mon, 02 Jan 2006 15:04:05 -0700", "Tue, 14 Nov 2023 17:13:20 -0500")'), 1700000000000000000n);
  assert.equal(value('time.parse_ns("2006-01-02T15:04:05Z07:00", "2023-11-14T22:13:20.123456789Z")'), 1700000000123456789n);
  assert.equal(value('time.parse_ns("Jan _2 3:04PM 06", "Nov  4 5:30PM 23")'), 1699119000000000000n);
  assert.throws(() => value('time.parse_ns("3:04PM", "5:30pm")'), { message: 't.rego:3:6: eval_builtin_error: time.parse_ns: parsing time "5:30pm" as "3:04PM": cannot parse "pm" as "PM"' });
  assert.equal(value('time.parse_ns("RFC822Z", time.format([1700000000000000000, "UTC", "RFC822Z"]))'), 1699999980000000000n);
  assert.throws(() => value('time.parse_ns("2006-01-02", "2023-02-30")'), { message: 't.rego:3:6: eval_builtin_error: time.parse_ns: parsing time "2023-02-30": day out of range' });
  assert.throws(() => value('time.parse_ns("2006-01-02", "14.11.2023")'), { message: 't.rego:3:6: eval_builtin_error: time.parse_ns: parsing time "14.11.2023" as "2006-01-02": cannot parse "14.11.2023" as "2006"' });
});

test('strings.render_template: fields, if/else, range, <no value> for a missing key; other actions are errors', () => {
  assert.equal(
    value('strings.render_template("Hi {{.name}}{{if .admin}} (admin){{else}} (user){{end}}:{{range .items}} [{{.}}]{{end}} {{.missing}} {{.obj}}\\n{{- \\"\\" -}}", {"name": "x", "admin": false, "items": [1, "a"], "obj": {"k": [1, 2]}})'.replace('{{- \\"\\" -}}', '')),
    'Hi x (user): [1] [a] <no value> map[k:[1 2]]\n',
  );
  assert.equal(value('strings.render_template("a  {{- .x -}}  b", {"x": 1})'), 'a1b');
  assert.throws(() => value('strings.render_template("{{printf \\"%d\\" .x}}", {})'), { message: 't.rego:3:6: eval_builtin_error: strings.render_template: template: unsupported action {{printf "%d" .x}}' });
  assert.throws(() => value('strings.render_template("{{if .x}}", {})'), { message: 't.rego:3:6: eval_builtin_error: strings.render_template: template: unexpected EOF, missing {{end}}' });
});

test('net.cidr_expand, net.cidr_contains_matches, net.cidr_merge', () => {
  assert.deepEqual(value('net.cidr_expand("192.168.0.0/30")'), ['192.168.0.0', '192.168.0.1', '192.168.0.2', '192.168.0.3']);
  assert.deepEqual(value('net.cidr_expand("2001:db8::/127")'), ['2001:db8::', '2001:db8::1']);
  assert.deepEqual(value('net.cidr_contains_matches({"a": "10.0.0.0/8", "b": "192.168.0.0/16"}, ["10.1.2.3", "172.16.0.1", "192.168.1.0/24"])'), [['a', 0], ['b', 2]]);
  assert.deepEqual(value('net.cidr_merge(["192.0.128.0/24", "192.0.129.0/24", "10.0.0.1", "10.0.0.0/8", "2001:db8::/33", "2001:db8:8000::/33"])'), ['10.0.0.0/8', '192.0.128.0/23', '2001:db8::/32']);
  assert.deepEqual(value('net.cidr_merge({"10.0.0.0/25", "10.0.0.128/25", "10.0.1.0/24"})'), ['10.0.0.0/23']);
  assert.throws(() => value('net.cidr_expand("10.0.0.0/1")'), { message: 't.rego:3:6: eval_budget_error: evaluation exceeded 1000000 steps in data.t.x' });
});

test('numbers, bits, uuid, urlquery objects, hmac comparison', () => {
  assert.deepEqual(value('numbers.range_step(1, 10, 3)'), [1, 4, 7, 10]);
  assert.deepEqual(value('numbers.range_step(10, 1, 4)'), [10, 6, 2]);
  assert.throws(() => value('numbers.range_step(1, 10, 0)'), { message: 't.rego:3:6: eval_builtin_error: numbers.range_step: step must be a positive number above zero' });
  assert.deepEqual(value('[bits.and(12, 10), bits.or(12, 10), bits.xor(12, 10), bits.negate(5), bits.lsh(1, 70), bits.rsh(1024, 3)]'), [8, 14, 6, -6, 2n ** 70n, 128]);
  assert.deepEqual(value('uuid.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")'), { clocksequence: 180, nodeid: '00-c0-4f-d4-30-c8', // 1998-02-04T22:13:53.1511824Z, the DNS namespace UUID's timestamp.
    time: 886630433151182400n, variant: 'RFC4122', version: 1 });
  assert.deepEqual(value('uuid.parse("not-a-uuid")'), undefined);
  assert.equal(value('uuid.rfc4122("a") == uuid.rfc4122("a")'), true);
  assert.match(value('uuid.rfc4122("a")') as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(value('urlquery.encode_object({"b": ["2", "1"], "a": "x y", "c": {"z"}})'), 'a=x+y&b=2&b=1&c=z');
  assert.deepEqual(value('urlquery.decode_object("a=x+y&b=2&b=1")'), { a: ['x y'], b: ['2', '1'] });
  assert.deepEqual(value('[crypto.hmac.equal("a", "a"), crypto.hmac.equal("a", "b")]'), [true, false]);
  assert.equal(value('rand.intn("k", 10) == rand.intn("k", 10)'), true);
  assert.equal(value('trace("note")'), true);
});

test('regex.template_match: literal text with expressions between the delimiters', () => {
  assert.deepEqual(
    value('[regex.template_match("urn:foo:{.*}", "urn:foo:bar:baz", "{", "}"), regex.template_match("urn:foo.bar:{[a-z]{1,3}}", "urn:foo.bar:abc", "{", "}"), regex.template_match("urn:foo.bar:<[0-9]+>", "urn:fooxbar:12", "<", ">")]'),
    [true, true, false],
  );
  assert.throws(() => value('regex.template_match("a{b", "ab", "{", "}")'), { message: 't.rego:3:6: eval_builtin_error: regex.template_match: unbalanced braces in "a{b"' });
});

test('builtins left out are compile errors naming them', () => {
  for (const name of ['crypto.x509.parse_certificates', 'json.match_schema', 'rego.parse_module', 'providers.aws.sign_req', 'graphql.parse']) {
    assert.throws(() => value(`${name}("x")`), { message: `t.rego:3:6: rego_type_error: undefined function ${name}` }, name);
  }
});
