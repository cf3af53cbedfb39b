/** Stripe's documented test cards that the emulator knows (https://stripe.com/docs/testing). */
export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard';
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** Present when the issuer declines this card. */
  decline?: { declineCode: string; message: string };
}

export const testCards: readonly TestCard[] = [
  { number: '4242424242424242', brand: 'visa', funding: 'credit', country: 'US' },
  { number: '4000056655665556', brand: 'visa', funding: 'debit', country: 'US' },
  { number: '4000008260000000', brand: 'visa', funding: 'credit', country: 'GB' },
  { number: '5555555555554444', brand: 'mastercard', funding: 'credit', country: 'US' },
  // Direct Payment cards are prepaid: this one shows the service accepts them.
  { number: '5105105105105100', brand: 'mastercard', funding: 'prepaid', country: 'US' },
  {
    number: '4000000000000002',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    decline: { declineCode: 'generic_decline', message: 'Your card was declined.' },
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    decline: { declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
];

/** What the customer typed on the hosted page. */
export interface CardForm {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
  email: string;
}

export type CardField = keyof CardForm;

export type CardCheck =
  | { ok: true; card: TestCard; expMonth: number; expYear: number }
  | { ok: false; errors: Partial<Record<CardField, string>> };

/** The checks Stripe's card form makes before it sends anything, with its messages. */
export function checkCardForm(form: CardForm, today: Date, emailRequired: boolean): CardCheck {
  const errors: Partial<Record<CardField, string>> = {};
  const number = form.number.replace(/[\s-]/g, '');
  const card = testCards.find((candidate) => candidate.number === number);
  if (!card) errors.number = unknownCardMessage(number);
  const expiry = parseExpiry(form.expiry, today);
  if (typeof expiry === 'string') errors.expiry = expiry;
  if (!/^\d{3,4}$/.test(form.cvc.trim())) errors.cvc = "Your card's security code is incomplete.";
  if (form.name.trim() === '') errors.name = 'Enter the name on the card.';
  if (emailRequired && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) {
    errors.email = 'Your email address is invalid.';
  }
  if (!card || typeof expiry === 'string' || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, card, ...expiry };
}

function unknownCardMessage(number: string): string {
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) return 'Your card number is invalid.';
  return 'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing.';
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((char, index) => {
    const digit = Number(char);
    const doubled = index % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  });
  return sum % 10 === 0;
}

function parseExpiry(text: string, today: Date): { expMonth: number; expYear: number } | string {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return "Your card's expiration date is incomplete.";
  const expMonth = Number(match[1]);
  const year = Number(match[2]);
  const expYear = year < 100 ? 2000 + year : year;
  if (expMonth < 1 || expMonth > 12) return "Your card's expiration date is incomplete.";
  const thisMonth = today.getUTCFullYear() * 12 + today.getUTCMonth();
  if (expYear * 12 + (expMonth - 1) < thisMonth) return "Your card's expiration date is in the past.";
  return { expMonth, expYear };
}
