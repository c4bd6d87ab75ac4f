// `npm run bench -- explorer`: the Clusters view against a big cluster, in the real workbench.
// fleet.js fills the bench's own control plane (never the shared .cache/cluster) with 30,000 kwok
// pods in 3,000 namespaces on 300 nodes; code-server runs Berth from dist/ with KUBECONFIG set to
// that cluster and bridge.js as its extensionTestsPath; headless Chromium then expands the tree
// as a user would (context → Namespaces → a namespace → Pods; All pods and "Load more…" twice when
// the tree has that folder) and times each click until its first row shows. The extension host's
// RSS and event-loop delay come from `berth.testing.hostStats`, reset before the first click and
// sampled every second. Results: test-results/bench-explorer.md; the fleet is deleted at the end.
//   BENCH_EXPLORER_PODS=30000 BENCH_EXPLORER_NAMESPACES=3000 BENCH_EXPLORER_NODES=300
//   BENCH_KEEP=1 (keep the fleet; a later run deletes it first)  BENCH_EXPLORER_FLEET=keep (reuse
//   the fleet a BENCH_KEEP run left, skip creating it)  BENCH_CPU_PROF=<dir> (the extension host's
//   CPU profile over the driving, <dir>/explorer-host.cpuprofile)  BENCH_EXPLORER_NICE=0 (leave the
//   bench cluster's CPU priority alone while driving; see lowerClusterPriority)  BENCH_KEEP_WORK=1
//   (keep the run's folder: code-server's and the extension host's logs)
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, setPriority, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ensureTools } from '../../scripts/tools/install.mjs';
import { npmTools } from '../../scripts/tools/versions.mjs';
import { repoRoot } from '../../scripts/tools/paths.mjs';
import { autogroupOf, setAutogroupNice } from '../../scripts/tools/autogroup.mjs';
import { freePort, launchChromium, remoteUri, startCodeServer, workbenchUrl } from '../../scripts/tools/workbench.mjs';

