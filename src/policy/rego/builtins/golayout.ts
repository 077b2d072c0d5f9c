/** Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`), for time.format. */

/** A moment as seen in one time zone. */
export interface ZonedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Nanoseconds within the second. */
  nanos: number;
  weekday: number;
  yearDay: number;
  /** Seconds east of UTC. */
  offset: number;
  zoneName: string;
}

export const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
  DateTime: '2006-01-02 15:04:05',
  DateOnly: '2006-01-02',
  TimeOnly: '15:04:05',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// Longest first where one token starts another, as Go's layout scanner decides.
const TOKEN = /January|Jan|Monday|Mon|MST|2006|002|01|02|03|04|05|06|_2|15|1|2|3|4|5|PM|pm|Z07:00:00|Z070000|Z07:00|Z0700|Z07|-07:00:00|-070000|-07:00|-0700|-07|[.,](?:0+|9+)(?!\d)/g;

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

function zone(offset: number, token: string): string {
  if (token.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const [h, m, s] = [pad(Math.floor(abs / 3600), 2), pad(Math.floor((abs % 3600) / 60), 2), pad(abs % 60, 2)];
  const shape = token.replace(/^[Z-]/, '');
  if (shape === '07') return sign + h;
  if (shape === '0700') return sign + h + m;
  if (shape === '07:00') return `${sign}${h}:${m}`;
  if (shape === '070000') return sign + h + m + s;
  return `${sign}${h}:${m}:${s}`;
}

export function formatLayout(t: ZonedTime, layout: string): string {
  return layout.replace(TOKEN, (tok) => {
    switch (tok) {
      case 'January': return MONTHS[t.month - 1]!;
      case 'Jan': return MONTHS[t.month - 1]!.slice(0, 3);
      case 'Monday': return WEEKDAYS[t.weekday]!;
      case 'Mon': return WEEKDAYS[t.weekday]!.slice(0, 3);
      case 'MST': return t.zoneName;
      case '2006': return pad(t.year, 4);
      case '06': return pad(t.year % 100, 2);
      case '01': return pad(t.month, 2);
      case '1': return String(t.month);
      case '02': return pad(t.day, 2);
      case '_2': return pad(t.day, 2, ' ');
      case '2': return String(t.day);
      case '002': return pad(t.yearDay, 3);
      case '15': return pad(t.hour, 2);
      case '03': return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, 2);
      case '3': return String(t.hour % 12 === 0 ? 12 : t.hour % 12);
      case '04': return pad(t.minute, 2);
      case '4': return String(t.minute);
      case '05': return pad(t.second, 2);
      case '5': return String(t.second);
      case 'PM': return t.hour >= 12 ? 'PM' : 'AM';
      case 'pm': return t.hour >= 12 ? 'pm' : 'am';
      default:
        break;
    }
    if (tok[0] === '.' || tok[0] === ',') {
      const digits = pad(t.nanos, 9).slice(0, tok.length - 1);
      if (tok[1] === '0') return tok[0] + digits;
      const trimmed = digits.replace(/0+$/, '');
      return trimmed === '' ? '' : tok[0] + trimmed;
    }
    return zone(t.offset, tok);
  });
}

/** The pieces a layout token reads, by token. */
const NUMERIC: Record<string, [field: keyof Parsed, pattern: RegExp]> = {
  '2006': ['year', /^\d{4}/],
  '06': ['year', /^\d{2}/],
  '01': ['month', /^\d{2}/],
  '1': ['month', /^\d{1,2}/],
  '02': ['day', /^\d{2}/],
  '_2': ['day', /^ ?\d{1,2}/],
  '2': ['day', /^\d{1,2}/],
  '002': ['yearDay', /^\d{3}/],
  '15': ['hour', /^\d{2}/],
  '03': ['hour', /^\d{2}/],
  '3': ['hour', /^\d{1,2}/],
  '04': ['minute', /^\d{2}/],
  '4': ['minute', /^\d{1,2}/],
  '05': ['second', /^\d{2}/],
  '5': ['second', /^\d{1,2}/],
};

interface Parsed {
  year: number;
  month: number;
  day: number;
  yearDay: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  pm: boolean | undefined;
  offset: number;
}

