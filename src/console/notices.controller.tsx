import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Borough } from '../boroughs/borough.entity';
import { CategoriesService } from '../categories/categories.service';
import { OcdsProposalsService } from '../open-contracting/ocds-proposals.service';
import { Proposal, proposalsSummary } from '../open-contracting/propose-systems';
import { MAX_OCDS_BYTES } from '../open-contracting/read-ocds';
import { listCsvText, listRow, rowOf } from '../spreadsheets/list-csv';
import { MAX_RANK } from '../systems/dto/it-system.input';
import { BoroughForms, uploadedText, versionOf } from './borough-forms';
import { sendPage } from './render';
import { FieldProblem, Viewer } from './views/layout';
import { lookalikeOf, PROPOSAL_FIELDS, ProposalRow, ProposalsPage } from './views/proposals';

type Form = Record<string, unknown>;

/** The spreadsheet column each proposal field is written to. */
const COLUMN: Record<string, string> = {
  name: 'name',
  categoryCode: 'category',
  supplierName: 'supplier',
  supplierCompaniesHouseNumber: 'supplier_companies_house_number',
  contractReference: 'contract_reference',
  contractStart: 'contract_start',
  contractEnd: 'contract_end',
  maxExtentDate: 'max_extent_date',
  annualValueGbp: 'annual_value_gbp',
  totalValueGbp: 'total_value_gbp',
};

const field = (form: Form, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

const rowOfProposal = (p: Proposal): ProposalRow => ({
  pick: false,
  sourceOcid: p.sourceOcid,
  name: p.name ?? '',
  categoryCode: p.categoryCode ?? '',
  supplierName: p.supplierName ?? '',
  supplierCompaniesHouseNumber: p.supplierCompaniesHouseNumber ?? '',
  contractReference: p.contractReference,
  contractStart: p.contractStart ?? '',
  contractEnd: p.contractEnd ?? '',
  maxExtentDate: p.maxExtentDate ?? '',
  annualValueGbp: p.annualValueGbp === null ? '' : String(p.annualValueGbp),
  totalValueGbp: p.totalValueGbp === null ? '' : String(p.totalValueGbp),
  missing: p.missing,
});

function missingOf(given: string): ProposalRow['missing'] {
  try {
    const parsed: unknown = JSON.parse(given);
    if (!Array.isArray(parsed)) return [];
    return (parsed as unknown[]).filter(
      (m): m is { field: string; reason: string } =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as Record<string, unknown>).field === 'string' &&
        typeof (m as Record<string, unknown>).reason === 'string',
    );
  } catch {
    return [];
  }
}

/** The proposals as the form sent them back. */
function rowsOf(form: Form): ProposalRow[] {
  const count = Math.min(Number(field(form, 'count')) || 0, 1000);
  return Array.from({ length: count }, (_, i) => {
    const at = (name: string) => field(form, `p${i}.${name}`);
    const row = {
      pick: at('pick') !== '',
      sourceOcid: at('sourceOcid'),
      missing: missingOf(at('missing')),
    } as ProposalRow;
    for (const { field: name } of PROPOSAL_FIELDS) row[name] = at(name);
    return row;
  });
}

/**
 * Proposals from published notices on the borough page (DESIGN §7, §10): the lead uploads an OCDS
 * file, ticks what to keep, fills gaps, and the new list goes through the spreadsheet's check and
 * preview before it is saved.
 */
@Controller('boroughs')
export class NoticesController {
  constructor(
    private readonly forms: BoroughForms,
    private readonly proposals: OcdsProposalsService,
    private readonly categories: CategoriesService,
  ) {}

  @Post(':gssCode/notices')
  @RouteConfig({ multipartOptions: { limits: { fileSize: MAX_OCDS_BYTES } } })
  async notices(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Body() form: Form = {},
  ): Promise<void> {
    const ready = await this.forms.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    const json = uploadedText(form.file);
    if (json === null) {
      return this.forms.page(reply, viewer, borough, {
        problems: [{ path: 'file', message: 'is not UTF-8 text, as JSON must be' }],
        status: 400,
      });
    }
    await this.forms.attempt(reply, viewer, borough, async () => {
      const found = await this.proposals.propose(viewer.principal, borough.gssCode, json, 'file');
      const current = await this.forms.entries(borough);
      await this.proposalsPage(reply, viewer, borough, {
        summary: `The file holds ${proposalsSummary(found.processes, found.proposals.length, found.leftOut)}. Nothing is saved yet.`,
        kept: new Set(current.map((e) => e.system.id)),
        rows: found.proposals.map(rowOfProposal),
        expectedVersion: borough.version,
      });
    });
  }

