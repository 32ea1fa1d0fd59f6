import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Action, can } from '../access/policy';
import type { Borough } from '../boroughs/borough.entity';
import { BoroughsService } from '../boroughs/boroughs.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { CsvImport } from '../spreadsheets/models/csv-import.model';
import { CsvImportService } from '../spreadsheets/csv-import.service';
import { HistoryService } from '../submissions/history.service';
import { EntryChangeKind } from '../submissions/list-writer';
import { SystemsService } from '../systems/systems.service';
import { ConsoleAccess } from './console-access';
import { redirect, sendPage } from './render';
import { versionChanges } from './version-changes';
import { readableInstant } from './views/format';
import { ErrorSummary, FieldProblem, Layout, Viewer } from './views/layout';
import { SystemsTable } from './views/system-rows';

/** Versions of the history shown: the list changes a few times a year. */
const HISTORY_SHOWN = 20;

interface UploadForm {
  file?: unknown;
  expectedVersion?: unknown;
}

interface ConfirmForm {
  csv?: unknown;
  expectedVersion?: unknown;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A whole number given in a form, else undefined (the import then checks no version). */
const versionOf = (given: unknown): number | undefined =>
  typeof given === 'string' && /^\d{1,9}$/.test(given) ? Number(given) : undefined;

const CHANGE_TAG: Record<EntryChangeKind, string> = {
  [EntryChangeKind.CREATED]: 'created',
  [EntryChangeKind.UPDATED]: 'updated',
  [EntryChangeKind.UNCHANGED]: 'unchanged',
  [EntryChangeKind.RETIRED]: 'retired',
};

/**
 * `/boroughs/<gssCode>` (DESIGN §10): the borough's ten systems, its version and history; for its
 * lead and admins, the CSV download and an upload that shows every change before it is saved.
 */
@Controller('boroughs')
export class BoroughPageController {
  constructor(
    private readonly access: ConsoleAccess,
    private readonly boroughs: BoroughsService,
    private readonly systems: SystemsService,
    private readonly history: HistoryService,
    private readonly imports: CsvImportService,
  ) {}

  @Get(':gssCode')
  async show(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Query('saved') saved?: string,
  ): Promise<void> {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const borough = await this.boroughs.byGssCode(gssCode);
    if (!borough) return this.notFound(reply, viewer, gssCode);
    await this.page(reply, viewer, borough, {
      notice: versionOf(saved) !== undefined ? `Saved as version ${saved}.` : undefined,
    });
  }

  /** A CSV chosen in the form: read and checked as a dry run, nothing saved, every change shown. */
  @Post(':gssCode/upload')
  async upload(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Body() form: UploadForm = {},
  ): Promise<void> {
    const ready = await this.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    let csv: string;
    try {
      csv = UTF8.decode(Buffer.isBuffer(form.file) ? form.file : Buffer.alloc(0));
    } catch {
      return this.page(reply, viewer, borough, {
        problems: [
          { path: 'csv', message: 'is not UTF-8 text: save the spreadsheet as "CSV UTF-8"' },
        ],
        status: 400,
      });
    }
    const expectedVersion = versionOf(form.expectedVersion);
    await this.attempt(reply, viewer, borough, async () => {
      const preview = await this.imports.importCsv(
        viewer.principal,
        borough.gssCode,
        csv,
        expectedVersion,
        true,
      );
      await sendPage(
        reply,
        <PreviewPage
          viewer={viewer}
          borough={borough}
          preview={preview}
          csv={csv}
          expectedVersion={expectedVersion}
        />,
      );
    });
  }

  /** The previewed CSV, sent back by the confirm button: saved as a new version. */
  @Post(':gssCode/import')
  async import(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Body() form: ConfirmForm = {},
  ): Promise<void> {
    const ready = await this.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    const csv = typeof form.csv === 'string' ? form.csv : '';
    await this.attempt(reply, viewer, borough, async () => {
      const saved = await this.imports.importCsv(
        viewer.principal,
        borough.gssCode,
        csv,
        versionOf(form.expectedVersion),
        false,
      );
      await redirect(reply, `/boroughs/${borough.gssCode}?saved=${saved.version}`);
    });
  }