/** Go's time.Parse: nanoseconds since the epoch, or an error message in Go's words. */
export function parseLayout(layout: string, value: string): bigint | string {
  const t: Parsed = { year: 0, month: 1, day: 1, yearDay: 0, hour: 0, minute: 0, second: 0, nanos: 0, pm: undefined, offset: 0 };
  let rest = value;
  let at = 0;
  const bad = (what: string) => `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(what)}`;
  const tokens = [...layout.matchAll(TOKEN)];
  for (let ti = 0; ti <= tokens.length; ti++) {
    const m = tokens[ti];
    const literal = layout.slice(at, m?.index ?? layout.length);
    if (!rest.startsWith(literal)) return bad(literal);
    rest = rest.slice(literal.length);
    if (!m) break;
    const tok = m[0];
    at = m.index + tok.length;
    const take = (re: RegExp): string | undefined => {
      const x = re.exec(rest)?.[0];
      if (x !== undefined) rest = rest.slice(x.length);
      return x;
    };
    const numeric = NUMERIC[tok];
    if (numeric) {
      const text = take(numeric[1]);
      if (text === undefined) return bad(tok);
      let n = Number(text.trim());
      if (tok === '06') n += n >= 69 ? 1900 : 2000;
      (t[numeric[0]] as number) = n;
      // Go accepts a fraction after the seconds even when the layout shows none.
      if ((tok === '05' || tok === '5') && !/^[.,][09]/.test(layout.slice(at))) {
        const frac = take(/^[.,]\d+/);
        if (frac) t.nanos = Number(frac.slice(1).padEnd(9, '0').slice(0, 9));
      }
      continue;
    }
    if (tok === 'January' || tok === 'Jan' || tok === 'Monday' || tok === 'Mon') {
      const names = tok.startsWith('J') ? MONTHS : WEEKDAYS;
      const i = names.findIndex((n) => rest.toLowerCase().startsWith((tok.length === 3 ? n.slice(0, 3) : n).toLowerCase()));
      if (i < 0) return bad(tok);
      rest = rest.slice(tok.length === 3 ? 3 : names[i]!.length);
      if (tok.startsWith('J')) t.month = i + 1;
      continue;
    }
    if (tok === 'PM' || tok === 'pm') {
      const x = take(tok === 'PM' ? /^(AM|PM)/ : /^(am|pm)/);
      if (x === undefined) return bad(tok);
      t.pm = x.toUpperCase() === 'PM';
      continue;
    }
    if (tok === 'MST') {
      if (take(/^[A-Z]{3,5}|^[+-]\d{2}/) === undefined) return bad(tok);
      continue;
    }
    if (tok[0] === '.' || tok[0] === ',') {
      const frac = take(tok[1] === '0' ? new RegExp(`^[.,]\\d{${tok.length - 1}}`) : /^([.,]\d+)?/);
      if (frac === undefined) return bad(tok);
      if (frac !== '') t.nanos = Number(frac.slice(1).padEnd(9, '0').slice(0, 9));
      continue;
    }
    if (tok.startsWith('Z') && take(/^Z/) !== undefined) continue;
    const zone = take(/^[+-]\d{2}(:?\d{2}(:?\d{2})?)?/);
    if (zone === undefined) return bad(tok);
    const digits = zone.slice(1).replace(/:/g, '');
    t.offset = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60 + Number(digits.slice(4, 6) || '0'));
  }
  if (rest !== '') return `parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`;
  if (t.pm !== undefined) t.hour = (t.hour % 12) + (t.pm ? 12 : 0);
  if (t.month < 1 || t.month > 12) return `parsing time ${JSON.stringify(value)}: month out of range`;
  const date = new Date(Date.UTC(2000, 0, 1, t.hour, t.minute, t.second));
  // setUTCFullYear, not Date.UTC: years 0–99 are years, not 1900–1999.
  date.setUTCFullYear(t.year, t.yearDay > 0 ? 0 : t.month - 1, t.yearDay > 0 ? t.yearDay : t.day);
  if (t.yearDay === 0 && date.getUTCDate() !== t.day) return `parsing time ${JSON.stringify(value)}: day out of range`;
  return (BigInt(date.getTime()) - BigInt(t.offset) * 1000n) * 1_000_000n + BigInt(t.nanos);
}
