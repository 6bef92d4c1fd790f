/** `lcm apikey create|list|delete`: API keys for controllers and integrations (admin). */
import type { Command } from 'commander';
import { addConnectionOptions, withApiSession, type ConnectionFlags } from '../api-session.js';
import { formatAge } from '../output/format-age.js';
import { formatTable } from '../output/table.js';
import { parseTimeOrOffset } from '../parse-duration.js';

interface ApiKeyView {
  keyId: string;
  role: string;
  description: string;
  createdBy: string;
  createdAt?: string;
  expiresAt?: string;
}

interface CreateFlags extends ConnectionFlags {
  role: string;
  description?: string;
  expires?: string;
  output?: string;
}

export function registerApiKeyCommand(program: Command): void {
  const apikey = program.command('apikey').description('manage API keys (admin)');
  addConnectionOptions(
    apikey
      .command('create')
      .description('create a key; it is printed once')
      .requiredOption('--role <role>', 'role of the key, e.g. controller')
      .option('--description <text>', 'what the key is for')
      .option('--expires <time>', 'expiry: an RFC 3339 time or +<duration> (e.g. +90d)')
      .option('-o, --output <format>', 'json: print the API answer (including the key)')
      .action(async (flags: CreateFlags) => {
        await withApiSession(flags, async (session) => {
          const created = await session.call<ApiKeyView & { key: string }>('POST', '/api/apikeys', {
            role: flags.role,
            ...(flags.description ? { description: flags.description } : {}),
            ...(flags.expires
              ? { expiresAt: parseTimeOrOffset(flags.expires, session.clock.nowMs(), '--expires') }
              : {}),
          });
          process.stdout.write(
            flags.output === 'json'
              ? `${JSON.stringify(created, null, 2)}\n`
              : createdText(created, session.server),
          );
        });
      }),
  );
  addConnectionOptions(
    apikey
      .command('list')
      .description('list keys (never the keys themselves)')
      .action(async (flags: ConnectionFlags) => {
        await withApiSession(flags, async (session) => {
          const { items } = await session.call<{ items: ApiKeyView[] }>('GET', '/api/apikeys');
          process.stdout.write(listText(items, session.clock.nowMs()));
        });
      }),
  );
  addConnectionOptions(
    apikey
      .command('delete')
      .description('revoke a key')
      .argument('<keyId>', 'the KEY-ID column of `lcm apikey list`')
      .action(async (keyId: string, flags: ConnectionFlags) => {
        await withApiSession(flags, (session) =>
          session.call('DELETE', `/api/apikeys/${encodeURIComponent(keyId)}`),
        );
        process.stdout.write(`apikey/${keyId} deleted\n`);
      }),
  );
}

function createdText(created: ApiKeyView & { key: string }, server: string): string {
  return [
    `Created API key ${created.keyId} (role ${created.role}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}).`,
    'The key is shown only now; store it safely:',
    '',
    `  ${created.key}`,
    '',
    'Use it with, for example:',
    `  LCM_API_URL=${server} LCM_API_KEY=${created.key} lcm controller <name>`,
    '',
  ].join('\n');
}

function listText(items: readonly ApiKeyView[], nowMs: number): string {
  if (items.length === 0) return 'No API keys.\n';
  const rows = [
    ['KEY-ID', 'ROLE', 'DESCRIPTION', 'CREATED-BY', 'AGE', 'EXPIRES'],
    ...items.map((item) => [
      item.keyId,
      item.role,
      item.description || '<none>',
      item.createdBy,
      formatAge(item.createdAt, nowMs),
      item.expiresAt ?? '<never>',
    ]),
  ];
  return `${formatTable(rows).join('\n')}\n`;
}
