import { parseOptions, USAGE, type BenchOptions } from './options.js';

export type Cleanups = (() => Promise<void>)[];

/**
 * The frame of each harness command: options from the command line (usage and exit 2 when they
 * are wrong), then `run`, then `finish` with its report. What `run` started (servers, databases)
 * it registers in `cleanups`; they are undone in reverse order on success, on failure and on
 * Ctrl-C.
 */
export async function benchMain<R>(
  run: (options: BenchOptions, cleanups: Cleanups) => Promise<R>,
  finish: (report: R, options: BenchOptions) => void,
): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const cleanups: Cleanups = [];
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  try {
    const report = await run(options, cleanups);
    await cleanUp();
    finish(report, options);
  } catch (error) {
    await cleanUp();
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
