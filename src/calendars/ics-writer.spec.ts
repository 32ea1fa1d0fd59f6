import ICAL from 'ical.js';
import { IcsWriter } from './ics-writer';

const STAMP = new Date('2026-11-26T09:00:00Z');
const event = {
  uid: 'system-s1-contract-end@register.example',
  date: '2027-06-30',
  summary:
    'Camden: contract end, Rents; arrears\nand voids \\ café (NEC Software Solutions UK Ltd)',
  description: `Supplier: NEC, Ltd; product: Housing\n${'A long line of text, '.repeat(10)}😀`,
  url: 'https://register.example/boroughs/E09000007#system-s1',
};

describe(IcsWriter.name, () => {
  const writer = new IcsWriter('Contract Register: Camden', STAMP);
  const text = writer.header() + writer.events([event, { ...event, uid: 'u2' }]) + writer.footer();

  it('writes CRLF line ends only, no line over 75 octets, and ends with END:VCALENDAR and CRLF', () => {
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(text.split('BEGIN:VCALENDAR').length).toBe(2);
  });

  it('writes all-day events that read back with their escaped text intact', () => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Contract Register: Camden');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const [first, second] = calendar.getAllSubcomponents('vevent');
    expect(first.getFirstPropertyValue('uid')).toBe(event.uid);
    expect(second.getFirstPropertyValue('uid')).toBe('u2');
    expect(first.getFirstProperty('dtstart')!.type).toBe('date');
    expect(String(first.getFirstPropertyValue('dtstart'))).toBe('2027-06-30');
    expect(String(first.getFirstPropertyValue('dtend'))).toBe('2027-07-01');
    expect(String(first.getFirstPropertyValue('dtstamp'))).toBe('2026-11-26T09:00:00Z');
    expect(first.getFirstPropertyValue('summary')).toBe(event.summary);
    expect(first.getFirstPropertyValue('description')).toBe(event.description);
    expect(text.replace(/\r\n /g, '')).toContain(
      'SUMMARY:Camden: contract end\\, Rents\\; arrears\\nand voids \\\\ café (NEC Software Solutions UK Ltd)\r\n',
    );
  });
});
