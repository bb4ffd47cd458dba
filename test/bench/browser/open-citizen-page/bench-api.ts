/** What the open-citizen bench page offers the benchmark (types only; both sides import it). */
export interface OpenCitizenBench {
  /** Fills the cache with the citizen's records read through the gateway; returns counts. */
  prepare(patientId: string): Promise<{ resources: number; observations: number }>;
  /** Renders the citizen view from scratch; ms from render start to the citizen-rendered mark. */
  open(mode: 'cache' | 'network', patientId: string): Promise<number>;
  /** The data layer alone (no rendering): ms for `citizen(patientId)`. */
  query(mode: 'cache' | 'network', patientId: string): Promise<number>;
  /** What the last opened view shows: charts, line vertices, latest-value rows, the banner's CPR. */
  shown(): { charts: number; points: number; latestRows: number; banner: string };
}

declare global {
  interface Window {
    openCitizenBench?: OpenCitizenBench;
  }
}
