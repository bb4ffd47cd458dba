/**
 * The id in a relative reference of the given type (`Patient/12` → `12`).
 * The gateway has made references on FUT's services relative; anything else
 * (another type, a foreign absolute URL) is not ours and gives null.
 */
/**
 * Two ids in code-unit order (not a locale's), for the orders that must not
 * depend on where the resources came from.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function referenceId(reference: string | undefined, type: string): string | null {
  if (!reference?.startsWith(`${type}/`)) return null;
  const id = reference.slice(type.length + 1).split('/')[0] ?? '';
  // FHIR allows dots in ids, but "." and ".." would be path segments, never ids of ours.
  return /^[A-Za-z0-9\-.]{1,64}$/.test(id) && id !== '.' && id !== '..' ? id : null;
}
