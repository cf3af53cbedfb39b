/** Minor units as Stripe writes them in messages, e.g. 1250 gbp → "£12.50". */
export function formatMinorUnits(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(
    amount / 100,
  );
}
