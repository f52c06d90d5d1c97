import { run } from './cli.js';

/** Runs `meshplan <argv>` in-process and returns its exit code and what it printed. */
export async function meshplan(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
  });
  return { code, stdout, stderr };
}
