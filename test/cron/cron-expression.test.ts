/**
 * Cron expressions: each case lists the next firing times after a start, computed by walking
 * `nextAfter`, and each invalid expression the field its error names. Dates are UTC; 2026-11-25 is a
 * Wednesday.
 */
import t from 'tap';
import { CronExpression, CronSyntaxError } from '../../src/cron/cron-expression.ts';

function nextTimes(expression: string, start: string, count: number): string[] {
  const cron = CronExpression.parse(expression);
  const times: string[] = [];
  let at = new Date(start);
  for (let i = 0; i < count; i++) {
    const next = cron.nextAfter(at);
    if (next === null) break;
    times.push(next.toISOString().replace(':00.000Z', 'Z'));
    at = next;
  }
  return times;
}

const CASES: Array<[expression: string, start: string, expected: string[]]> = [
  ['* * * * *', '2026-11-25T08:30:27Z', ['2026-11-25T08:31Z', '2026-11-25T08:32Z']],
  ['* * * * *', '2026-11-25T08:30:00Z', ['2026-11-25T08:31Z']],
  ['*/15 * * * *', '2026-11-25T08:30:27Z', ['2026-11-25T08:45Z', '2026-11-25T09:00Z', '2026-11-25T09:15Z']],
  [
    '10-30/10 * * * *',
    '2026-11-25T08:00:00Z',
    ['2026-11-25T08:10Z', '2026-11-25T08:20Z', '2026-11-25T08:30Z', '2026-11-25T09:10Z'],
  ],
  [
    '5/20 * * * *',
    '2026-11-25T08:00:00Z',
    ['2026-11-25T08:05Z', '2026-11-25T08:25Z', '2026-11-25T08:45Z', '2026-11-25T09:05Z'],
  ],
  [
    '0,30 9-10 * * *',
    '2026-11-25T08:00:00Z',
    ['2026-11-25T09:00Z', '2026-11-25T09:30Z', '2026-11-25T10:00Z', '2026-11-25T10:30Z', '2026-11-26T09:00Z'],
  ],
  ['0 0 * * *', '2026-11-25T08:30:00Z', ['2026-11-26T00:00Z', '2026-11-27T00:00Z']],
  ['0 12 * * MON-FRI', '2026-11-27T13:00:00Z', ['2026-11-30T12:00Z', '2026-12-01T12:00Z']],
  ['0 0 1 JAN *', '2026-06-01T00:00:00Z', ['2027-01-01T00:00Z', '2028-01-01T00:00Z']],
  ['0 0 29 2 *', '2026-03-01T00:00:00Z', ['2028-02-29T00:00Z', '2032-02-29T00:00Z']],
  ['0 0 31 * *', '2026-11-01T00:00:00Z', ['2026-12-31T00:00Z', '2027-01-31T00:00Z', '2027-03-31T00:00Z']],
  // Both day fields restricted: either one matching is enough (Fridays, and the 13th).
  [
    '0 0 13 * FRI',
    '2026-11-25T00:00:00Z',
    ['2026-11-27T00:00Z', '2026-12-04T00:00Z', '2026-12-11T00:00Z', '2026-12-13T00:00Z'],
  ],
  // A day-of-month starting with * is unrestricted (Vixie): both must match (odd days that are Fridays).
  ['0 0 */2 * FRI', '2026-11-25T00:00:00Z', ['2026-11-27T00:00Z', '2026-12-11T00:00Z', '2026-12-25T00:00Z']],
  ['0 0 ? * FRI', '2026-11-25T00:00:00Z', ['2026-11-27T00:00Z', '2026-12-04T00:00Z']],
  ['0 0 * * 7', '2026-11-25T00:00:00Z', ['2026-11-29T00:00Z', '2026-12-06T00:00Z']],
  ['0 0 * * 0', '2026-11-25T00:00:00Z', ['2026-11-29T00:00Z']],
  ['0 0 * * sun', '2026-11-25T00:00:00Z', ['2026-11-29T00:00Z']],
  [
    '0 0 * * 5-7',
    '2026-11-25T00:00:00Z',
    ['2026-11-27T00:00Z', '2026-11-28T00:00Z', '2026-11-29T00:00Z', '2026-12-04T00:00Z'],
  ],
  ['0 0 * jan,Jul sun', '2026-11-25T00:00:00Z', ['2027-01-03T00:00Z']],
  ['0 0 1 */3 *', '2026-11-25T00:00:00Z', ['2027-01-01T00:00Z', '2027-04-01T00:00Z', '2027-07-01T00:00Z']],
  // Quartz extensions Cloudflare accepts.
  ['59 23 L * *', '2026-02-01T00:00:00Z', ['2026-02-28T23:59Z', '2026-03-31T23:59Z', '2026-04-30T23:59Z']],
  ['0 0 L 2 *', '2027-03-01T00:00:00Z', ['2028-02-29T00:00Z']],
  ['0 0 LW * *', '2026-05-01T00:00:00Z', ['2026-05-29T00:00Z', '2026-06-30T00:00Z']],
  [
    '0 0 LW * *',
    '2026-10-01T00:00:00Z',
    ['2026-10-30T00:00Z', '2026-11-30T00:00Z', '2026-12-31T00:00Z', '2027-01-29T00:00Z'],
  ],
  ['0 0 15W * *', '2026-08-01T00:00:00Z', ['2026-08-14T00:00Z', '2026-09-15T00:00Z']],
  ['0 0 1W * *', '2026-07-02T00:00:00Z', ['2026-08-03T00:00Z', '2026-09-01T00:00Z']],
  ['0 0 * * 5#3', '2026-11-25T00:00:00Z', ['2026-12-18T00:00Z', '2027-01-15T00:00Z']],
  ['0 0 * * FRI#1', '2026-11-25T00:00:00Z', ['2026-12-04T00:00Z']],
  ['0 0 * * 5L', '2026-11-01T00:00:00Z', ['2026-11-27T00:00Z', '2026-12-25T00:00Z']],
  ['0 0 * * 0L,1#1', '2026-11-25T00:00:00Z', ['2026-11-29T00:00Z', '2026-12-07T00:00Z', '2026-12-27T00:00Z']],
  ['0 0 L * 1#1', '2026-11-25T00:00:00Z', ['2026-11-30T00:00Z', '2026-12-07T00:00Z', '2026-12-31T00:00Z']],
  ['  0   0 * * *  ', '2026-11-25T08:30:00Z', ['2026-11-26T00:00Z']],
];

