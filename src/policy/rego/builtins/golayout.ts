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
