import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SuppliersService } from '../suppliers/suppliers.service';
import type { SystemFilter } from '../systems/dto/system-filter.input';
import { SystemsService } from '../systems/systems.service';
import { ConsoleAccess } from './console-access';
import { sendPage } from './render';
import { Layout, Viewer } from './views/layout';
import { SystemsTable } from './views/system-rows';

/** More systems than use any one supplier in the country; the CSV has them all regardless. */
const USERS_SHOWN = 1000;

/** `/suppliers/<id>` and `/products/<id>` (DESIGN §10): who else uses it, so a lead knows who to call. */
@Controller()
export class UsersPagesController {
  constructor(
    private readonly access: ConsoleAccess,
    private readonly suppliers: SuppliersService,
    private readonly systems: SystemsService,
  ) {}

  @Get('suppliers/:id')
  async supplier(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string) {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const supplier = await this.suppliers.byId(id);
    if (!supplier) return this.notFound(reply, viewer, 'supplier');
    const details = supplier.companiesHouseNumber
      ? `Companies House number ${supplier.companiesHouseNumber}.`
      : undefined;
    await this.page(reply, viewer, supplier.name, { supplierIds: [id] }, `supplier=${id}`, details);
  }

  @Get('products/:id')
  async product(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string) {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const found = await this.suppliers.productById(id);
    if (!found) return this.notFound(reply, viewer, 'product');
    await this.page(
      reply,
      viewer,
      found.product.name,
      { productIds: [id] },
      `product=${id}`,
      `Made by ${found.maker.name}.`,
    );
  }

  private async page(
    reply: FastifyReply,
    viewer: Viewer,
    title: string,
    filter: SystemFilter,
    query: string,
    details?: string,
  ): Promise<void> {
    const rows = await this.systems.find(filter, USERS_SHOWN);
    const entries = await this.systems.withNames(rows);
    const boroughs = new Set(entries.map((e) => e.borough.id)).size;
    await sendPage(
      reply,
      <Layout title={title} path="/systems" viewer={viewer}>
        {details && <p>{details}</p>}
        <p class="lead">
          {entries.length === 0
            ? 'No borough lists it now.'
            : `Used by ${boroughs} ${boroughs === 1 ? 'borough' : 'boroughs'} for ${entries.length} ${entries.length === 1 ? 'system' : 'systems'}: who to call, by contract end.`}
        </p>
        <p class="downloads">
          <a class="button secondary" href={`/exports/systems.csv?${query}`}>
            Download these systems (CSV)
          </a>
        </p>
        <SystemsTable entries={entries} caption={`Systems using ${title}`} />
      </Layout>,
    );
  }

  private async notFound(reply: FastifyReply, viewer: Viewer, what: string): Promise<void> {
    await sendPage(
      reply,
      <Layout title={`No such ${what}`} path="/systems" viewer={viewer}>
        <p class="lead">
          The register has no {what} with this id; it may have been merged into another.{' '}
          <a href="/systems">See the systems</a>.
        </p>
      </Layout>,
      404,
    );
  }
}
