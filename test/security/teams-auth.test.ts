/**
 * Teams with authentication on, as in production: botbuilder's real JWT validation checks every
 * activity against a fake Bot Connector's OpenID metadata and signing keys, and Hearth gets its
 * own tokens for replies from a fake Entra ID login endpoint. A forged, stale or misdirected token
 * is refused with 401 and nothing is handled: no call to the connector, not one row written.
 * (HEARTH_TEAMS_NO_AUTH with NODE_ENV=production is refused at configuration: test/unit/config.test.ts.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/db.ts';
import { createSigningKey, mintToken, startFakeEntra, type FakeEntra, type SigningKey } from '../support/fake-entra.ts';
import { cardText, startFakeTeams, type FakeTeams } from '../support/fake-teams.ts';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { rowCounts } from '../support/rows.ts';
import { waitFor } from '../support/wait.ts';

const appPassword = 'fake-client-secret-for-tests';
const ana = { id: '29:1AnaFake', name: 'Ana Souza', aadObjectId: '00000000-0000-0000-0000-0000000000a1', email: 'ana.souza@example.com' };
const conversation = `a:personal-${ana.aadObjectId}`;
const key = createSigningKey('connector-key-1');
/** Same key id, another private key: what a forger without the Bot Connector's key can make. */
const impostor = createSigningKey('connector-key-1');
const unpublished = createSigningKey('connector-key-unpublished');

describeEachDatabase('Teams authentication in production (botbuilder JWT validation)', (provider) => {
  // botframework-connector caches app tokens process-wide by app id: one app per suite, so each
  // suite's Hearth has to ask its own fake login endpoint.
  const appId = provider === 'sqlite' ? '6f1c2a4e-0b7d-4e55-9a3c-2d8e5f7a9b10' : '6f1c2a4e-0b7d-4e55-9a3c-2d8e5f7a9b11';
  let entra: FakeEntra;
  let unroute: () => void;
  let fake: FakeTeams;
  let connector: RecordingProxy;
  let database: TestDatabase;
  let hearth: RunningHearth;
  let seq = 0;

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: 'https://api.botframework.com', aud: appId, serviceurl: connector.url, nbf: now() - 60, exp: now() + 3600, ...extra,
  });
  const activity = (text: string, extra: Record<string, unknown> = {}) => ({
    type: 'message', id: `auth${++seq}`, timestamp: new Date().toISOString(), serviceUrl: connector.url, channelId: 'msteams', text,
    from: { id: ana.id, name: ana.name, aadObjectId: ana.aadObjectId }, recipient: { id: `28:${appId}`, name: 'Hearth' },
    conversation: { conversationType: 'personal', tenantId: 'tenant-fake', id: conversation }, channelData: { tenant: { id: 'tenant-fake' } },
    ...extra,
  });
  const post = (body: unknown, authorization?: string) =>
    fetch(`${hearth.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  const bearer = (signingKey: SigningKey, extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => `Bearer ${mintToken(signingKey, claims(extra), header)}`;

  beforeAll(async () => {
    entra = await startFakeEntra({ appId, appPassword, keys: [key] });
    unroute = entra.route();
    fake = await startFakeTeams([ana]);
    connector = await startRecordingProxy(fake.serviceUrl);
    database = await createTestDatabase(provider);
    const config = loadConfig({
      DATABASE_URL: database.url, NODE_ENV: 'production', MicrosoftAppId: appId, MicrosoftAppPassword: appPassword,
      ToBotFromChannelOpenIdMetadataUrl: entra.openIdMetadataUrl, ToBotFromEmulatorOpenIdMetadataUrl: entra.openIdMetadataUrl, ToChannelFromBotLoginUrl: entra.loginUrl,
    });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
  });
  afterAll(async () => {
    await hearth?.stop();
    await database?.drop();
    await connector?.close();
    await fake?.close();
    unroute?.();
    await entra?.close();
  });

  it('handles an activity with a valid Bot Connector token, and replies with a token from the login endpoint', async () => {
    const before = fake.sent.length;
    const res = await post(activity('hearth whoami'), bearer(key));
    expect(res.status).toBe(200);
    const reply = await waitFor(() => fake.sent.slice(before).find((s) => s.conversationId === conversation), 10_000, 'the reply');
    expect(cardText(reply)).toBe('You are *Ana Souza* (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.');
    // The member lookup and the reply both went to the connector with a token Entra issued for the app.
    expect(connector.requests.map((r) => r.method)).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(entra.issued.length).toBeGreaterThanOrEqual(1);
    for (const request of connector.requests) expect(entra.issued.map((t) => `Bearer ${t}`)).toContain(request.authorization);
    expect(entra.refused).toBe(0);
  });

  const forgeries: Array<[string, () => { body: unknown; authorization?: string }]> = [
    ['no Authorization header', () => ({ body: activity('hearth whoami') })],
    ['a scheme other than Bearer', () => ({ body: activity('hearth whoami'), authorization: `Basic ${Buffer.from(`${appId}:${appPassword}`).toString('base64')}` })],
    ['an expired token (beyond the 5 minutes of clock skew allowed)', () => ({ body: activity('hearth whoami'), authorization: bearer(key, { nbf: now() - 7200, exp: now() - 600 }) })],
    ['a token not valid yet', () => ({ body: activity('hearth whoami'), authorization: bearer(key, { nbf: now() + 600 }) })],
    ['a token for another bot (audience)', () => ({ body: activity('hearth whoami'), authorization: bearer(key, { aud: '00000000-1111-2222-3333-444444444444' }) })],
    ['a token from another issuer', () => ({ body: activity('hearth whoami'), authorization: bearer(key, { iss: 'https://login.attacker.example' }) })],
    ['a token signed with another key under the published key id', () => ({ body: activity('hearth whoami'), authorization: bearer(impostor) })],
    ['a token signed with a key the metadata does not publish', () => ({ body: activity('hearth whoami'), authorization: bearer(unpublished) })],
    ['an unsigned token (alg: none)', () => ({ body: activity('hearth whoami'), authorization: bearer(key, {}, { alg: 'none' }) })],
    ['a token for another service URL than the activity’s', () => ({ body: activity('hearth whoami'), authorization: bearer(key, { serviceurl: 'https://smba.attacker.example/amer/' }) })],
    ['a channel the signing key is not endorsed for', () => ({ body: activity('hearth whoami', { channelId: 'webchat' }), authorization: bearer(key) })],
  ];

  for (const [name, forge] of forgeries) {
    it(`refuses ${name} with 401 and handles nothing`, async () => {
      const rows = await rowCounts(hearth.db.client);
      const calls = connector.requests.length;
      const { body, authorization } = forge();
      const res = await post(body, authorization);
      expect(res.status).toBe(401);
      expect(connector.requests.length).toBe(calls);
      expect(await rowCounts(hearth.db.client)).toEqual(rows);
    });
  }

  it('sent nothing for the refused activities: the connector got the one valid reply and the one after', async () => {
    const before = fake.sent.length;
    expect((await post(activity('hearth teams'), bearer(key))).status).toBe(200);
    await waitFor(() => fake.sent.slice(before).find((s) => s.conversationId === conversation), 10_000, 'the second reply');
    expect(fake.sent.map(cardText).filter((t) => t.startsWith('You are'))).toHaveLength(1);
    expect(fake.sent).toHaveLength(2);
  });
});
