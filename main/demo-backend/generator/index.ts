/** The demo back end's synthetic data generator: the one entry point the server uses. */
export type { DemoDataset, DemoDatasetOptions } from './dataset.ts';
export {
  BENCHMARK_CITIZENS,
  DEFAULT_CITIZENS,
  DEFAULT_HISTORY_DAYS,
  generateDemoDataset,
} from './dataset.ts';
export { RESOURCE_ORDER } from './sink.ts';
export { DEFAULT_VIDEO_BASE_URL } from './appointments.ts';
