import { get } from 'node:http';
import { AddressInfo } from 'node:net';
import { addPublicBodies } from './helpers/large-register';
import { createTestApp, TEST_NOW, TestApp } from './helpers/test-app';

/**
 * DESIGN §9 at national scale: 10,000 bodies × 10 = 100,000 current entries. The all-borough feed
 * is streamed a page at a time, so the process grows by a page, not by the calendar (hundreds of
 * megabytes of text), and the last byte arrives in seconds.
 */
const BODIES = 10_000;

describe('A calendar feed of a national register (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await addPublicBodies(t.db, BODIES, TEST_NOW.toISOString().slice(0, 10));
  }, 300_000);
  afterAll(() => t.close());

  it('streams every event of 100,000 entries without holding the calendar in memory', async () => {
    const created = await t.gql(`mutation { createCalendarFeed { url } }`);
    const path = new URL(created.data!.createCalendarFeed.url).pathname;
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const { bytes, events, tail } = await new Promise<{
      bytes: number;
      events: number;
      tail: string;
    }>((resolve, reject) => {
      get({ port, host: '127.0.0.1', path }, (res) => {
        let bytes = 0;
        let events = 0;
        let tail = '';
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          const text = tail + chunk.toString('latin1');
          events += text.split('BEGIN:VEVENT').length - 1;
          tail = text.slice(-20);
        });
        res.on('end', () => resolve({ bytes, events, tail }));
        res.on('error', reject);
      }).on('error', reject);
    });
    expect(tail.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(events).toBeGreaterThan(100_000);
    // Tens of megabytes, delivered whole: far more than a page of the register.
    expect(bytes).toBeGreaterThan(50 * 2 ** 20);
    // Memory and time are measured on the production server by the benchmark (BENCHMARKS.md,
    // "Downloads"): a jest worker's RSS also holds whatever other suites left in it.
  }, 120_000);
});
