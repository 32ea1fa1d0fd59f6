import { DigestContext, DigestItem, renderDigest } from './digest';

const item = (overrides: Partial<DigestItem> = {}): DigestItem => ({
  systemName: 'Housing management',
  boroughName: 'Camden',
  url: 'https://register.example/boroughs/E09000007#system-s1',
  supplierName: 'NEC Software Solutions UK Ltd',
  productName: 'NEC Housing',
  contractEnd: '2027-06-30',
  maxExtentDate: '2029-06-30',
  noticeDeadline: null,
  keyDate: '2027-06-30',
  daysLeft: 30,
  cluster: null,
  ...overrides,
});

const on = (scopeName: string | null, overrides: Partial<DigestContext> = {}): DigestContext => ({
  scopeName,
  today: '2026-11-26',
  unsubscribeUrl: 'u',
  ...overrides,
});

describe(renderDigest.name, () => {
  it('says how many and for whom in the subject', () => {
    expect(renderDigest([item(), item(), item()], on('Camden')).subject).toBe(
      '3 contracts need attention: Camden',
    );
    expect(renderDigest([item()], on('Camden')).subject).toBe('1 contract needs attention: Camden');
    const all = [item(), item({ boroughName: 'Hackney' }), item({ boroughName: 'Brent' })];
    expect(renderDigest(all, on(null)).subject).toBe(
      '3 contracts need attention: Brent, Camden and Hackney',
    );
    const many = ['A', 'B', 'C', 'D', 'E'].map((b) => item({ boroughName: b }));
    expect(renderDigest(many, on(null)).subject).toBe(
      '5 contracts need attention: A, B and 3 more boroughs',
    );
  });

  it('groups items by borough with every detail and a link, in text', () => {
    const digest = renderDigest(
      [
        item({
          boroughName: 'Hackney',
          systemName: 'ERP',
          url: 'https://register.example/boroughs/E09000012#system-s2',
          noticeDeadline: '2027-01-01',
          keyDate: '2027-01-01',
          daysLeft: 36,
          maxExtentDate: null,
        }),
        item({
          cluster: {
            key: 'Housing Management',
            otherBoroughs: ['Brent', 'Lambeth'],
            window: { start: '2027-05-31', end: '2027-07-31' },
            actionBy: '2026-12-01',
          },
        }),
      ],
      on(null, { unsubscribeUrl: 'https://register.example/alerts/unsubscribe?token=abc' }),
    );
    expect(digest.text).toBe(
      [
        '2 contracts need attention. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.',
        '',
        '== Camden ==',
        '',
        '* Housing management (Camden)',
        '  Supplier: NEC Software Solutions UK Ltd; product: NEC Housing',
        '  Ends: 30 June 2027 (2027-06-30), 30 days left',
        '  Extension options reach: 30 June 2029 (2029-06-30)',
        '  Renewing at about the same time: Brent, Lambeth (Housing Management, window 31 May 2027 (2027-05-31) to 31 July 2027 (2027-07-31)); start the joint procurement by 1 December 2026 (2026-12-01)',
        '  In the register: https://register.example/boroughs/E09000007#system-s1',
        '',
        '== Hackney ==',
        '',
        '* ERP (Hackney)',
        '  Supplier: NEC Software Solutions UK Ltd; product: NEC Housing',
        '  Notice deadline: 1 January 2027 (2027-01-01), 36 days left; the contract ends 30 June 2027 (2027-06-30)',
        '  Extension options reach: none advertised',
        '  No other borough renews the same thing in the same window yet.',
        '  In the register: https://register.example/boroughs/E09000012#system-s2',
        '',
        'Stop these emails: https://register.example/alerts/unsubscribe?token=abc',
        '',
      ].join('\n'),
    );
  });

  it('writes the same in HTML, each contract linked', () => {
    const digest = renderDigest(
      [item()],
      on('Camden', { unsubscribeUrl: 'https://r.example/u?t=a&b' }),
    );
    expect(digest.html).toBe(
      [
        '<!doctype html><html><body style="font-family: sans-serif">',
        '<p>1 contract needs attention. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.</p>',
        '<h2>Camden</h2>',
        '<ul>',
        '<li><strong>Housing management (Camden)</strong><br>Supplier: NEC Software Solutions UK Ltd; product: NEC Housing<br>Ends: 30 June 2027 (2027-06-30), 30 days left<br>Extension options reach: 30 June 2029 (2029-06-30)<br>No other borough renews the same thing in the same window yet.<br><a href="https://register.example/boroughs/E09000007#system-s1">See it in the register</a></li>',
        '</ul>',
        '<p><a href="https://r.example/u?t=a&amp;b">Stop these emails</a></p>',
        '</body></html>',
      ].join('\n'),
    );
  });

  it.each([
    ['2026-11-26', 'start the joint procurement by 26 November 2026 (2026-11-26)'],
    [
      '2026-11-27',
      'the joint procurement should have started by 26 November 2026 (2026-11-26): overdue by 1 day',
    ],
    [
      '2027-01-10',
      'the joint procurement should have started by 26 November 2026 (2026-11-26): overdue by 45 days',
    ],
  ])('on %s, calls a start date already passed overdue', (today, wording) => {
    const cluster = {
      key: 'Housing Management',
      otherBoroughs: ['Brent'],
      window: { start: '2027-05-31', end: '2027-07-31' },
      actionBy: '2026-11-26',
    };
    const digest = renderDigest([item({ cluster })], on('Camden', { today }));
    expect(digest.text).toContain(`(2027-07-31)); ${wording}\n`);
    expect(digest.html).toContain(`(2027-07-31)); ${wording}<br>`);
  });

  it('says a contract ended undecided, or that its notice deadline passed while it still runs', () => {
    const ended = item({ keyDate: '2026-11-20', contractEnd: '2026-11-20', daysLeft: -6 });
    const running = item({
      systemName: 'ERP',
      noticeDeadline: '2026-11-16',
      keyDate: '2026-11-16',
      contractEnd: '2027-05-15',
      daysLeft: -10,
    });
    const one = renderDigest([], on('Camden'), { undecided: [ended], staleLists: [] });
    expect(one.subject).toBe('1 contract ended without a recorded decision: Camden');
    const both = renderDigest([], on('Camden'), { undecided: [ended, running], staleLists: [] });
    expect(both.subject).toBe(
      '2 contracts past their key date without a recorded decision: Camden',
    );
    expect(both.text).toContain(
      '* ERP (Camden)\n  Its notice deadline was 16 November 2026 (2026-11-16), 10 days ago, without a recorded decision; the contract ends on 15 May 2027 (2027-05-15). Record what was decided',
    );
    expect(both.text).toContain('6 days ago, and it ended without a recorded decision');
    // Told long after its notice deadline, a contract may have ended since.
    const since = item({
      systemName: 'Parking',
      noticeDeadline: '2026-08-03',
      keyDate: '2026-08-03',
      contractEnd: '2026-11-01',
      daysLeft: -115,
    });
    const late = renderDigest([], on('Camden'), { undecided: [since], staleLists: [] });
    expect(late.subject).toBe('1 contract ended without a recorded decision: Camden');
    expect(late.text).toContain(
      'Its key date was 3 August 2026 (2026-08-03), 115 days ago, and it ended on 1 November 2026 (2026-11-01) without a recorded decision: record what happened',
    );
    const notice = renderDigest([], on('Camden'), { undecided: [running], staleLists: [] });
    expect(notice.subject).toBe(
      '1 contract past its notice deadline without a recorded decision: Camden',
    );
    expect(notice.html).toContain('Its notice deadline was 16 November 2026');
  });

  it('escapes what people typed in the HTML part', () => {
    const digest = renderDigest(
      [item({ systemName: '<script>alert(1)</script>', supplierName: 'A & "B"' })],
      on('Camden'),
    );
    expect(digest.html).not.toContain('<script>');
    expect(digest.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(digest.html).toContain('A &amp; &quot;B&quot;');
  });
});
