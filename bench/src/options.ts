import { parseArgs } from 'node:util';

export interface BenchOptions {
  users: number;
  /** audit events inserted after the users (for the overview scenario); none by default */
  auditEvents: number;
  db: 'sqlite' | 'postgres';
  /** seconds each scenario runs */
  duration: number;
  connections: number;
  /** exit 1 when a scenario had errors */
  check: boolean;
  /** exit 1 when a target is missed too */
  strict: boolean;
  build: boolean;
  out: string;
  postgresUrl: string;
  port: number;
  /** leave the database in place after the run, and print where it is */
  keep: boolean;
  /** a database an earlier `--keep` run seeded: used as it is, nothing seeded */
  reuse: string | null;
  /** scenarios whose names contain one of these (GET /users/:id and list page 1 always run) */
  only: string[];
  /** bench:transfer: rows in the imported file, and whether to export first */
  importRows: number;
  exports: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]
  --users N          users to seed (default 100000)
  --audit-events N   audit events to insert after them, 90 days of sign-ins and changes (default 0)
  --db sqlite|postgres   the database (default sqlite; postgres uses --postgres-url)
  --duration S       seconds per scenario (default 5)
  --connections C    concurrent connections per scenario (default 16)
  --check            exit 1 when any scenario answered an error
  --strict           exit 1 when a target is missed too
  --no-build         use the existing production build
  --out DIR          where results go (default bench/results)
  --postgres-url URL server to create the benchmark database on
                     (default postgres://postgres@127.0.0.1:5432/test)
  --port P           first of the three ports used (default 5600)
  --keep             keep the seeded database and print its URL (to pass to --reuse)
  --reuse URL        run against a database a --keep run seeded (sqlite:FILE or postgres://…);
                     seeds nothing, so --users and --audit-events only label the report
  --only A,B         run only the scenarios whose names contain A or B (besides
                     GET /users/:id and list page 1, which the ratios need)

  --import-rows N    bench:transfer: rows in the imported file (default 100000)
  --no-export        bench:transfer: the import alone, without the exports first`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '100000' },
      'audit-events': { type: 'string', default: '0' },
      db: { type: 'string', default: 'sqlite' },
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
      check: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: new URL('../results', import.meta.url).pathname },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      port: { type: 'string', default: '5600' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
      only: { type: 'string' },
      'import-rows': { type: 'string', default: '100000' },
      'no-export': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) {
      throw new Error(`--${name} "${text}" is invalid: expected an integer from ${min} to ${max}`);
    }
    return n;
  };
  if (values.db !== 'sqlite' && values.db !== 'postgres') {
    throw new Error(`--db "${values.db}" is invalid: expected sqlite or postgres`);
  }
  const reuse = values.reuse ?? null;
  if (reuse !== null && !/^(sqlite:|postgres(ql)?:\/\/)/.test(reuse)) {
    throw new Error(`--reuse "${reuse}" is invalid: expected sqlite:FILE or postgres://…`);
  }
  if (reuse !== null && !reuse.startsWith(values.db === 'sqlite' ? 'sqlite:' : 'postgres')) {
    throw new Error(`--reuse "${reuse}" is not a ${values.db} database (--db ${values.db})`);
  }
  return {
    users: integer('users', values.users, 1000, 10_000_000),
    auditEvents: integer('audit-events', values['audit-events'], 0, 10_000_000),
    db: values.db,
    duration: integer('duration', values.duration, 1, 600),
    connections: integer('connections', values.connections, 1, 1000),
    check: values.check || values.strict,
    strict: values.strict,
    build: !values['no-build'],
    out: values.out,
    postgresUrl: values['postgres-url'],
    port: integer('port', values.port, 1024, 65000),
    keep: values.keep,
    reuse,
    only: (values.only ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    importRows: integer('import-rows', values['import-rows'], 1, 10_000_000),
    exports: !values['no-export'],
  };
}
