import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { EntryChangeKind } from '../../submissions/list-writer';
import { SystemSnapshot } from '../../submissions/models/system-snapshot.model';

@ObjectType({ description: 'What an import does to one entry of the list before it.' })
export class CsvImportChange {
  @Field(() => EntryChangeKind)
  change!: EntryChangeKind;

  @Field(() => ID, {
    description:
      "The entry's id. On a dry run a new entry's id is provisional: the import gives it another.",
  })
  systemId!: string;

  @Field(() => Int, { description: 'Its rank in the new list, or in the old one when retired.' })
  rank!: number;

  @Field()
  name!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The spreadsheet row it came from (the header is row 1); null when retired.',
  })
  row!: number | null;

  @Field(() => [String], {
    description: 'The columns whose values change (UPDATED only), as the template names them.',
  })
  columns!: string[];
}

@ObjectType({ description: "A spreadsheet imported as a borough's list, or a dry run of it." })
export class CsvImport {
  @Field({ description: 'True when nothing was written: what the import would do.' })
  dryRun!: boolean;

  @Field(() => Int, { nullable: true, description: 'The version written; null on a dry run.' })
  version!: number | null;

  @Field(() => [SystemSnapshot], { description: 'The list as the import leaves it, by rank.' })
  systems!: SystemSnapshot[];

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  retired!: number;

  @Field(() => [CsvImportChange], {
    description: 'Each entry of the new list by rank, then each entry it retires.',
  })
  changes!: CsvImportChange[];
}
