/**
 * Runs a command's `main` and exits with the code it returns. A thrown error is said on stderr as its message alone
 * (no stack: the commands' errors are meant for the operator) and exits with `failCode`.
 */
export function runCli(main: () => number | Promise<number>, failCode = 2): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(code),
      (err: unknown) => {
        console.error(err instanceof Error ? err.message : String(err));
        process.exit(failCode);
      },
    );
}
