import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsvImportService } from '../spreadsheets/csv-import.service';
import { LIST_HEADER, listCsvText, listRow } from '../spreadsheets/list-csv';
import { SubmissionsService } from '../submissions/submissions.service';
import { BoroughForms, uploadedText, versionOf } from './borough-forms';
import { redirect } from './render';

interface UploadForm {
  file?: unknown;
  expectedVersion?: unknown;
}

interface ConfirmForm {
  csv?: unknown;
  expectedVersion?: unknown;
}

/**
 * `/boroughs/<gssCode>` (DESIGN §10): the borough's ten systems, its version and history; for its
 * lead and admins, the CSV download and an upload that shows every change before it is saved.
 */
@Controller('boroughs')
export class BoroughPageController {
  constructor(
    private readonly forms: BoroughForms,
    private readonly imports: CsvImportService,
    private readonly submissions: SubmissionsService,
  ) {}

  @Get(':gssCode')
  async show(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Query('saved') saved?: string,
    @Query('confirmed') confirmed?: string,
  ): Promise<void> {
    const found = await this.forms.viewerAndBorough(req, reply, gssCode);
    if (!found) return;
    await this.forms.page(reply, found.viewer, found.borough, {
      notice:
        versionOf(saved) !== undefined
          ? `Saved as version ${saved}.`
          : confirmed === '1'
            ? 'Confirmed: the list is still right.'
            : undefined,
    });
  }

  /** "Still right" (DESIGN §11): the confirmation time moves, no version is written. */
  @Post(':gssCode/confirm')
  async confirm(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Body() form: ConfirmForm = {},
  ): Promise<void> {
    const ready = await this.forms.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    await this.forms.attempt(reply, viewer, borough, async () => {
      await this.submissions.confirm(
        viewer.principal,
        borough.gssCode,
        versionOf(form.expectedVersion) ?? -1,
      );
      await redirect(reply, `/boroughs/${borough.gssCode}?confirmed=1`);
    });
  }

  /**
   * Renewal decisions changed on the page: the list as it stands with those cells changed,
   * checked as a dry run and shown as a spreadsheet's changes are, before anything is saved.
   */
  @Post(':gssCode/decisions')
  async decisions(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Body() form: Record<string, unknown> = {},
  ): Promise<void> {
    const ready = await this.forms.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    const given = (name: string) => (typeof form[name] === 'string' ? form[name] : null);
    const decision = LIST_HEADER.indexOf('renewal_decision');
    const note = LIST_HEADER.indexOf('decision_note');
    const rows = (await this.forms.entries(borough)).map((entry) => {
      const row = listRow(entry);
      row[decision] = given(`decision.${entry.system.id}`) ?? row[decision];
      row[note] = given(`note.${entry.system.id}`) ?? row[note];
      return row;
    });
    const csv = listCsvText(rows);
    const expectedVersion = versionOf(form.expectedVersion);
    await this.forms.attempt(reply, viewer, borough, async () => {
      await this.forms.preview(reply, viewer, borough, csv, expectedVersion);
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
    const ready = await this.forms.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    const csv = uploadedText(form.file);
    if (csv === null) {
      return this.forms.page(reply, viewer, borough, {
        problems: [
          { path: 'csv', message: 'is not UTF-8 text: save the spreadsheet as "CSV UTF-8"' },
        ],
        status: 400,
      });
    }
    const expectedVersion = versionOf(form.expectedVersion);
    await this.forms.attempt(reply, viewer, borough, async () => {
      await this.forms.preview(reply, viewer, borough, csv, expectedVersion);
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
    const ready = await this.forms.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    const csv = typeof form.csv === 'string' ? form.csv : '';
    await this.forms.attempt(reply, viewer, borough, async () => {
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
}
