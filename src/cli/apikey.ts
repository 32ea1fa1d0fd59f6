import { Role } from '../access/role';
import { ApiKeysService } from '../auth/api-keys.service';
import { CliModule } from './cli.module';
import { prepareDatabaseForCommand } from './prepare';
import { runCommand, UsageError } from './run-command';

const USAGE = `Usage:
  npm run apikey -- create --role ADMIN|COORDINATOR|BOROUGH_LEAD [--borough <GSS or LAE code>] --label "<label>" [--expires-in <days>d]
  npm run apikey -- list
  npm run apikey -- revoke <id>
  npm run apikey -- revoke --demo
  --borough  a BOROUGH_LEAD key's borough: E09000007 or CMD (Camden)
  list       prints a header row, then one key a line, tab-separated; never a secret`;

const DURATION = /^(\d+)d$/;
const LIST_HEADER = ['id', 'label', 'role', 'borough', 'created', 'expires', 'status'];

/** `npm run apikey`: keys are created, listed and revoked by an operator with database access. */
void runCommand((config) => CliModule.forRoot(config), {
  usage: USAGE,
  positionals: true,
  options: {
    role: { type: 'string' },
    borough: { type: 'string' },
    label: { type: 'string' },
    'expires-in': { type: 'string' },
    demo: { type: 'boolean' },
  },
  async run(app, { positionals, values }) {
    const [command, ...rest] = positionals;
    if (!['create', 'list', 'revoke'].includes(command)) throw new UsageError(USAGE);
    await prepareDatabaseForCommand(app);
    const keys = app.get(ApiKeysService);

    if (command === 'create') {
      const role = values.role as Role | undefined;
      if (!role || !Object.values(Role).includes(role))
        throw new UsageError(`--role must be ADMIN, COORDINATOR or BOROUGH_LEAD\n${USAGE}`);
      if (!values.label) throw new UsageError(`--label is required\n${USAGE}`);
      let expiresAt: Date | undefined;
      if (values['expires-in'] !== undefined) {
        const days = DURATION.exec(values['expires-in']);
        if (!days || Number(days[1]) < 1)
          throw new UsageError('--expires-in must be a number of days, e.g. 90d');
        expiresAt = new Date(Date.now() + Number(days[1]) * 86_400_000);
      }
      const { key, secret, boroughGssCode } = await keys.create({
        role,
        label: values.label,
        boroughCode: values.borough,
        expiresAt,
      });
      console.log(
        `Created key ${key.id} "${key.label}" (${key.role}${boroughGssCode ? ` for ${boroughGssCode}` : ''}).`,
      );
      console.log('Store it now: the register keeps only its hash and cannot show it again.');
      console.log(secret);
    } else if (command === 'list' && rest.length === 0) {
      console.log(LIST_HEADER.join('\t'));
      for (const { key, boroughGssCode, status } of await keys.list()) {
        console.log(
          [
            key.id,
            key.label,
            key.role,
            boroughGssCode ?? '-',
            key.createdAt.toISOString(),
            key.expiresAt?.toISOString() ?? 'never',
            key.demo ? `${status} (demo)` : status,
          ].join('\t'),
        );
      }
    } else if (command === 'revoke' && values.demo && rest.length === 0) {
      const revoked = await keys.revokeDemoKeys();
      console.log(`Revoked ${revoked} demo keys.`);
    } else if (command === 'revoke' && rest.length === 1) {
      const key = await keys.revoke(rest[0]);
      console.log(`Revoked key ${key.id} "${key.label}".`);
    } else {
      throw new UsageError(USAGE);
    }
  },
});
