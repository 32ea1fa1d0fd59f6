import { DataSource } from 'typeorm';

/** Runs `work` and returns the SQL statements TypeORM sent meanwhile (every driver logs through here). */
export async function recordStatements(
  dataSource: DataSource,
  work: () => Promise<unknown>,
): Promise<string[]> {
  const statements: string[] = [];
  const spy = jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((query: string) => {
    statements.push(query);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return statements;
}

/**
 * Checks that `statements` are one snapshot (a query's reads share one: BEGIN first, COMMIT
 * last, no other transaction inside) and returns the statements that read.
 */
export function readsOfOneSnapshot(statements: string[]): string[] {
  expect(statements[0]).toMatch(/^BEGIN\b/);
  expect(statements.at(-1)).toBe('COMMIT');
  const inside = statements.slice(1, -1);
  expect(inside.filter((sql) => /^(BEGIN|COMMIT|ROLLBACK)\b/.test(sql))).toEqual([]);
  return inside;
}
