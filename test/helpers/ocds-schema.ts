import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const SCHEMAS = join(__dirname, '../fixtures/ocds/schema-1.1.5');
const schema = (name: string) => JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object;

/**
 * The official OCDS 1.1.5 release package schema, with the release schema it refers to by URL,
 * compiled by a draft-04 validator; formats (uri, date-time) are checked too. Strict mode is off
 * only for OCDS's own annotation keywords (codelist, omitWhenMerged, …), which JSON Schema ignores.
 */
export function releasePackageValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(schema('release-schema.json'));
  return ajv.compile(schema('release-package-schema.json'));
}

/** A validator's errors as readable lines, so a failure says what is wrong where. */
export function schemaErrors(validate: ReturnType<typeof releasePackageValidator>, data: unknown) {
  return validate(data)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
