// Exec on the local cluster (kwok runs each command on this machine, in a scratch folder of the
// cluster): output, exit status and stdin through the transport's WebSocket, an interactive
// shell in a terminal, a command the container does not have, and `berth exec` as a user runs
// it. Every wait is a watch or the command's own end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFirstCommand, SHELL_CANDIDATES, startExec, type ExecSession } from '../../kube';
import { berth } from '../helpers/cli';
import { useLocalCluster } from '../helpers/cluster';
import { deployment, podsRunning } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';
import { watchdog } from '../helpers/watchdog';

/** What a step that hung had received, for its failure message. */
const shown = (chunks: readonly Buffer[]): string => JSON.stringify(Buffer.concat(chunks).toString().slice(-500));

describe('exec', () => {
  it('runs commands in a pod: output, exit status, stdin, a terminal shell, a missing command, and berth exec', { timeout: 180_000 }, async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    must(await kube.request({ method: 'POST', path: `/apis/apps/v1/namespaces/${namespace}/deployments`, body: deployment('shell', 1), operation: { verb: 'create' } }));
    const [running] = await podsRunning(kubeConfig, namespace, 'shell', 1);
    const pod = running!.metadata!.name!;

    // Output on its streams and the exit status, over the newest protocol.
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const started = must(await startExec(kube, { pod, command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }, { onStdout: (d) => out.push(d), onStderr: (d) => err.push(d) }));
    assert.equal(started.protocol, 'v5.channel.k8s.io');
    assert.deepEqual(await watchdog(started.ended, 60, () => `sh -c 'echo out; ...; exit 3' (stdout ${shown(out)}, stderr ${shown(err)})`, () => started.close()), { ok: true, value: { kind: 'exited', code: 3 } });
    assert.equal(Buffer.concat(out).toString(), 'out\n');
    assert.equal(Buffer.concat(err).toString(), 'err\n');

    // stdin reaches the command. (kwok's local exec never passes the end of stdin on to the
    // process, so the command reads one line rather than waiting for the end.)
    const echoed: Buffer[] = [];
    const head = must(await startExec(kube, { pod, command: ['head', '-n', '1'], stdin: true }, { onStdout: (d) => echoed.push(d), onStderr: () => undefined }));
    head.write('typed into stdin\n');
    head.endInput();
    assert.deepEqual(await watchdog(head.ended, 60, () => `head -n 1 with a line on stdin (stdout ${shown(echoed)})`, () => head.close()), { ok: true, value: { kind: 'exited', code: 0 } });
    assert.equal(Buffer.concat(echoed).toString(), 'typed into stdin\n');

    // A shell in a terminal, as Open Shell runs it: the first candidate the container has.
    let screen = '';
    let session: ExecSession | undefined;
    let typed = false;
    const shell = await watchdog(runFirstCommand(kube, { pod, stdin: true, tty: true, size: { cols: 100, rows: 30 } }, SHELL_CANDIDATES, {
      onStdout: (d) => {
        screen += d.toString();
        if (screen.includes('berth-42')) session?.write('exit 0\n');
      },
      onStderr: (d) => (screen += d.toString()),
    }, (s) => {
      session = s;
      if (!typed) {
        typed = true;
        s.write('echo berth-$((6*7))\n');
      }
    }), 60, () => `a shell in a terminal (screen ${JSON.stringify(screen.slice(-500))})`, () => session?.close());
    assert.deepEqual(must(shell), { kind: 'ran', command: ['sh'], end: { kind: 'exited', code: 0 } });
    assert.match(screen, /berth-42/);

    // A command the container does not have says so.
    const missing = must(await startExec(kube, { pod, command: ['no-such-command-in-berth-test'] }, { onStdout: () => undefined, onStderr: () => undefined }));
    const ended = must(await watchdog(missing.ended, 60, () => 'a command the container does not have', () => missing.close()));
    assert.equal(ended.kind, 'failed');
    assert.ok(ended.kind === 'failed' && ended.commandNotFound, JSON.stringify(ended));

    // berth exec: streams and exit status passed through; a workload runs in its ready pod; -i passes stdin.
    const env = { ...process.env, KUBECONFIG: kubeconfigPath };
    const run = berth(['exec', '-n', namespace, pod, '--', 'sh', '-c', 'echo hello; echo oops >&2; exit 4'], { env });
    assert.deepEqual([run.status, run.stdout, run.stderr], [4, 'hello\n', 'oops\n']);
    const viaWorkload = berth(['exec', '-n', namespace, 'deploy/shell', '--', 'echo', 'from the workload'], { env });
    assert.deepEqual([viaWorkload.status, viaWorkload.stdout], [0, 'from the workload\n'], viaWorkload.stderr);
    const withStdin = berth(['exec', '-i', '-n', namespace, pod, '--', 'head', '-n', '1'], { env, input: 'piped in\n' });
    assert.deepEqual([withStdin.status, withStdin.stdout], [0, 'piped in\n'], withStdin.stderr);
    const notThere = berth(['exec', '-n', namespace, pod, '--', 'no-such-command-in-berth-test'], { env });
    assert.equal(notThere.status, 127);
    assert.match(notThere.stderr, /has no command "no-such-command-in-berth-test"/);
    const noPod = berth(['exec', '-n', namespace, 'missing-pod', '--', 'true'], { env });
    assert.equal(noPod.status, 1);
    assert.match(noPod.stderr, /Not found: cannot create pods\/exec "missing-pod"/);
  });
});
