import { LineCounter, isCollection, isDocument, parseDocument, type Document } from 'yaml';
import { DEFAULT_LIMITS, UnsafeInputError, type InputLimits } from './limits.js';

export interface YamlProblem {
  message: string;
  line?: number;
  column?: number;
}

export interface ParsedYaml {
  /** The plain value, or undefined when the document could not be parsed safely. */
  value: unknown;
  /** Syntax errors, refused aliases or nesting; empty when `value` is usable. */
  problems: YamlProblem[];
  /** Set when the document broke a safety bound (size, aliases, nesting): a refused input, not a product defect. */
  refused?: string;
  /** Line and column (1-based) of the node at an RFC 6901 pointer, or of its nearest existing parent. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

type YamlLimits = Pick<InputLimits, 'maxYamlBytes' | 'maxYamlAliases' | 'maxYamlDepth'>;

/**
 * Parses untrusted YAML with bounded cost: size is checked before parsing, flow nesting is measured
 * before the parser recurses into it, aliases are capped while the value is built (alias bombs), and
 * duplicate keys are errors because consumers disagree on which one wins.
 */
export function parseYaml(source: string, limits: YamlLimits = DEFAULT_LIMITS): ParsedYaml {
  const lineCounter = new LineCounter();
  const failed = (problems: YamlProblem[]): ParsedYaml => ({ value: undefined, problems, locate: () => undefined });
  const refused = (message: string): ParsedYaml => ({ value: undefined, problems: [{ message }], refused: message, locate: () => undefined });

  if (Buffer.byteLength(source) > limits.maxYamlBytes) {
    return refused(`document is larger than ${limits.maxYamlBytes} bytes; refused`);
  }
  const flowDepth = maxFlowDepth(source);
  if (flowDepth > limits.maxYamlDepth) {
    return refused(`nesting is deeper than ${limits.maxYamlDepth} levels; refused`);
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (cause) {
    return failed([{ message: `cannot parse: ${(cause as Error).message}` }]);
  }
  const position = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return failed(doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, ...position(e.pos[0]) })));
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxYamlAliases });
  } catch (cause) {
    return refused(`aliases expand beyond ${limits.maxYamlAliases} references; refused (${(cause as Error).message.split('\n')[0]})`);
  }
  if (depthOf(value, limits.maxYamlDepth + 1) > limits.maxYamlDepth) {
    return refused(`nesting is deeper than ${limits.maxYamlDepth} levels; refused`);
  }

  return {
    value,
    problems: [],
    locate(pointer) {
      let node: unknown = doc.contents;
      let found = node;
      for (const token of pointerTokens(pointer)) {
        if (!isCollection(node)) break;
        const child: unknown = node.get(isIndex(token) ? Number(token) : token, true);
        if (child === undefined) break;
        node = child;
        found = child;
      }
      const range = (found as { range?: [number, number, number] } | null)?.range ?? (isDocument(found) ? undefined : undefined);
      const at = position(range?.[0]);
      return at.line === undefined ? undefined : { line: at.line, column: at.column ?? 1 };
    },
  };
}

/**
 * The parse of an input the run is about (a package's description, a Compose file), or `UnsafeInputError` when
 * it broke a safety bound: bombs and nesting end the run as `error` (limits.ts), never as a product `fail`.
 */
export function refuseUnsafeYaml(parsed: ParsedYaml, where: string): ParsedYaml {
  if (parsed.refused !== undefined) throw new UnsafeInputError(`${where}: ${parsed.refused}. Give a document within the limits.`);
  return parsed;
}

export function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isIndex(token: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(token);
}

/** Deepest `[`/`{` nesting outside quoted scalars and comments: the part of YAML the parser recurses on. */
function maxFlowDepth(source: string): number {
  let depth = 0;
  let max = 0;
  let quote: '"' | "'" | undefined;
  let comment = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (comment) {
      if (c === '\n') comment = false;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(source[i - 1] ?? ''))) comment = true;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return max;
}

function depthOf(value: unknown, stopAt: number, depth = 0): number {
  if (depth >= stopAt || value === null || typeof value !== 'object') return depth;
  let max = depth + 1;
  for (const child of Object.values(value as Record<string, unknown>)) {
    max = Math.max(max, depthOf(child, stopAt, depth + 1));
    if (max >= stopAt) break;
  }
  return max;
}
