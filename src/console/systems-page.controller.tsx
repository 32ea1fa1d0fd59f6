import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BoroughsService } from '../boroughs/boroughs.service';
import { CategoriesService } from '../categories/categories.service';
import { Clock } from '../common/clock';
import { addMonths } from '../common/dates';
import { DomainError, type FieldError } from '../common/domain-error';
import { QueryString, systemFilterOf } from '../spreadsheets/export-queries';
import { SuppliersService } from '../suppliers/suppliers.service';
import type { SystemFilter } from '../systems/dto/system-filter.input';
import { RenewalDecision } from '../systems/renewal-decision';
import { NamedEntry, SystemsService } from '../systems/systems.service';
import { endsPerQuarterSvg, quarterOf } from './charts/ends-per-quarter';
import { ConsoleAccess } from './console-access';
import { filtersOf, formProblems, pageNumber, queryString, valuesOf } from './page-query';
import { sendPage } from './render';
import { MultiSelect } from './views/choices';
import { DECISION_LABEL } from './views/format';
import { ErrorSummary, Layout } from './views/layout';
import { SystemsTable } from './views/system-rows';

export const SYSTEMS_PER_PAGE = 50;
/** Without an end-date range, the chart looks this far ahead. */
const CHART_MONTHS = 36;

/** The orders a reader can sort the table in; the first is the register's own. */
const SORTS = [
  { value: 'end', label: 'Contract end' },
  { value: 'borough', label: 'Borough' },
  { value: 'supplier', label: 'Supplier' },
] as const;
type Sort = (typeof SORTS)[number]['value'];

const sortOf = (given: unknown): Sort | undefined =>
  given === undefined ? 'end' : SORTS.find((s) => s.value === given)?.value;

/**
 * `/systems` (DESIGN §10): the register with the City Tools filters and §11's (renewal decision,
 * stale lists), a page at a time in the register's order (contract end, then borough) or sorted
 * by borough or supplier, a CSV of everything the filters match, and contract ends per quarter
 * by category.
 */
