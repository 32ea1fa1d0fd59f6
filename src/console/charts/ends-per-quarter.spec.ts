import { endsPerQuarterSvg, quarterOf } from './ends-per-quarter';

describe(quarterOf.name, () => {
  it.each([
    ['2027-01-01', '2027 Q1'],
    ['2027-03-31', '2027 Q1'],
    ['2027-04-01', '2027 Q2'],
    ['2027-09-30', '2027 Q3'],
    ['2027-12-31', '2027 Q4'],
  ])('puts %s in %s', (date, quarter) => {
    expect(quarterOf(date)).toBe(quarter);
  });
});

describe(endsPerQuarterSvg.name, () => {
  const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

  it('shows every quarter from the first to the last, empty ones too, in order', () => {
    const svg = endsPerQuarterSvg([
      { quarter: '2028 Q1', category: 'Housing', count: 2 },
      { quarter: '2027 Q3', category: 'Revenues & Benefits', count: 3 },
    ]);
    const quarters = texts(svg).filter((t) => /^\d{4} Q\d$/.test(t));
    expect(quarters).toEqual(['2027 Q3', '2027 Q4', '2028 Q1']);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Housing', 'Revenues &amp; Benefits']));
    expect(svg).not.toMatch(/<script| on[a-z]+=/i);
  });

  it('names the eight largest categories and sums the rest as Other', () => {
    const counts = Array.from({ length: 12 }, (_, i) => ({
      quarter: '2027 Q1',
      category: `Category ${String(i).padStart(2, '0')}`,
      count: 20 - i,
    }));
    const legend = texts(endsPerQuarterSvg(counts)).filter((t) => /^Category|^Other$/.test(t));
    expect(legend).toEqual([...Array.from({ length: 8 }, (_, i) => `Category 0${i}`), 'Other']);
  });

  it('says so when no contract ends in the range', () => {
    const svg = endsPerQuarterSvg([]);
    expect(texts(svg)).toEqual(['No contracts end in this range']);
  });
});
