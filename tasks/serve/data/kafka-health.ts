import type { Admin } from 'kafkajs';
import type { PartitionLag } from '../store';

/**
 * Consumer lag per partition of the readings topic, for every group that committed on it
 * (the classify groups), and the size of the dead-letter topic. Read with the admin API
 * only: the dashboard never joins a group.
 */
export async function consumerLag(admin: Admin, topic: string): Promise<PartitionLag[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const endOf = new Map(ends.map((p) => [p.partition, Number(p.high)]));
  const { groups } = await admin.listGroups();
  const out: PartitionLag[] = [];
  for (const g of groups.filter((x) => x.protocolType === 'consumer' || x.protocolType === '')) {
    const [offsets] = await admin.fetchOffsets({ groupId: g.groupId, topics: [topic] });
    const parts = offsets?.partitions ?? [];
    if (!parts.some((p) => Number(p.offset) >= 0)) continue;
    for (const p of parts) {
      const end = endOf.get(p.partition) ?? 0;
      const committed = Number(p.offset) >= 0 ? Number(p.offset) : null;
      out.push({ topic, group: g.groupId, partition: p.partition, committed, end, lag: Math.max(0, end - (committed ?? 0)) });
    }
  }
  return out.sort((a, b) => a.group.localeCompare(b.group) || a.partition - b.partition);
}

/** Messages currently held in the dead-letter topic (end minus start offsets, all partitions). */
export async function deadLetterCount(admin: Admin, topic: string): Promise<{ topic: string; messages: number }> {
  const existing = await admin.listTopics();
  if (!existing.includes(topic)) return { topic, messages: 0 };
  const offsets = await admin.fetchTopicOffsets(topic);
  return { topic, messages: offsets.reduce((n, p) => n + Math.max(0, Number(p.high) - Number(p.low)), 0) };
}
