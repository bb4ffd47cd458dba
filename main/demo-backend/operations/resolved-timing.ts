/** The measurement regime → time slots reading lives in shared/fhir/resolved-timing.ts. */
export {
  offsetMinutes,
  resolveTiming,
  slotAt,
  type Slot,
  type TimingResolution,
} from '../../../shared/fhir/resolved-timing.ts';
