import type { NamedEntry } from '../systems/systems.service';
import { clusterEvents, FeedCluster, siteOf, systemEvents } from './feed-events';
import { IcsWriter } from './ics-writer';

/**
 * One opportunity as a calendar file (DESIGN §10, `/clusters/<id>`): its two deadlines and every
 * member's contract dates. The events carry the feeds' UIDs, so a file imported beside a
 * subscribed feed updates the same events instead of adding them twice.
 */
export function clusterCalendar(
  cluster: FeedCluster,
  members: readonly NamedEntry[],
  publicUrl: string,
  stamp: Date,
): string {
  const site = siteOf(publicUrl);
  const writer = new IcsWriter(`Contract Register: ${cluster.key}`, stamp);
  const events = [
    ...clusterEvents(cluster, site),
    ...members.flatMap((entry) => systemEvents(entry, site)),
  ];
  return writer.header() + writer.events(events) + writer.footer();
}
