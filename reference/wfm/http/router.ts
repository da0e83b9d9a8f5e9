/** A compiled path template: `{name}` matches one segment, except `{deviceId}`, which may span several (gateway children). */
export interface CompiledPath {
  template: string;
  match(pathname: string): Record<string, string> | undefined;
}

const MULTI_SEGMENT = new Set(['deviceId']);

export function compilePath(template: string): CompiledPath {
  const names: string[] = [];
  const source = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return MULTI_SEGMENT.has(name) ? '(.+)' : '([^/]+)';
    })
    .join('');
  const pattern = new RegExp(`^${source}$`);
  return {
    template,
    match(pathname) {
      const found = pattern.exec(pathname);
      if (!found) return undefined;
      const params: Record<string, string> = {};
      try {
        names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      } catch {
        return undefined;
      }
      return params;
    },
  };
}

/** Fills a path template with values, percent-encoding each (a deviceId keeps its slashes). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Path template ${template} needs a value for {${name}}.`);
    return MULTI_SEGMENT.has(name) ? value.split('/').map(encodeSegment).join('/') : encodeSegment(value);
  });
}

/** Percent-encodes a path segment but keeps ":" and "@", which RFC 3986 allows there, so `sha256:<hex>` stays as written (DS-017). */
function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%40/gi, '@');
}
