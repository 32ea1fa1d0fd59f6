import { isLocalDate } from '../common/dates';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { Hosting } from '../systems/hosting';
import { decisionNamed, RenewalDecision } from '../systems/renewal-decision';
import type { NamedEntry } from '../systems/systems.service';

/** A cell read: the value for the entry's field, or why the cell cannot be one. */
export type CellValue = { value: unknown } | { error: string };

/** How a category is named in a cell: by its code or by its name. */
export interface CategoryNames {
  code: string;
  name: string;
}

/** One column of the top-systems spreadsheet (DESIGN §7): its header, field, reader and writer. */
export interface Column {
  /** The header as the template writes it. */
  header: string;
  /** The entry's field it fills; none for a column the register does not record yet. */
  field?: keyof ItSystemInput;
  /** A file without this column is refused. */
  required?: boolean;
  read(cell: string, categories: readonly CategoryNames[]): CellValue;
  write(entry: NamedEntry): string | number | null;
}

const ok = (value: unknown): CellValue => ({ value });

/** Text as typed, trimmed; blank is no value (the entry's rules say whether one is needed). */
const text = (cell: string): CellValue => ok(cell === '' ? null : cell);

/** Whole numbers; anything else goes to the entry's rules as not a number, to get their message. */
const wholeNumber = (cell: string): CellValue =>
  ok(cell === '' ? null : /^[+-]?\d+$/.test(cell) ? Number(cell) : Number.NaN);

/** Pounds as a spreadsheet shows them: `£450,000`, `450000`, `450,000.00`. */
function pounds(cell: string): CellValue {
  if (cell === '') return ok(null);
  const bare = cell.replace(/^(-?)\s*£\s*/, '$1').replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(bare)) {
    return { error: 'must be an amount in pounds, e.g. £450,000 or 450000' };
  }
  return ok(Number(bare));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A date written `YYYY-MM-DD` or the UK way, `DD/MM/YYYY` (what Excel writes for a date cell in
 * a UK locale, with or without leading zeros). The entry's rules check an ISO date's range.
 */
function date(cell: string): CellValue {
  if (cell === '') return ok(null);
  if (ISO_DATE.test(cell)) return ok(cell);
  const uk = UK_DATE.exec(cell);
  if (uk) {
    const iso = `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}`;
    return isLocalDate(iso) ? ok(iso) : { error: `is not a real date (${cell} is day/month/year)` };
  }
  return { error: 'must be a date written YYYY-MM-DD or DD/MM/YYYY, e.g. 31/03/2027' };
}

const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);

/** yes/no or true/false; blank is yes (DESIGN §7: open to collaboration unless a borough says not). */
function yesNo(cell: string): CellValue {
  const word = cell.toLowerCase();
  if (word === '' || YES.has(word)) return ok(true);
  if (NO.has(word)) return ok(false);
  return { error: 'must be yes or no' };
}

const hostingKey = (value: string) => value.toUpperCase().replace(/[\s-]+/g, '_');

/** A hosting value as the API writes it or in words ("On premises", "supplier-hosted"). */
function hosting(cell: string): CellValue {
  if (cell === '') return ok(Hosting.UNKNOWN);
  const value = Object.values(Hosting).find((h) => String(h) === hostingKey(cell));
  if (value) return ok(value);
  return { error: `must be one of ${Object.values(Hosting).join(', ')}` };
}

/** A category by its code or its name, ignoring case. */
function category(cell: string, categories: readonly CategoryNames[]): CellValue {
  if (cell === '') return ok('');
  const wanted = cell.toLowerCase();
  const found = categories.find(
    (c) => c.code.toLowerCase() === wanted || c.name.toLowerCase() === wanted,
  );
  if (found) return ok(found.code);
  return {
    error: `is not a category code or name ("${cell}"); the categories query lists them, e.g. housing-management or "Housing management"`,
  };
}

/** A renewal decision as the API writes it or in words ("Re-procure", "decommission"); blank is UNDECIDED. */
function decision(cell: string): CellValue {
  if (cell === '') return ok(RenewalDecision.UNDECIDED);
  const value = decisionNamed(cell);
  if (value) return ok(value);
  return { error: `must be one of ${Object.values(RenewalDecision).join(', ')}, or blank` };
}

const yesOrNo = (value: boolean) => (value ? 'yes' : 'no');

/** The spreadsheet's columns in template order (DESIGN §7). */
export const COLUMNS: readonly Column[] = [
  { header: 'rank', field: 'rank', required: true, read: wholeNumber, write: (e) => e.system.rank },
  { header: 'name', field: 'name', required: true, read: text, write: (e) => e.system.name },
  {
    header: 'category',
    field: 'categoryCode',
    required: true,
    read: category,
    write: (e) => e.category.code,
  },
  {
    header: 'supplier',
    field: 'supplierName',
    required: true,
    read: text,
    write: (e) => e.supplier.name,
  },
  {
    header: 'supplier_companies_house_number',
    field: 'supplierCompaniesHouseNumber',
    read: text,
    write: (e) => e.supplier.companiesHouseNumber,
  },
  { header: 'product', field: 'productName', read: text, write: (e) => e.product?.name ?? null },
  {
    header: 'product_manufacturer',
    field: 'productManufacturerName',
    read: text,
    write: (e) => e.manufacturer?.name ?? null,
  },
  {
    header: 'contract_reference',
    field: 'contractReference',
    read: text,
    write: (e) => e.system.contractReference,
  },
  {
    header: 'contract_start',
    field: 'contractStart',
    read: date,
    write: (e) => e.system.contractStart,
  },
  {
    header: 'contract_end',
    field: 'contractEnd',
    required: true,
    read: date,
    write: (e) => e.system.contractEnd,
  },
  {
    header: 'max_extent_date',
    field: 'maxExtentDate',
    read: date,
    write: (e) => e.system.maxExtentDate,
  },
  {
    header: 'notice_period_days',
    field: 'noticePeriodDays',
    read: wholeNumber,
    write: (e) => e.system.noticePeriodDays,
  },
  {
    header: 'annual_value_gbp',
    field: 'annualValueGbp',
    read: pounds,
    write: (e) => e.system.annualValueGbp,
  },
  {
    header: 'total_value_gbp',
    field: 'totalValueGbp',
    read: pounds,
    write: (e) => e.system.totalValueGbp,
  },
  { header: 'hosting', field: 'hosting', read: hosting, write: (e) => e.system.hosting },
  {
    header: 'route_to_market',
    field: 'routeToMarket',
    read: text,
    write: (e) => e.system.routeToMarket,
  },
  {
    header: 'open_to_collaboration',
    field: 'openToCollaboration',
    read: yesNo,
    write: (e) => yesOrNo(e.system.openToCollaboration),
  },
  {
    header: 'renewal_decision',
    field: 'renewalDecision',
    read: decision,
    write: (e) => e.system.renewalDecision,
  },
  { header: 'notes', field: 'notes', read: text, write: (e) => e.system.notes },
  {
    header: 'decision_note',
    field: 'decisionNote',
    read: text,
    write: (e) => e.system.decisionNote,
  },
];

/** Headers match ignoring case, spaces, `_` and `-` (DESIGN §7): "Contract End" is contract_end. */
export const headerKey = (header: string): string => header.toLowerCase().replace(/[\s_-]+/g, '');
