// Runs a `berth` command's function in this process against a kubeconfig, as `berth <command>`
// would run with KUBECONFIG set, capturing what it prints.
import type { CommandIo } from '../../cli/src/commands/validate';

/** A CLI command's io, capturing its output. */
export function captureIo(): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let errText = '';
  return { stdout: (t) => void (out += t), stderr: (t) => void (errText += t), readStdin: () => '', version: 'test', out: () => out, err: () => errText };
}

/** Runs the command with `argv` and KUBECONFIG set to `kubeconfigPath`; returns its exit code and output. */
export async function cli(run: (argv: readonly string[], io: CommandIo) => Promise<number>, argv: string[], kubeconfigPath: string): Promise<{ code: number; out: string; err: string }> {
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfigPath;
  try {
    const io = captureIo();
    const code = await run(argv, io);
    return { code, out: io.out(), err: io.err() };
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
}
