import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Principal } from '../access/principal';
import { ApiKeysService } from '../auth/api-keys.service';
import { replyWithError } from '../http/error-reply';
import { Download, sendDownload } from '../http/download';
import { CsvExportsService } from './csv-exports.service';
import { clusterInputOf, QueryString, systemFilterOf } from './export-queries';

/**
 * Spreadsheets out (DESIGN §7): the template needs no key; every export needs an API key whose
 * role may export what it asks for. Answers are streamed as they are read.
 */
@Controller()
export class SpreadsheetsController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly exports: CsvExportsService,
  ) {}

  @Get('templates/top-systems.csv')
  async template(@Res() res: FastifyReply): Promise<void> {
    await sendDownload(res, this.exports.template(), 'public, max-age=3600');
  }

  @Get('exports/systems.csv')
  systems(
    @Req() req: FastifyRequest,
    @Query() query: QueryString,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.answer(req, res, (principal) =>
      this.exports.systemsFile(principal, systemFilterOf(query)),
    );
  }

  @Get('exports/clusters.csv')
  clusters(
    @Req() req: FastifyRequest,
    @Query() query: QueryString,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.answer(req, res, (principal) =>
      this.exports.clustersFile(principal, clusterInputOf(query)),
    );
  }

  @Get('exports/:gssCode/systems.csv')
  boroughList(
    @Req() req: FastifyRequest,
    @Param('gssCode') gssCode: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.answer(req, res, (principal) => this.exports.boroughList(principal, gssCode));
  }

  private async answer(
    req: FastifyRequest,
    res: FastifyReply,
    make: (principal: Principal) => Promise<Download>,
  ): Promise<void> {
    let download: Download;
    try {
      download = await make(await this.keys.authenticateRequest(req));
    } catch (error) {
      return replyWithError(res, error);
    }
    await sendDownload(res, download);
  }
}
