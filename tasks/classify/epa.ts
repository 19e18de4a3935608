/**
 * US EPA Air Quality Index categories (see shared/reference/aqi-us-epa.md). WAQI already
 * publishes indices on the EPA scale, so classifying means mapping an index to one of
 * the six categories. Pure and shared: analytics and the dashboard import it too.
 */
export type CategoryId = 'good' | 'moderate' | 'unhealthy_sensitive' | 'unhealthy' | 'very_unhealthy' | 'hazardous';

export interface AqiCategory {
  id: CategoryId;
  /** EPA's name, e.g. "Unhealthy for Sensitive Groups" */
  name: string;
  /** EPA's official color */
  color: string;
  /** 1 (Good) to 6 (Hazardous): sortable severity */
  rank: number;
  /** inclusive index range; Hazardous is open-ended ("beyond the AQI" above 500) */
  min: number;
  max: number;
  healthMessage: string;
}

export const CATEGORIES: readonly AqiCategory[] = [
  { id: 'good', name: 'Good', color: '#00E400', rank: 1, min: 0, max: 50,
    healthMessage: 'Air quality is satisfactory; air pollution poses little or no risk.' },
  { id: 'moderate', name: 'Moderate', color: '#FFFF00', rank: 2, min: 51, max: 100,
    healthMessage: 'Air quality is acceptable; unusually sensitive people should consider reducing prolonged or heavy exertion.' },
  { id: 'unhealthy_sensitive', name: 'Unhealthy for Sensitive Groups', color: '#FF7E00', rank: 3, min: 101, max: 150,
    healthMessage: 'Members of sensitive groups may experience health effects; the general public is less likely to be affected.' },
  { id: 'unhealthy', name: 'Unhealthy', color: '#FF0000', rank: 4, min: 151, max: 200,
    healthMessage: 'Everyone may begin to experience health effects; members of sensitive groups may experience more serious effects.' },
  { id: 'very_unhealthy', name: 'Very Unhealthy', color: '#8F3F97', rank: 5, min: 201, max: 300,
    healthMessage: 'Health alert: the risk of health effects is increased for everyone.' },
  { id: 'hazardous', name: 'Hazardous', color: '#7E0023', rank: 6, min: 301, max: Number.POSITIVE_INFINITY,
    healthMessage: 'Health warning of emergency conditions: everyone is more likely to be affected.' },
];

export const categoryById = (id: CategoryId): AqiCategory => CATEGORIES.find((c) => c.id === id) as AqiCategory;

/** An index that no category can describe: negative, NaN or infinite. */
export class InvalidAqiError extends Error {
  readonly code = 'AQI_INVALID';
  constructor(value: unknown) {
    super(`not a valid AQI value: ${String(value)}`);
    this.name = 'InvalidAqiError';
  }
}

/**
 * The category of an index value. An AQI is an integer and the EPA boundaries are
 * inclusive integers (50 Good, 51 Moderate), so fractional sub-indices are rounded
 * half up first: 50.4 is Good, 50.5 is Moderate. Null means "no value", not an error.
 */
export function categoryOf(value: number | null | undefined): AqiCategory | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0) throw new InvalidAqiError(value);
  const index = Math.floor(value + 0.5);
  for (const category of CATEGORIES) if (index <= category.max) return category;
  return CATEGORIES[CATEGORIES.length - 1] as AqiCategory;
}

/** The pollutants whose WAQI iaqi values are EPA sub-indices (neph and weather are not). */
export const AQI_POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type Pollutant = (typeof AQI_POLLUTANTS)[number];
export type SubIndices = Partial<Record<Pollutant, number | null>>;

export interface Classification {
  /** the overall index: WAQI's, or the highest sub-index when WAQI gives none (EPA's definition) */
  aqi: number | null;
  category: AqiCategory | null;
  /** the category of each pollutant that has a sub-index */
  pollutants: Partial<Record<Pollutant, CategoryId>>;
  /** WAQI's dominant pollutant, or the pollutant with the highest sub-index */
  dominantPollutant: string | null;
  healthMessage: string | null;
}

/** Classifies one reading: overall, per pollutant, dominant pollutant. Throws InvalidAqiError. */
export function classify(aqi: number | null, subIndices: SubIndices, reportedDominant: string | null): Classification {
  const pollutants: Partial<Record<Pollutant, CategoryId>> = {};
  let highest: { pollutant: Pollutant; value: number } | null = null;
  for (const pollutant of AQI_POLLUTANTS) {
    const value = subIndices[pollutant];
    const category = categoryOf(value);
    if (category === null || value === null || value === undefined) continue;
    pollutants[pollutant] = category.id;
    if (highest === null || value > highest.value) highest = { pollutant, value };
  }
  const overall = aqi ?? (highest ? Math.floor(highest.value + 0.5) : null);
  const category = categoryOf(overall);
  const dominant = reportedDominant && reportedDominant.trim() !== '' ? reportedDominant : highest?.pollutant ?? null;
  return { aqi: overall, category, pollutants, dominantPollutant: dominant, healthMessage: category?.healthMessage ?? null };
}