t.test('next firing times', async (t) => {
  for (const [expression, start, expected] of CASES) {
    t.same(nextTimes(expression, start, expected.length), expected, `${expression} after ${start}`);
  }
});

t.test('matches() agrees with nextAfter()', async (t) => {
  const cron = CronExpression.parse('*/20 9 * * MON');
  t.ok(cron.matches(new Date('2026-11-30T09:40:59Z')));
  t.notOk(cron.matches(new Date('2026-11-30T09:41:00Z')));
  t.notOk(cron.matches(new Date('2026-12-01T09:40:00Z')));
  t.equal(cron.source, '*/20 9 * * MON');
});

const INVALID: Array<[expression: string, message: RegExp]> = [
  ['* * * *', /expected 5 fields \(minute hour day-of-month month day-of-week\), got 4/],
  ['* * * * * *', /expected 5 fields .*got 6/],
  ['@daily', /got 1/],
  ['60 * * * *', /minute field "60": 60 is out of range 0-59/],
  ['* 24 * * *', /hour field "24": 24 is out of range 0-23/],
  ['* * 0 * *', /day-of-month field "0": 0 is out of range 1-31/],
  ['* * * 13 *', /month field "13": 13 is out of range 1-12/],
  ['* * * * 8', /day-of-week field "8": 8 is out of range 0-7/],
  ['*/0 * * * *', /minute field "\*\/0": step "0" is not a positive whole number/],
  ['*/x * * * *', /step "x"/],
  ['5-1 * * * *', /minute field "5-1": range 5-1 starts after it ends/],
  ['1-2-3 * * * *', /is not a range/],
  ['1/2/3 * * * *', /more than one "\/"/],
  ['* * * FOO *', /month field "FOO": "FOO" is not a number or a name JAN-DEC/],
  ['* * * * MONDAY', /day-of-week field "MONDAY": "MONDAY" is not a number or a name SUN-SAT/],
  ['* x * * *', /hour field "x": "x" is not a number$/],
  ['1,,2 * * * *', /minute field "1,,2": an empty list item/],
  ['? * * * *', /"\?" is only allowed in the day-of-month and day-of-week fields/],
  ['* * 1? * *', /"\?" stands alone/],
  ['* * * * L', /"L" needs a weekday before it/],
  ['* * * * 5#6', /the number after # must be 1-5/],
  ['* * 32W * *', /day-of-month field "32W": 32 is out of range 1-31/],
  ['* * L * L', /day-of-week/],
  ['0 0 30 2 *', /never fires/],
  ['0 0 31 4,6,9,11 *', /never fires/],
  ['', /got 0/],
];

t.test('invalid expressions name the field at fault', async (t) => {
  for (const [expression, message] of INVALID) {
    t.throws(() => CronExpression.parse(expression), { name: 'CronSyntaxError', message }, expression);
  }
  t.throws(() => CronExpression.parse('* * *'), CronSyntaxError);
  t.throws(() => CronExpression.parse('* * *'), { message: /^Invalid cron expression "\* \* \*": / });
});
