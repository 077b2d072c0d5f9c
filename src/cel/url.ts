import { celFunc, celMethod, CelScalar, listType, mapType } from '@bufbuild/cel';
import { URL_TYPE } from './opaque-types.js';

interface UrlParts {
  scheme: string;
  host: string;
  path: string;
  query: string;
}

// RFC 3986's splitting expression: Go's url.Parse keeps ports and escapes as written, unlike WHATWG URL.
const SPLIT = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/;

/** A URL as url.ParseRequestURI reads it: an absolute URI or an absolute path, or the reason it is not. */
function parseUrl(text: string): UrlParts | string {
  const match = SPLIT.exec(text);
  const [, scheme = '', host = '', path = '', query = ''] = match ?? [];
  if (!match || text.includes('#') || /[\s\x00-\x1f]/.test(text)) return `URL parse error during conversion from string: parse "${text}": invalid URI for request`;
  if (scheme === '' && !path.startsWith('/')) return `URL parse error during conversion from string: parse "${text}": invalid URI for request`;
  return { scheme, host, path, query };
}

function parts(value: unknown): UrlParts {
  return parseUrl(URL_TYPE.text(value)) as UrlParts;
}

/** The host without its port; an IPv6 literal without its brackets. */
function hostname(host: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(host);
  if (bracketed) return bracketed[1]!;
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function port(host: string): string {
  const match = /:(\d*)$/.exec(host.replace(/^\[[^\]]*\]/, ''));
  return match ? match[1]! : '';
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

function query(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    out.set(key, [...(out.get(key) ?? []), decode(eq < 0 ? '' : pair.slice(eq + 1))]);
  }
  return out;
}

const URL = URL_TYPE.type;
const { STRING, BOOL } = CelScalar;

/** Kubernetes' URL library (k8s.io/apiserver/pkg/cel/library/urls.go). */
export const urlFunctions = [
  celFunc('url', [STRING], URL, (text) => {
    const parsed = parseUrl(text);
    if (typeof parsed === 'string') throw new Error(parsed);
    return URL_TYPE.make(text);
  }),
  celFunc('isURL', [STRING], BOOL, (text) => typeof parseUrl(text) !== 'string'),
  celFunc('string', [URL], STRING, (url) => URL_TYPE.text(url)),
  celMethod('getScheme', URL, [], STRING, function () {
    return parts(this).scheme;
  }),
  celMethod('getHost', URL, [], STRING, function () {
    return parts(this).host;
  }),
  celMethod('getHostname', URL, [], STRING, function () {
    return hostname(parts(this).host);
  }),
  celMethod('getPort', URL, [], STRING, function () {
    return port(parts(this).host);
  }),
  celMethod('getEscapedPath', URL, [], STRING, function () {
    return parts(this).path;
  }),
  celMethod('getQuery', URL, [], mapType(STRING, listType(STRING)), function () {
    return query(parts(this).query);
  }),
];
