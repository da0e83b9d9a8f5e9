/** Keeps the last `limit` characters of a stream of output. */
export function createBoundedLog(limit = 64 * 1024): { append(chunk: string): void; text(): string } {
  let text = '';
  let dropped = 0;
  return {
    append(chunk) {
      text += chunk;
      if (text.length > limit) {
        dropped += text.length - limit;
        text = text.slice(text.length - limit);
      }
    },
    text: () => (dropped > 0 ? `… (${dropped} earlier characters dropped)\n${text}` : text),
  };
}
