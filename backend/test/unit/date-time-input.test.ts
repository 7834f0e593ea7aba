import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTimeInputSchema } from '../../src/schemas/common.js';

/**
 * The date-time input rule is a pattern beside Ajv's `date-time` format. These properties hold it
 * to what it promises, against an instant computed from the parts rather than by Date's parser:
 * whatever it accepts, Date reads as that instant, in years 0001 to 9999; whatever Ajv's format
 * accepts and it refuses, it refuses for one of the reasons it gives.
 */

const ajv = new Ajv({ strict: false });
addFormats.default(ajv);
const accepts: (value: string) => boolean = ajv.compile(DateTimeInputSchema);
const ajvFormat: (value: string) => boolean = ajv.compile({ type: 'string', format: 'date-time' });

const two = (n: number) => String(n).padStart(2, '0');

interface Parts {
  year: number;
  month: number;
  day: number;
  separator: string;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  offset: { text: string; minutes: number; colon: boolean };
}

const offset = fc.oneof(
  fc.constantFrom({ text: 'Z', minutes: 0, colon: true }, { text: 'z', minutes: 0, colon: true }),
  fc
    .tuple(
      fc.constantFrom('+', '-'),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.constantFrom(':', '', 'hours only'),
    )
    .map(([sign, h, m, form]) => ({
      text: form === 'hours only' ? `${sign}${two(h)}` : `${sign}${two(h)}${form}${two(m)}`,
      minutes: (sign === '+' ? 1 : -1) * (h * 60 + (form === 'hours only' ? 0 : m)),
      colon: form === ':',
    })),
);

// Years and times biased to the edges, where the trouble is.
const parts: fc.Arbitrary<Parts> = fc.record({
  year: fc.oneof(fc.constantFrom(0, 1, 49, 99, 100, 1969, 1970, 9999), fc.integer({ min: 0, max: 9999 })),
  month: fc.oneof(fc.constantFrom(1, 2, 12), fc.integer({ min: 1, max: 12 })),
  day: fc.oneof(fc.constantFrom(1, 28, 29, 30, 31), fc.integer({ min: 1, max: 31 })),
  separator: fc.constantFrom('T', 't', ' '),
  hour: fc.oneof(fc.constantFrom(0, 23), fc.integer({ min: 0, max: 23 })),
  minute: fc.oneof(fc.constantFrom(0, 59), fc.integer({ min: 0, max: 59 })),
  second: fc.oneof(fc.constantFrom(0, 59, 60), fc.integer({ min: 0, max: 60 })),
  fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,12}$/)),
  offset,
});

const text = (p: Parts) =>
  `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}${p.separator}` +
  `${two(p.hour)}:${two(p.minute)}:${two(p.second)}${p.fraction}${p.offset.text}`;

/** The instant the parts name, computed without parsing text (Date.UTC would read 49 as 1949). */
function instantOf(p: Parts): Date {
  const date = new Date(0);
  const ms = p.fraction ? Math.floor(Number(`0${p.fraction}`) * 1000) : 0;
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute - p.offset.minutes, p.second, ms);
  return date;
}

describe('the date-time input pattern', () => {
  it('accepts only what Date reads as the instant written, in years 0001 to 9999', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const value = text(p);
        if (!accepts(value)) return;
        const read = new Date(value);
        expect(read.getTime(), value).toBe(instantOf(p).getTime());
        expect(read.getUTCFullYear(), value).toBeGreaterThanOrEqual(1);
        expect(read.getUTCFullYear(), value).toBeLessThanOrEqual(9999);
      }),
      { numRuns: 20_000 },
    );
  });

  it("refuses what Ajv's date-time accepts only for the reasons it documents", () => {
    fc.assert(
      fc.property(parts, (p) => {
        const value = text(p);
        if (!ajvFormat(value) || accepts(value)) return;
        const year = instantOf(p).getUTCFullYear();
        const edgeDay =
          (value.startsWith('0001-01-01') && p.offset.minutes > 0) ||
          (value.startsWith('9999-12-31') && p.offset.minutes < 0);
        const reasons = [
          p.second === 60,
          p.year === 0 || year < 1 || year > 9999,
          p.separator === ' ',
          !p.offset.colon,
          p.fraction.length > 10,
          edgeDay,
        ];
        expect(reasons.some(Boolean), value).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['an offset that makes it year 0000', '0001-01-01T00:00:00+00:01'],
    ['an offset that makes it year 10000', '9999-12-31T23:59:59-23:59'],
    ['an offset of hours only', '2020-01-01T00:00:00+01'],
    ['a space for the T', '2020-01-01 00:00:00Z'],
    ['ten digits of fraction', '2020-01-01T00:00:00.0002000000Z'],
  ])('refuses %s (%s), which Ajv alone lets through', (_what, value) => {
    expect(ajvFormat(value)).toBe(true);
    expect(accepts(value)).toBe(false);
  });
});
