import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Action, authorise, can } from '../access/policy';
import { Principal } from '../access/principal';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { Download } from '../http/download';
import { NamedEntry, SystemsService } from '../systems/systems.service';
import { releaseOf, releasePackage } from './ocds-release';

const JSON_TYPE = 'application/json; charset=utf-8';

/** The register's contracts as an OCDS release package (DESIGN §7), written as they are read. */
@Injectable()
export class OcdsExportsService {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly systems: SystemsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * One release per current system of `gssCode`, or of every borough the principal may export
   * when none is named: a borough lead's is its own borough.
   */
  async releasePackage(principal: Principal, gssCode: string | null): Promise<Download> {
    let boroughGssCodes: string[] | undefined;
    if (gssCode !== null) {
      authorise(principal, Action.EXPORT, { gssCode });
      await this.db.read((em) => this.boroughs.requireByGss(em, gssCode));
      boroughGssCodes = [gssCode];
    } else if (!can(principal, Action.EXPORT, { gssCode: null })) {
      authorise(principal, Action.EXPORT, { gssCode: principal.boroughGssCode });
      boroughGssCodes = [principal.boroughGssCode!];
    }
    const path = gssCode === null ? '/exports/ocds.json' : `/exports/${gssCode}/ocds.json`;
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    const prefix = this.config.OCDS_PREFIX;
    const pages = this.systems.eachBoroughPage({ boroughGssCodes });
    // OCDS wants at least one release in a package: with nothing to publish, say so instead.
    const first = await pages.next();
    if (first.done) {
      throw DomainError.notFound(
        `${boroughGssCodes?.[0] ?? 'The register'} has no current systems, so there is nothing to publish as OCDS`,
      );
    }
    async function* releases() {
      for (const entry of first.value as NamedEntry[]) yield releaseOf(entry, prefix);
      for await (const page of pages) for (const entry of page) yield releaseOf(entry, prefix);
    }
    const body = Readable.from(
      releasePackage(
        {
          uri: `${base}${path}`,
          publishedDate: this.clock.now(),
          publisherName: 'Contract Register',
          publisherUri: base,
        },
        releases(),
      ),
    );
    return {
      filename: gssCode === null ? 'ocds.json' : `${gssCode}-ocds.json`,
      type: JSON_TYPE,
      body,
    };
  }
}
