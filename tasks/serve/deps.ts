import type { Logger } from '../core/log';
import type { DashboardStore, PipelineStatus } from './store';

/** One EPA category as the page draws it; comes from the classifier in tasks/classify. */
export interface CategoryBand {
  key: string;
  name: string;
  min: number;
  max: number;
  color: string;
}

/** Everything a route may use. Built once by `aqi serve`, or by tests with their own keyspace. */
export interface ServeDeps {
  store: DashboardStore;
  pipeline: PipelineStatus;
  scale: readonly CategoryBand[];
  categoryOf: (aqi: number) => string;
  /** Folder holding the bundled page (index.html, app.js, app.css). */
  webDir: string;
  log: Logger;
}
