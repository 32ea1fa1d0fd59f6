import { currentMilestone, DEFAULT_LEAD_DAYS, dueMilestones } from './due-milestones';

describe(currentMilestone.name, () => {
  it.each([
    // [asOf, key date, expected]
    ['2026-01-01', '2027-06-30', null], // more than 365 days ahead
    ['2026-06-30', '2027-06-30', 365], // exactly 365 days: keyDate − 365 ≤ asOf
    ['2026-07-01', '2027-06-30', 365],
    ['2027-01-01', '2027-06-30', 180], // 180 days left
    ['2027-03-22', '2027-06-30', 180], // 100 days left
    ['2027-04-01', '2027-06-30', 90], // 90 days left
    ['2027-06-10', '2027-06-30', 30], // 20 days left
    ['2027-06-29', '2027-06-30', 30], // the day before
    ['2027-06-30', '2027-06-30', null], // the key date itself: too late to alert
    ['2027-07-01', '2027-06-30', null],
    // Year and month boundaries.
    ['2026-12-31', '2027-01-30', 30],
    ['2026-12-30', '2027-01-30', 90], // 31 days left
    ['2028-01-30', '2028-02-29', 30], // leap February: 30 days
    ['2027-01-29', '2027-02-28', 30],
    // Around British Summer Time: days are calendar days, not 24-hour periods.
    ['2027-02-26', '2027-03-28', 30], // 30 days, the clocks change on the key date
    ['2027-03-27', '2027-04-26', 30],
    ['2027-10-01', '2027-10-31', 30], // the clocks go back on the key date
  ])('on %s for key date %s is %s', (asOf, key, expected) => {
    expect(currentMilestone(DEFAULT_LEAD_DAYS, key, asOf)).toBe(expected);
  });

  it('uses the lead days of the subscription, in any order', () => {
    expect(currentMilestone([7, 60], '2027-06-30', '2027-06-20')).toBe(60);
    expect(currentMilestone([60, 7], '2027-06-30', '2027-06-25')).toBe(7);
    expect(currentMilestone([7], '2027-06-30', '2027-06-20')).toBeNull();
  });
});

describe(dueMilestones.name, () => {
  const system = { id: 's1', contractEnd: '2027-06-30', noticePeriodDays: null };

  it('sends the 30-day alert once to a contract entered 20 days before its key date, and nothing after', () => {
    expect(dueMilestones(DEFAULT_LEAD_DAYS, [system], new Map(), '2027-06-10')).toEqual([
      { systemId: 's1', keyDate: '2027-06-30', milestone: 30, daysLeft: 20 },
    ]);
    const sent = new Map([['s1|2027-06-30', 30]]);
    for (const day of ['2027-06-10', '2027-06-11', '2027-06-29']) {
      expect(dueMilestones(DEFAULT_LEAD_DAYS, [system], sent, day)).toEqual([]);
    }
  });

  it('sends the 180-day alert with 100 days left, then the 90-day alert when 90 days remain', () => {
    expect(dueMilestones(DEFAULT_LEAD_DAYS, [system], new Map(), '2027-03-22')).toEqual([
      { systemId: 's1', keyDate: '2027-06-30', milestone: 180, daysLeft: 100 },
    ]);
    const sent = new Map([['s1|2027-06-30', 180]]);
    expect(dueMilestones(DEFAULT_LEAD_DAYS, [system], sent, '2027-03-31')).toEqual([]);
    expect(dueMilestones(DEFAULT_LEAD_DAYS, [system], sent, '2027-04-01')).toEqual([
      { systemId: 's1', keyDate: '2027-06-30', milestone: 90, daysLeft: 90 },
    ]);
  });

  it('counts down to the notice deadline, not the end date', () => {
    const withNotice = { ...system, noticePeriodDays: 180 }; // key date 2027-01-01
    expect(dueMilestones(DEFAULT_LEAD_DAYS, [withNotice], new Map(), '2026-12-02')).toEqual([
      { systemId: 's1', keyDate: '2027-01-01', milestone: 30, daysLeft: 30 },
    ]);
  });

  it('starts afresh when the key date changes', () => {
    const sent = new Map([['s1|2027-06-30', 30]]);
    const extended = { ...system, contractEnd: '2027-07-05' };
    expect(dueMilestones(DEFAULT_LEAD_DAYS, [extended], sent, '2027-06-10')).toEqual([
      { systemId: 's1', keyDate: '2027-07-05', milestone: 30, daysLeft: 25 },
    ]);
  });

  it('lists due items by key date', () => {
    const systems = [
      { id: 'b', contractEnd: '2027-09-30', noticePeriodDays: null },
      { id: 'a', contractEnd: '2027-06-30', noticePeriodDays: null },
      { id: 'c', contractEnd: '2029-01-01', noticePeriodDays: null },
    ];
    expect(
      dueMilestones(DEFAULT_LEAD_DAYS, systems, new Map(), '2027-04-01').map((d) => [
        d.systemId,
        d.milestone,
      ]),
    ).toEqual([
      ['a', 90],
      ['b', 365], // 182 days left: past the 365-day mark, not yet at 180
    ]);
  });
});
