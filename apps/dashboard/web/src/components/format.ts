/** Formatting only: every figure is the API's, shown as it came (null: nothing to measure yet). */
export const NONE = '—';

export function figure(value: number | null | undefined, unit?: string, decimals?: number): string {
  if (value === null || value === undefined) return NONE;
  const n = value.toLocaleString('en', decimals === undefined ? undefined : { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (unit === 'percent') return `${n} %`;
  if (unit === 'hours') return `${n} h`;
  return n;
}

export function money(value: number, currency: string): string {
  return value.toLocaleString('en', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A currency's ISO 4217 exponent (EUR 2, JPY 0): how many digits its minor units have. */
const exponent = (format: Intl.NumberFormat) => format.resolvedOptions().maximumFractionDigits ?? 2;

/** An amount the API states in minor units of its currency (ISO 4217: 45000 EUR = 450.00 EUR), written in major units. */
export function minor(amountMinor: number | null | undefined, currency: string): string {
  if (amountMinor === null || amountMinor === undefined) return NONE;
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.format(amountMinor / 10 ** exponent(format));
}

/** What a person typed in major units (450.5 EUR) as the API's integer minor units (45050); NaN for an unknown currency. */
export function toMinor(amount: number, currency: string): number {
  try {
    return Math.round(amount * 10 ** exponent(new Intl.NumberFormat('en', { style: 'currency', currency })));
  } catch {
    return NaN;
  }
}

export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : NONE);