  /** The viewer and borough of a form post, once its CSRF token and the viewer's right are checked. */
  private async ready(req: FastifyRequest, reply: FastifyReply, gssCode: string) {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return null;
    const borough = await this.boroughs.byGssCode(gssCode);
    if (!borough) {
      await this.notFound(reply, viewer, gssCode);
      return null;
    }
    if (!this.access.hasCsrfToken(req, reply)) {
      await this.page(reply, viewer, borough, {
        problems: [
          {
            path: 'form',
            message:
              'was sent without the token of this page: nothing was changed. Send it again from this page.',
          },
        ],
        status: 403,
      });
      return null;
    }
    return { viewer, borough };
  }

  /** Runs an import, answering its refusals (bad cells, a stale version, no right) on the page. */
  private async attempt(
    reply: FastifyReply,
    viewer: Viewer,
    borough: Borough,
    run: () => Promise<void>,
  ) {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status =
        error.code === ErrorCode.FORBIDDEN
          ? 403
          : error.code === ErrorCode.CONFLICT
            ? 409
            : error.code === ErrorCode.BAD_USER_INPUT
              ? 400
              : undefined;
      if (status === undefined) throw error;
      const problems = error.fieldErrors.length
        ? error.fieldErrors
        : [{ path: 'csv', message: error.message }];
      await this.page(reply, viewer, borough, { problems, status, intro: 'Nothing was saved' });
    }
  }

  private async notFound(reply: FastifyReply, viewer: Viewer, gssCode: string): Promise<void> {
    await sendPage(
      reply,
      <Layout title="No such borough" path="/" viewer={viewer}>
        <p class="lead">The register has no authority with the GSS code {gssCode}.</p>
      </Layout>,
      404,
    );
  }

  private async page(
    reply: FastifyReply,
    viewer: Viewer,
    borough: Borough,
    {
      notice,
      problems = [],
      status = 200,
      intro,
    }: { notice?: string; problems?: FieldProblem[]; status?: number; intro?: string },
  ): Promise<void> {
    const [rows, versions] = await Promise.all([
      this.systems.find({ boroughGssCodes: [borough.gssCode] }),
      this.history.history({ gssCode: borough.gssCode, limit: HISTORY_SHOWN + 1 }),
    ]);
    const entries = (await this.systems.withNames(rows)).sort(
      (a, b) => a.system.rank - b.system.rank,
    );
    const mayChange = can(viewer.principal, Action.IMPORT, { gssCode: borough.gssCode });
    const mayExport = can(viewer.principal, Action.EXPORT, { gssCode: borough.gssCode });
    await sendPage(
      reply,
      <Layout title={borough.name} path={`/boroughs/${borough.gssCode}`} viewer={viewer}>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <ErrorSummary problems={problems} intro={intro} />
        <dl class="facts">
          <dt>GSS code</dt>
          <dd>{borough.gssCode}</dd>
          <dt>Version</dt>
          <dd>{borough.version}</dd>
          <dt>Last changed</dt>
          <dd>
            {borough.lastSubmittedAt ? readableInstant(borough.lastSubmittedAt) : 'No list yet'}
          </dd>
        </dl>
        <h2>Top ten systems</h2>
        <SystemsTableById entries={entries} />
        {(mayExport || mayChange) && (
          <>
            <h2>Spreadsheet</h2>
            {mayExport && (
              <p class="downloads">
                <a class="button secondary" href={`/exports/${borough.gssCode}/systems.csv`}>
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
                action={`/boroughs/${borough.gssCode}/upload`}
                encType="multipart/form-data"
                class="card"
                aria-label="Upload a CSV"
              >
                <input type="hidden" name="_csrf" value={viewer.csrf} />
                <input type="hidden" name="expectedVersion" value={String(borough.version)} />
                <label for="file">
                  Upload the list as CSV
                  <span class="hint">
                    You see every change before anything is saved. The file replaces the whole list:
                    a system not in it is retired, its history kept.
                  </span>
                </label>
                <input id="file" name="file" type="file" accept=".csv,text/csv" required />
                <p>
                  <button type="submit">Check the file</button>
                </p>
              </form>
            )}
          </>
        )}
        <h2>History</h2>
        <History versions={versions.slice(0, HISTORY_SHOWN)} previous={versions[HISTORY_SHOWN]} />
      </Layout>,
      status,
    );
  }
}

/** The list, each row anchored as `#system-<id>`, where alert emails link. */
function SystemsTableById({ entries }: { entries: Parameters<typeof SystemsTable>[0]['entries'] }) {
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function History({
  versions,
  previous,
}: {
  versions: Awaited<ReturnType<HistoryService['history']>>;
  previous?: Awaited<ReturnType<HistoryService['history']>>[number];
}) {
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

function PreviewPage({
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
