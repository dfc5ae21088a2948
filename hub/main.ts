/**
 * `npm run hub`: the class hub on one SQLite file. Prints one line when it listens
 * ("Raut hub listening on http://HOST:PORT …"), which tests and the loadtest wait for.
 */
import { resolve } from 'node:path';
import { HUB_USAGE, parseHubArgs } from './cli-args';
import { createHub } from './server';
import { SqliteHubStore } from './storage/sqlite';

async function main(): Promise<void> {
  let options;
  try {
    options = parseHubArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${HUB_USAGE}`);
    process.exit(2);
  }
  if (options === null) {
    console.log(HUB_USAGE);
    return;
  }

  const dataDir = resolve(options.dataDir);
  const store = SqliteHubStore.openInDirectory(dataDir);
  const app = await createHub({
    store,
    logLevel: options.logLevel,
    joinsPerMinute: options.joinsPerMinute,
    failuresPerMinute: options.failuresPerMinute,
    classCreationsPerMinute: options.classCreationsPerMinute,
    trustProxy: options.trustProxy,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Raut hub stopping (${signal})`);
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  console.log(`Raut hub listening on http://${host}:${port} (data: ${dataDir})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
