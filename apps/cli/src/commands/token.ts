import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import type { Principal } from '../../../../libs/application/src/auth/principal';
import { signToken } from '../../../../libs/application/src/auth/tokens';
import { dataDirOf, existingJwtSecret } from '../../../../libs/application/src/config/config';
import { AGENT_ID_PATTERN, SLUG_PATTERN } from '../../../../libs/domain/src/shared/ids';
import { parseDataDir, parseNonEmpty, parseWhole } from './shared/args';
import { UsageError } from './shared/usage-error';

/** A development token lives at most a year: one meant for longer wants a real identity provider. */
const MAX_TTL_SECONDS = 365 * 86_400;

type TokenOptions = { role: Principal['role']; sub?: string; operator?: string; agent?: string; projects?: string; canGovern?: boolean; ttl: number; dataDir?: string };

/**
 * The secret of the server on this data dir, never a new one: a token signed with a secret
 * made up here would only get 401 INVALID_TOKEN from the server, which keeps its own (the
 * usual cause: a server started with JOBLEDGER_DATA_DIR or --data-dir, this command without).
 */
const signingSecret = (env: NodeJS.ProcessEnv): string => {
  const secret = existingJwtSecret(env);
  if (secret !== null) return secret;
  const dataDir = dataDirOf(env);
  throw new UsageError(`no jwt-secret in ${dataDir}: no server has started there — pass --data-dir <the server's data dir> or set JOBLEDGER_JWT_SECRET`);
};

const projectsOf = (o: TokenOptions): string[] | undefined => o.projects?.split(',').map((s) => s.trim()).filter(Boolean);

/** Which roles each identity option belongs to (SPEC §5's claims). */
const OPTION_ROLES: ReadonlyArray<[keyof TokenOptions, string, readonly Principal['role'][]]> = [
  ['operator', '--operator', ['operator']],
  ['agent', '--agent', ['agent']],
  ['projects', '--projects', ['agent', 'reviewer']],
  ['canGovern', '--can-govern', ['operator']],
];

/**
 * An option of another role is refused, not dropped or kept: `--role admin --operator ana`
 * would otherwise mint an admin whose every event names `operator:ana` as its actor.
 */
const refuseForeignOptions = (o: TokenOptions): void => {
  for (const [key, flag, roles] of OPTION_ROLES) {
    if (o[key] !== undefined && !roles.includes(o.role)) throw new UsageError(`${flag} applies to --role ${roles.join(' or ')}, not ${o.role}`);
  }
};

/** Mints a development token with the local secret (env JOBLEDGER_JWT_SECRET or the data dir's). */
export const mintToken = (o: TokenOptions, env: NodeJS.ProcessEnv = process.env): string => {
  // A missing option, only missing because of another one's value: a usage error all the same (exit 2).
  if (o.role === 'operator' && !o.operator) throw new UsageError('--operator <slug> is required with --role operator');
  if (o.role === 'agent' && !o.agent) throw new UsageError('--agent <id> is required with --role agent');
  // An agent or reviewer without projects may act nowhere (403 PROJECT_FORBIDDEN on every job).
  if ((o.role === 'agent' || o.role === 'reviewer') && !projectsOf(o)?.length) throw new UsageError(`--projects <slugs> is required with --role ${o.role}`);
  refuseForeignOptions(o);
  // The server refuses these (401 INVALID_TOKEN): said here, before a token is printed.
  if (o.operator !== undefined && !SLUG_PATTERN.test(o.operator)) throw new UsageError(`--operator ${JSON.stringify(o.operator)} is not a slug (${SLUG_PATTERN.source})`);
  if (o.agent !== undefined && !AGENT_ID_PATTERN.test(o.agent)) throw new UsageError(`--agent ${JSON.stringify(o.agent)} is not an agent id (1–100 of A-Z a-z 0-9 . _ : -)`);
  const notSlug = projectsOf(o)?.find((slug) => !SLUG_PATTERN.test(slug));
  if (notSlug !== undefined) throw new UsageError(`--projects: ${JSON.stringify(notSlug)} is not a slug (${SLUG_PATTERN.source})`);
  const secret = signingSecret({ ...env, ...(o.dataDir !== undefined && { JOBLEDGER_DATA_DIR: o.dataDir }) });
  const principal: Principal = {
    // Requesters see only their own requests: each unnamed one is somebody new.
    sub: o.sub ?? (o.operator ? `operator:${o.operator}` : o.agent ? `agent:${o.agent}` : o.role === 'requester' ? `requester:${randomBytes(6).toString('hex')}` : `${o.role}:cli`),
    role: o.role,
    ...(o.operator && { operator: o.operator }),
    ...(o.agent && { agent: o.agent }),
    ...(o.projects && { projects: projectsOf(o) }),
    ...(o.canGovern && { canGovern: true }),
  };
  return signToken(secret, principal, o.ttl);
};

export const registerToken = (program: Command) => {
  const token = program.command('token').description('development tokens');
  token
    .command('create')
    .description('mint a signed token (HS256) with the local secret')
    .addOption(new Option('--role <role>', 'role').choices(['admin', 'operator', 'agent', 'reviewer', 'requester', 'auditor']).makeOptionMandatory())
    .option('--sub <subject>', 'subject (default derived from the role)', parseNonEmpty('a subject'))
    .option('--operator <slug>', 'operator slug (role operator)')
    .option('--agent <id>', 'agent id (role agent)')
    .option('--projects <slugs>', 'comma-separated project slugs (roles agent and reviewer; required)')
    .option('--can-govern', 'the operator may approve, assign and create jobs (role operator)')
    // 0 or less would print a token already expired; jsonwebtoken would read 'abc' as a time span and throw.
    .option('--ttl <seconds>', `lifetime in whole seconds, 1 to ${MAX_TTL_SECONDS}`, parseWhole(1, MAX_TTL_SECONDS), 43_200)
    .option('-d, --data-dir <dir>', 'data directory holding the secret (env JOBLEDGER_DATA_DIR)', parseDataDir)
    // SPEC §6: --json everywhere, here too; the token alone stays the default, for $(…).
    .option('--json', 'print {"token": "…"} instead of the bare token')
    .addHelpText('after', '\nExamples:\n  jobledger token create --role admin\n  jobledger token create --role operator --operator ana\n  jobledger token create --role agent --agent bot-1 --projects agents --json')
    .action((o: TokenOptions & { json?: boolean }) => {
      const token = mintToken(o);
      process.stdout.write(o.json ? `${JSON.stringify({ token })}\n` : `${token}\n`);
    });
};
