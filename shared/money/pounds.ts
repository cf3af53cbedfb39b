/** Pence as people read money: `£25.50`, `£1,200.00`, `-£4.00`. */
export function formatPounds(pence: number): string {
  const pounds = (Math.abs(pence) / 100).toLocaleString('en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${pence < 0 ? '-' : ''}£${pounds}`;
}

/** Pence as a plain decimal for CSV and spreadsheets: `25.50`, `-4.00`. */
export const decimalPounds = (pence: number) => (pence / 100).toFixed(2);
