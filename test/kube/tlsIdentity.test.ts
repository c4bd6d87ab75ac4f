import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameTlsIdentity, tlsIdentityOf } from '../../kube/tlsIdentity';

const pem = (body: string): Buffer => Buffer.from(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`);

test('credentials read again for each request (new buffers, the same bytes) are the same identity', () => {
  const first = tlsIdentityOf({ ca: pem('ca'), cert: pem('cert'), key: pem('key'), servername: 'cluster.local' });
  const again = tlsIdentityOf({ ca: pem('ca'), cert: pem('cert'), key: pem('key'), servername: 'cluster.local' });
  assert.equal(sameTlsIdentity(first, again), true);
  assert.equal(sameTlsIdentity(tlsIdentityOf({ ca: [pem('a'), 'b'] }), tlsIdentityOf({ ca: [pem('a'), 'b'] })), true);
  assert.equal(sameTlsIdentity(tlsIdentityOf({ pfx: [{ buf: pem('p'), passphrase: 'x' }] }), tlsIdentityOf({ pfx: [{ buf: pem('p'), passphrase: 'x' }] })), true);
  assert.equal(sameTlsIdentity(tlsIdentityOf({}), tlsIdentityOf({ agent: false, headers: { a: 'b' } })), true, 'only the TLS fields count');
});

test('a rotated certificate, another CA, key, passphrase, server name or verification is another identity', () => {
  const base = { ca: pem('ca'), cert: pem('cert'), key: pem('key'), passphrase: 'p', servername: 'cluster.local', rejectUnauthorized: true };
  const identity = tlsIdentityOf(base);
  for (const changed of [{ cert: pem('cert2') }, { ca: pem('ca2') }, { key: pem('key2') }, { passphrase: 'q' }, { servername: 'other' }, { rejectUnauthorized: false }, { ca: [pem('ca')] }, { cert: 'cert' }, { key: undefined }]) {
    assert.equal(sameTlsIdentity(identity, tlsIdentityOf({ ...base, ...changed })), false, JSON.stringify(Object.keys(changed)));
  }
  assert.equal(sameTlsIdentity(tlsIdentityOf({ pfx: [{ buf: pem('p'), passphrase: 'x' }] }), tlsIdentityOf({ pfx: [{ buf: pem('p'), passphrase: 'y' }] })), false);
});