const targets = { firstPodsMs: 1500, rssMb: 400, loopMaxMs: 100 };
const stepTimeoutMs = 120_000;
const keep = process.env.BENCH_KEEP === '1';
const reuseFleet = process.env.BENCH_EXPLORER_FLEET === 'keep';
const profileDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
const fleetScript = join(repoRoot, 'dist/bench/explorer/fleet.js');
const started = Date.now();
const say = (message) => console.log(`[bench-explorer ${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

/** Runs fleet.js; resolves with its FLEET line's value. Its other lines go to the console. */
function fleet(action, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', fleetScript, action], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString('utf8');
      const lines = out.split('\n');
      out = lines.pop();
      for (const line of lines) if (line.startsWith('FLEET ')) child.result = JSON.parse(line.slice(6));
      else if (line.trim()) console.log(line);
    });
    child.on('exit', (code) => (code === 0 && child.result ? resolvePromise(child.result) : reject(new Error(`fleet.js ${action} exited ${code}`))));
    child.on('error', reject);
  });
}

/**
 * The bench's control plane stands in for a cluster on other machines, but here it shares the
 * two cores with the workbench: for every metrics-server scrape (each 15 s) kwok computes the usage
 * of 30,000 pods, a core or more for seconds, and the extension host's timers fire late for want of
 * a core, not for its own work. While the view is driven every thread of the cluster's processes
 * runs at the lowest CPU priority (19), so the cluster takes what the workbench leaves; the
 * returned function restores each thread's priority. The pids are kwokctl's (<cluster>/pids).
 * Each of those processes leads a session of its own, and with sched autogroup a session gets as
 * much CPU as the workbench's whatever its threads' niceness (tools/autogroup.mjs): so their
 * autogroups are lowered to 19 too.
 */
function lowerClusterPriority(clusterDir) {
  const threads = [];
  const groups = new Map();
  const own = autogroupOf('self')?.group;
  const clusters = join(clusterDir, 'kwok/clusters');
  for (const cluster of existsSync(clusters) ? readdirSync(clusters) : []) {
    const pids = join(clusters, cluster, 'pids');
    for (const file of existsSync(pids) ? readdirSync(pids) : []) {
      const pid = Number(readFileSync(join(pids, file), 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0 || !existsSync(`/proc/${pid}/task`)) continue;
      lowerAutogroup(pid, groups, own);
      for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
        try {
          const before = getPriority(tid);
          setPriority(tid, 19);
          threads.push([tid, before]);
        } catch {
          // The thread ended meanwhile.
        }
      }
    }
  }
  return {
    threads: threads.length,
    autogroups: groups.size,
    restore: () => {
      for (const [tid, before] of threads) {
        try {
          setPriority(tid, before);
        } catch {
          // Ended meanwhile.
        }
      }
      for (const { pid, nice } of groups.values()) setAutogroupNice(pid, nice);
    },
  };
}

/**
 * Lowers `pid`'s autogroup to nice 19 once, remembering its nice in `groups` (by group name); never
 * the bench's own session (`own`), which the workbench may share.
 */
function lowerAutogroup(pid, groups, own) {
  const found = autogroupOf(pid);
  if (!found || groups.has(found.group) || found.group === own) return;
  if (setAutogroupNice(pid, 19)) groups.set(found.group, { pid, nice: found.nice });
}

/** The bridge inside the extension host (bridge.ts). */
function bridge(port) {
  const call = async (method, path, value) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, ...(value !== undefined ? { body: JSON.stringify(value), headers: { 'content-type': 'application/json' } } : {}) });
    const answer = await response.json();
    if (!response.ok) throw new Error(`bridge ${path}: ${answer.error}`);
    return answer;
  };
  return {
    async ready(deadline) {
      for (;;) {
        try {
          return await call('GET', '/ready');
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`the bench bridge in the extension host did not answer: ${error.message}`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
    stats: async (reset = false) => (await call('POST', '/command', { id: 'berth.testing.hostStats', args: reset ? [{ reset: true }] : [] })).result,
    profileStart: () => call('POST', '/profile/start'),
    profileStop: (file) => call('POST', '/profile/stop', { file }),
    done: () => call('POST', '/done'),
  };
}

/**
 * Milliseconds from clicking "Load more…" until the tree's new last row shows: "Load more…" with a
 * smaller count, or, after the last page, no "Load more…" at all. The tree draws only the rows in
 * view and stays scrolled where it was, so End is pressed until it does (every 50 ms at most: the
 * time is that much coarser).
 */
async function nextPage(page, more, row, before) {
  const t = Date.now();
  await more.click();
  while (Date.now() - t < stepTimeoutMs) {
    await page.keyboard.press('End');
    const last = row(/^Load more…/);
    if ((await last.count()) === 0) return Date.now() - t;
    const text = await last.textContent({ timeout: 50 }).catch(() => '');
    if (text && !text.includes(before)) return Date.now() - t;
  }
  throw new Error(`"Load more…" (${before}) showed no next page within ${stepTimeoutMs / 1000} s`);
}

/** Drives the Clusters view; returns the figures, by name. */
async function drive(page, host, namespace, figures, notes, steps) {
  await page.locator('.activitybar .action-item a[aria-label^="Berth"]').click({ timeout: stepTimeoutMs });
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Clusters' }) });
  const row = (text) => view.locator('.monaco-list-row', { hasText: text }).first();
  const context = row(/^kwok-local/);
  await context.waitFor({ timeout: stepTimeoutMs });
  // The Platform view shares the side bar: collapsed, the Clusters view shows more rows.
  const platformHeader = page.locator('.pane-header', { hasText: 'Platform' }).first();
  if ((await platformHeader.getAttribute('aria-expanded').catch(() => null)) === 'true') await platformHeader.click();

  // The profiler's start blocks the host for a moment: before the reset, so it is not counted.
  if (profileDir) await host.profileStart();
  await host.stats(true);
  const timed = async (name, action, shown) => {
    const start = Date.now();
    await action();
    await shown.waitFor({ state: 'visible', timeout: stepTimeoutMs });
    steps.push({ name, start, end: Date.now() });
    return Date.now() - start;
  };
  figures.contextMs = await timed('expand the context', () => context.click(), row(/^Namespaces/));
  figures.namespacesMs = await timed('expand Namespaces', () => row(/^Namespaces/).click(), row(new RegExp(`^${namespace}`)));
  // End focuses the tree's last row: the Namespaces folder's "Load more…" when it pages.
  await page.keyboard.press('End');
  const namespacesMore = row(/^Load more…/);
  figures.namespacesPaged = (await namespacesMore.waitFor({ timeout: 10_000 }).then(() => true, () => false)) ? (await namespacesMore.textContent()).replace('Load more…', '').trim() : 'no';
  await page.keyboard.press('Home');
  figures.namespaceMs = await timed('expand a namespace', () => row(new RegExp(`^${namespace}`)).click(), row(/^Pods/));
  figures.podsMs = await timed('expand its Pods', () => row(/^Pods/).click(), row(/^web-0-000/));
  figures.namespaceToPodsMs = figures.namespaceMs + figures.podsMs;
  // Closed again so that the tree's last rows are the All pods folder's.
  await row(/^Namespaces/).click();
  await row(new RegExp(`^${namespace}`)).waitFor({ state: 'detached', timeout: stepTimeoutMs });

  const allPods = row(/^All pods/);
  if (await allPods.isVisible()) {
    figures.allPodsMs = await timed('expand All pods', () => allPods.click(), view.locator('.monaco-list-row[aria-level="3"]', { hasText: /^web-/ }).first());
    figures.allPodsMore = [];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('End');
      const more = row(/^Load more…/);
      if (!(await more.waitFor({ timeout: 10_000 }).then(() => true, () => false))) break;
      const before = (await more.textContent()).replace('Load more…', '').trim();
      const start = Date.now();
      figures.allPodsMore.push(await nextPage(page, more, row, before));
      steps.push({ name: `All pods "Load more…" #${i + 1}`, start, end: Date.now() });
    }
    const rest = await row(/^Load more…/).textContent({ timeout: 1000 }).catch(() => undefined);
    notes.push(rest ? `All pods after ${figures.allPodsMore.length} "Load more…": ${rest.replace('Load more…', '').trim()}` : `All pods: every pod shown after ${figures.allPodsMore.length} "Load more…" (the fleet fits in fewer pages)`);
  } else {
    notes.push('The tree has no All pods folder under the context: not measured.');
  }
  // A few seconds idle: watch events that arrive after the clicks count too.
  await new Promise((r) => setTimeout(r, 5000));
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    await host.profileStop(join(profileDir, 'explorer-host.cpuprofile'));
    notes.push(`CPU profile of the extension host: ${join(profileDir, 'explorer-host.cpuprofile')}`);
  }
}

