import type { ExpiryCluster } from '../../clusters/models/expiry-cluster.model';
import type { NamedEntry } from '../../systems/systems.service';
import { clusterTimelineSvg } from '../charts/cluster-timeline';
import { DateText } from './dates';
import { RenewalDecision } from '../../systems/renewal-decision';
import { DECISION_LABEL, DECISION_WORD, readableMoney } from './format';

/** A cluster with its members' entries named. */
export interface NamedCluster {
  cluster: ExpiryCluster;
  members: {
    entry: NamedEntry;
    alignedEnd: string;
    needsExtension: boolean;
    renewalDecision: RenewalDecision;
  }[];
}

export function Status({ cluster }: { cluster: ExpiryCluster }) {
  if (cluster.tooLate) return <span class="tag late">Too late to align</span>;
  if (cluster.urgent) return <span class="tag urgent">Act now</span>;
  return null;
}

/** The timeline: a lane per member, end to furthest extension, the window, the deadlines, today. */
/**
 * Lanes one timeline draws. A London cluster has a few dozen members; a national one can have
 * thousands, whose chart nobody can read and which would make a page of five clusters megabytes:
 * the soonest-ending are drawn and the rest counted, and the opportunity's page lists them all.
 */
export const TIMELINE_LANES = 40;

export function Timeline({ named, today }: { named: NamedCluster; today: string }) {
  const { cluster, members } = named;
  const drawn = members.slice(0, TIMELINE_LANES);
  const svg = clusterTimelineSvg({
    lanes: drawn.map((m) => ({
      borough: m.entry.borough.shortName,
      system: m.entry.system.name,
      contractEnd: m.entry.system.contractEnd,
      maxExtentDate: m.entry.system.maxExtentDate,
      alignedEnd: m.alignedEnd,
      needsExtension: m.needsExtension,
      // One word ("Renew"), so the lane's label keeps room for the borough and system.
      decision:
        m.renewalDecision === RenewalDecision.UNDECIDED ? null : DECISION_WORD[m.renewalDecision],
    })),
    window: cluster.window,
    actionBy: cluster.actionBy,
    lastChanceBy: cluster.lastChanceBy,
    today,
  });
  const total = cluster.members.length;
  const part = drawn.length < total ? `the ${drawn.length} soonest-ending of ` : '';
  const decided = members.filter((m) => m.renewalDecision !== RenewalDecision.UNDECIDED).length;
  const description = `Timeline of ${cluster.key}: ${part}${total} contracts in ${cluster.boroughCount} boroughs${decided ? `, ${decided} of them decided (drawn grey)` : ''}; the joint window runs from ${cluster.window.start} to ${cluster.window.end}; act by ${cluster.actionBy}, last chance ${cluster.lastChanceBy}.`;
  // The SVG comes from ECharts, which escapes the labels it is given; the words say what it shows.
  return (
    <>
      <div
        class="chart"
        role="img"
        aria-label={description}
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      {part && (
        <p class="hint">
          Drawn: {part}
          {total} contracts, by contract end.
        </p>
      )}
    </>
  );
}

/** The facts of a cluster a coordinator reads first. */
export function ClusterFacts({ cluster }: { cluster: ExpiryCluster }) {
  return (
    <dl class="facts">
      <dt>Boroughs</dt>
      <dd>{cluster.boroughCount}</dd>
      <dt>Joint window</dt>
      <dd>
        <DateText date={cluster.window.start} /> to <DateText date={cluster.window.end} />
      </dd>
      <dt>Act by</dt>
      <dd>
        <DateText date={cluster.actionBy} /> ({cluster.leadTimeMonths} months' lead time)
      </dd>
      <dt>Last chance</dt>
      <dd>
        <DateText date={cluster.lastChanceBy} />
      </dd>
      <dt>Combined annual value</dt>
      <dd>
        {readableMoney(cluster.combinedAnnualValueGbp)}
        {cluster.valueKnownCount < cluster.members.length &&
          ` (known for ${cluster.valueKnownCount} of ${cluster.members.length} contracts)`}
      </dd>
      <dt>Decisions</dt>
      <dd>
        {(cluster.decisions ?? [])
          .map((d) => `${d.count} ${DECISION_LABEL[d.decision].toLowerCase()}`)
          .join(', ')}
      </dd>
    </dl>
  );
}
