import { categoryById, type CategoryId } from '../classify/epa';
import type { AlertEvent } from './state-machine';

/**
 * The webhook body: Slack's incoming-webhook format (`text` plus one legacy attachment
 * with the EPA color), which Mattermost, Rocket.Chat and Teams' Slack connectors accept.
 */
export interface SlackMessage {
  text: string;
  attachments: Array<{ color: string; fallback: string; fields: Array<{ title: string; value: string; short: boolean }>; footer: string }>;
}

// categoryById finds nothing for an unknown id; the level is then shown as it is.
const category = (level: string) => categoryById(level as CategoryId) as ReturnType<typeof categoryById> | undefined;
const levelName = (level: string) => category(level)?.name ?? level;
const colorOf = (level: string) => category(level)?.color ?? '#7E0023';
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function slackMessage(e: AlertEvent): SlackMessage {
  const place = [e.city, e.country].filter(Boolean).join(', ');
  const where = `${e.stationName}${place ? ` (${place})` : ''}`;
  const level = levelName(e.level);
  const headline = {
    opened: `:warning: ${level} air at ${where}: AQI ${e.aqi}`,
    escalated: `:rotating_light: Air at ${where} is now ${level}: AQI ${e.aqi}`,
    closed: `:white_check_mark: ${level} episode over at ${where}: AQI back to ${e.aqi} (peak ${e.peakAqi})`,
  }[e.type];
  return {
    text: headline,
    attachments: [
      {
        color: e.type === 'closed' ? '#00E400' : colorOf(e.level),
        fallback: headline,
        fields: [
          { title: 'Level', value: level, short: true },
          { title: 'AQI (peak)', value: `${e.aqi} (${e.peakAqi})`, short: true },
          { title: 'Observed', value: utc(e.occurredAt), short: true },
          { title: 'Episode since', value: utc(e.episodeStart), short: true },
        ],
        footer: `station ${e.stationId} · event ${e.eventId}`,
      },
    ],
  };
}
