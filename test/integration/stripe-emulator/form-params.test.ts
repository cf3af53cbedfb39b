import { describe, expect, it } from 'vitest';
import { parseFormParams, rejectUnknownParams } from '../../../scripts/local/stripe-emulator/form-params';
import { StripeApiError } from '../../../scripts/local/stripe-emulator/stripe-error';

describe("reading Stripe's form-encoded parameters", () => {
  it('nests bracketed keys into objects and indexed keys into arrays', () => {
    const params = parseFormParams(
      'line_items[0][price_data][unit_amount]=1250&line_items[0][quantity]=2&line_items[1][quantity]=1' +
        '&metadata[bookingId]=b%201&expand[]=payment_intent&expand[]=payment_intent.latest_charge',
    );
    expect(params).toEqual({
      line_items: [{ price_data: { unit_amount: '1250' }, quantity: '2' }, { quantity: '1' }],
      metadata: { bookingId: 'b 1' },
      expand: ['payment_intent', 'payment_intent.latest_charge'],
    });
  });

  it('names an unknown nested parameter by its full path', () => {
    const params = parseFormParams('line_items[0][price_data][amount]=5');
    let thrown: unknown;
    try {
      rejectUnknownParams(params, { line_items: [{ price_data: { unit_amount: true } }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StripeApiError);
    expect((thrown as StripeApiError).param).toBe('line_items[0][price_data][amount]');
  });
});
