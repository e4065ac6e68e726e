/**
 * Why a column/key cannot be a field name, or undefined. `__proto__` would set the row object's
 * prototype instead of holding a value, so `${data.X.__proto__}` could never read it.
 */
export function checkFieldName(name: string): string | undefined {
  return name === '__proto__' ? 'the name "__proto__" cannot be used as a field name' : undefined;
}
