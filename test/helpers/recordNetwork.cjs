// Preloaded into a process under test (`node --require` or NODE_OPTIONS): records every attempt
// to reach the network, or to start a program that could, and refuses it. Each attempt is one
// JSON line in the file named by BERTH_NETWORK_LOG. Connections to a local pipe or Unix socket
// (IPC) are let through; stdio never goes through these functions.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const http = require('node:http');
const https = require('node:https');
const dns = require('node:dns');
const dgram = require('node:dgram');
const childProcess = require('node:child_process');

const logFile = process.env.BERTH_NETWORK_LOG;
if (!logFile) throw new Error('recordNetwork.cjs needs BERTH_NETWORK_LOG');

function record(kind, target) {
  const stack = (new Error().stack ?? '').split('\n').slice(3, 9).map((l) => l.trim());
  fs.appendFileSync(logFile, `${JSON.stringify({ kind, target: String(target), pid: process.pid, stack })}\n`);
}

// The first line says the preload is active in this process, so a silent run cannot pass as a clean one.
fs.appendFileSync(logFile, `${JSON.stringify({ kind: 'preload', target: process.argv.slice(1).join(' '), pid: process.pid, stack: [] })}\n`);

function refused(what) {
  const error = new Error(`network access refused by recordNetwork.cjs: ${what}`);
  error.code = 'ECONNREFUSED';
  return error;
}

// Every TCP and TLS connection (http, https, tls, undici's fetch, net) ends in Socket#connect.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const pipe = typeof first === 'string' && !/^\d+$/.test(first) ? first : first && typeof first === 'object' && typeof first.path === 'string' ? first.path : undefined;
  if (pipe !== undefined) return connect.apply(this, args);
  const target = first && typeof first === 'object' ? `${first.host ?? 'localhost'}:${first.port}` : `${args[1] ?? 'localhost'}:${first}`;
  record('connect', target);
  process.nextTick(() => this.destroy(refused(target)));
  return this;
};

for (const [name, mod] of [['http', http], ['https', https]]) {
  for (const fn of ['request', 'get']) {
    const original = mod[fn];
    mod[fn] = function (...args) {
      const url = args[0] instanceof URL || typeof args[0] === 'string' ? String(args[0]) : `${args[0]?.protocol ?? `${name}:`}//${args[0]?.host ?? args[0]?.hostname}${args[0]?.path ?? ''}`;
      record(name, url);
      return original.apply(this, args);
    };
  }
}

if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = async function (input) {
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input?.url;
    record('fetch', url);
    throw refused(url);
  };
}

for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  const original = dns[fn];
  dns[fn] = function (hostname, ...rest) {
    record('dns', hostname);
    return original.call(this, hostname, ...rest);
  };
}
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = function (hostname, ...rest) {
  record('dns', hostname);
  return lookupPromise.call(this, hostname, ...rest);
};

const createSocket = dgram.createSocket;
dgram.createSocket = function (...args) {
  record('udp', typeof args[0] === 'string' ? args[0] : args[0]?.type);
  return createSocket.apply(this, args);
};

for (const fn of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = childProcess[fn];
  childProcess[fn] = function (command, ...rest) {
    record('process', `${fn} ${command}`);
    return original.call(this, command, ...rest);
  };
}