async function main() {
  const loadBefore = load();
  say(`${cpus().length} CPUs; load average ${loadBefore}`);
  const info = await fleet(reuseFleet ? 'describe' : 'create');
  say(`fleet: ${info.pods} pods in ${info.namespaces.length} namespaces on ${info.nodes} nodes${info.runningMs ? `, Running after ${(info.runningMs / 1000).toFixed(0)} s` : ''}`);
  const namespace = [...info.namespaces].sort()[0];
  const work = mkdtempSync(join(tmpdir(), 'berth-explorer-'));
  const figures = {};
  const notes = [];
  const samples = [];
  /** The driving's steps, { name, start, end } in epoch ms: where each stall of the host fell. */
  const steps = [];
  let browser;
  let server;
  let code;
  try {
    const tools = await ensureTools({ quiet: true });
    await esbuild.build({ entryPoints: { bridge: join(repoRoot, 'bench/explorer/bridge.ts') }, outdir: join(work, 'bridge'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], logLevel: 'warning' });
    const folder = join(work, 'folder');
    mkdirSync(folder);
    const port = await freePort();
    const bridgePort = await freePort();
    server = await startCodeServer(tools, { dir: join(work, 'code-server'), port, env: { ...process.env, KUBECONFIG: info.kubeconfig, BERTH_BENCH_BRIDGE_PORT: String(bridgePort) }, quiet: true });
    browser = await launchChromium(tools);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    let settle;
    const exited = new Promise((r) => { settle = r; });
    await page.exposeFunction('codeAutomationLog', () => undefined);
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    await page.goto(workbenchUrl(server.url, folder, [
      ['extensionDevelopmentPath', remoteUri(port, repoRoot)],
      ['extensionTestsPath', remoteUri(port, join(work, 'bridge/bridge.js'))],
    ]));
    const host = bridge(bridgePort);
    await host.ready(Date.now() + stepTimeoutMs);
    say('workbench up, Berth active; driving the Clusters view');
    const sampler = setInterval(() => void host.stats().then((s) => samples.push(s), () => undefined), 1000);
    const lowered = process.env.BENCH_EXPLORER_NICE === '0' ? undefined : lowerClusterPriority(dirname(info.kubeconfig));
    notes.push(lowered
      ? `The bench cluster's processes (${lowered.threads} threads, ${lowered.autogroups} session autogroups) ran at CPU priority 19 while the view was driven: it stands in for a cluster on other machines (BENCH_EXPLORER_NICE=0 leaves it at its priority).`
      : 'The bench cluster ran at its own CPU priority while the view was driven (BENCH_EXPLORER_NICE=0).');
    try {
      await drive(page, host, namespace, figures, notes, steps);
    } catch (error) {
      await page.screenshot({ path: join(repoRoot, 'test-results/bench-explorer-failed.png') }).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(sampler);
      lowered?.restore();
    }
    const last = await host.stats();
    samples.push(last);
    figures.rssMb = Math.max(...samples.map((s) => s.rssBytes)) / 1024 / 1024;
    figures.heapMb = Math.max(...samples.map((s) => s.heapUsedBytes)) / 1024 / 1024;
    figures.loopMaxMs = last.eventLoopDelayMaxMs;
    figures.loopP99Ms = last.eventLoopDelayP99Ms;
    figures.sinceMs = last.sinceMs;
    notes.push(...stallNotes(last.longestStalls ?? [], steps));
    await page.screenshot({ path: join(repoRoot, 'test-results/bench-explorer.png') }).catch(() => undefined);
    await host.done();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    await browser.close();
    browser = undefined;
    await server.stop();
    server = undefined;
    // Reported before the cleanup, which takes minutes for 3,000 namespaces.
    code = report(info, figures, notes, loadBefore);
  } finally {
    await browser?.close();
    await server?.stop();
    if (process.env.BENCH_KEEP_WORK === '1') say(`the run's folder (logs) is kept: ${work}`);
    else rmSync(work, { recursive: true, force: true });
    if (!keep) {
      const cleaned = await fleet('clean').catch((error) => ({ error: error.message }));
      say(cleaned.error ? `cleanup failed: ${cleaned.error}` : `cleanup: deleted ${cleaned.deleted} bench namespaces and the bench nodes`);
    }
  }
  return code;
}

