/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`), evaluated in UTC as
 * Cloudflare's Cron Triggers are. The base syntax is POSIX crontab with Vixie cron's extensions (lists,
 * ranges, steps, `*`, month and weekday names; 0 and 7 both Sunday). When both day fields are
 * restricted a day matches if EITHER does (POSIX crontab "Extended Description"); a day field that
 * starts with `*` counts as unrestricted, as in Vixie cron (`DOM_STAR`/`DOW_STAR` in its entry.c), so
 * `*\/2 * MON` means odd days that are Mondays.
 *
 * Quartz extensions that Cloudflare also accepts: `L` (last day of the month), `LW` (last weekday of
 * the month), `15W` (weekday nearest the 15th, within the month) in day-of-month; `5L` (last Friday of
 * the month) and `5#3` (third Friday) in day-of-week; `?` as a synonym of `*` in either day field.
 * Weekdays are numbered as in crontab (0 or 7 = Sunday), not as in Quartz (1 = Sunday).
 */

export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError';
}

interface FieldSpec {
  /** The field's name in error messages. */
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 0,
  max: 7,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};

const FIELD_NAMES = 'minute hour day-of-month month day-of-week';

/** Day rules that depend on the month, not only on the day's number or weekday. */
type DayRule =
  | { kind: 'last-day' }
  | { kind: 'last-weekday-of-month' }
  | { kind: 'nearest-weekday'; day: number }
  | { kind: 'last-of-weekday'; weekday: number }
  | { kind: 'nth-weekday'; weekday: number; nth: number };

interface ParsedField {
  values: Set<number>;
  rules: DayRule[];
  /** The field starts with `*` or `?` (Vixie's "star" flag). */
  star: boolean;
}

const MINUTE_MS = 60_000;
/** The calendar, weekdays included, repeats every 28 years between 1901 and 2099. */
const SEARCH_YEARS = 28;

class FieldError extends Error {}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function parseValue(text: string, spec: FieldSpec): number {
  let value: number;
  if (/^\d+$/.test(text)) value = Number(text);
  else {
    const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    if (index < 0) {
      const names = spec.names ? ` or a name ${spec.names[0]}-${spec.names.at(-1)}` : '';
      throw new FieldError(`"${text}" is not a number${names}`);
    }
    value = index + spec.min;
  }
  if (value < spec.min || value > spec.max)
    throw new FieldError(`${value} is out of range ${spec.min}-${spec.max}`);
  return value;
}

function parseStep(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) === 0)
    throw new FieldError(`step "${text}" is not a positive whole number`);
  return Number(text);
}

/** `*`, `a`, `a-b`, each optionally `/step` (`a/step` runs from a to the field's end). */
function parseRange(item: string, spec: FieldSpec, values: Set<number>): void {
  const [range = '', stepText, extra] = item.split('/');
  if (extra !== undefined) throw new FieldError(`"${item}" has more than one "/"`);
  const step = stepText === undefined ? 1 : parseStep(stepText);
  let first: number;
  let last: number;
  if (range === '*' || range === '?') {
    first = spec.min;
    last = spec === DAY_OF_WEEK ? 6 : spec.max;
  } else {
    const [startText = '', endText, more] = range.split('-');
    if (more !== undefined) throw new FieldError(`"${range}" is not a range like 1-5`);
    first = parseValue(startText, spec);
    last = endText === undefined ? (stepText === undefined ? first : spec.max) : parseValue(endText, spec);
    if (first > last) throw new FieldError(`range ${range} starts after it ends`);
  }
  for (let value = first; value <= last; value += step) values.add(spec === DAY_OF_WEEK ? value % 7 : value);
}

function parseDayOfMonthRule(item: string): DayRule | undefined {
  const upper = item.toUpperCase();
  if (upper === 'L') return { kind: 'last-day' };
  if (upper === 'LW') return { kind: 'last-weekday-of-month' };
  const nearest = /^(\d+)W$/.exec(upper);
  if (nearest) return { kind: 'nearest-weekday', day: parseValue(nearest[1] as string, DAY_OF_MONTH) };
  return undefined;
}

function parseDayOfWeekRule(item: string): DayRule | undefined {
  const upper = item.toUpperCase();
  if (upper === 'L') throw new FieldError('"L" needs a weekday before it: 5L is the last Friday');
  const last = /^(\w+)L$/.exec(upper);
  if (last) return { kind: 'last-of-weekday', weekday: parseValue(last[1] as string, DAY_OF_WEEK) % 7 };
  const nth = /^(\w+)#(\w+)$/.exec(upper);
  if (!nth) return undefined;
  const weekday = parseValue(nth[1] as string, DAY_OF_WEEK) % 7;
  const count = /^[1-5]$/.test(nth[2] as string) ? Number(nth[2]) : 0;
  if (count === 0) throw new FieldError(`"${item}": the number after # must be 1-5`);
  return { kind: 'nth-weekday', weekday, nth: count };
}

