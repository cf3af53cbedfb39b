import { describe, expect, it } from 'vitest';
import { parsePostcode, postcodeMessages } from '../../../../shared/postcodes/postcode';

describe('parsePostcode', () => {
  it('accepts a full postcode with its space and splits it into outward and inward codes', () => {
    expect(parsePostcode('DT1 1AA')).toEqual({
      ok: true,
      kind: 'full',
      postcode: 'DT1 1AA',
      outward: 'DT1',
      inward: '1AA',
    });
  });

  it.each([
    ['without the space', 'DT11AA', 'DT1 1AA'],
    ['in lower case', 'dt1 1aa', 'DT1 1AA'],
    ['with spaces around and inside', '  bh15   1hp ', 'BH15 1HP'],
    ['with several spaces between the parts', 'DT1   1AA', 'DT1 1AA'],
    ['with a two-digit district and no space', 'bh151hp', 'BH15 1HP'],
    ['in the A9A form', 'W1A 1AA', 'W1A 1AA'],
    ['in the AA9A form', 'ec1a1bb', 'EC1A 1BB'],
    ['in the A9 form', 'M1 1AE', 'M1 1AE'],
    ['as the historic Girobank postcode', 'gir 0aa', 'GIR 0AA'],
  ])('accepts a full postcode %s', (_, input, postcode) => {
    expect(parsePostcode(input)).toMatchObject({ ok: true, kind: 'full', postcode });
  });

  it('a postcode with two-letter area and two-digit district keeps both digits in the outward code', () => {
    expect(parsePostcode('BH151HP')).toMatchObject({ outward: 'BH15', inward: '1HP' });
  });

  it.each([
    ['DT1', 'DT1'],
    ['bh15', 'BH15'],
    [' dt11 ', 'DT11'],
    ['ec1a', 'EC1A'],
  ])('accepts the first part alone (%j) as a district', (input, district) => {
    expect(parsePostcode(input)).toEqual({
      ok: true,
      kind: 'district',
      postcode: district,
      outward: district,
    });
  });

  it.each(['', '   ', '\t\n'])('asks for a postcode when given nothing (%j)', (input) => {
    expect(parsePostcode(input)).toEqual({ ok: false, message: 'Enter a postcode' });
  });

  it.each([
    ['letters only', 'DORSET'],
    ['digits only', '123456'],
    ['a sector without its unit', 'DT1 1'],
    ['a space inside the outward code', 'DT 11AA'],
    ['a space inside the inward code', 'DT1 1 AA'],
    ['a letter O typed for a zero in the inward code', 'DT1 OAA'],
    ['a letter the inward code never uses', 'DT1 1AC'],
    ['Q as the first letter', 'QT1 1AA'],
    ['punctuation', 'DT1-1AA'],
    ['a US zip code', '90210'],
  ])('asks for a real postcode when given %s', (_, input) => {
    expect(parsePostcode(input)).toEqual({ ok: false, message: 'Enter a real postcode, like DT1 1AA' });
  });

  it('refuses input longer than any postcode without trying to match it', () => {
    expect(parsePostcode('DT11 1AAA')).toEqual({ ok: false, message: postcodeMessages.malformed });
    expect(parsePostcode('DT1 1AA '.repeat(1000))).toEqual({
      ok: false,
      message: postcodeMessages.malformed,
    });
  });
});
