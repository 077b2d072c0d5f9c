import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCelList, isCelMap, type CelValue } from '@bufbuild/cel';
import { CelEnvironment } from '../../src/cel/environment.js';

const env = new CelEnvironment(['self']);

/** The value of an expression as plain JS (lists as arrays, maps as objects), or `error: …`. */
function evaluate(expression: string, self: unknown = null): unknown {
  const compiled = env.compile(expression);
  if ('kind' in compiled) return `${compiled.kind}: ${compiled.message}`;
  const outcome = compiled.evaluate({ self });
  return 'error' in outcome ? `error: ${outcome.error}` : plain(outcome.value);
}

function plain(value: CelValue): unknown {
  if (isCelList(value)) return [...value].map(plain);
  if (isCelMap(value)) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), plain(v)]));
  return value;
}

function cases(table: Array<[string, unknown]>, self?: unknown) {
  for (const [expression, expected] of table) assert.deepEqual(evaluate(expression, self), expected, expression);
}

test('document values: integers are int, other numbers double, mappings are maps, missing keys say so', () => {
  cases(
    [
      ['self.replicas == 3 && type(self.replicas) == int', true],
      ['self.ratio', 0.5],
      ["self.labels['app']", 'web'],
      ["has(self.labels.team) ? 'yes' : 'no'", 'no'],
      ['self.missing', 'error: no such key: missing'],
      ['self.containers.map(c, c.name)', ['a', 'b']],
      ['self.containers.exists_one(c, c.name == "a")', true],
    ],
    { replicas: 3, ratio: 0.5, labels: { app: 'web' }, containers: [{ name: 'a' }, { name: 'b' }] },
  );
});

test('strings library', () => {
  cases([
    ["'hello'.charAt(1)", 'e'],
    ["'hello'.indexOf('l')", 2n],
    ["'hello'.lastIndexOf('l')", 3n],
    ["'HeLLo'.lowerAscii() + 'x'.upperAscii()", 'helloX'],
    ["'a-b-c'.replace('-', '+')", 'a+b+c'],
    ["'a,b,c'.split(',')", ['a', 'b', 'c']],
    ["'hello'.substring(1, 3)", 'el'],
    ["'  x '.trim()", 'x'],
    ["['a', 'b'].join('/')", 'a/b'],
    ["'%s has %d'.format(['web', 3])", 'web has 3'],
  ]);
});

test('lists library', () => {
  cases([
    ['[1, 2, 3].isSorted()', true],
    ["['b', 'a'].isSorted()", false],
    ['[1, 2, 3].sum()', 6n],
    ['[1.5, 2.5].sum()', 4],
    ['[].sum()', 0n],
    ['[3, 1, 2].min()', 1n],
    ['[3, 1, 2].max()', 3n],
    ['[].min()', 'error: min called on empty list'],
    ["['a', 'b', 'a'].indexOf('a')", 0n],
    ["['a', 'b', 'a'].lastIndexOf('a')", 2n],
    ["['a'].indexOf('z')", -1n],
  ]);
});

test('regex library', () => {
  cases([
    ["'abc 123 def 456'.find('[0-9]+')", '123'],
    ["'abc'.find('[0-9]+')", ''],
    ["'abc 123 def 456'.findAll('[0-9]+')", ['123', '456']],
    ["'1 2 3'.findAll('[0-9]', 2)", ['1', '2']],
    ["'ABC'.matches('^(?i)abc$')", true],
  ]);
});

