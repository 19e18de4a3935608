import { categoryById, type CategoryId } from '../classify/epa';
import { ConfigError } from '../core/errors';
import type { AlertPolicy } from './state-machine';

export interface AlertRules {
  openCategory: CategoryId;
  severeCategory: CategoryId;
  closeBelowAqi: number;
  closeAfterReadings: number;
}

/**
 * The state machine's policy from the configured categories. Rejects rules that would
 * make episodes meaningless: a severe level not above the opening one, or a closing
 * threshold above the opening one (an episode would close while still in alert).
 */
export function policyFromRules(rules: AlertRules): AlertPolicy {
  const open = categoryById(rules.openCategory);
  const severe = categoryById(rules.severeCategory);
  const problems: string[] = [];
  if (severe.min <= open.min) {
    problems.push(`AQI_ALERT_SEVERE_CATEGORY: ${severe.id} must be worse than AQI_ALERT_OPEN_CATEGORY ${open.id}`);
  }
  if (rules.closeBelowAqi > open.min) {
    problems.push(`AQI_ALERT_CLOSE_BELOW_AQI: ${rules.closeBelowAqi} must not exceed ${open.min}, where ${open.id} begins`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    levels: [
      { name: open.id, minAqi: open.min },
      { name: severe.id, minAqi: severe.min },
    ],
    closeBelowAqi: rules.closeBelowAqi,
    closeAfterReadings: rules.closeAfterReadings,
  };
}