  /** The ticked entries and proposals as a list: checked as a dry run, every change shown. */
  @Post(':gssCode/proposals')
  async check(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('gssCode') gssCode: string,
    @Body() form: Form = {},
  ): Promise<void> {
    const ready = await this.forms.ready(req, reply, gssCode);
    if (!ready) return;
    const { viewer, borough } = ready;
    const current = await this.forms.entries(borough);
    const kept = current.filter((e) => field(form, `keep.${e.system.id}`) !== '');
    const rows = rowsOf(form);
    const picked = rows.filter((r) => r.pick);
    const state = {
      summary: field(form, 'summary'),
      kept: new Set(kept.map((e) => e.system.id)),
      rows,
      expectedVersion: versionOf(field(form, 'expectedVersion')) ?? borough.version,
    };
    if (versionOf(field(form, 'expectedVersion')) === undefined) {
      const problem = {
        path: 'form',
        message:
          'was sent without the version of the list it was made from: send it again from this page',
      };
      return this.proposalsPage(reply, viewer, borough, state, [problem], 400);
    }
    const count = kept.length + picked.length;
    if (count === 0 || count > MAX_RANK) {
      const message =
        count === 0
          ? 'has nothing ticked: tick the entries the list should hold'
          : `has ${count} entries ticked: a list holds at most ${MAX_RANK}`;
      return this.proposalsPage(
        reply,
        viewer,
        borough,
        state,
        [{ path: 'The new list', message }],
        400,
      );
    }
    const keptIds = state.kept;
    const csv = listCsvText([
      ...kept.map((entry, i) => {
        const row = listRow(entry);
        row[0] = i + 1;
        return row;
      }),
      ...picked.map((p, i) => {
        // In place of an entry unticked for it, a proposal keeps what the notice does not say.
        const like = lookalikeOf(p, current);
        const replaced = like && !keptIds.has(like.entry.system.id) ? like.entry : null;
        const row = replaced ? listRow(replaced) : rowOf({});
        const given = rowOf({
          rank: kept.length + i + 1,
          ...Object.fromEntries(PROPOSAL_FIELDS.map(({ field: f }) => [COLUMN[f], p[f] || null])),
        });
        return row.map((cell, at) => given[at] ?? cell);
      }),
    ]);
    const labels = [
      ...kept.map((e) => `${e.system.name} (kept)`),
      ...picked.map((p) => p.name || p.sourceOcid),
    ];
    await this.forms.attempt(
      reply,
      viewer,
      borough,
      async () => {
        await this.forms.preview(reply, viewer, borough, csv, state.expectedVersion);
      },
      async (error, status) => {
        if (status === 409) {
          // The list changed since the notices were read: the page shows it as it is now, with
          // the lead's choices and edits, to check and send again.
          const now = await this.forms.viewerAndBorough(req, reply, borough.gssCode);
          if (!now) return true;
          const problem = {
            path: 'The list',
            message: `changed since you read the notices (it is now version ${now.borough.version}): check your choices against it and send them again`,
          };
          await this.proposalsPage(
            reply,
            viewer,
            now.borough,
            { ...state, expectedVersion: now.borough.version },
            [problem],
            409,
          );
          return true;
        }
        if (status !== 400) return false;
        // Cells are named csv.<row>.<column>, row 2 being the first entry: named here by entry.
        const problems = error.fieldErrors.map(({ path, message }) => {
          const [, row, column] = /^csv\.(\d+)\.?(.*)$/.exec(path) ?? [];
          const label = row ? labels[Number(row) - 2] : undefined;
          return { path: label ? `${label}${column ? `: ${column}` : ''}` : path, message };
        });
        await this.proposalsPage(reply, viewer, borough, state, problems, 400);
        return true;
      },
    );
  }

  private async proposalsPage(
    reply: FastifyReply,
    viewer: Viewer,
    borough: Borough,
    state: {
      summary: string;
      kept: ReadonlySet<string>;
      rows: ProposalRow[];
      expectedVersion: number;
    },
    problems: FieldProblem[] = [],
    status = 200,
  ): Promise<void> {
    const [current, categories] = await Promise.all([
      this.forms.entries(borough),
      this.categories.all(),
    ]);
    await sendPage(
      reply,
      <ProposalsPage
        viewer={viewer}
        borough={borough}
        current={current}
        categories={categories}
        problems={problems}
        {...state}
      />,
      status,
    );
  }
}
