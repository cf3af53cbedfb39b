/**
 * Email addresses as they go into message headers and into logs: the one place that decides how a
 * recipient's name is written (RFC 5322 / RFC 2047) and how an address is shortened for a log line.
 */

// A name may only be a plain quoted-string when every character is printable ASCII.
const printableAscii = /^[\x20-\x7e]*$/;
// RFC 2047 caps an encoded-word at 75 characters; "=?UTF-8?B?" and "?=" take 12, and 45 bytes of
// UTF-8 become 60 base64 characters.
const encodedWordBytes = 45;

/**
 * `"Name" <email>`: the name as an RFC 5322 quoted-string, or as RFC 2047 encoded-words when it has
 * characters outside ASCII (Welsh and other accented names), which SES requires in address headers.
 * Line breaks are dropped so a name can never add a header.
 */
export function formatMailbox(name: string, email: string): string {
  const displayName = name.replace(/[\r\n]+/g, ' ').trim();
  if (displayName === '') return email;
  if (printableAscii.test(displayName)) {
    return `"${displayName.replace(/["\\]/g, (character) => `\\${character}`)}" <${email}>`;
  }
  return `${encodeWords(displayName).join(' ')} <${email}>`;
}

/** Splits on character boundaries, so no encoded-word ends inside a multi-byte character. */
function encodeWords(text: string): string[] {
  const encoder = new TextEncoder();
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    if (encoder.encode(chunk + character).length > encodedWordBytes) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`);
}

/** `j***@example.org`: enough to tell two recipients apart in a log, not enough to write to one. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const emailLike = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g;

/** Masks every address in free text, such as an SES error message that quotes the recipient. */
export function maskEmailsIn(text: string): string {
  return text.replace(emailLike, maskEmail);
}
