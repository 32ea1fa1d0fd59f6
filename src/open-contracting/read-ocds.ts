import { DomainError, FieldErrors } from '../common/domain-error';

/** The largest notices file read (DESIGN §7): a borough's notices are far smaller. */
export const MAX_OCDS_BYTES = 10 * 2 ** 20;

/** A release as the file gives it: JSON, of the shape `checkRelease` has checked. */
export type Release = Record<string, unknown>;

/**
 * The releases of one contracting process, in the file's order, or its compiled release alone:
 * each holding only the parts a proposal reads.
 */
export interface Process {
  ocid: string;
  releases: Release[];
}

/** Problems named at once before a file is refused: enough to see what is wrong with it. */
const MAX_PROBLEMS = 20;

/**
 * The parts of OCDS 1.1 a proposal reads, and their JSON types: a file whose parts are of
 * another shape is not OCDS. Everything else in a release is ignored. Null is no value, as OCDS
 * allows for every field.
 */
type Shape = 'string' | 'number' | 'id' | 'strings' | { [field: string]: Shape } | [Shape];

const VALUE: Shape = { amount: 'number', currency: 'string' };
const PERIOD: Shape = {
  startDate: 'string',
  endDate: 'string',
  maxExtentDate: 'string',
  durationInDays: 'number',
};
const CLASSIFICATION: Shape = { scheme: 'string', id: 'id', description: 'string' };
const ITEMS: Shape = [
  {
    id: 'id',
    description: 'string',
    classification: CLASSIFICATION,
    additionalClassifications: [CLASSIFICATION],
  },
];
const IDENTIFIER: Shape = { scheme: 'string', id: 'id' };
const REFERENCE: Shape = { id: 'id', name: 'string', identifier: IDENTIFIER };
/**
 * Contracts Finder and Find a Tender put a notice's main CPV code on the tender, award or
 * contract itself (`tender.classification`), outside OCDS 1.1's items: read there too.
 */
const CLASSIFIED: Record<string, Shape> = {
  classification: CLASSIFICATION,
  additionalClassifications: [CLASSIFICATION],
};
const RELEASE: Shape = {
  ocid: 'string',
  id: 'id',
  date: 'string',
  buyer: REFERENCE,
  parties: [
    {
      id: 'id',
      name: 'string',
      identifier: IDENTIFIER,
      additionalIdentifiers: [IDENTIFIER],
      roles: 'strings',
    },
  ],
  tender: {
    ...CLASSIFIED,
    title: 'string',
    mainProcurementCategory: 'string',
    items: ITEMS,
    value: VALUE,
    contractPeriod: PERIOD,
  },
  awards: [
    {
      ...CLASSIFIED,
      id: 'id',
      title: 'string',
      status: 'string',
      suppliers: [REFERENCE],
      items: ITEMS,
      value: VALUE,
      contractPeriod: PERIOD,
    },
  ],
  contracts: [
    {
      ...CLASSIFIED,
      id: 'id',
      awardID: 'id',
      title: 'string',
      status: 'string',
      period: PERIOD,
      value: VALUE,
      annualValue: VALUE,
      totalValue: VALUE,
      items: ITEMS,
    },
  ],
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function check(value: unknown, shape: Shape, path: string, errors: FieldErrors): void {
  if (value === null || value === undefined) return;
  if (shape === 'string') {
    if (typeof value !== 'string') errors.add(path, 'must be text');
  } else if (shape === 'number') {
    if (typeof value !== 'number') errors.add(path, 'must be a number');
  } else if (shape === 'id') {
    if (typeof value !== 'string' && typeof value !== 'number') {
      errors.add(path, 'must be text or a number');
    }
  } else if (shape === 'strings') {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      errors.add(path, 'must be a list of text');
    }
  } else if (Array.isArray(shape)) {
    if (!Array.isArray(value)) errors.add(path, 'must be a list');
    else value.forEach((item, i) => check(item, shape[0], `${path}.${i}`, errors));
  } else if (!isObject(value)) {
    errors.add(path, 'must be an object');
  } else {
    for (const [field, inner] of Object.entries(shape)) {
      check(value[field], inner, `${path}.${field}`, errors);
    }
  }
}

