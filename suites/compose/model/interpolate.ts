import { MAX_INTERPOLATION_DEPTH, UnsafeInputError } from '../../../core/input/limits.js';

/** Variables for interpolation: from `--env-file`, `--env` and the archive's `.env`; never `process.env` in the core. */
export type Environment = ReadonlyMap<string, string>;

export interface InterpolatedString {
  text: string;
  /** Variables that were unset and had no default: the value is not what a deployment would see. */
  unset: string[];
  /** Whether any `$` substitution took place (a value coming from outside the file). */
  substituted: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Compose interpolation of one string: `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, nested defaults, and `$$` for a literal `$`.
 * An unset variable without a default becomes the empty string, as Compose does, and is named in `unset`;
 * a required one (`?`) is named as well instead of failing the whole file. Nesting deeper than
 * `maxDepth` throws `UnsafeInputError` (a hostile chain would otherwise overflow the stack).
 */
export function interpolateString(source: string, env: Environment, maxDepth: number = MAX_INTERPOLATION_DEPTH): InterpolatedString {
  const unset: string[] = [];
  let substituted = false;
  const expand = (text: string, depth = 0): string => {
    if (depth > maxDepth) throw new UnsafeInputError(`\${...} interpolation nests deeper than ${maxDepth} levels; refused. Flatten the nested defaults.`);
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c !== '$') {
        out += c;
        i++;
        continue;
      }
      const next = text[i + 1];
      if (next === '$') {
        out += '$';
        i += 2;
        continue;
      }
      if (next === '{') {
        const close = matchingBrace(text, i + 1);
        if (close < 0) {
          out += text.slice(i);
          break;
        }
        out += expandBraced(text.slice(i + 2, close), depth + 1);
        substituted = true;
        i = close + 1;
        continue;
      }
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name) {
        substituted = true;
        const value = env.get(name);
        if (value === undefined) unset.push(name);
        out += value ?? '';
        i += 1 + name.length;
        continue;
      }
      out += '$';
      i++;
    }
    return out;
  };
  const expandBraced = (body: string, depth: number): string => {
    const name = NAME.exec(body)?.[0] ?? '';
    const rest = body.slice(name.length);
    const operator = /^(:-|-|:\?|\?|:\+|\+)?/.exec(rest)?.[0] ?? '';
    const argument = rest.slice(operator.length);
    const value = env.get(name);
    const empty = value === undefined || value === '';
    switch (operator) {
      case ':-':
        return empty ? expand(argument, depth) : (value as string);
      case '-':
        return value === undefined ? expand(argument, depth) : value;
      case ':?':
      case '?':
        if (operator === ':?' ? empty : value === undefined) {
          unset.push(name);
          return '';
        }
        return value as string;
      case ':+':
        return empty ? '' : expand(argument, depth);
      case '+':
        return value === undefined ? '' : expand(argument, depth);
      default:
        if (value === undefined) unset.push(name);
        return value ?? '';
    }
  };
  const text = expand(source);
  return { text, unset: [...new Set(unset)], substituted };
}

/** Index of the `}` closing the `{` at `open`, counting nested `${...}`; -1 when unbalanced. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

export interface InterpolatedValue {
  value: unknown;
  /** JSON Pointer of each string that used an unset variable -> the variables. */
  unresolved: Map<string, string[]>;
  /** JSON Pointers of every string that had a substitution. */
  substituted: Set<string>;
}

/** Interpolates every string value (not keys, as Compose) of a parsed document, recording where variables were unset. */
export function interpolateValue(value: unknown, env: Environment, base = ''): InterpolatedValue {
  const unresolved = new Map<string, string[]>();
  const substituted = new Set<string>();
  const walk = (node: unknown, pointer: string): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('$')) return node;
      let result: InterpolatedString;
      try {
        result = interpolateString(node, env);
      } catch (cause) {
        if (cause instanceof UnsafeInputError) throw new UnsafeInputError(`${pointer || '/'}: ${cause.message}`, { cause });
        throw cause;
      }
      if (result.unset.length > 0) unresolved.set(pointer, result.unset);
      if (result.substituted) substituted.add(pointer);
      return result.text;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${pointer}/${index}`));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = walk(child, `${pointer}/${escapeToken(key)}`);
      return out;
    }
    return node;
  };
  return { value: walk(value, base), unresolved, substituted };
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
