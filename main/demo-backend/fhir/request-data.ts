/** A request as handlers see it: body already read, URL already split. */
export interface RequestData {
  readonly method: string;
  readonly pathname: string;
  /** Query parameters in order (repeats kept). */
  readonly query: readonly (readonly [string, string])[];
  /** The request URL as an absolute URL on our origin (for `self` links). */
  readonly selfUrl: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}
