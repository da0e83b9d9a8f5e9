/** Fills `{name}` placeholders of an edition path template with URL-encoded values; a `{deviceId}` keeps its slashes (a gateway's child, CAP-012). */
export function fillPath(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`reference device: no value for {${name}} in ${template}`);
    return name === 'deviceId' ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
}
