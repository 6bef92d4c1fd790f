/** `lcm explain session <name>`: why a session is (not) placed, from `GET …/labletsessions/{name}/explain`. */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { InvalidError } from '../../errors/index.js';
import { formatObjectKey } from '../../resources/index.js';
import {
  addConnectionOptions,
  objectPath,
  withApiSession,
  type ConnectionFlags,
} from '../api-session.js';
import { resolveKind } from '../kind-aliases.js';
import { addNamespaceOption, DEFAULT_NAMESPACE } from '../namespace-option.js';
import { formatRecord } from '../output/format-record.js';

interface ExplainFlags extends ConnectionFlags {
  namespace?: string;
  output?: string;
}

interface Explanation extends Record<string, unknown> {
  session?: { namespace?: string; name: string };
}

export function registerExplainCommand(program: Command): void {
  const command = program
    .command('explain')
    .description("explain a session's scheduling: per-worker reasons, score, queue position")
    .argument('<kind>', 'session')
    .argument('<name>')
    .option('-o, --output <format>', 'yaml or json instead of text')
    .action(async (kindName: string, name: string, flags: ExplainFlags) => {
      const kind = resolveKind(kindName);
      if (kind.kind !== 'LabletSession')
        throw new InvalidError('only sessions can be explained: `lcm explain session <name>`', {
          details: { field: 'kind' },
        });
      const render = explanationFormat(flags.output);
      const path = `${objectPath(kind, name, flags.namespace ?? DEFAULT_NAMESPACE)}/explain`;
      const answer = await withApiSession(flags, (session) =>
        session.call<Explanation>('GET', path),
      );
      process.stdout.write(render(answer));
    });
  addNamespaceOption(command);
  addConnectionOptions(command);
}

/** The renderer for `-o`: text (readable fields) by default, else yaml or json. */
function explanationFormat(output: string | undefined): (answer: Explanation) => string {
  if (output === 'json') return (answer) => `${JSON.stringify(answer, null, 2)}\n`;
  if (output === 'yaml') return (answer) => stringify(answer);
  if (output !== undefined)
    throw new InvalidError(`unknown output format "${output}"; use yaml or json`, {
      details: { field: 'output' },
    });
  return ({ apiVersion: _apiVersion, kind: _kind, session, ...rest }) => {
    const key = session ? { session: formatObjectKey(session) } : {};
    return `${formatRecord({ ...key, ...rest }).join('\n')}\n`;
  };
}
