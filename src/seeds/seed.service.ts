import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { operator } from '../access/principal';
import { Role } from '../access/role';
import { ApiKeysService, DemoKey } from '../auth/api-keys.service';
import { Clock } from '../common/clock';
import { SubmissionsService } from '../submissions/submissions.service';
import { buildDemoLists, Catalogue, SeedBorough, SeedCategory } from './demo-data';
import { ReferenceSeeder } from './reference-seeder';

/** `seeds/` at the top of the repository, whether running from `src/`, `dist/` or a bench build. */
export const SEEDS_DIR = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'seeds', 'boroughs.json'))) return join(dir, 'seeds');
  }
  return join(__dirname, '..', '..', 'seeds');
})();

const readSeed = <T>(file: string): T =>
  JSON.parse(readFileSync(join(SEEDS_DIR, file), 'utf8')) as T;

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
    private readonly reference: ReferenceSeeder,
    private readonly submissions: SubmissionsService,
    private readonly keys: ApiKeysService,
    private readonly clock: Clock,
  ) {}

  readonly boroughs = readSeed<SeedBorough[]>('boroughs.json');
  readonly categories = readSeed<SeedCategory[]>('categories.json');
  readonly catalogue = readSeed<Catalogue>('catalogue.json');

  loadReference(): Promise<Pick<SeedReport, 'boroughsAdded' | 'categoriesAdded'>> {
    return this.reference.load(
      this.boroughs,
      this.categories.map((c) => ({ ...c, cpv: c.cpv ?? null })),
    );
  }

  /** True when no list has ever been submitted: a fresh database. */
  async isEmpty(): Promise<boolean> {
    return [...(await this.reference.listVersions()).values()].every((version) => version === 0);
  }

  async loadDemo(): Promise<Pick<SeedReport, 'demoListsAdded' | 'demoKeysAdded'>> {
    const lists = buildDemoLists(
      this.clock.today(),
      this.boroughs,
      this.categories,
      this.catalogue,
    );
    const versions = await this.reference.listVersions();
    let demoListsAdded = 0;
    const seeder = operator('Demo data');
    for (const [gssCode, systems] of lists) {
      if (versions.get(gssCode) !== 0) continue;
      await this.submissions.submit(seeder, gssCode, systems, 0, 'seed');
      demoListsAdded++;
    }
    const demoKeysAdded = await this.keys.addDemoKeys(demoKeys(this.boroughs), seeder);
    if (demoListsAdded + demoKeysAdded > 0) {
      this.logger.log(`Demo data loaded: ${demoListsAdded} lists, ${demoKeysAdded} demo keys`);
    }
    return { demoListsAdded, demoKeysAdded };
  }
}
