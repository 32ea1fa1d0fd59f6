import { DigestItem, renderDigest } from './digest';

const item = (overrides: Partial<DigestItem> = {}): DigestItem => ({
  systemName: 'Housing management',
  boroughName: 'Camden',
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

describe(renderDigest.name, () => {
  it('says how many and for whom in the subject', () => {
    expect(renderDigest([item(), item(), item()], 'Camden', 'u').subject).toBe(
      '3 contracts need attention: Camden',
    );
    expect(renderDigest([item()], 'Camden', 'u').subject).toBe(
      '1 contract needs attention: Camden',
    );
    const all = [item(), item({ boroughName: 'Hackney' }), item({ boroughName: 'Brent' })];
    expect(renderDigest(all, null, 'u').subject).toBe(
      '3 contracts need attention: Brent, Camden and Hackney',
    );
    const many = ['A', 'B', 'C', 'D', 'E'].map((b) => item({ boroughName: b }));
    expect(renderDigest(many, null, 'u').subject).toBe(
      '5 contracts need attention: A, B and 3 more boroughs',
    );
  });

  it('groups items by borough with every detail, in text', () => {
    const digest = renderDigest(
      [
        item({
          boroughName: 'Hackney',
          systemName: 'ERP',
          noticeDeadline: '2027-01-01',
          keyDate: '2027-01-01',
          daysLeft: 36,
        }),
        item({
          cluster: {
            key: 'Housing Management',
            otherBoroughs: ['Brent', 'Lambeth'],
            window: { start: '2027-05-31', end: '2027-07-31' },
            actionBy: '2025-11-30',
          },
        }),
      ],
      null,
      'https://register.example/alerts/unsubscribe?token=abc',
    );
    expect(digest.text).toBe(
      [
        '2 contracts need attention. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.',
        '',
        '== Camden ==',
        '',
        '* Housing management (Camden)',
        '  Supplier: NEC Software Solutions UK Ltd; product: NEC Housing',
        '  Ends: 2027-06-30 (30 days left)',
        '  Extension options reach: 2029-06-30',
        '  Renewing at about the same time: Brent, Lambeth (Housing Management, window 2027-05-31 to 2027-07-31, start by 2025-11-30)',
        '',
        '== Hackney ==',
        '',
        '* ERP (Hackney)',
        '  Supplier: NEC Software Solutions UK Ltd; product: NEC Housing',
        '  Notice deadline: 2027-01-01 (36 days left); the contract ends 2027-06-30',
        '  Extension options reach: 2029-06-30',
        '  No other borough renews the same thing in the same window yet.',
        '',
        'Stop these emails: https://register.example/alerts/unsubscribe?token=abc',
        '',
      ].join('\n'),
    );
    expect(digest.html).toContain('<h2>Camden</h2>');
    expect(digest.html).toContain(
      '<a href="https://register.example/alerts/unsubscribe?token=abc">Stop these emails</a>',
    );
  });

  it('escapes what people typed in the HTML part', () => {
    const digest = renderDigest(
      [item({ systemName: '<script>alert(1)</script>', supplierName: 'A & "B"' })],
      'Camden',
      'u',
    );
    expect(digest.html).not.toContain('<script>');
    expect(digest.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(digest.html).toContain('A &amp; &quot;B&quot;');
  });
});