/**
 * The host's longest stalls, each placed among the driving's steps, with the CPU the host used in
 * it: a stall the host spent mostly without CPU waited for a core (the fleet's control plane,
 * code-server and Chromium share this machine's), not on the host's own work.
 */
function stallNotes(stalls, steps) {
  if (stalls.length === 0) return ['No stall of the extension host over 50 ms.'];
  const during = (stall) => {
    const begin = stall.atEpochMs - stall.ms;
    const step = steps.find((s) => begin < s.end && stall.atEpochMs > s.start);
    return step ? `during "${step.name}"` : 'between steps (the idle wait, scrolling)';
  };
  const lines = stalls.map((s) => `${s.ms} ms ${during(s)}; host CPU ${s.hostCpuMs} ms in it (${Math.round((100 * s.hostCpuMs) / s.ms)}%)`);
  return [`Longest stalls of the extension host (late ticks of a 10 ms timer, with the host's own CPU time in each):\n  - ${lines.join('\n  - ')}`];
}

function report(info, f, notes, loadBefore) {
  const mark = (ok) => (ok ? '✅' : '❌');
  const ms = (v) => (v === undefined ? '—' : `${Math.round(v)} ms`);
  const rows = [
    ['expand the context → Namespaces row', ms(f.contextMs), '', ''],
    [`expand Namespaces (the fleet's ${info.namespaces.length} and the cluster's own) → first namespace row`, ms(f.namespacesMs), '', ''],
    ['Namespaces folder pages ("Load more…" row)', f.namespacesPaged === 'no' ? 'no' : `yes: ${f.namespacesPaged}`, 'pages', mark(f.namespacesPaged !== 'no')],
    ['expand a namespace → its folders', ms(f.namespaceMs), '', ''],
    ['expand its Pods → first pod row', ms(f.podsMs), `≤ ${targets.firstPodsMs} ms`, mark(f.podsMs <= targets.firstPodsMs)],
    ['namespace click → first pod row (both expands)', ms(f.namespaceToPodsMs), '', ''],
    ['expand All pods → first pod row', ms(f.allPodsMs), 'pages', f.allPodsMs === undefined ? '❌ (no folder)' : '✅'],
    ...(f.allPodsMore ?? []).map((v, i) => [`All pods "Load more…" #${i + 1} → next page shown`, ms(v), '', '']),
    ['extension host RSS (max of 1 s samples)', `${f.rssMb?.toFixed(0)} MB`, `≤ ${targets.rssMb} MB`, mark(f.rssMb <= targets.rssMb)],
    ['extension host heap used (max)', `${f.heapMb?.toFixed(0)} MB`, '', ''],
    [`event-loop delay max (over ${((f.sinceMs ?? 0) / 1000).toFixed(0)} s of driving)`, ms(f.loopMaxMs), `≤ ${targets.loopMaxMs} ms`, mark(f.loopMaxMs <= targets.loopMaxMs)],
    ['event-loop delay p99', ms(f.loopP99Ms), '', ''],
  ];
  const loadAfter = load();
  const text = [
    `# Clusters view on a big cluster — ${new Date().toISOString()}`,
    '',
    `code-server ${npmTools['code-server']} in headless Chromium, Berth from dist/ (${process.env.BENCH_DIST_NOTE ?? 'built from the tree'}). Cluster: the bench's own control plane (${info.server}), ${info.pods} kwok pods in ${info.namespaces.length} namespaces on ${info.nodes} nodes.`,
    `Load average (1/5/15 min): ${loadBefore} before, ${loadAfter} after; ${cpus().length} CPUs${Number(loadAfter.split(' / ')[0]) > cpus().length ? ' — **taken under load** (the machine is shared)' : ''}.`,
    `Times: from the click until the row is visible in the browser (Playwright). Memory and event-loop delay: \`berth.testing.hostStats\` (process.memoryUsage, perf_hooks.monitorEventLoopDelay at 10 ms resolution) in the extension host, reset before the first click.`,
    '',
    '| figure | value | target | |',
    '| --- | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(notes.length ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  console.log(`\n${text}`);
  writeFileSync(join(repoRoot, 'test-results/bench-explorer.md'), `${text}\n`);
  const met = f.podsMs <= targets.firstPodsMs && f.rssMb <= targets.rssMb && f.loopMaxMs <= targets.loopMaxMs && f.allPodsMs !== undefined && f.namespacesPaged !== 'no';
  return met ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(`[bench] explorer: ${error.stack ?? error}`);
    process.exitCode = 1;
  },
);