/**
 * Only the parts of a release `shape` names, already checked: what is merged and read is bounded
 * by the shape however deep or odd the rest of a release is.
 */
function project(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof shape === 'string') return value;
  if (Array.isArray(shape)) {
    return (value as unknown[])
      .filter((item) => item !== null)
      .map((item) => project(item, shape[0]));
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(shape)) {
    const projected = project(source[field], inner);
    if (projected !== undefined) out[field] = projected;
  }
  return out;
}

function checkRelease(value: unknown, path: string, errors: FieldErrors): value is Release {
  if (!isObject(value)) {
    errors.add(path, 'must be an OCDS release (an object with an ocid)');
    return false;
  }
  if (typeof value.ocid !== 'string' || value.ocid.trim() === '') {
    errors.add(`${path}.ocid`, 'is missing: every OCDS release has an ocid');
    return false;
  }
  const before = errors.list.length;
  check(value, RELEASE, path, errors);
  return errors.list.length === before;
}

/** Where a JSON.parse error happened, as a line and column a text editor shows. */
function whereParseFailed(text: string, error: Error): string {
  const at = /at position (\d+)/.exec(error.message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

/** A linked release in a record package: only its address, not its contents. */
const isLink = (value: unknown) => isObject(value) && typeof value.url === 'string' && !value.ocid;

/**
 * A notices file (DESIGN §7) as its contracting processes: a release package (`releases`), a
 * record package (`records`, each with its releases or a `compiledRelease`), a list of releases,
 * or a single release. Malformed JSON, a file that is not OCDS, or a release of another shape is
 * BAD_USER_INPUT naming the path under `path` (`json.releases.3.awards`).
 */
export function readOcds(text: string, path = 'json'): Process[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_OCDS_BYTES) {
    throw DomainError.badInput([{ path, message: 'is larger than 10 MB' }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw DomainError.badInput([
      {
        path,
        message: `is not valid JSON: ${(error as Error).message}${whereParseFailed(text, error as Error)}`,
      },
    ]);
  }
  const errors = new FieldErrors();
  const byOcid = new Map<string, Process>();
  const add = (release: Release) => {
    const ocid = release.ocid as string;
    const process = byOcid.get(ocid) ?? { ocid, releases: [] };
    process.releases.push(project(release, RELEASE) as Release);
    byOcid.set(ocid, process);
  };
  const readReleases = (list: unknown, at: string) => {
    if (!Array.isArray(list)) {
      errors.add(at, 'must be a list of releases');
      return;
    }
    list.forEach((release, i) => {
      if (errors.list.length < MAX_PROBLEMS && checkRelease(release, `${at}.${i}`, errors)) {
        add(release);
      }
    });
  };
  if (Array.isArray(data)) {
    readReleases(data, path);
  } else if (isObject(data) && 'releases' in data) {
    readReleases(data.releases, `${path}.releases`);
  } else if (isObject(data) && 'records' in data) {
    if (!Array.isArray(data.records)) errors.add(`${path}.records`, 'must be a list of records');
    else data.records.forEach((record, i) => readRecord(record, `${path}.records.${i}`));
  } else if (isObject(data) && 'ocid' in data) {
    if (checkRelease(data, path, errors)) add(data);
  } else {
    errors.add(
      path,
      'is not OCDS: expected a release package (with "releases"), a record package (with "records") or a list of releases',
    );
  }
  errors.throwIfAny();
  return [...byOcid.values()];

  function readRecord(record: unknown, at: string) {
    if (errors.list.length >= MAX_PROBLEMS) return;
    if (!isObject(record)) {
      errors.add(at, 'must be an OCDS record (an object with an ocid and its releases)');
      return;
    }
    const releases = Array.isArray(record.releases) ? record.releases : [];
    if (releases.length && !releases.some(isLink)) {
      readReleases(releases, `${at}.releases`);
    } else if (record.compiledRelease !== undefined) {
      if (checkRelease(record.compiledRelease, `${at}.compiledRelease`, errors)) {
        add(record.compiledRelease);
      }
    } else if (releases.length) {
      errors.add(
        `${at}.releases`,
        'links to its releases without including them: download the file with the releases or a compiledRelease',
      );
    } else {
      errors.add(at, 'has neither releases nor a compiledRelease');
    }
  }
}
