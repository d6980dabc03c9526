// application/x-www-form-urlencoded decoding, shared by the emulator (to read params) and
// the proxy (to recognise parameter names it must redact in logs).

/**
 * Decodes an application/x-www-form-urlencoded string (a query or a form body, its bytes
 * as latin1 characters) into [name, value] pairs: `+` is a space, `%XY` a byte, bytes are
 * read as UTF-8 (invalid sequences become U+FFFD, a BOM is kept), a malformed `%` stays
 * literal.
 */
export function decodeForm(text) {
  const pairs = [];
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq === -1 ? piece : piece.slice(0, eq);
    const value = eq === -1 ? '' : piece.slice(eq + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}

// `s` holds raw bytes as latin1 characters (as node hands over URLs, and as bodies are read).
function decodeComponent(s) {
  const bytes = [];
  const raw = Buffer.from(s.replace(/\+/g, ' '), 'latin1');
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x25 && i + 2 < raw.length ? raw.toString('latin1', i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(raw[i]);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

