/** A valid list entry for submissions in tests; override what a test is about. */
export function entry(
  rank: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    rank,
    name: `System ${rank}`,
    categoryCode: 'housing-management',
    supplierName: 'NEC Software Solutions UK Ltd',
    contractReference: `REF-${rank}`,
    contractEnd: '2027-06-30',
    ...overrides,
  };
}

export const SUBMIT = `
  mutation Submit($gssCode: String!, $systems: [ItSystemInput!]!, $expectedVersion: Int) {
    submitTopSystems(gssCode: $gssCode, systems: $systems, expectedVersion: $expectedVersion) {
      id version submittedBy action submittedAt
      systems { id rank name categoryCode supplierName productName contractReference contractEnd }
    }
  }`;

export const CURRENT = `
  query Current($gssCode: String!) {
    borough(gssCode: $gssCode) {
      version
      systems { id rank name contractEnd updatedAt supplier { id name } product { id name } category { code } }
    }
  }`;

export const CAMDEN = 'E09000007';
export const HACKNEY = 'E09000012';
