// The exec channel protocol without a cluster: frames in and out, how a command's end is read
// from the error channel (kubelet's Status, and runtimes that only say "exit status N"), the
// terminal filter, command lines typed by hand, and the transport's WebSocket upgrade against a
// stand-in server that speaks v5, only v4, or refuses with a Status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  channelFrame,
  closeFrame,
  execEndFromStatus,
  readExecMessage,
  resizeFrame,
  runFirstCommand,
  splitCommandLine,
  startExec,
  TerminalOutputFilter,
} from '../../kube';
import { fakeClient } from '../helpers/fakeApiServer';
import { fakeWebSocketServer, type FakeStream } from '../helpers/fakeWebSocketServer';

describe('exec frames', () => {
  it('prefixes each message with its channel; resize is JSON on channel 4; v5 closes stdin with 255 0', () => {
    assert.deepEqual([...channelFrame(0, 'ls\n')], [0, 0x6c, 0x73, 0x0a]);
    assert.deepEqual(JSON.parse(resizeFrame(120, 40).subarray(1).toString()), { Width: 120, Height: 40 });
    assert.equal(resizeFrame(120, 40)[0], 4);
    assert.deepEqual(JSON.parse(resizeFrame(0, -3).subarray(1).toString()), { Width: 1, Height: 1 }, 'a size is at least one cell');
    assert.deepEqual([...closeFrame(0)], [255, 0]);
  });

  it('reads stdout, stderr and the error channel; ignores empty and unknown messages', () => {
    assert.deepEqual(readExecMessage(Buffer.from([1, 0x61])), { kind: 'stdout', data: Buffer.from('a') });
    assert.deepEqual(readExecMessage(Buffer.from([2, 0x62])), { kind: 'stderr', data: Buffer.from('b') });
    assert.equal(readExecMessage(Buffer.from([3, 0x7b])).kind, 'error');
    assert.deepEqual(readExecMessage(Buffer.from([255, 1])), { kind: 'closed', channel: 1 });
    assert.equal(readExecMessage(Buffer.alloc(0)).kind, 'ignored');
    assert.equal(readExecMessage(Buffer.from([9, 1])).kind, 'ignored');
  });

  it('reads the end of a command from its Status', () => {
    assert.deepEqual(execEndFromStatus('{"metadata":{},"status":"Success"}'), { kind: 'exited', code: 0 });
    const nonZero = { status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code', details: { causes: [{ reason: 'ExitCode', message: '42' }] } };
    assert.deepEqual(execEndFromStatus(JSON.stringify(nonZero)), { kind: 'exited', code: 42 });
    // kwok's local exec: the code only in the message of an InternalError.
    const kwok = { status: 'Failure', reason: 'InternalError', message: 'Internal error occurred: error executing command in container: cmd wait: sh -c exit 3: exit status 3' };
    assert.deepEqual(execEndFromStatus(JSON.stringify(kwok)), { kind: 'exited', code: 3 });
    const missing = { status: 'Failure', reason: 'InternalError', message: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown' };
    const end = execEndFromStatus(JSON.stringify(missing));
    assert.equal(end.kind, 'failed');
    assert.ok(end.kind === 'failed' && end.commandNotFound && end.message.includes('bash'));
    const stopped = execEndFromStatus(JSON.stringify({ status: 'Failure', reason: 'BadRequest', message: 'container web is not running' }));
    assert.deepEqual(stopped, { kind: 'failed', message: 'container web is not running', commandNotFound: false });
    assert.deepEqual(execEndFromStatus('not json at all'), { kind: 'failed', message: 'not json at all', commandNotFound: false });
  });
});

describe('the terminal filter', () => {
  it('keeps colours and cursor moves, drops titles, hyperlinks, clipboard writes and 8-bit controls', () => {
    const f = new TerminalOutputFilter();
    assert.equal(f.push('\x1b[31mred\x1b[0m \x1b[2J\x1b7ok\x1b8'), '\x1b[31mred\x1b[0m \x1b[2J\x1b7ok\x1b8');
    assert.equal(f.push('a\x1b]0;evil title\x07b'), 'ab');
    assert.equal(f.push('\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\'), 'click');
    assert.equal(f.push('\x1b]52;c;ZXZpbA==\x07x'), 'x');
    assert.equal(f.push('\x1bPq#0;2;0;0;0\x1b\\y'), 'y');
    assert.equal(f.push('\u009b31mz\u009d0;t\u009c'), '31mz');
  });

  it('holds a sequence split across chunks, and a UTF-8 character split across buffers', () => {
    const f = new TerminalOutputFilter();
    assert.equal(f.push('one\x1b'), 'one');
    assert.equal(f.push(']0;ti'), '');
    assert.equal(f.push('tle\x07two\x1b['), 'two\x1b[');
    assert.equal(f.push('1mB'), '1mB');
    const euro = Buffer.from('€');
    assert.equal(f.push(euro.subarray(0, 1)), '');
    assert.equal(f.push(euro.subarray(1)), '€');
  });

  it('gives up an unterminated string sequence instead of hiding everything after it', () => {
    const f = new TerminalOutputFilter();
    const out = f.push(`\x1b]0;${'x'.repeat(70_000)}visible`);
    assert.ok(out.endsWith('visible'), 'text after an endless title shows again');
  });
});

describe('command lines typed by hand', () => {
  it('splits words as a shell would, without expansion', () => {
    assert.deepEqual(splitCommandLine(' ls  -la /tmp '), { ok: true, value: ['ls', '-la', '/tmp'] });
    assert.deepEqual(splitCommandLine(`echo 'a b' "c \\"d\\"" e\\ f $HOME`), { ok: true, value: ['echo', 'a b', 'c "d"', 'e f', '$HOME'] });
    assert.equal(splitCommandLine('echo "open').ok, false);
    assert.equal(splitCommandLine('   ').ok, false);
  });
});

/** A stand-in exec endpoint: the test drives each stream through `streams`. */
async function execServer(t: import('node:test').TestContext, protocols: readonly string[], refuse?: (url: URL) => { status: number; body: unknown } | undefined) {
  const streams: FakeStream[] = [];
  const waiting: ((s: FakeStream) => void)[] = [];
  const server = await fakeWebSocketServer(t, {
    protocols,
    ...(refuse ? { refuse } : {}),
    onStream: (stream) => {
      const w = waiting.shift();
      if (w) w(stream);
      else streams.push(stream);
    },
  });
  const next = () => (streams.length > 0 ? Promise.resolve(streams.shift()!) : new Promise<FakeStream>((r) => waiting.push(r)));
  return { client: await fakeClient(t, server, 'shop'), next };
}

describe('exec through the transport', () => {
  it('negotiates v5, sends the command, stdin, resizes and the end of stdin, and reads output and the exit code', async (t) => {
    const { client, next } = await execServer(t, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    const out: string[] = [];
    const err: string[] = [];
    const streamP = next();
    const started = await startExec(client, { pod: 'web-1', container: 'main', command: ['sh', '-c', 'echo hi'], stdin: true, tty: true, size: { cols: 100, rows: 30 } }, {
      onStdout: (d) => out.push(d.toString()),
      onStderr: (d) => err.push(d.toString()),
    });
    assert.ok(started.ok, started.ok ? '' : started.error.message);
    const session = started.value;
    assert.equal(session.protocol, 'v5.channel.k8s.io');
    const stream = await streamP;
    assert.equal(stream.url.pathname, '/api/v1/namespaces/shop/pods/web-1/exec');
    assert.deepEqual(stream.url.searchParams.getAll('command'), ['sh', '-c', 'echo hi']);
    assert.equal(stream.url.searchParams.get('container'), 'main');
    assert.equal(stream.url.searchParams.get('tty'), 'true');
    assert.equal(stream.url.searchParams.get('stdin'), 'true');
    assert.equal(stream.url.searchParams.get('stderr'), null, 'a terminal merges stderr: it is not asked for');
    assert.equal(stream.headers.authorization, 'Bearer secret');

    session.write('ls\n');
    session.resize(80, 24);
    session.endInput();
    const [size, input, resize, close] = await stream.messages(4);
    assert.deepEqual(JSON.parse(size!.subarray(1).toString()), { Width: 100, Height: 30 });
    assert.deepEqual([...input!], [0, ...Buffer.from('ls\n')]);
    assert.equal(resize![0], 4);
    assert.deepEqual([...close!], [255, 0]);

    stream.send(Buffer.from([1, ...Buffer.from('out')]));
    stream.send(Buffer.from([2, ...Buffer.from('err')]));
    stream.send(Buffer.from([3, ...Buffer.from(JSON.stringify({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } }))]));
    stream.close();
    const ended = await session.ended;
    assert.deepEqual(ended, { ok: true, value: { kind: 'exited', code: 7 } });
    assert.equal(out.join(''), 'out');
    assert.equal(err.join(''), 'err');
  });

  it('falls back to v4, where stdin cannot be closed alone', async (t) => {
    const { client, next } = await execServer(t, ['v4.channel.k8s.io']);
    const streamP = next();
    const started = await startExec(client, { pod: 'web-1', command: ['cat'], stdin: true }, { onStdout: () => undefined, onStderr: () => undefined });
    assert.ok(started.ok, started.ok ? '' : started.error.message);
    assert.equal(started.value.protocol, 'v4.channel.k8s.io');
    const stream = await streamP;
    started.value.endInput();
    started.value.write('late');
    started.value.close();
    await stream.clientClosed;
    assert.equal(stream.received.length, 0, 'no close frame on v4, and nothing after the end of input');
    assert.deepEqual(await started.value.ended, { ok: true, value: { kind: 'closed' } });
  });

  it('a refused upgrade is the server\'s Status as a typed error', async (t) => {
    const { client } = await execServer(t, ['v5.channel.k8s.io'], () => ({
      status: 403,
      body: { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods "web-1" is forbidden: User "system:serviceaccount:shop:narrow" cannot create resource "pods/exec" in API group "" in the namespace "shop"' },
    }));
    const started = await startExec(client, { pod: 'web-1', command: ['sh'] }, { onStdout: () => undefined, onStderr: () => undefined });
    assert.ok(!started.ok);
    assert.equal(started.error.kind, 'forbidden');
    assert.match(started.error.message, /may not create pods\/exec "web-1" in namespace "shop"/);
    assert.match(started.error.message, /"create" pods\/exec/);
  });

  it('tries sh, then bash, when the container has no sh', async (t) => {
    const { client, next } = await execServer(t, ['v5.channel.k8s.io']);
    const commands: string[] = [];
    void (async () => {
      const first = await next();
      first.send(Buffer.from([3, ...Buffer.from(JSON.stringify({ status: 'Failure', reason: 'InternalError', message: 'exec: "sh": executable file not found in $PATH' }))]));
      first.close();
      const second = await next();
      second.send(Buffer.from([1, ...Buffer.from('bash$ ')]));
      second.send(Buffer.from([3, ...Buffer.from('{"status":"Success"}')]));
      second.close();
    })();
    const out: string[] = [];
    const ran = await runFirstCommand(client, { pod: 'web-1', tty: true, stdin: true }, [['sh'], ['bash']], { onStdout: (d) => out.push(d.toString()), onStderr: () => undefined }, (_s, command) => commands.push(command.join(' ')));
    assert.deepEqual(commands, ['sh', 'bash']);
    assert.deepEqual(ran, { ok: true, value: { kind: 'ran', command: ['bash'], end: { kind: 'exited', code: 0 } } });
    assert.equal(out.join(''), 'bash$ ');
  });
});
