/**
 * Property tests run 300 cases each by default; `HEARTH_FC_RUNS=20000 npm test` hunts longer
 * before a change lands (each failure prints the seed and the shrunk counterexample to keep as a
 * fixed test).
 */
import fc from 'fast-check';

fc.configureGlobal({ numRuns: Number(process.env.HEARTH_FC_RUNS) || 300 });
