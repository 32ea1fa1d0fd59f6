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
