import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedSilentSession } from './database';
import { expect, test } from './fixtures';

// Alerts end to end: a webhook channel and a stale rule made in the dashboard, a bot whose
// heartbeats stopped, the bell lighting up live, the receiver getting the signed JSON, and an
// acknowledgement from the bell.

interface Received {
  headers: IncomingMessage['headers'];
  body: { episode: string; kind: string; rule: { name: string }; sessions: { id: string; name: string; status: string }[] };
}

function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as Received['body'] });
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received })),
  );
}

test('a rule and a webhook made in the dashboard: a silent bot lights the bell, reaches the receiver, and is acknowledged', async ({ page, shoot }) => {
  const receiver = await startReceiver();
  try {
    await page.goto('/alerting/settings');
    const settings = page.getByRole('region', { name: 'Alert settings' });
    await expect(settings.getByRole('table', { name: 'Alert rules' }).getByRole('rowheader', { name: 'Live session stale' })).toBeVisible();

    const channelForm = page.getByRole('form', { name: 'Add channel' });
    await channelForm.getByLabel('Channel name').fill('E2E hook');
    await channelForm.getByLabel('URL').fill(receiver.url);
    await channelForm.getByLabel('Signing secret').fill('e2e-signing-secret');
    await channelForm.getByRole('button', { name: 'Add channel' }).click();
    const channels = settings.getByRole('table', { name: 'Alert channels' });
    await expect(channels.getByRole('rowheader', { name: 'E2E hook' })).toBeVisible();
    await expect(channels).toContainText('****cret');
    await expect(channels).not.toContainText('e2e-signing-secret');

    await settings.getByRole('button', { name: 'Send test to E2E hook' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'E2E hook: test message delivered' })).toBeVisible();
    await expect.poll(() => receiver.received.filter((r) => r.body.episode === 'test').length).toBe(1);

    const ruleForm = page.getByRole('form', { name: 'Add rule' });
    await ruleForm.getByLabel('Name').fill('E2E silent bot');
    await ruleForm.getByLabel('Kind').selectOption('STALE');
    await ruleForm.getByLabel('Threshold (seconds)').fill('20');
    await ruleForm.getByLabel('E2E hook').check();
    await ruleForm.getByRole('button', { name: 'Add rule' }).click();
    await expect(settings.getByRole('table', { name: 'Alert rules' }).getByRole('rowheader', { name: 'E2E silent bot' })).toBeVisible();
    await shoot('20-alert-settings');

    const bell = page.getByRole('button', { name: /^Alerts: \d+\+? open$/ });
    const openCount = async () => Number(/Alerts: (\d+)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? -1);
    const before = await openCount();

    // the bot's last heartbeat was two minutes ago, and none follows
    const sessionId = seedSilentSession('E2E silent bot session', 120);

    // the bell learns of it over its subscription (no reload)
    await expect.poll(openCount, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect
      .poll(() => receiver.received.filter((r) => r.body.episode === 'started' && r.body.rule.name === 'E2E silent bot').length, { timeout: 20_000 })
      .toBe(1);
    const started = receiver.received.find((r) => r.body.episode === 'started' && r.body.rule.name === 'E2E silent bot');
    expect(started?.body.kind).toBe('stale');
    expect(started?.body.sessions.map((s) => s.id)).toEqual([sessionId]);
    expect(started?.body.sessions[0]?.status).toBe('running');
    expect(started?.headers['x-botdeck-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    await bell.click();
    const panel = page.getByRole('region', { name: 'Open alerts' });
    const ack = panel.getByRole('button', { name: 'Acknowledge E2E silent bot on E2E silent bot session' });
    await expect(ack).toBeVisible();
    await shoot('21-alert-bell');
    const withIt = await openCount();
    await ack.click();
    await expect(ack).toBeHidden();
    await expect.poll(openCount).toBe(withIt - 1);

    await page.goto('/alerting');
    const history = page.getByRole('table', { name: 'Alerts' });
    const row = history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'E2E silent bot', exact: true }) });
    await expect(row).toContainText('acknowledged');
    await expect(row).toContainText('1 sent');
    await shoot('22-alert-history');
  } finally {
    await new Promise((done) => receiver.server.close(done));
  }
});
