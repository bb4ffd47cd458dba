import { z } from 'zod';
import { DatasetOptionsSchema } from './dataset.ts';
import type { PersonaRecord } from '../../shared/domain/persona-record.ts';
import type { DemoBackendLogEntry } from './start-server.ts';

/**
 * Messages between the demo back end's process (`process-entry.ts`) and its
 * parent. Parent → child: `start` (once) and `stop`. Child → parent: `ready`,
 * `error`, `log` and `stopped`.
 */

export const StartMessageSchema = z.strictObject({
  type: z.literal('start'),
  options: z.strictObject({
    port: z.number().int().min(0).max(65_535).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    igDirectory: z.string().min(1).optional(),
    dataset: DatasetOptionsSchema,
  }),
});
export type StartMessage = z.input<typeof StartMessageSchema>;

export const StopMessageSchema = z.strictObject({ type: z.literal('stop') });

export type ChildMessage =
  | {
      readonly type: 'ready';
      readonly origin: string;
      readonly serviceBaseUrls: Readonly<Record<string, string>>;
      readonly adminToken: string;
      /** Demo personas of a generated dataset, with names resolved (empty otherwise). */
      readonly personas: readonly PersonaRecord[];
    }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'log'; readonly entry: DemoBackendLogEntry }
  | { readonly type: 'stopped' };
