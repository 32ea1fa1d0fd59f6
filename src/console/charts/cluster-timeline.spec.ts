import { clusterTimelineSvg, TimelineInput } from './cluster-timeline';

const input = (lanes: TimelineInput['lanes']): TimelineInput => ({
  lanes,
  window: { start: '2027-06-30', end: '2027-09-30' },
  actionBy: '2026-06-30',
  lastChanceBy: '2027-03-31',
  today: '2026-12-04',
});

const lane = (borough: string, system: string, maxExtentDate: string | null = null) => ({
  borough,
  system,
  contractEnd: '2027-03-31',
  maxExtentDate,
  alignedEnd: '2027-06-30',
  needsExtension: maxExtentDate !== null,
  decision: null,
});

describe(clusterTimelineSvg.name, () => {
  const svg = clusterTimelineSvg(
    input([lane('Camden', 'Revenues & <Benefits>', '2028-03-31'), lane('Hackney', 'Revs')]),
  );

  it('draws an SVG of the given width, taller by a lane per member', () => {
    expect(svg).toMatch(/^<svg width="720" height="170" /);
    expect(clusterTimelineSvg(input([lane('Camden', 'A')]), 500)).toMatch(
      /^<svg width="500" height="140" /,
    );
  });

  it('labels each lane, and the act-by, last-chance and today lines with their dates', () => {
    for (const label of [
      'Hackney: Revs',
      'Act by 2026-06-30',
      'Last chance 2027-03-31',
      'Today 2026-12-04',
      'Joint window',
    ]) {
      expect(svg).toContain(`>${label}</text>`);
    }
  });

  it('escapes what a borough typed and carries no script', () => {
    expect(svg).toContain('Revenues &amp; &lt;Benefits&gt;');
    expect(svg).not.toContain('<Benefits>');
    expect(svg).not.toMatch(/<script| on[a-z]+=/i);
  });

  it('tells apart two members of one borough', () => {
    const two = clusterTimelineSvg(input([lane('Camden', 'A'), lane('Camden', 'B')]));
    expect(two).toContain('>Camden: A</text>');
    expect(two).toContain('>Camden (2): B</text>');
  });

  it("greys a decided member's marks and names its decision first", () => {
    const undecided = clusterTimelineSvg(input([lane('Camden', 'A', '2028-03-31')]));
    expect(undecided).not.toContain('#6f777b');
    const decided = clusterTimelineSvg(
      input([{ ...lane('Camden', 'A', '2028-03-31'), decision: 'Extend' }, lane('Hackney', 'B')]),
    );
    expect(decided).toContain('>Extend · Camden: A</text>');
    expect(decided).toContain('>Hackney: B</text>');
    // The extension bar, the end mark and the aligned-end mark of the decided lane.
    expect(decided.match(/fill="#6f777b"/g)?.length).toBe(3);
  });
});
