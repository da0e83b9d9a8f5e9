/**
 * Text from the input made safe for a terminal: C0 and C1 control characters (ESC, CR, BEL, ...), DEL and
 * the Unicode bidirectional overrides become visible escapes (`\x1b`, `\u202e`), so a hostile name can neither
 * move the cursor, recolour, retitle the window nor reorder what is shown. Everything else is kept.
 */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
