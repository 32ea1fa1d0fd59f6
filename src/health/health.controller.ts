import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';

/** `GET /health`, without a key: is the database answering, and how is mail sent. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async health(@Res() res: FastifyReply): Promise<void> {
    const database = (await this.db.ping()) ? 'up' : 'down';
    const body = {
      status: database === 'up' ? 'ok' : 'unavailable',
      database: { state: database, kind: this.db.kind },
      mail: { transport: this.config.SMTP_URL ? 'smtp' : 'file' },
    };
    await res.status(database === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).send(body);
  }
}
