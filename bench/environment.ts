/**
 * The environment of the processes the benchmark times. Node 20 reads the certificates `NODE_EXTRA_CA_CERTS` names,
 * and its own bundled ones, at every start, before any script runs (nodejs/node#40524; Node 22 reads them when a TLS
 * connection first needs them): a machine that sets it for a proxy pays that in every process (here, a bundle of 144
 * certificates: `node -e 0` ~0.09 s against ~0.035 s without). A check makes no TLS connection, so the rows are timed
 * without the variable, as on a machine that does not set it, and the bench times the CLI rows the targets are judged
 * on with it too, when it is set, so that a reader sees both.
 */

export const CA_CERTS = 'NODE_EXTRA_CA_CERTS';

/** The certificates file this machine names, when it names one. */
export function caCertsFile(): string | undefined {
  return process.env[CA_CERTS] || undefined;
}

/** The environment of a timed child: the bench's own, with `extra`, without NODE_EXTRA_CA_CERTS unless `withCaCerts`. */
export function childEnvironment(extra: Record<string, string>, withCaCerts = false): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!withCaCerts) delete env[CA_CERTS];
  return env;
}
