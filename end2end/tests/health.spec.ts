// The endpoints load balancers and orchestrators poll.
import { expect, test } from './fixtures';

test('/healthz answers 200 "ok"', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe('ok');
});

test('/readyz answers 200 "ready" when the database is reachable', async ({ request }) => {
  const response = await request.get('/readyz');
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe('ready');
});
