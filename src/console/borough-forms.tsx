import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Action, can } from '../access/policy';
import type { Borough } from '../boroughs/borough.entity';
import { BoroughsService } from '../boroughs/boroughs.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { CsvImportService } from '../spreadsheets/csv-import.service';
import { HistoryService } from '../submissions/history.service';
import { NamedEntry, SystemsService } from '../systems/systems.service';
import { ConsoleAccess } from './console-access';
import { sendPage } from './render';
import { BoroughPage, PreviewPage } from './views/borough-views';
import { FieldProblem, Layout, Viewer } from './views/layout';

/** Versions of the history shown: the list changes a few times a year. */
const HISTORY_SHOWN = 20;

/** A whole number given in a form, else undefined (the import then checks no version). */
export const versionOf = (given: unknown): number | undefined =>
  typeof given === 'string' && /^\d{1,9}$/.test(given) ? Number(given) : undefined;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A file sent with a form as UTF-8 text, or null when its bytes are not UTF-8. */
export function uploadedText(file: unknown): string | null {
  try {
    return UTF8.decode(Buffer.isBuffer(file) ? file : Buffer.alloc(0));
  } catch {
    return null;
  }
}

export interface PageOptions {
  notice?: string;
  problems?: FieldProblem[];
  status?: number;
  intro?: string;
}

/**
 * What the borough page's forms share: who is asking and for which borough, the page itself
 * (again, with the problems of a refused form), and the list as it stands.
 */
@Injectable()
export class BoroughForms {
  constructor(
    readonly access: ConsoleAccess,
    private readonly boroughs: BoroughsService,
    private readonly systems: SystemsService,
    private readonly history: HistoryService,
    private readonly imports: CsvImportService,
  ) {}

  /**
   * A new list as a spreadsheet's text, checked as a dry run and shown change by change with the
   * button that saves it: what an uploaded CSV, a decisions form and picked proposals all lead to.
   */
  async preview(
    reply: FastifyReply,
    viewer: Viewer,
    borough: Borough,
    csv: string,
    expectedVersion: number | undefined,
  ): Promise<void> {
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
  }

  /** The signed-in viewer and the borough, else the sign-in redirect or a 404 page sent. */
  async viewerAndBorough(req: FastifyRequest, reply: FastifyReply, gssCode: string) {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return null;
    const borough = await this.boroughs.byGssCode(gssCode);
    if (!borough) {
      await this.notFound(reply, viewer, gssCode);
      return null;
    }
    return { viewer, borough };
  }

  /** The viewer and borough of a form post, once its CSRF token is checked. */
  async ready(req: FastifyRequest, reply: FastifyReply, gssCode: string) {
    const found = await this.viewerAndBorough(req, reply, gssCode);
    if (!found) return null;
    if (!this.access.hasCsrfToken(req, reply)) {
      await this.page(reply, found.viewer, found.borough, {
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
    return found;
  }

  /**
   * Runs a form's work, answering its refusals (bad cells or files, a stale version, no right) on
   * the borough page; `answer` may turn a refusal into a page of its own first.
   */
  async attempt(
    reply: FastifyReply,
    viewer: Viewer,
    borough: Borough,
    run: () => Promise<void>,
    answer?: (error: DomainError, status: number) => Promise<boolean>,
  ): Promise<void> {
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
      if (answer && (await answer(error, status))) return;
      const problems = error.fieldErrors.length
        ? error.fieldErrors
        : [{ path: 'csv', message: error.message }];
      await this.page(reply, viewer, borough, { problems, status, intro: 'Nothing was saved' });
    }
  }

  async notFound(reply: FastifyReply, viewer: Viewer, gssCode: string): Promise<void> {
    await sendPage(
      reply,
      <Layout title="No such borough" path="/" viewer={viewer}>
        <p class="lead">The register has no authority with the GSS code {gssCode}.</p>
      </Layout>,
      404,
    );
  }

  /** The borough's current entries with their names, by rank. */
  async entries(borough: Borough): Promise<NamedEntry[]> {
    const rows = await this.systems.find({ boroughGssCodes: [borough.gssCode] });
    return (await this.systems.withNames(rows)).sort((a, b) => a.system.rank - b.system.rank);
  }

  async page(
    reply: FastifyReply,
    viewer: Viewer,
    borough: Borough,
    { notice, problems = [], status = 200, intro }: PageOptions,
  ): Promise<void> {
    const [entries, versions] = await Promise.all([
      this.entries(borough),
      this.history.history({ gssCode: borough.gssCode, limit: HISTORY_SHOWN + 1 }),
    ]);
    await sendPage(
      reply,
      <BoroughPage
        viewer={viewer}
        borough={borough}
        entries={entries}
        versions={versions.slice(0, HISTORY_SHOWN)}
        previous={versions[HISTORY_SHOWN]}
        mayChange={can(viewer.principal, Action.IMPORT, { gssCode: borough.gssCode })}
        mayExport={can(viewer.principal, Action.EXPORT, { gssCode: borough.gssCode })}
        stale={this.boroughs.isStale(borough)}
        notice={notice}
        problems={problems}
        intro={intro}
      />,
      status,
    );
  }
}
