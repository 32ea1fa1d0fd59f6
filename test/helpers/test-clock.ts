/** The day the suites live on, unless a test moves the clock. */
export const TEST_NOW = new Date('2026-11-26T09:00:00Z');
