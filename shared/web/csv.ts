/**
 * CSV as spreadsheets read it (RFC 4180, CRLF lines). A field is quoted when it holds a comma,
 * quote or line break; text starting = + - @ (which a spreadsheet could run as a formula) gets a
 * leading apostrophe, but plain numbers such as -4.00 are left as they are.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Headers to send a CSV as a download named `filename`; never cached, as it may hold people's details. */
export const csvDownloadHeaders = (filename: string) => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${filename}"`,
  'Cache-Control': 'no-store',
});

/** A whole CSV document: a header and rows. */
export const csvDocument = (rows: (string | number)[][]) =>
  rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
