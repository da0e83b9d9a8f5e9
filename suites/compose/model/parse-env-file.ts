/**
 * Reads a `.env` / `--env-file` file as Compose does: `KEY=VALUE` lines, `export ` prefixes, `#` comments,
 * single quotes taken literally, double quotes with `\n` escapes, and trailing ` # comment` on unquoted values.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.indexOf('=');
    if (cut <= 0) continue;
    const key = line.slice(0, cut).trim();
    let value = line.slice(cut + 1).trim();
    if (value.startsWith("'") && value.lastIndexOf("'") > 0) value = value.slice(1, value.lastIndexOf("'"));
    else if (value.startsWith('"') && value.lastIndexOf('"') > 0) value = value.slice(1, value.lastIndexOf('"')).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    else value = value.replace(/\s+#.*$/, '');
    env.set(key, value);
  }
  return env;
}
