// Writes an RPC answer as JSON or as XML (root element named after the action, or Error).

function xmlEscape(s) {
  return String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}

/** Serialises a value as XML elements; an array repeats the element `name` once per item. */
function toXml(name, value) {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => toXml(k, v)).join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlEscape(value)}</${name}>`;
}

// Node has no reason phrase for 449; the service's is "Retry With".
const REASONS = { 449: 'Retry With' };

/** `date` is the emulator's clock in ms: its Date header follows the skew, not the host. */
export function send(res, status, format, rootName, body, date) {
  const text = format === 'XML'
    ? `<?xml version="1.0" encoding="UTF-8"?>${toXml(rootName, body)}`
    : JSON.stringify(body);
  res.writeHead(status, REASONS[status], {
    'content-type': format === 'XML' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8',
    'x-acs-request-id': body.RequestId,
    'cache-control': 'no-store',
    date: new Date(date).toUTCString(),
  });
  res.end(text);
}
