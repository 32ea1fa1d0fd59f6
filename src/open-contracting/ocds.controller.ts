import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from '../auth/api-keys.service';
import { sendDownload } from '../http/download';
import { replyWithError } from '../http/error-reply';
import { OcdsExportsService } from './ocds-exports.service';

/**
 * Open contracting data out (DESIGN §7): the register, or one borough's list, as an OCDS release
 * package, for an API key (or a console session) that may export it.
 */
@Controller('exports')
export class OcdsController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly exports: OcdsExportsService,
  ) {}

  @Get('ocds.json')
  register(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.answer(req, res, null);
  }

  @Get(':gssCode/ocds.json')
  borough(
    @Req() req: FastifyRequest,
    @Param('gssCode') gssCode: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.answer(req, res, gssCode);
  }

  private async answer(req: FastifyRequest, res: FastifyReply, gssCode: string | null) {
    let download;
    try {
      const principal = await this.keys.authenticateRequest(req);
      download = await this.exports.releasePackage(principal, gssCode);
    } catch (error) {
      return replyWithError(res, error);
    }
    await sendDownload(res, download);
  }
}
