import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { ItSystem } from '../systems/it-system.entity';
import type { NamedEntry } from '../systems/systems.service';
import { clusterEvents, FeedCluster, siteOf, systemEvents } from './feed-events';

const site = siteOf('https://register.example/');

const camdenHousing = (system: Partial<ItSystem> = {}): NamedEntry => ({
  system: Object.assign(new ItSystem(), {
    id: 's1',
    name: 'Housing management',
    contractEnd: '2027-06-30',
    noticePeriodDays: null,
    maxExtentDate: null,
    contractReference: null,
    ...system,
  }),
  borough: Object.assign(new Borough(), {
    gssCode: 'E09000007',
    name: 'London Borough of Camden',
    shortName: 'Camden',
  }),
  category: Object.assign(new Category(), { name: 'Housing Management' }),
  supplier: Object.assign(new Supplier(), { name: 'NEC Software Solutions' }),
  product: Object.assign(new Product(), { name: 'NEC Housing' }),
  manufacturer: null,
});

describe(systemEvents.name, () => {
  it('gives a contract without notice period or extensions one event, on its end', () => {
    expect(systemEvents(camdenHousing(), site)).toEqual([
      {
        uid: 'system-s1-contract-end@register.example',
        date: '2027-06-30',
        summary: 'Camden: contract end, Housing management (NEC Software Solutions)',
        description: [
          'London Borough of Camden: Housing management (Housing Management)',
          'Supplier: NEC Software Solutions',
          'Product: NEC Housing',
          'Contract end: 30 June 2027 (2027-06-30)',
          'In the register: https://register.example/boroughs/E09000007#system-s1',
        ].join('\n'),
        url: 'https://register.example/boroughs/E09000007#system-s1',
      },
    ]);
  });

  it('adds the notice deadline and the max extent date when the contract has them', () => {
    const events = systemEvents(
      camdenHousing({ noticePeriodDays: 90, maxExtentDate: '2029-06-30' }),
      site,
    );
    expect(events.map((e) => [e.uid, e.date, e.summary])).toEqual([
      [
        'system-s1-contract-end@register.example',
        '2027-06-30',
        'Camden: contract end, Housing management (NEC Software Solutions)',
      ],
      [
        'system-s1-notice-deadline@register.example',
        '2027-04-01',
        'Camden: notice deadline, Housing management (NEC Software Solutions)',
      ],
      [
        'system-s1-max-extent@register.example',
        '2029-06-30',
        'Camden: extension options end, Housing management (NEC Software Solutions)',
      ],
    ]);
  });

  it('gives a notice period of 0 days no notice deadline', () => {
    expect(systemEvents(camdenHousing({ noticePeriodDays: 0 }), site)).toHaveLength(1);
  });

  it('keeps the UIDs when everything but the id changes', () => {
    const before = systemEvents(camdenHousing({ noticePeriodDays: 90 }), site).map((e) => e.uid);
    const after = systemEvents(
      camdenHousing({ noticePeriodDays: 30, name: 'Housing', contractEnd: '2028-01-31' }),
      site,
    ).map((e) => e.uid);
    expect(after).toEqual(before);
  });
});

describe(clusterEvents.name, () => {
  const cluster: FeedCluster = {
    id: 'cl_abc',
    key: 'Housing Management',
    actionBy: '2025-12-31',
    lastChanceBy: '2026-06-30',
    leadTimeMonths: 18,
    window: { start: '2027-06-30', end: '2027-09-30' },
    members: [
      { boroughName: 'Camden', systemName: 'Housing', contractEnd: '2027-06-30' },
      { boroughName: 'Hackney', systemName: 'Housing system', contractEnd: '2027-09-30' },
    ],
  };

  it("gives a cluster its actionBy and lastChanceBy, each with the cluster's id in its UID", () => {
    const events = clusterEvents(cluster, site);
    expect(events.map((e) => [e.uid, e.date, e.summary])).toEqual([
      [
        'cluster-cl_abc-action-by@register.example',
        '2025-12-31',
        'Joint procurement act by: Housing Management (2 boroughs)',
      ],
      [
        'cluster-cl_abc-last-chance@register.example',
        '2026-06-30',
        'Joint procurement last chance: Housing Management (2 boroughs)',
      ],
    ]);
    expect(events[0].description).toBe(
      [
        '2 boroughs can buy Housing Management together:',
        '- Camden: Housing, contract end 30 June 2027 (2027-06-30)',
        '- Hackney: Housing system, contract end 30 September 2027 (2027-09-30)',
        'Joint window: 30 June 2027 (2027-06-30) to 30 September 2027 (2027-09-30)',
        'Act by: 31 December 2025 (2025-12-31) (lead time 18 months)',
        'Last chance: 30 June 2026 (2026-06-30)',
        'In the register: https://register.example/clusters/cl_abc',
      ].join('\n'),
    );
  });
});