function parseField(text: string, spec: FieldSpec): ParsedField {
  const field: ParsedField = {
    values: new Set(),
    rules: [],
    star: text.startsWith('*') || text.startsWith('?'),
  };
  for (const item of text.split(',')) {
    if (item === '') throw new FieldError('an empty list item');
    if (item.includes('?') && item !== '?')
      throw new FieldError(`"${item}": "?" stands alone (it means any day)`);
    if (item === '?' && spec !== DAY_OF_MONTH && spec !== DAY_OF_WEEK)
      throw new FieldError('"?" is only allowed in the day-of-month and day-of-week fields');
    const rule =
      spec === DAY_OF_MONTH
        ? parseDayOfMonthRule(item)
        : spec === DAY_OF_WEEK
          ? parseDayOfWeekRule(item)
          : undefined;
    if (rule) field.rules.push(rule);
    else parseRange(item, spec, field.values);
  }
  return field;
}

function ruleMatches(rule: DayRule, year: number, month: number, day: number): boolean {
  const lastDay = daysInMonth(year, month);
  switch (rule.kind) {
    case 'last-day':
      return day === lastDay;
    case 'last-weekday-of-month':
      return day === nearestWeekday(year, month, lastDay);
    case 'nearest-weekday':
      return rule.day <= lastDay && day === nearestWeekday(year, month, rule.day);
    case 'last-of-weekday':
      return weekdayOf(year, month, day) === rule.weekday && day + 7 > lastDay;
    case 'nth-weekday':
      return weekdayOf(year, month, day) === rule.weekday && Math.ceil(day / 7) === rule.nth;
  }
}

/** Quartz `W`: the weekday nearest `day` without leaving the month (1W on a Saturday is Monday the 3rd). */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = weekdayOf(year, month, day);
  const lastDay = daysInMonth(year, month);
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === lastDay ? day - 2 : day + 1;
  return day;
}

export class CronExpression {
  /** The expression as written (what `controller.cron` carries). */
  readonly source: string;
  readonly #minute: ParsedField;
  readonly #hour: ParsedField;
  readonly #dayOfMonth: ParsedField;
  readonly #month: ParsedField;
  readonly #dayOfWeek: ParsedField;

  private constructor(source: string, fields: ParsedField[]) {
    this.source = source;
    [this.#minute, this.#hour, this.#dayOfMonth, this.#month, this.#dayOfWeek] = fields as [
      ParsedField,
      ParsedField,
      ParsedField,
      ParsedField,
      ParsedField,
    ];
  }

  /** Parses `text`; a CronSyntaxError names the field at fault, or says the expression never fires. */
  static parse(text: string): CronExpression {
    const fail = (reason: string) => new CronSyntaxError(`Invalid cron expression "${text}": ${reason}`);
    const parts = text.trim().split(/\s+/).filter(Boolean);
    if (parts.length !== 5) throw fail(`expected 5 fields (${FIELD_NAMES}), got ${parts.length}`);
    const specs = [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK];
    const fields = parts.map((part, index) => {
      const spec = specs[index] as FieldSpec;
      try {
        return parseField(part, spec);
      } catch (error) {
        if (error instanceof FieldError) throw fail(`${spec.name} field "${part}": ${error.message}`);
        throw error;
      }
    });
    const expression = new CronExpression(text.trim(), fields);
    if (expression.nextAfter(new Date(Date.UTC(2000, 0, 1))) === null)
      throw fail('it never fires (no such day in any month)');
    return expression;
  }

  /** True when `date`'s minute (UTC) is one the expression fires on. */
  matches(date: Date): boolean {
    return (
      this.#month.values.has(date.getUTCMonth() + 1) &&
      this.#dayMatches(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) &&
      this.#hour.values.has(date.getUTCHours()) &&
      this.#minute.values.has(date.getUTCMinutes())
    );
  }

  /** The first minute strictly after `date` the expression fires on, or null if none in 28 years. */
  nextAfter(date: Date): Date | null {
    let time = Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const limit = Date.UTC(new Date(time).getUTCFullYear() + SEARCH_YEARS + 1, 0, 1);
    while (time < limit) {
      const at = new Date(time);
      const year = at.getUTCFullYear();
      const month = at.getUTCMonth() + 1;
      const day = at.getUTCDate();
      const hour = at.getUTCHours();
      if (!this.#month.values.has(month)) time = Date.UTC(year, month, 1);
      else if (!this.#dayMatches(year, month, day)) time = Date.UTC(year, month - 1, day + 1);
      else if (!this.#hour.values.has(hour)) time = Date.UTC(year, month - 1, day, hour + 1);
      else if (!this.#minute.values.has(at.getUTCMinutes())) time += MINUTE_MS;
      else return at;
    }
    return null;
  }

  #dayMatches(year: number, month: number, day: number): boolean {
    const byMonthDay = this.#fieldMatches(this.#dayOfMonth, day, year, month, day);
    const byWeekDay = this.#fieldMatches(this.#dayOfWeek, weekdayOf(year, month, day), year, month, day);
    if (this.#dayOfMonth.star || this.#dayOfWeek.star) return byMonthDay && byWeekDay;
    return byMonthDay || byWeekDay;
  }

  #fieldMatches(field: ParsedField, value: number, year: number, month: number, day: number): boolean {
    return field.values.has(value) || field.rules.some((rule) => ruleMatches(rule, year, month, day));
  }
}
