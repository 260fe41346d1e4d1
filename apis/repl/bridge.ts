/**
 * The REPL family's contract: one entry, `(completion, awaited, report)`. `completion` is the value the
 * input's script evaluated to — for input rewritten for top-level `await`, a promise of `{ value }` —;
 * `report(ok, text)` is a host Callback called once, with the value inspected or the error formatted.
 */
export const REPL_COMPLETE_ENTRY = 'repl_complete';

export type ReplReport = (ok: boolean, text: string) => void;
