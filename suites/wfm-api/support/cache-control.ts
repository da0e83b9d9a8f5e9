/** Cache-Control directives by lower-case name; value `true` for directives without an argument. */
export function cacheDirectives(header: string | undefined): Map<string, string | true> {
  const directives = new Map<string, string | true>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', value] = part.trim().split('=', 2);
    if (name) directives.set(name.toLowerCase(), value === undefined ? true : value.replace(/^"|"$/g, ''));
  }
  return directives;
}

/** Which of the `expected` directives are missing or different, and whether `public`/`private` contradicts them. */
export function missingDirectives(header: string | undefined, expected: string): string[] {
  const actual = cacheDirectives(header);
  const missing: string[] = [];
  for (const [name, value] of cacheDirectives(expected)) {
    if (actual.get(name) !== value) missing.push(value === true ? name : `${name}=${value}`);
  }
  // `public` and `private` exclude each other: carrying the other one is a deviation, not an extra.
  for (const [scope, other] of [['private', 'public'], ['public', 'private']] as const) {
    if (cacheDirectives(expected).has(scope) && actual.has(other)) missing.push(`no ${other}`);
  }
  return missing;
}
