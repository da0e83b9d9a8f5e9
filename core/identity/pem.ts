const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]*?)-----END \1-----/g;

/** PEM text for one DER object, base64 wrapped at 64 columns, ending in a newline. */
export function encodePem(label: string, der: ArrayBuffer | Uint8Array): string {
  const base64 = Buffer.from(der instanceof ArrayBuffer ? new Uint8Array(der) : der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** DER bodies of every PEM block with the given label, in order; text outside blocks is ignored. */
export function decodePem(text: string, label = 'CERTIFICATE'): Buffer[] {
  const blocks: Buffer[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    if (match[1] === label) blocks.push(Buffer.from((match[2] ?? '').replace(/\s+/g, ''), 'base64'));
  }
  return blocks;
}
