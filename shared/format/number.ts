/**
 * Number formatting in the user's language: Danish (decimal comma) unless
 * English. Building an Intl.NumberFormat costs far more than formatting with
 * one, and charts format hundreds of values per paint, so formatters are kept
 * per language and options.
 */
const formatters = new Map<string, Intl.NumberFormat>();

export function numberFormat(
  language: string,
  options: Intl.NumberFormatOptions = {},
): Intl.NumberFormat {
  const locale = language === 'en' ? 'en-GB' : 'da-DK';
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}
