/**
 * A fake of Microsoft's side of Bot Framework authentication, on localhost, so Hearth's Teams
 * endpoint can be tested with authentication on, through botbuilder's own validation:
 *
 * - the Bot Connector's OpenID metadata and signing keys (JWKS, endorsed for `msteams`), and
 *   tokens signed with a locally generated RSA key, as Teams sends them to the bot;
 * - the Entra ID login endpoint the bot gets its own tokens from (MSAL's instance discovery,
 *   OpenID configuration and client-credentials token endpoint), which counts what it issues.
 *
 * MSAL only talks HTTPS to a login host and first asks login.microsoftonline.com about it, so
 * `route()` points those host names at this server for the test process (the test's own DNS);
 * every other host is reached as usual.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import https from 'node:https';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** An RSA signing key as the Bot Connector publishes it. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function createSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', use: 'sig', kid, n, e, endorsements: ['msteams'] } };
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** A compact JWS (RS256 unless the header says otherwise), signed with `key`. */
export function mintToken(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }));
  const body = base64url(JSON.stringify(claims));
  if (header.alg === 'none') return `${head}.${body}.`;
  return `${head}.${body}.${base64url(sign('sha256', Buffer.from(`${head}.${body}`), key.privateKey))}`;
}

export interface FakeEntraOptions {
  appId: string;
  appPassword: string;
  /** The keys published in the JWKS. */
  keys: SigningKey[];
}

export interface FakeEntra {
  /** `ToBotFromChannelOpenIdMetadataUrl` (and the Emulator's) for Hearth. */
  openIdMetadataUrl: string;
  /** `ToChannelFromBotLoginUrl` for Hearth: a host name only `route()` resolves. */
  loginUrl: string;
  /** Access tokens issued to the bot by the login endpoint, in order. */
  issued: string[];
  /** Token requests refused (wrong client id, secret or scope). */
  refused: number;
  /** Sends this process's HTTPS requests for the fake login hosts here; returns the undo. */
  route(): () => void;
  close(): Promise<void>;
}

const loginHost = 'login.fake-entra.test';
const tenant = 'botframework.com';

async function bodyOf(req: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeEntra(options: FakeEntraOptions): Promise<FakeEntra> {
  const issued: string[] = [];
  let refused = 0;
  const login = `https://${loginHost}/${tenant}`;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await bodyOf(req);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /v1/.well-known/openidconfiguration':
        return json(200, { issuer: 'https://api.botframework.com', jwks_uri: `${self}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      case 'GET /v1/.well-known/keys':
        return json(200, { keys: options.keys.map((k) => k.jwk) });
      // MSAL asks login.microsoftonline.com whether the login host is a known cloud first.
      case 'GET /common/discovery/instance':
        return json(200, { tenant_discovery_endpoint: `${login}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [] });
      case `GET /${tenant}/v2.0/.well-known/openid-configuration`:
        return json(200, {
          issuer: `https://${loginHost}/${tenant}/v2.0`,
          authorization_endpoint: `${login}/oauth2/v2.0/authorize`,
          token_endpoint: `${login}/oauth2/v2.0/token`,
          jwks_uri: `${login}/discovery/v2.0/keys`,
          end_session_endpoint: `${login}/oauth2/v2.0/logout`,
        });
      case `POST /${tenant}/oauth2/v2.0/token`: {
        const form = new URLSearchParams(raw);
        const ok = form.get('grant_type') === 'client_credentials' && form.get('client_id') === options.appId &&
          form.get('client_secret') === options.appPassword && form.get('scope') === 'https://api.botframework.com/.default';
        if (!ok) {
          refused += 1;
          return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        }
        const token = `fake-entra-${randomBytes(12).toString('hex')}`;
        issued.push(token);
        return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      }
      default:
        return json(404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const routed = new Set([loginHost, 'login.microsoftonline.com']);

  /** HTTPS to a routed host becomes plain HTTP to this server; anything else goes out as usual. */
  class RoutingAgent extends https.Agent {
    override createConnection(opts: { host?: string; servername?: string }, callback?: (err: Error | null, socket: Socket) => void): Socket {
      if (routed.has(opts.servername ?? opts.host ?? '')) return connect(port, '127.0.0.1');
      return (https.Agent.prototype as unknown as { createConnection: (o: unknown, c?: unknown) => Socket }).createConnection.call(this, opts, callback);
    }
  }

  return {
    openIdMetadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    loginUrl: login,
    issued,
    get refused() {
      return refused;
    },
    route() {
      const original = https.globalAgent;
      https.globalAgent = new RoutingAgent({ keepAlive: false });
      return () => {
        https.globalAgent = original;
      };
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
