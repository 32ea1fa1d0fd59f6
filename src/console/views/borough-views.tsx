import type { Borough } from '../../boroughs/borough.entity';
import type { CsvImport } from '../../spreadsheets/models/csv-import.model';
import type { HistoryService } from '../../submissions/history.service';
import { EntryChangeKind } from '../../submissions/list-writer';
import { RenewalDecision } from '../../systems/renewal-decision';
import type { NamedEntry } from '../../systems/systems.service';
import { versionChanges } from '../version-changes';
import { DECISION_LABEL, readableInstant } from './format';
import { Freshness } from './freshness';
import { ErrorSummary, FieldProblem, Layout, Viewer } from './layout';

export type Versions = Awaited<ReturnType<HistoryService['history']>>;

const CHANGE_TAG: Record<EntryChangeKind, string> = {
  [EntryChangeKind.CREATED]: 'created',
  [EntryChangeKind.UPDATED]: 'updated',
  [EntryChangeKind.UNCHANGED]: 'unchanged',
  [EntryChangeKind.RETIRED]: 'retired',
};

export interface BoroughPageProps {
  viewer: Viewer;
  borough: Borough;
  entries: NamedEntry[];
  versions: Versions;
  previous?: Versions[number];
  mayChange: boolean;
  mayExport: boolean;
  /** Last changed or confirmed more than STALE_AFTER_DAYS ago, or never. */
  stale: boolean;
  notice?: string;
  problems: FieldProblem[];
  intro?: string;
}

/** `/boroughs/<gssCode>`: the list, its downloads and uploads for those who may, its history. */
export function BoroughPage({
  viewer,
  borough,
  entries,
  versions,
  previous,
  mayChange,
  mayExport,
  stale,
  notice,
  problems,
  intro,
}: BoroughPageProps) {
  const gss = borough.gssCode;
  return (
    <Layout title={borough.name} path={`/boroughs/${gss}`} viewer={viewer}>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorSummary problems={problems} intro={intro} />
      <dl class="facts">
        <dt>GSS code</dt>
        <dd>{gss}</dd>
        <dt>Version</dt>
        <dd>{borough.version}</dd>
        <dt>Last changed</dt>
        <dd>
          {borough.lastSubmittedAt ? readableInstant(borough.lastSubmittedAt) : 'No list yet'}
        </dd>
        <dt>Last confirmed</dt>
        <dd>
          <Freshness lastConfirmedAt={borough.lastConfirmedAt} stale={stale} />
        </dd>
      </dl>
      {mayChange && borough.version > 0 && (
        <form method="post" action={`/boroughs/${gss}/confirm`} class="downloads">
          <input type="hidden" name="_csrf" value={viewer.csrf} />
          <input type="hidden" name="expectedVersion" value={String(borough.version)} />
          <button type="submit">Confirm the list is still right</button>
          <span class="hint">Records that nothing has changed, without a new version.</span>
        </form>
      )}
      <h2>Top ten systems</h2>
      <SystemsTableById entries={entries} />
      {mayChange && entries.length > 0 && (
        <DecisionsForm viewer={viewer} borough={borough} entries={entries} />
      )}
      {(mayExport || mayChange) && (
        <>
          <h2>Spreadsheet</h2>
          {mayExport && (
            <p class="downloads">
              <a class="button secondary" href={`/exports/${gss}/systems.csv`}>
                Download this list (CSV)
              </a>
              <a class="button secondary" href="/templates/top-systems.csv">
                Blank template (CSV)
              </a>
            </p>
          )}
          {mayChange && (
            <form
              method="post"
              action={`/boroughs/${gss}/upload`}
              encType="multipart/form-data"
              class="card"
              aria-label="Upload a CSV"
            >
              <input type="hidden" name="_csrf" value={viewer.csrf} />
              <input type="hidden" name="expectedVersion" value={String(borough.version)} />
              <label for="file">
                Upload the list as CSV
                <span class="hint">
                  You see every change before anything is saved. The file replaces the whole list: a
                  system not in it is retired, its history kept.
                </span>
              </label>
              <input id="file" name="file" type="file" accept=".csv,text/csv" required />
              <p>
                <button type="submit">Check the file</button>
              </p>
            </form>
          )}
          <h2>Open contracting (OCDS)</h2>
          {mayExport && (
            <p class="downloads">
              <a class="button secondary" href={`/exports/${gss}/ocds.json`}>
                Download this list (OCDS JSON)
              </a>
            </p>
          )}
          {mayChange && (
            <form
              method="post"
              action={`/boroughs/${gss}/notices`}
              encType="multipart/form-data"
              class="card"
              aria-label="Propose entries from published notices"
            >
              <input type="hidden" name="_csrf" value={viewer.csrf} />
              <label for="notices">
                Propose entries from your published notices
                <span class="hint">
                  An OCDS file of your contract notices (up to 10 MB) from Find a Tender or
                  Contracts Finder. The register proposes your IT contracts in it; you pick the ones
                  to keep, fill the gaps and check the new list before anything is saved.
                </span>
              </label>
              <input
                id="notices"
                name="file"
                type="file"
                accept=".json,application/json"
                required
              />
              <p>
                <button type="submit">Read the notices</button>
              </p>
            </form>
          )}
        </>
      )}
      <h2>History</h2>
      <History versions={versions} previous={previous} />
    </Layout>
  );
}

