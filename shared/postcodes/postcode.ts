/**
 * UK postcodes as people type them. Plain domain: no I/O, so pages, the JSON API and the import
 * command all agree on what a postcode is and how it is written.
 */

export type ParsedPostcode =
  | { ok: true; kind: 'full'; postcode: string; outward: string; inward: string }
  | { ok: true; kind: 'district'; postcode: string; outward: string }
  | { ok: false; message: string };

/** GOV.UK-style messages: each says what to do, not what went wrong. */
export const postcodeMessages = {
  empty: 'Enter a postcode',
  malformed: 'Enter a real postcode, like DT1 1AA',
  // Shown by callers when the lookup has no match; the first half alone often still works.
  unknown: 'We could not find that postcode. Check it, or enter just the first part, like DT1',
} as const;

/**
 * Royal Mail's rules for the outward code (A9, A99, AA9, AA99, A9A, AA9A) and inward code. The
 * letter restrictions matter: they turn a typo such as O for 0 into "enter a real postcode"
 * rather than a lookup that can only fail.
 */
const outwardPattern =
  '(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])';
const inwardPattern = '[0-9][ABD-HJLNP-UW-Z]{2}';
const fullPostcode = new RegExp(`^(${outwardPattern})(${inwardPattern})$`);
const outwardOnly = new RegExp(`^${outwardPattern}$`);
/** Girobank's historic postcode: outside the rules, but still in the national files. */
const girobank = 'GIR0AA';
/** The longest postcode without its space (AA9A 9AA). */
const longestCompactLength = 7;

export function parsePostcode(input: string): ParsedPostcode {
  const words = input.trim().toUpperCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { ok: false, message: postcodeMessages.empty };
  const compact = words.join('');
  if (compact.length > longestCompactLength || words.length > 2) {
    return { ok: false, message: postcodeMessages.malformed };
  }
  if (compact === girobank)
    return { ok: true, kind: 'full', postcode: 'GIR 0AA', outward: 'GIR', inward: '0AA' };

  const full = fullPostcode.exec(compact);
  const [, outward, inward] = full ?? [];
  // A space, where there is one, must sit between the outward and inward codes: "DT1 1" is a
  // sector of DT1, and reading it as the district DT11 would search the wrong town.
  if (outward && inward && (words.length === 1 || words[0] === outward)) {
    return { ok: true, kind: 'full', postcode: `${outward} ${inward}`, outward, inward };
  }
  if (words.length === 1 && outwardOnly.test(compact)) {
    return { ok: true, kind: 'district', postcode: compact, outward: compact };
  }
  return { ok: false, message: postcodeMessages.malformed };
}
