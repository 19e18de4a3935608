import type { Band } from './api';

/** What every view shares: the EPA scale from the server and the day the data ends on. */
export interface ViewContext {
  scale: Band[];
  colorOf: (category: string | null) => string;
  nameOf: (category: string | null) => string;
  /** The UTC day of the newest reading, so the first view shows data, not an empty today. */
  latestDay: string;
  /** Countries and 'country/city' keys of the stations with a latest reading, for pickers. */
  places: { countries: string[]; cities: string[]; busiestCountry: string | null };
}

export type View = (root: HTMLElement, params: URLSearchParams, ctx: ViewContext) => Promise<void>;
