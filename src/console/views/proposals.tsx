import type { Borough } from '../../boroughs/borough.entity';
import { normaliseSupplierName } from '../../suppliers/normalise-name';
import type { NamedEntry } from '../../systems/systems.service';
import { ErrorSummary, FieldProblem, Layout, Viewer } from './layout';

/** A proposal as the form holds it: every field as typed, and why the notice left some out. */
export interface ProposalRow {
  pick: boolean;
  sourceOcid: string;
  name: string;
  categoryCode: string;
  supplierName: string;
  supplierCompaniesHouseNumber: string;
  contractReference: string;
  contractStart: string;
  contractEnd: string;
  maxExtentDate: string;
  annualValueGbp: string;
  totalValueGbp: string;
  missing: { field: string; reason: string }[];
}

/** The fields of a proposal the lead may edit: all but the choice, its source and the reasons. */
export type EditableField = Exclude<keyof ProposalRow, 'pick' | 'sourceOcid' | 'missing'>;

/** The editable fields of a proposal, with their labels and input types. */
export const PROPOSAL_FIELDS: readonly {
  field: EditableField;
  label: string;
  type: 'text' | 'date' | 'category';
}[] = [
  { field: 'name', label: 'System', type: 'text' },
  { field: 'categoryCode', label: 'Category', type: 'category' },
  { field: 'supplierName', label: 'Supplier', type: 'text' },
  { field: 'supplierCompaniesHouseNumber', label: 'Companies House number', type: 'text' },
  { field: 'contractReference', label: 'Contract reference', type: 'text' },
  { field: 'contractStart', label: 'Contract starts', type: 'date' },
  { field: 'contractEnd', label: 'Contract ends', type: 'date' },
  { field: 'maxExtentDate', label: 'Furthest extension', type: 'date' },
  { field: 'annualValueGbp', label: 'Annual value (£)', type: 'text' },
  { field: 'totalValueGbp', label: 'Total value (£)', type: 'text' },
];

/**
 * The entry of the list a proposal seems to be: the same contract reference, else the same
 * supplier (by number or name) in the same category. Said on the page, so the lead does not keep
 * both by mistake; a proposal picked in place of it keeps what the notice does not say.
 */
export function lookalikeOf(
  row: ProposalRow,
  current: readonly NamedEntry[],
): { entry: NamedEntry; by: 'reference' | 'supplier' } | null {
  const same = current.find((e) => e.system.contractReference === row.contractReference);
  if (same) return { entry: same, by: 'reference' };
  const supplier = row.supplierName ? normaliseSupplierName(row.supplierName) : null;
  const like = current.find(
    (e) =>
      e.category.code === row.categoryCode &&
      ((row.supplierCompaniesHouseNumber !== '' &&
        e.supplier.companiesHouseNumber === row.supplierCompaniesHouseNumber) ||
        (supplier !== null && normaliseSupplierName(e.supplier.name) === supplier)),
  );
  return like ? { entry: like, by: 'supplier' } : null;
}

function Lookalike({ row, current }: { row: ProposalRow; current: readonly NamedEntry[] }) {
  const like = lookalikeOf(row, current);
  if (!like) return null;
  const { rank, name } = like.entry.system;
  return (
    <p class="notice">
      {like.by === 'reference'
        ? `Already on the list as ${rank}. ${name} (the same contract reference).`
        : `Perhaps ${rank}. ${name} on the list (the same supplier and category).`}{' '}
      To replace that entry with this one, untick it and tick this: what the notice does not say
      (product, notice period, hosting, notes…) is kept from it.
    </p>
  );
}

export interface ProposalsPageProps {
  viewer: Viewer;
  borough: Borough;
  summary: string;
  current: NamedEntry[];
  kept: ReadonlySet<string>;
  rows: ProposalRow[];
  categories: { code: string; name: string }[];
  expectedVersion: number;
  problems?: FieldProblem[];
}

/**
 * The proposals from a notices file as a form: the list as it stands, each entry kept unless
 * unticked, then each proposal to tick and complete. The result goes through the same check and
 * preview as an uploaded spreadsheet.
 */
export function ProposalsPage({
  viewer,
  borough,
  summary,
  current,
  kept,
  rows,
  categories,
  expectedVersion,
  problems = [],
}: ProposalsPageProps) {
  const gss = borough.gssCode;
  return (
    <Layout
      title={`Proposals for ${borough.shortName}'s list`}
      path={`/boroughs/${gss}`}
      viewer={viewer}
    >
      <ErrorSummary problems={problems} intro="Nothing was saved" />
      <p class="notice" role="status">
        {summary}
      </p>
      <form method="post" action={`/boroughs/${gss}/proposals`}>
        <input type="hidden" name="_csrf" value={viewer.csrf} />
        <input type="hidden" name="expectedVersion" value={String(expectedVersion)} />
        <input type="hidden" name="summary" value={summary} />
        <input type="hidden" name="count" value={String(rows.length)} />
        <h2>On the list now</h2>
        {current.length === 0 ? (
          <p>The list is empty.</p>
        ) : (
          <ul class="cards">
            {current.map(({ system, supplier }) => (
              <li class="card" key={system.id}>
                <input
                  type="checkbox"
                  id={`keep-${system.id}`}
                  name={`keep.${system.id}`}
                  checked={kept.has(system.id)}
                />{' '}
                <label class="inline" for={`keep-${system.id}`}>
                  Keep {system.rank}. {system.name}
                </label>{' '}
                <span class="muted">
                  ({supplier.name}, ends {system.contractEnd})
                </span>
              </li>
            ))}
          </ul>
        )}
        <h2>Proposed from the notices</h2>
        {rows.length === 0 && <p>The file holds none of this borough's IT contracts.</p>}
        {rows.map((row, i) => (
          <fieldset class="card" key={row.sourceOcid}>
            <legend>
              <input type="checkbox" id={`p${i}-pick`} name={`p${i}.pick`} checked={row.pick} />{' '}
              <label class="inline" for={`p${i}-pick`}>
                Add {row.name || row.sourceOcid}
              </label>
            </legend>
            <input type="hidden" name={`p${i}.sourceOcid`} value={row.sourceOcid} />
            <input type="hidden" name={`p${i}.missing`} value={JSON.stringify(row.missing)} />
            <p class="muted">From {row.sourceOcid}</p>
            <Lookalike row={row} current={current} />
            <div class="fields">
              {PROPOSAL_FIELDS.map(({ field, label, type }) => {
                const id = `p${i}-${field}`;
                const why = row.missing.find((m) => m.field === field)?.reason;
                const value = row[field];
                return (
                  <div key={field}>
                    <label for={id}>
                      {label}
                      {why && <span class="hint">Missing: {why}</span>}
                    </label>
                    {type === 'category' ? (
                      <select id={id} name={`p${i}.${field}`}>
                        <option value="">Choose a category</option>
                        {categories.map((c) => (
                          <option key={c.code} value={c.code} selected={c.code === value}>
                            {c.name}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input id={id} name={`p${i}.${field}`} type={type} value={value} />
                    )}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
        <p class="downloads">
          <button type="submit">Check the new list</button>
          <a class="button secondary" href={`/boroughs/${gss}`}>
            Cancel
          </a>
        </p>
        <p class="muted">
          The new list is what is ticked: the entries kept, in their order, then the proposals
          added. You see every change before anything is saved.
        </p>
      </form>
    </Layout>
  );
}
