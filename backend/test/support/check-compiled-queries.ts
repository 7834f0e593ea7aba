import { checkEveryRun } from '../../src/db/fast/index.js';

// Every test holds each run of a compiled query to the query it was compiled as, so a builder
// that branches on one particular value fails the first test that takes that branch
// (db/fast/compiled-queries.ts, checkEveryRun). The server never turns this on.
checkEveryRun(true);
