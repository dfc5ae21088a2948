/** Command-line options of `npm run hub`. */
import { parseArgs } from 'node:util';

export interface HubCliOptions {
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  joinsPerMinute: number;
  failuresPerMinute: number;
  classCreationsPerMinute: number;
  trustProxy: boolean;
}

export const HUB_USAGE = `Usage: npm run hub -- [options]
  --port N                 port to listen on (default 8787; 0 picks a free one)
  --host ADDR              address to bind (default 127.0.0.1; 0.0.0.0 exposes the hub to the network)
  --data DIR               folder for hub.sqlite (default ./hub-data)
  --log-level LEVEL        fatal, error, warn, info, debug (default warn)
  --joins-per-minute N     joins per client address per minute (default 120)
  --failures-per-minute N  401/403/404 answers per address per minute; beyond, failures read 429 (default 60)
  --classes-per-minute N   new classes per address per minute (default 20)
  --trust-proxy            read client addresses from X-Forwarded-For (behind your own proxy only)
  --help`;

function positiveInteger(name: string, value: string, allowZero = false): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < (allowZero ? 0 : 1)) throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return parsed;
}

/** Parsed options, or null when --help was asked for. Throws on bad input. */
export function parseHubArgs(argv: readonly string[]): HubCliOptions | null {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: './hub-data' },
      'log-level': { type: 'string', default: 'warn' },
      'joins-per-minute': { type: 'string', default: '120' },
      'failures-per-minute': { type: 'string', default: '60' },
      'classes-per-minute': { type: 'string', default: '20' },
      'trust-proxy': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const port = positiveInteger('port', values.port, true);
  if (port > 65_535) throw new Error(`--port must be at most 65535, got ${port}`);
  return {
    port,
    host: values.host,
    dataDir: values.data,
    logLevel: values['log-level'],
    joinsPerMinute: positiveInteger('joins-per-minute', values['joins-per-minute']),
    failuresPerMinute: positiveInteger('failures-per-minute', values['failures-per-minute']),
    classCreationsPerMinute: positiveInteger('classes-per-minute', values['classes-per-minute']),
    trustProxy: values['trust-proxy'],
  };
}
