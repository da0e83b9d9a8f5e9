/**
 * A `<dl>` from label/value pairs, leaving out the values the model does not have. Labels are ours;
 * values must already be escaped HTML.
 */
export function renderDefinitionList(className: string, rows: [label: string, valueHtml: string | undefined][]): string {
  const items = rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([label, value]) => `<div><dt>${label}</dt><dd>${value}</dd></div>`);
  return items.length === 0 ? '' : `<dl class="${className}">${items.join('')}</dl>`;
}
