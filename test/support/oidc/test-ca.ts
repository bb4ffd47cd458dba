import { generate } from 'selfsigned';

/** A CA made for one test run, and a server certificate it signed for this machine's loopback names. */
export interface TestTls {
  /** The CA certificate (PEM): what a client is told to trust. */
  readonly caPem: string;
  /** The server's certificate (PEM) and private key (PEM), for `https.createServer`. */
  readonly cert: string;
  readonly key: string;
}

/**
 * A throwaway CA and a `localhost` / `127.0.0.1` server certificate signed by
 * it, valid for a day. Nothing is written to disk or to a trust store: the
 * client under test is handed `caPem` explicitly, so a test proves that the
 * app trusts exactly what it is told to, and nothing else.
 */
export async function makeTestTls(): Promise<TestTls> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'Workbench test CA (throwaway)' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, cert: server.cert, key: server.private };
}
