/**
 * `npm run bot -- --csds http://127.0.0.1:8787 --account 123456 [--account 654321] [--username agent --password agent]`
 * Runs the bot agent (one per account: an agent logs in to one account) until Ctrl+C, then logs it out.
 */
import { parseArgs } from 'node:util';
import { startBot, type Bot } from './bot.js';

const usage = `Usage: npm run bot -- --csds <url> --account <id> [options]

  --csds <url>            Domain API base URL (e.g. http://127.0.0.1:8787)
  --account <id>          account (site) id; repeat it to answer on several accounts
                          (the target of an account-to-account transfer, say)
  --username <name>       agent login name (default: agent)
  --password <secret>     agent password (default: agent)
  --poll-interval <ms>    poll interval for incoming requests and chats (default: 1500)
  --typing-delay <ms>     how long "typing" shows before each answer (default: 800)
  --max-chats <n>         most chats at once (default: the agent's maxChats, or 4)
  -h, --help              show this text`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      csds: { type: 'string' },
      account: { type: 'string', multiple: true },
      username: { type: 'string' },
      password: { type: 'string' },
      'poll-interval': { type: 'string' },
      'typing-delay': { type: 'string' },
      'max-chats': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!values.csds || !values.account?.length) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const { csds } = values;
  const options = {
    username: values.username,
    password: values.password,
    pollInterval: number(values['poll-interval'], 'poll-interval'),
    typingDelay: number(values['typing-delay'], 'typing-delay'),
    maxChats: number(values['max-chats'], 'max-chats'),
  };
  const bots: Bot[] = [];
  for (const account of new Set(values.account)) {
    const log = values.account.length > 1 ? (message: string) => console.log(`[bot ${account}] ${message}`) : undefined;
    try {
      bots.push(await startBot({ csds, account, ...options, log }));
    } catch (error) {
      await Promise.all(bots.map((bot) => bot.stop()));
      throw error;
    }
  }
  console.log('[bot] running; press Ctrl+C to stop');
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    void Promise.all(bots.map((bot) => bot.stop())).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[bot] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
