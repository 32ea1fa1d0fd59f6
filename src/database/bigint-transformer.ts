import { ValueTransformer } from 'typeorm';

/** Whole numbers above 2^31 come back from PostgreSQL's bigint as strings. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
