import { ClusterGrouping } from '../clusters/cluster-grouping';
import { ClusterInput } from '../clusters/dto/cluster.input';
import { isLocalDate } from '../common/dates';
import { DomainError, FieldError, FieldErrors } from '../common/domain-error';
import { SystemFilter } from '../systems/dto/system-filter.input';
import { decisionNamed, RenewalDecision } from '../systems/renewal-decision';

/** A query string as Fastify gives it: a repeated parameter is a list. */
export type QueryString = Record<string, string | string[] | undefined>;

/** Query parameter → the input field it sets, for each export. */
const SYSTEM_PARAMETERS = {
  borough: 'boroughGssCodes',
  category: 'categoryCodes',
  supplier: 'supplierIds',
  product: 'productIds',
  endingFrom: 'endingFrom',
  endingTo: 'endingTo',
  decision: 'renewalDecisions',
  staleList: 'staleList',
} as const;

const CLUSTER_PARAMETERS = {
  asOf: 'asOf',
  horizonMonths: 'horizonMonths',
  maxSpreadMonths: 'maxSpreadMonths',
  minBoroughs: 'minBoroughs',
  groupBy: 'groupBy',
  useExtensions: 'useExtensions',
  leadTimeMonths: 'leadTimeMonths',
  category: 'categoryCodes',
  borough: 'boroughGssCodes',
} as const;

const LISTS = new Set(['borough', 'category', 'supplier', 'product', 'decision']);
const BOOLEANS = new Set(['useExtensions', 'staleList']);
const DATES = new Set(['endingFrom', 'endingTo', 'asOf']);
const INTEGERS = new Set(['horizonMonths', 'maxSpreadMonths', 'minBoroughs', 'leadTimeMonths']);

/**
 * Reads a query string into an export's input, naming each bad parameter: a list may be repeated
 * or comma-separated (`borough=E09000007,E09000019`); anything else is given once.
 */
function read(query: QueryString, parameters: Record<string, string>): Record<string, unknown> {
  const errors = new FieldErrors();
  const input: Record<string, unknown> = {};
  for (const [name, given] of Object.entries(query)) {
    if (given === undefined) continue;
    const field = parameters[name];
    if (!field) {
      errors.add(
        name,
        `is not a parameter of this export; it takes ${Object.keys(parameters).join(', ')}`,
      );
      continue;
    }
    const values = (Array.isArray(given) ? given : [given]).map((v) => v.trim());
    if (LISTS.has(name)) {
      const list = values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
      if (name !== 'decision') input[field] = list;
      else if (list.every((v) => decisionNamed(v)))
        input[field] = list.map((v) => decisionNamed(v));
      else errors.add(name, `must be one of ${Object.values(RenewalDecision).join(', ')}`);
      continue;
    }
    if (values.length > 1) {
      errors.add(name, 'is given more than once');
      continue;
    }
    const [value] = values;
    if (DATES.has(name)) {
      if (isLocalDate(value)) input[field] = value;
      else errors.add(name, 'must be a real date written YYYY-MM-DD');
    } else if (INTEGERS.has(name)) {
      // Not a number goes to the input's own rules, which say what range they take.
      input[field] = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
    } else if (name === 'groupBy') {
      const grouping = Object.values(ClusterGrouping).find(
        (g) => String(g) === value.toUpperCase(),
      );
      if (grouping) input[field] = grouping;
      else errors.add(name, `must be one of ${Object.values(ClusterGrouping).join(', ')}`);
    } else if (BOOLEANS.has(name)) {
      if (value === 'true' || value === 'false') input[field] = value === 'true';
      else errors.add(name, 'must be true or false');
    }
  }
  errors.throwIfAny();
  return input;
}

export const systemFilterOf = (query: QueryString): SystemFilter => read(query, SYSTEM_PARAMETERS);

export const clusterInputOf = (query: QueryString): ClusterInput => read(query, CLUSTER_PARAMETERS);

/**
 * An error about the input (`filter.endingTo`, `input.categoryCodes.2`) in the query string's
 * terms (`endingTo`, `category`).
 */
export function inQueryTerms(error: unknown, kind: 'systems' | 'clusters'): unknown {
  if (!(error instanceof DomainError) || error.fieldErrors.length === 0) return error;
  const parameters = kind === 'systems' ? SYSTEM_PARAMETERS : CLUSTER_PARAMETERS;
  const parameterOf = new Map<string, string>(
    Object.entries(parameters).map(([name, field]) => [field, name]),
  );
  const translate = ({ path, message }: FieldError): FieldError => {
    const field = path.split('.').find((part) => parameterOf.has(part));
    return { path: field ? parameterOf.get(field)! : path, message };
  };
  return DomainError.badInput(error.fieldErrors.map(translate));
}