@Controller('systems')
export class SystemsPageController {
  constructor(
    private readonly access: ConsoleAccess,
    private readonly systems: SystemsService,
    private readonly categories: CategoriesService,
    private readonly boroughs: BoroughsService,
    private readonly suppliers: SuppliersService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: QueryString,
  ): Promise<void> {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const filters = filtersOf(query, ['page', 'sort']);
    const page = pageNumber(query.page);
    const sort = sortOf(query.sort);
    let problems: FieldError[] = [];
    let entries: NamedEntry[] = [];
    let more = false;
    let chart = '';
    try {
      if (!sort) {
        const orders = SORTS.map((s) => s.value).join(', ');
        throw DomainError.badInput([{ path: 'sort', message: `must be one of ${orders}` }]);
      }
      const filter = systemFilterOf(filters);
      // One more than a page says whether there is a next one, without counting the register.
      const [limit, offset] = [SYSTEMS_PER_PAGE + 1, (page - 1) * SYSTEMS_PER_PAGE];
      const rows =
        sort === 'end'
          ? await this.systems.find(filter, limit, offset)
          : await this.systems.findSorted(filter, sort, limit, offset);
      more = rows.length > SYSTEMS_PER_PAGE;
      entries = await this.systems.withNames(rows.slice(0, SYSTEMS_PER_PAGE));
      chart = await this.chart(filter);
    } catch (error) {
      problems = formProblems(error, 'systems');
    }
    const [categories, boroughs, suppliers] = await Promise.all([
      this.categories.all(),
      this.boroughs.all(),
      this.suppliers.search(),
    ]);
    const one = (name: string) => valuesOf(filters, name)[0] ?? '';
    const staleAfterDays = this.boroughs.staleAfterDays;
    const sorted = sort && sort !== 'end' ? { sort } : {};
    const link = (n: number) => `/systems${queryString(filters, { ...sorted, page: String(n) })}`;
    await sendPage(
      reply,
      <Layout title="Systems" path="/systems" viewer={viewer}>
        <ErrorSummary problems={problems} />
        <form class="filters" method="get" action="/systems" aria-label="Filter systems">
          <MultiSelect
            name="borough"
            label="Borough"
            hint="None chosen: every borough."
            query={filters}
            options={boroughs.map((b) => ({ value: b.gssCode, label: b.shortName }))}
          />
          <MultiSelect
            name="category"
            label="Category or service area"
            hint="None chosen: every one."
            query={filters}
            options={categories.map((c) => ({ value: c.code, label: c.name }))}
          />
          <MultiSelect
            name="supplier"
            label="Supplier"
            hint="None chosen: every supplier."
            query={filters}
            options={suppliers.map((sup) => ({ value: sup.id, label: sup.name }))}
          />
          <MultiSelect
            name="decision"
            label="Renewal decision"
            hint="None chosen: any. Undecided: what is still open."
            query={filters}
            options={Object.values(RenewalDecision).map((d) => ({
              value: d,
              label: DECISION_LABEL[d],
            }))}
          />
          <div>
            <label for="staleList">
              Lists
              <span class="hint">
                Stale: not changed or confirmed in more than {staleAfterDays} days.
              </span>
            </label>
            <select id="staleList" name="staleList">
              <option value="" selected={one('staleList') === ''}>
                Every list
              </option>
              <option value="true" selected={one('staleList') === 'true'}>
                Stale lists only
              </option>
              <option value="false" selected={one('staleList') === 'false'}>
                Fresh lists only
              </option>
            </select>
          </div>
          <div>
            <label for="endingFrom">Contract ends from</label>
            <input id="endingFrom" name="endingFrom" type="date" value={one('endingFrom')} />
          </div>
          <div>
            <label for="endingTo">Contract ends by</label>
            <input id="endingTo" name="endingTo" type="date" value={one('endingTo')} />
          </div>
          {sorted.sort && <input type="hidden" name="sort" value={sorted.sort} />}
          <div class="actions">
            <button type="submit">Show systems</button>
            <a class="button secondary" href="/systems">
              Clear
            </a>
          </div>
        </form>
        {!problems.length && (
          <>
            <p class="downloads">
              <a class="button secondary" href={`/exports/systems.csv${queryString(filters)}`}>
                Download every system these filters match (CSV)
              </a>
            </p>
            <h2>Contract ends per quarter</h2>
            <div
              class="chart"
              role="img"
              aria-label="Contracts ending in each quarter, stacked by category, for these filters."
              dangerouslySetInnerHTML={{ __html: chart }}
            />
            <h2>The register</h2>
            <nav class="downloads" aria-label="Sort the systems by">
              Sort by:{' '}
              {SORTS.map((s) => (
                <>
                  <a
                    href={`/systems${queryString(filters, s.value === 'end' ? {} : { sort: s.value })}`}
                    aria-current={s.value === sort ? 'true' : undefined}
                  >
                    {s.label}
                  </a>{' '}
                </>
              ))}
            </nav>
            <SystemsTable
              entries={entries}
              caption={
                entries.length
                  ? `Systems ${(page - 1) * SYSTEMS_PER_PAGE + 1} to ${(page - 1) * SYSTEMS_PER_PAGE + entries.length}, by ${SORTS.find((s) => s.value === sort)?.label.toLowerCase()}`
                  : 'No systems match these filters'
              }
            />
            <nav class="pager" aria-label="Pages of systems">
              {page > 1 && <a href={link(page - 1)}>Previous</a>}
              <span>Page {page}</span>
              {more && <a href={link(page + 1)}>Next</a>}
            </nav>
          </>
        )}
      </Layout>,
      problems.length ? 400 : 200,
    );
  }

  /** The chart covers the filter's end dates, or the coming three years: never the whole past. */
  private async chart(filter: SystemFilter): Promise<string> {
    const today = this.clock.today();
    const from =
      filter.endingFrom ??
      (filter.endingTo && filter.endingTo < today
        ? addMonths(filter.endingTo, -CHART_MONTHS)
        : today);
    const to = filter.endingTo ?? addMonths(from, CHART_MONTHS);
    const counts = await this.systems.endCounts({ ...filter, endingFrom: from, endingTo: to });
    return endsPerQuarterSvg(
      counts.map((c) => ({
        quarter: quarterOf(c.contractEnd),
        category: c.category.name,
        count: c.count,
      })),
    );
  }
}
