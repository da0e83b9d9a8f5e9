/** The value type a `dataType` holds, and the element type of its array form. */
export interface DataTypeShape {
  element: 'string' | 'integer' | 'double' | 'boolean';
  array: boolean;
}

const DATA_TYPE = /^(array\[)?(string|integer|double|boolean)(\])?$/;

/** Parses `string` or `array[integer]`; undefined for anything else (the schema check reports that, PKG-044). */
export function dataTypeShape(dataType: unknown): DataTypeShape | undefined {
  if (typeof dataType !== 'string') return undefined;
  const match = DATA_TYPE.exec(dataType);
  if (!match || Boolean(match[1]) !== Boolean(match[3])) return undefined;
  return { element: match[2] as DataTypeShape['element'], array: Boolean(match[1]) };
}

export function valueFits(value: unknown, element: DataTypeShape['element']): boolean {
  switch (element) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}
