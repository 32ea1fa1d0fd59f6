import { DomainError, ErrorCode, FieldError } from '../common/domain-error';
import { inQueryTerms, QueryString } from '../spreadsheets/export-queries';

/**
 * A filter form's query string as the exports read it: fields left blank are not asked about,
 * and the page's own parameters (`page`, `sort`) are set aside.
 */
export function filtersOf(query: QueryString, own: readonly string[] = []): QueryString {
  const filters: QueryString = {};
  for (const [name, given] of Object.entries(query)) {
    if (own.includes(name) || given === undefined) continue;
    const values = (Array.isArray(given) ? given : [given]).filter((v) => v.trim() !== '');
    if (values.length) filters[name] = values.length === 1 ? values[0] : values;
  }
  return filters;
}

/** The query string of these parameters, e.g. for a link to the next page. */
export function queryString(query: QueryString, changes: QueryString = {}): string {
  const params = new URLSearchParams();
  for (const [name, given] of Object.entries({ ...query, ...changes })) {
    for (const value of given === undefined ? [] : Array.isArray(given) ? given : [given]) {
      params.append(name, value);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The page asked for: a whole number from 1, else the first. */
export function pageNumber(given: unknown): number {
  const n = typeof given === 'string' && /^\d{1,6}$/.test(given) ? Number(given) : 1;
  return Math.max(1, n);
}

/** The values given for a parameter, as a list. */
export const valuesOf = (query: QueryString, name: string): string[] => {
  const given = query[name];
  return (given === undefined ? [] : Array.isArray(given) ? given : [given]).flatMap((v) =>
    v.split(','),
  );
};

/**
 * The problems with a filter form, in its parameters' terms, when `error` is a refusal of its
 * input; anything else is thrown on.
 */
export function formProblems(error: unknown, kind: 'systems' | 'clusters'): FieldError[] {
  const refusal = inQueryTerms(error, kind);
  if (refusal instanceof DomainError && refusal.code === ErrorCode.BAD_USER_INPUT) {
    return refusal.fieldErrors;
  }
  throw error;
}
