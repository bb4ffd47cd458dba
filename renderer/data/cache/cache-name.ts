/** The database name for a user key: the caller's non-identifying hash, checked to be one. */
export function cacheDbName(userKey: string): string {
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(userKey))
    throw new RangeError('The cache user key must be an opaque hash (8–128 of A–Z a–z 0–9 _ -).');
  return `workbench-cache-${userKey}`;
}
