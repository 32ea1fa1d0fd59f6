import { RenewalDecision } from '../../systems/renewal-decision';
import { render } from 'preact-render-to-string';
import type { ExpiryCluster } from '../../clusters/models/expiry-cluster.model';
import type { NamedEntry } from '../../systems/systems.service';
import { NamedCluster, Timeline, TIMELINE_LANES } from './cluster-views';

/** A cluster of `size` members, the first `named` of them named, as the pages build one. */
function cluster(size: number, named = size): NamedCluster {
  const members = Array.from({ length: size }, (_, i) => ({
    systemId: `s${i}`,
    alignedEnd: '2027-06-30',
    needsExtension: false,
  }));
  return {
    cluster: {
      key: 'Revenues & Benefits',
      boroughCount: size,
      window: { start: '2027-06-30', end: '2027-09-30' },
      actionBy: '2026-06-30',
      lastChanceBy: '2027-03-31',
      members,
    } as unknown as ExpiryCluster,
    members: members.slice(0, named).map((m, i) => ({
      entry: {
        borough: { shortName: `Body ${i}` },
        system: { name: `System ${i}`, contractEnd: '2027-03-31', maxExtentDate: null },
      } as unknown as NamedEntry,
      alignedEnd: m.alignedEnd,
      needsExtension: m.needsExtension,
      renewalDecision: RenewalDecision.UNDECIDED,
    })),
  };
}

const lanesOf = (html: string) => (html.match(/Body \d+/g) ?? []).length;

describe(Timeline.name, () => {
  it('draws every member of a London-sized cluster and says nothing more', () => {
    const html = render(Timeline({ named: cluster(12), today: '2026-12-04' }));
    expect(lanesOf(html)).toBeGreaterThanOrEqual(12);
    expect(html).toContain('aria-label="Timeline of Revenues &amp; Benefits: 12 contracts in 12');
    expect(html).not.toContain('soonest-ending');
  });

  it('draws the soonest-ending lanes of a national cluster and counts the rest', () => {
    const html = render(Timeline({ named: cluster(3000, TIMELINE_LANES), today: '2026-12-04' }));
    expect(html).not.toContain('Body 40');
    expect(html).toContain(`Body ${TIMELINE_LANES - 1}`);
    expect(html).toContain(
      `the ${TIMELINE_LANES} soonest-ending of 3000 contracts in 3000 boroughs`,
    );
    expect(html).toContain(`Drawn: the ${TIMELINE_LANES} soonest-ending of 3000 contracts`);
    // A page of five such clusters stays small: the chart grows with the lanes drawn only.
    expect(html.length).toBeLessThan(
      render(Timeline({ named: cluster(TIMELINE_LANES), today: '2026-12-04' })).length + 200,
    );
  });
});
