import { formatMinorUnits } from './money';
import type { AccountLinkRecord, EmulatedAccount } from './objects';
import type { SessionRecord } from './store';
import { type CardField, type CardForm, testCards } from './test-cards';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const styles = `
body{font-family:system-ui,sans-serif;margin:0;color:#0b0c0c;background:#fff;line-height:1.5}
.banner{background:#3d2e8c;color:#fff;padding:.5rem 1rem}
.banner p{margin:0}
main{max-width:36rem;margin:0 auto;padding:1rem}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;padding:.4rem;border:2px solid #0b0c0c;width:100%;box-sizing:border-box}
input[aria-invalid=true]{border-color:#b10e1e}
:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
button{font:inherit;margin-top:1.5rem;padding:.5rem 1.25rem;background:#00703c;color:#fff;border:0;cursor:pointer}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #b1b4b6}
.number{text-align:right}
.error,.field-error{color:#b10e1e;font-weight:600}
.alert{border:4px solid #b10e1e;padding:.75rem 1rem;margin:1rem 0}
a{color:#1d70b8}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/** Plain server-rendered pages: no scripts, no external assets, a form that works without JavaScript. */
export function renderPage(title: string, content: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Stripe emulator (local test)</title>
<style>${styles}</style>
</head>
<body>
<header class="banner"><p><strong>Stripe emulator (local test)</strong>: no real card is charged and no money moves.</p></header>
<main>
${content}
</main>
</body>
</html>`;
}

export interface CheckoutPageState {
  form?: Partial<CardForm>;
  errors?: Partial<Record<CardField, string>>;
  declined?: string;
}

const fields: readonly {
  name: CardField;
  id: string;
  label: string;
  autocomplete: string;
  numeric?: boolean;
}[] = [
  { name: 'number', id: 'card-number', label: 'Card number', autocomplete: 'cc-number', numeric: true },
  { name: 'expiry', id: 'expiry', label: 'Expiry date (MM / YY)', autocomplete: 'cc-exp' },
  { name: 'cvc', id: 'cvc', label: 'Security code (CVC)', autocomplete: 'cc-csc', numeric: true },
  { name: 'name', id: 'cardholder-name', label: 'Name on card', autocomplete: 'cc-name' },
];
const emailField = { name: 'email', id: 'email', label: 'Email address', autocomplete: 'email' } as const;

export function renderCheckoutPage(record: SessionRecord, state: CheckoutPageState = {}): string {
  const { session, lineItems } = record;
  const currency = session.currency ?? 'gbp';
  const total = formatMinorUnits(session.amount_total ?? 0, currency);
  const rows = lineItems
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.name)}${item.description ? `<br><span>${escapeHtml(item.description)}</span>` : ''}</td>` +
        `<td class="number">${item.quantity}</td>` +
        `<td class="number">${formatMinorUnits(item.unitAmount * item.quantity, currency)}</td></tr>`,
    )
    .join('\n');
  const visibleFields = session.customer_email === null ? [emailField, ...fields] : fields;
  const content = `<h1>Pay ${total}</h1>
${errorSummary(state, visibleFields)}
<table>
<caption class="visually-hidden">Your order</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="number">Quantity</th><th scope="col" class="number">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" colspan="2">Total</th><td class="number"><strong>${total}</strong></td></tr></tfoot>
</table>
<form method="post" action="/checkout/${escapeHtml(session.id)}" novalidate>
${session.customer_email === null ? '' : `<p>Paying as <strong>${escapeHtml(session.customer_email)}</strong></p>`}
${visibleFields.map((field) => renderField(field, state)).join('\n')}
<button type="submit">Pay ${total}</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and return to the marketplace</a></p>` : ''}
${testCardList()}`;
  return renderPage(`Pay ${total}`, content);
}

function errorSummary(state: CheckoutPageState, visible: readonly { name: CardField; id: string }[]): string {
  if (state.declined) {
    return `<div class="alert" role="alert"><p class="error">${escapeHtml(state.declined)}</p><p>Try another card.</p></div>`;
  }
  const errors = state.errors ?? {};
  const items = visible
    .filter((field) => errors[field.name])
    .map((field) => `<li><a href="#${field.id}">${escapeHtml(errors[field.name] ?? '')}</a></li>`);
  if (items.length === 0) return '';
  return `<div class="alert" role="alert"><h2>There is a problem</h2><ul>${items.join('')}</ul></div>`;
}

function renderField(
  field: { name: CardField; id: string; label: string; autocomplete: string; numeric?: boolean },
  state: CheckoutPageState,
): string {
  const error = state.errors?.[field.name];
  // The security code is never echoed back, as on any card form.
  const value = field.name === 'cvc' ? '' : (state.form?.[field.name] ?? '');
  const errorId = `${field.id}-error`;
  return `<label for="${field.id}">${field.label}</label>
${error ? `<p class="field-error" id="${errorId}"><span class="visually-hidden">Error:</span> ${escapeHtml(error)}</p>` : ''}
<input id="${field.id}" name="${field.name}" type="${field.name === 'email' ? 'email' : 'text'}" autocomplete="${field.autocomplete}"${field.numeric ? ' inputmode="numeric"' : ''} value="${escapeHtml(value)}"${error ? ` aria-invalid="true" aria-describedby="${errorId}"` : ''}>`;
}

function testCardList(): string {
  const items = testCards
    .map(
      (card) =>
        `<li><code>${card.number.replace(/(\d{4})(?=\d)/g, '$1 ')}</code>: ${card.brand} ${card.funding}${card.decline ? `, declined (${card.decline.declineCode})` : ', succeeds'}</li>`,
    )
    .join('\n');
  return `<details><summary>Test cards</summary><p>Use any future expiry date and any 3-digit security code.</p><ul>${items}</ul></details>`;
}

export function renderSessionUnavailable(record: SessionRecord): string {
  const { session } = record;
  if (session.status === 'complete') {
    const link = session.success_url
      ? `<p><a href="${escapeHtml(session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id))}">Return to the marketplace</a></p>`
      : '';
    return renderPage(
      'Payment complete',
      `<h1>This payment is complete</h1><p>You have already paid. You do not need to pay again.</p>${link}`,
    );
  }
  return renderPage(
    'Checkout session expired',
    `<h1>This checkout session has expired</h1><p>You have not been charged. Go back to the marketplace to start again.</p>${
      session.cancel_url
        ? `<p><a href="${escapeHtml(session.cancel_url)}">Return to the marketplace</a></p>`
        : ''
    }`,
  );
}

export function renderPaymentSucceeded(): string {
  return renderPage('Payment successful', '<h1>Payment successful</h1><p>You can close this page.</p>');
}

export function renderNotFound(what: string): string {
  return renderPage(
    'Page not found',
    `<h1>Page not found</h1><p>There is no ${escapeHtml(what)} at this address.</p>`,
  );
}

export function renderOnboardingPage(
  token: string,
  link: AccountLinkRecord,
  account: EmulatedAccount,
): string {
  const email = account.email ? `<p>Email: <strong>${escapeHtml(account.email)}</strong></p>` : '';
  return renderPage(
    'Set up payments',
    `<h1>Set up payments for your organisation</h1>
<p>On Stripe this is where the provider gives business, identity and bank details. The emulator skips them.</p>
<p>Connected account: <code>${escapeHtml(link.account)}</code></p>
${email}
<form method="post" action="/onboarding/${escapeHtml(token)}">
<button type="submit">Complete onboarding</button>
</form>`,
  );
}
