import type { AuditEvent } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';

/**
 * The region's audit log as the demo back end keeps it: FUT writes an
 * AuditEvent for each look-up that reaches its services; the app delivers
 * the ones it answered from its cache. Held apart from the FHIR store (it is
 * not one of FUT's services), in memory for the run, searchable by patient.
 */
export class AuditLog {
  readonly #events = new Map<string, AuditEvent & { id: string }>();
  readonly #byPatient = new Map<string, string[]>();

  /** Stores an event under its id (a client-chosen id makes delivery idempotent). Returns whether it was new. */
  record(event: AuditEvent, id: string = randomUUID()): boolean {
    if (this.#events.has(id)) return false;
    this.#events.set(id, { ...event, id });
    const patient = event.entity?.find((entity) => entity.role?.code === '1')?.what?.reference;
    if (patient) {
      const key = patient.replace(/^.*\/(Patient\/[^/]+)$/, '$1');
      this.#byPatient.set(key, [...(this.#byPatient.get(key) ?? []), id]);
    }
    return true;
  }

  /** A patient's trail, oldest first. */
  forPatient(reference: string): (AuditEvent & { id: string })[] {
    const key = reference.replace(/^.*\/(Patient\/[^/]+)$/, '$1');
    return (this.#byPatient.get(key) ?? []).flatMap((id) => this.#events.get(id) ?? []);
  }

  get size(): number {
    return this.#events.size;
  }
}
