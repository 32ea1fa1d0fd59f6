import { RenewalDecision } from '../systems/renewal-decision';
import type { NamedEntry } from '../systems/systems.service';

/** The version of OCDS the register writes and reads (DESIGN §7): 1.1, schema 1.1.5. */
export const OCDS_VERSION = '1.1';

/** The identifier schemes of org-id.guide the register speaks: councils and companies. */
export const LAE_SCHEME = 'GB-LAE';
export const COH_SCHEME = 'GB-COH';

/**
 * A contract's yearly value, which the register records beside the total (DESIGN §7): in the
 * export, `contracts[0].value` is the annual value, as DESIGN says, and these two fields, which
 * OCDS does not define, say so to a reader that knows them. Without them OCDS's `value` is the
 * contract's whole value, as Find a Tender and Contracts Finder publish it.
 */
export const ANNUAL_VALUE_FIELD = 'annualValue';
export const TOTAL_VALUE_FIELD = 'totalValue';

export interface OcdsValue {
  amount: number;
  currency: 'GBP';
}

const pounds = (amount: number | null): OcdsValue | undefined =>
  amount === null ? undefined : { amount, currency: 'GBP' };

/** A date as OCDS writes one (date-time): the start of that day in UTC. */
export const ocdsDate = (date: string | null): string | undefined =>
  date === null ? undefined : `${date}T00:00:00Z`;

const money = (amount: number) => `£${amount.toLocaleString('en-GB')}`;

/** Keys with undefined values are left out, so the release holds only what is known. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The party id of a borough: its org-id, `GB-LAE-<laeCode>`. */
export const boroughPartyId = (laeCode: string) => `${LAE_SCHEME}-${laeCode}`;

/**
 * One register entry as an OCDS release (DESIGN §7): the borough buys from the supplier under
 * one contract, whose period, value and classification are the entry's. `ocid` is the
 * register's own (`<prefix>-<system id>`), so a system keeps its ocid across versions and a
 * release id changes with each change to the entry.
 */
export function releaseOf(entry: NamedEntry, prefix: string): Record<string, unknown> {
  const { system, borough, category, supplier, product } = entry;
  const ocid = `${prefix}-${system.id}`;
  const buyer = { id: boroughPartyId(borough.laeCode), name: borough.name };
  const number = supplier.companiesHouseNumber;
  const seller = {
    id: number ? `${COH_SCHEME}-${number}` : `supplier-${supplier.id}`,
    name: supplier.name,
  };
  const awardId = `${system.id}-award`;
  const period = defined({
    startDate: ocdsDate(system.contractStart),
    endDate: ocdsDate(system.contractEnd),
    maxExtentDate: ocdsDate(system.maxExtentDate),
  });
  const description = [
    `${category.name}${product ? `: ${product.name}` : ''}.`,
    system.annualValueGbp !== null && `Annual value ${money(system.annualValueGbp)}.`,
    system.totalValueGbp !== null && `Total value ${money(system.totalValueGbp)}.`,
    // OCDS has no field for what a buyer will do at the end: said in words (DESIGN §11).
    system.renewalDecision !== RenewalDecision.UNDECIDED &&
      `Renewal decision: ${system.renewalDecision.toLowerCase()}${system.decisionNote ? ` (${system.decisionNote})` : ''}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    ocid,
    id: `${ocid}-${system.updatedAt.getTime()}`,
    date: system.updatedAt.toISOString(),
    tag: ['contract'],
    initiationType: 'tender',
    parties: [
      {
        ...buyer,
        identifier: { scheme: LAE_SCHEME, id: borough.laeCode, legalName: borough.name },
        roles: ['buyer'],
      },
      defined({
        ...seller,
        identifier: number
          ? { scheme: COH_SCHEME, id: number, legalName: supplier.name }
          : undefined,
        roles: ['supplier'],
      }),
    ],
    buyer,
    awards: [
      { id: awardId, status: system.retiredAt ? 'cancelled' : 'active', suppliers: [seller] },
    ],
    contracts: [
      defined({
        id: system.id,
        awardID: awardId,
        title: system.name,
        description,
        status: system.retiredAt ? 'terminated' : 'active',
        period,
        value: pounds(system.annualValueGbp),
        [ANNUAL_VALUE_FIELD]: pounds(system.annualValueGbp),
        [TOTAL_VALUE_FIELD]: pounds(system.totalValueGbp),
        items: [
          defined({
            id: '1',
            description: category.name,
            classification: category.cpv ? { scheme: 'CPV', id: category.cpv } : undefined,
          }),
        ],
      }),
    ],
  };
}

/** What a package says of itself: where it lives, when it was made and who made it. */
export interface PackageHead {
  uri: string;
  publishedDate: Date;
  publisherName: string;
  publisherUri: string;
}

/**
 * A release package (OCDS 1.1 `release-package-schema.json`) as text pieces: the head, then each
 * release as it comes, then the close. Nothing is held but the release being written.
 */
export async function* releasePackage(
  head: PackageHead,
  releases: AsyncIterable<Record<string, unknown>>,
): AsyncGenerator<string> {
  const opening = JSON.stringify({
    uri: head.uri,
    version: OCDS_VERSION,
    publishedDate: head.publishedDate.toISOString(),
    publisher: { name: head.publisherName, uri: head.publisherUri },
  });
  yield `${opening.slice(0, -1)},"releases":[`;
  let first = true;
  for await (const release of releases) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(release)}`;
    first = false;
  }
  yield '\n]}\n';
}
