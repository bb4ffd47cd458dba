/**
 * What may reach a log: logs stay on the machine but are read by support and
 * attached to tickets, so they must hold nothing that identifies a citizen.
 * Code logs no resource bodies and no free text; this is the net under it,
 * applied where a message is written (main's log, the harness's):
 * - CPR numbers, with or without a dash (or a space, or `%2D`), inside
 *   longer text, in any script's decimal digits;
 * - query strings (a FHIR search names a citizen's identifier, name or
 *   birth date): everything after a `?` up to the next space;
 * - double-quoted text (a JSON parse error quotes the start of the body it
 *   could not read). Single quotes are left: the app's own messages use
 *   them for names of channels and types.
 */

const CPR = /(?<!\p{Nd})\p{Nd}{6}(?:-|%2[dD]|\s)?\p{Nd}{4}(?!\p{Nd})/gu;
const QUERY = /\?[^\s"']*/g;
const QUOTED = /"[^"\n]*"/g;

export const SCRUBBED = {
  cpr: '[cpr]',
  query: '?[query]',
  quoted: '"[text]"',
} as const;

/** Every CPR in the text (any of the forms above) replaced by `mask`. */
export function maskCprs(text: string, mask: string): string {
  return text.replace(CPR, mask);
}

export function scrubLogText(text: string): string {
  return text
    .replace(QUOTED, SCRUBBED.quoted)
    .replace(QUERY, SCRUBBED.query)
    .replace(CPR, SCRUBBED.cpr);
}
