import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ApiKey, Role } from '../auth/api-key.entity';
import { hashSecret } from '../auth/bearer';
import { audit } from '../audit/audit-log';
import { operator } from '../auth/principal';
import { Borough } from '../boroughs/borough.entity';
import { Category, CategoryKind } from '../categories/category.entity';
import { Clock } from '../common/clock';
import { Database } from '../database/database';
import { Submission } from '../submissions/submission.entity';
import { SubmissionsService } from '../submissions/submissions.service';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { Hosting } from '../systems/hosting';
import { buildDemoLists, Catalogue, SeedBorough, SeedCategory } from './demo-data';

/** `seeds/` at the top of the repository, whether running from `src/`, `dist/` or a bench build. */
export const SEEDS_DIR = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'seeds', 'boroughs.json'))) return join(dir, 'seeds');
  }
  return join(__dirname, '..', '..', 'seeds');
})();

const readSeed = <T>(file: string): T =>
  JSON.parse(readFileSync(join(SEEDS_DIR, file), 'utf8')) as T;

export interface DemoKey {
  secret: string;
  label: string;
  role: Role;
  gssCode?: string;
}

/** The fixed demo keys (DESIGN §6): demo-admin, demo-coordinator and demo-<lae> per borough. */
export function demoKeys(boroughs: SeedBorough[]): DemoKey[] {
  return [
    { secret: 'demo-admin', label: 'Demo admin', role: Role.ADMIN },
    { secret: 'demo-coordinator', label: 'Demo coordinator', role: Role.COORDINATOR },
    ...boroughs.map((b) => ({
      secret: `demo-${b.laeCode.toLowerCase()}`,
      label: `Demo ${b.shortName} lead`,
      role: Role.BOROUGH_LEAD,
      gssCode: b.gssCode,
    })),
  ];
}

export interface SeedReport {
  boroughsAdded: number;
  categoriesAdded: number;
  demoListsAdded: number;
  demoKeysAdded: number;
}

/**
 * Loads `seeds/`. Reference data (boroughs, categories) is added wherever missing, on every
 * start. The demo (a list for every borough, demo keys) goes only into boroughs that have no list
 * yet, never in production, so running it twice changes nothing.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly db: Database,
    private readonly submissions: SubmissionsService,
    private readonly clock: Clock,
  ) {}

  readonly boroughs = readSeed<SeedBorough[]>('boroughs.json');
  readonly categories = readSeed<SeedCategory[]>('categories.json');
  readonly catalogue = readSeed<Catalogue>('catalogue.json');

  async loadReference(): Promise<Pick<SeedReport, 'boroughsAdded' | 'categoriesAdded'>> {
    return this.db.transaction(async (em) => {
      const haveBoroughs = new Set((await em.find(Borough)).map((b) => b.gssCode));
      const newBoroughs = this.boroughs.filter((b) => !haveBoroughs.has(b.gssCode));
      for (const b of newBoroughs) {
        await em.insert(Borough, { id: randomUUID(), ...b, version: 0, lastSubmittedAt: null });
      }
      const haveCategories = new Set((await em.find(Category)).map((c) => c.code));
      const newCategories = this.categories.filter((c) => !haveCategories.has(c.code));
      for (const c of newCategories) {
        await em.insert(Category, {
          id: randomUUID(),
          ...c,
          kind: c.kind as CategoryKind,
          cpv: c.cpv ?? null,
        });
      }
      if (newBoroughs.length + newCategories.length > 0) {
        await audit(em, operator('Reference data'), this.clock.now(), {
          action: 'reference.load',
          details: {
            boroughs: newBoroughs.map((b) => b.gssCode),
            categories: newCategories.map((c) => c.code),
          },
        });
      }
      return { boroughsAdded: newBoroughs.length, categoriesAdded: newCategories.length };
    });
  }

  /** True when no list has ever been submitted: a fresh database. */
  async isEmpty(): Promise<boolean> {
    return this.db.read(async (em) => !(await em.getRepository(Submission).exists()));
  }

  async loadDemo(): Promise<Pick<SeedReport, 'demoListsAdded' | 'demoKeysAdded'>> {
    const lists = buildDemoLists(
      this.clock.today(),
      this.boroughs,
      this.categories,
      this.catalogue,
    );
    const versions = new Map(
      (await this.db.read((em) => em.find(Borough))).map((b) => [b.gssCode, b.version]),
    );
    let demoListsAdded = 0;
    const seeder = operator('Demo data');
    for (const [gssCode, systems] of lists) {
      if (versions.get(gssCode) !== 0) continue;
      const inputs = systems.map((s): ItSystemInput => ({
        ...s,
        hosting: s.hosting as Hosting | undefined,
      }));
      await this.submissions.submit(seeder, gssCode, inputs, 0, 'seed');
      demoListsAdded++;
    }
    const demoKeysAdded = await this.addDemoKeys();
    if (demoListsAdded + demoKeysAdded > 0) {
      this.logger.log(`Demo data loaded: ${demoListsAdded} lists, ${demoKeysAdded} demo keys`);
    }
    return { demoListsAdded, demoKeysAdded };
  }

  private addDemoKeys(): Promise<number> {
    return this.db.transaction(async (em) => {
      const boroughIds = new Map((await em.find(Borough)).map((b) => [b.gssCode, b.id]));
      let added = 0;
      for (const key of demoKeys(this.boroughs)) {
        const secretHash = hashSecret(key.secret);
        if (await em.existsBy(ApiKey, { secretHash })) continue;
        await em.insert(ApiKey, {
          id: randomUUID(),
          label: key.label,
          role: key.role,
          boroughId: key.gssCode ? boroughIds.get(key.gssCode)! : null,
          secretHash,
          demo: true,
          createdAt: this.clock.now(),
          expiresAt: null,
          revokedAt: null,
        });
        added++;
      }
      if (added > 0) {
        await audit(em, operator('Demo data'), this.clock.now(), {
          action: 'apikey.create-demo',
          details: { created: added },
        });
      }
      return added;
    });
  }
}
