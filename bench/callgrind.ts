/**
 * Reading valgrind's callgrind: the number of instructions it counted in a run, from the summary it
 * prints on stderr when the program exits (`==1234== Collected : 2884603895`, one per process traced).
 * Used by `npm run bench:pi:instructions` (bench/pi-instructions.ts).
 */

/**
 * The instructions (`Ir`) callgrind collected in one traced process, from its stderr. Throws when the
 * summary is missing (valgrind failed, or the program died before exiting) or when more than one
 * process was traced (`--trace-children=yes`: the counts would have to be told apart), quoting the end
 * of stderr.
 */
export function parseCallgrindCollected(stderr: string): number {
  const found = [...stderr.matchAll(/^==\d+==\s+Collected\s*:\s*(\d+)\s*$/gm)];
  const tail = () => JSON.stringify(stderr.slice(-400));
  if (found.length === 0)
    throw new Error(`callgrind: no "Collected :" line in its stderr, which ends ${tail()}`);
  if (found.length > 1)
    throw new Error(`callgrind: ${found.length} "Collected :" lines (one per traced process) in ${tail()}`);
  const value = Number(found[0]?.[1]);
  if (!Number.isSafeInteger(value)) throw new Error(`callgrind: "Collected :" is not a count: ${tail()}`);
  return value;
}