/** The list, each row anchored as `#system-<id>`, where alert emails link. */
function SystemsTableById({ entries }: { entries: NamedEntry[] }) {
  if (!entries.length) return <p>This borough has no list yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col" class="num">
              Rank
            </th>
            <th scope="col">System</th>
            <th scope="col">Category</th>
            <th scope="col">Supplier</th>
            <th scope="col">Product</th>
            <th scope="col">Contract ends</th>
            <th scope="col">Furthest extension</th>
            <th scope="col">Notice (days)</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ system, category, supplier, product }) => (
            <tr key={system.id} id={`system-${system.id}`}>
              <td class="num">{system.rank}</td>
              <td>{system.name}</td>
              <td>{category.name}</td>
              <td>
                <a href={`/suppliers/${supplier.id}`}>{supplier.name}</a>
              </td>
              <td>{product ? <a href={`/products/${product.id}`}>{product.name}</a> : '—'}</td>
              <td>
                <time dateTime={system.contractEnd}>{system.contractEnd}</time>
              </td>
              <td>{system.maxExtentDate ?? '—'}</td>
              <td>{system.noticePeriodDays ?? '—'}</td>
              <td>
                {DECISION_LABEL[system.renewalDecision]}
                {system.decisionNote && <span class="hint">{system.decisionNote}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Each entry's renewal decision and note, to change in place: sent as the list with only those
 * changed, through the same check and preview as a spreadsheet.
 */
function DecisionsForm({
  viewer,
  borough,
  entries,
}: {
  viewer: Viewer;
  borough: Borough;
  entries: NamedEntry[];
}) {
  return (
    <details>
      <summary>Record renewal decisions</summary>
      <form method="post" action={`/boroughs/${borough.gssCode}/decisions`}>
        <input type="hidden" name="_csrf" value={viewer.csrf} />
        <input type="hidden" name="expectedVersion" value={String(borough.version)} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">System</th>
                <th scope="col">Decision</th>
                <th scope="col">Note (at most 500 characters)</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ system }) => (
                <tr key={system.id}>
                  <td>
                    {system.rank}. {system.name}
                  </td>
                  <td>
                    <select
                      name={`decision.${system.id}`}
                      aria-label={`Decision for ${system.name}`}
                    >
                      {Object.values(RenewalDecision).map((d) => (
                        <option key={d} value={d} selected={d === system.renewalDecision}>
                          {DECISION_LABEL[d]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      name={`note.${system.id}`}
                      aria-label={`Note for ${system.name}`}
                      maxLength={500}
                      value={system.decisionNote ?? ''}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <button type="submit">Check the changes</button>
        </p>
      </form>
    </details>
  );
}

function History({ versions, previous }: { versions: Versions; previous?: Versions[number] }) {
  if (!versions.length) return <p>No versions yet.</p>;
  return (
    <ol class="cards" reversed>
      {versions.map((v, i) => {
        const before = versions[i + 1] ?? previous;
        const changes = versionChanges(before?.systems ?? [], v.systems);
        return (
          <li class="card" key={v.id}>
            <h3>
              Version {v.version}: {v.action}
            </h3>
            <p class="muted">
              {readableInstant(v.submittedAt)} by {v.submittedBy}
            </p>
            {changes.length === 0 ? (
              <p>No entry changed.</p>
            ) : (
              <ul>
                {changes.map((c) => (
                  <li key={c.id + c.change}>
                    <span
                      class={`tag ${c.change === 'added' ? 'created' : c.change === 'removed' ? 'retired' : 'updated'}`}
                    >
                      {c.change}
                    </span>{' '}
                    {c.rank}. {c.name}
                    {c.fields.length > 0 && `: ${c.fields.join(', ')}`}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function PreviewPage({
  viewer,
  borough,
  preview,
  csv,
  expectedVersion,
}: {
  viewer: Viewer;
  borough: Borough;
  preview: CsvImport;
  csv: string;
  expectedVersion: number | undefined;
}) {
  return (
    <Layout
      title={`Check the changes to ${borough.shortName}'s list`}
      path={`/boroughs/${borough.gssCode}`}
      viewer={viewer}
    >
      <p class="notice" role="status">
        Nothing is saved yet. The file would create {preview.created}, update {preview.updated},
        leave {preview.unchanged} unchanged and retire {preview.retired}{' '}
        {preview.retired === 1 ? 'system' : 'systems'}.
      </p>
      <div class="table-wrap">
        <table>
          <caption class="muted">Every entry and what the file does to it</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col" class="num">
                Rank
              </th>
              <th scope="col">System</th>
              <th scope="col">Spreadsheet row</th>
              <th scope="col">Columns that change</th>
            </tr>
          </thead>
          <tbody>
            {preview.changes.map((c) => (
              <tr key={c.systemId + c.change}>
                <td>
                  <span class={`tag ${CHANGE_TAG[c.change]}`}>{CHANGE_TAG[c.change]}</span>
                </td>
                <td class="num">{c.rank}</td>
                <td>{c.name}</td>
                <td>{c.row ?? '—'}</td>
                <td>{c.columns.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action={`/boroughs/${borough.gssCode}/import`} class="downloads">
        <input type="hidden" name="_csrf" value={viewer.csrf} />
        <input
          type="hidden"
          name="expectedVersion"
          value={expectedVersion === undefined ? '' : String(expectedVersion)}
        />
        <input type="hidden" name="csv" value={csv} />
        <button type="submit">Save these changes</button>
        <a class="button secondary" href={`/boroughs/${borough.gssCode}`}>
          Cancel
        </a>
      </form>
    </Layout>
  );
}
