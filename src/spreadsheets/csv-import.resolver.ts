import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { Action } from '../access/policy';
import { Principal } from '../access/principal';
import { Requires } from '../access/requires.decorator';
import { EXPECTED_VERSION } from '../submissions/dto/remove-system.args';
import { CsvImportService } from './csv-import.service';
import { CsvImport } from './models/csv-import.model';

@Resolver(() => CsvImport)
export class CsvImportResolver {
  constructor(private readonly imports: CsvImportService) {}

  @Requires(Action.IMPORT)
  @Mutation(() => CsvImport, {
    description:
      "Replaces a borough's list with a spreadsheet's rows (GET /templates/top-systems.csv has the columns), all or nothing, as submitTopSystems does. A bad cell is named csv.<row>.<column>.",
  })
  importTopSystemsCsv(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('csv', { description: 'The file\'s text: "CSV UTF-8" as Excel saves it, or plain CSV.' })
    csv: string,
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion?: number,
    @Args('dryRun', {
      type: () => Boolean,
      nullable: true,
      defaultValue: false,
      description: 'Say what the import would do, and write nothing.',
    })
    dryRun?: boolean | null,
  ): Promise<CsvImport> {
    return this.imports.importCsv(principal, gssCode, csv, expectedVersion, dryRun ?? false);
  }
}
