import fc from 'fast-check';
import { foldLines as libraryFoldLines } from 'ical-generator';
import { foldLines } from './fold-lines';

describe(foldLines.name, () => {
  it('leaves lines of up to 74 octets as they are', () => {
    const text = `SUMMARY:${'x'.repeat(66)}\r\nUID:a\r\n`;
    expect(foldLines(text)).toBe(text);
  });

  it('folds a long line into lines of at most 75 octets, each continuation starting with a space', () => {
    const folded = foldLines(`DESCRIPTION:${'é'.repeat(100)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((line) => line.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'é'.repeat(100)}`);
  });

  it('never splits a character of four octets (an emoji) across lines', () => {
    const folded = foldLines(`SUMMARY:${'😀'.repeat(40)}`);
    expect(folded).not.toMatch(/[\ud800-\udbff]\r\n/);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'😀'.repeat(40)}`);
  });

  it("folds exactly as ical-generator's foldLines, for any text", () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc
        .array(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), { maxLength: 5 })
        .map((l) => l.join('\r\n')),
    );
    fc.assert(
      fc.property(text, (t) => foldLines(t) === libraryFoldLines(t)),
      { numRuns: 500 },
    );
  });
});