test('quantity library', () => {
  cases([
    ["quantity('1.5Gi').isGreaterThan(quantity('1500Mi'))", true],
    ["quantity('500m').isLessThan(quantity('1'))", true],
    ["quantity('1k').compareTo(quantity('1000'))", 0n],
    ["string(quantity('500m').add(quantity('1')))", '1500m'],
    ["string(quantity('2').sub(1))", '1'],
    ["quantity('1Ki').asInteger()", 1024n],
    ["quantity('1.5').isInteger()", false],
    ["quantity('1.5').asInteger()", 'error: cannot convert value to integer'],
    ["quantity('250m').asApproximateFloat()", 0.25],
    ["quantity('-3').sign()", -1n],
    ["quantity('2e3').compareTo(quantity('2k'))", 0n],
    ["isQuantity('10Mi') && !isQuantity('10MB')", true],
    ["quantity('ten')", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ]);
});

test('url library', () => {
  cases([
    ["url('https://example.com:8443/a%20b?x=1&x=2&y').getScheme()", 'https'],
    ["url('https://example.com:8443/a%20b?x=1&x=2&y').getHost()", 'example.com:8443'],
    ["url('https://example.com:8443/a%20b').getHostname()", 'example.com'],
    ["url('https://example.com:8443/').getPort()", '8443'],
    ["url('https://[::1]/').getHostname()", '::1'],
    ["url('https://example.com/a%20b').getEscapedPath()", '/a%20b'],
    ["url('https://example.com/?x=1&x=2&y').getQuery()", { x: ['1', '2'], y: [''] }],
    ["url('/healthz').getHost()", ''],
    ["isURL('https://example.com') && !isURL('example.com/no-scheme')", true],
  ]);
});

test('ip and cidr libraries', () => {
  cases([
    ["ip('10.0.0.1').family()", 4n],
    ["ip('2001:db8::1').family()", 6n],
    ["string(ip('2001:db8:0:0:0:0:0:1'))", '2001:db8::1'],
    ["ip('127.0.0.1').isLoopback() && ip('::1').isLoopback()", true],
    ["ip('0.0.0.0').isUnspecified()", true],
    ["ip('169.254.1.1').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast()", true],
    ["ip('224.0.0.1').isLinkLocalMulticast()", true],
    ["ip('8.8.8.8').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast()", true],
    ["isIP('1.2.3.4') && !isIP('1.2.3') && !isIP('01.2.3.4')", true],
    ["ip('::ffff:1.2.3.4')", 'error: IPv4-mapped IPv6 address is not allowed'],
    ["cidr('10.0.0.0/8').containsIP('10.1.2.3')", true],
    ["cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))", false],
    ["cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && !cidr('10.1.0.0/16').containsCIDR(cidr('10.0.0.0/8'))", true],
    ["string(cidr('192.168.1.5/24').masked())", '192.168.1.0/24'],
    ["string(cidr('192.168.1.5/24').ip())", '192.168.1.5'],
    ["cidr('fd00::/64').prefixLength()", 64n],
    ["isCIDR('10.0.0.0/33')", false],
  ]);
});

test('semver library', () => {
  cases([
    ["semver('1.2.3').major() + semver('1.2.3').minor() + semver('1.2.3').patch()", 6n],
    ["semver('1.10.0').isGreaterThan(semver('1.9.9'))", true],
    ["semver('1.0.0-alpha').isLessThan(semver('1.0.0'))", true],
    ["semver('1.0.0-alpha.2').compareTo(semver('1.0.0-alpha.10'))", -1n],
    ["semver('1.0.0-alpha.beta').compareTo(semver('1.0.0-alpha.1'))", 1n],
    ["semver('1.2.3+build').compareTo(semver('1.2.3'))", 0n],
    ["string(semver('v1.2', true))", '1.2.0'],
    ["isSemver('1.2.3') && !isSemver('v1.2.3') && isSemver('v1.2.3', true)", true],
    ["semver('1.2')", 'error: No Major.Minor.Patch elements found in "1.2"'],
  ]);
});

test('what cannot be evaluated is said: syntax errors, unknown and unsupported functions', () => {
  cases([
    ['self.a &&', 'syntax: syntax error: 1:8: found & but expecting end of input'],
    ['frobnicate(self)', "undeclared: undeclared reference to 'frobnicate'"],
    ["authorizer.group('apps').resource('deployments').check('create').allowed()", 'unsupported: uses authorizer, which gitops-check does not support'],
    ['cel.bind(x, self, x)', 'unsupported: uses cel.bind, which gitops-check does not support'],
    ['[3, 1].sortBy(x, x)', 'unsupported: uses sortBy, which gitops-check does not support'],
    ['self.?spec.orValue(1)', 'unsupported: uses optional field selection (`.?`), which gitops-check does not support'],
  ]);
});
