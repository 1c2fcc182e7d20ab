// A standard SSE client (the npm `eventsource` package) reads a completed batch's events: it must
// get every outcome once and `completed` once, then stop — the server answers its reconnection
// (Last-Event-ID: completed) with 204, which ends a standard client. Prints one JSON line.
import { EventSource } from 'eventsource';

const { EVENTS_URL, TOKEN, EXPECTED, WATCH_MS } = process.env;
const seen = { outcomes: [], completed: 0, opens: 0, errors: 0 };
const es = new EventSource(EVENTS_URL, {
  fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, Authorization: `Bearer ${TOKEN}` } }),
});
es.addEventListener('open', () => seen.opens++);
es.addEventListener('outcome', (e) => seen.outcomes.push(Number(e.lastEventId)));
es.addEventListener('completed', () => seen.completed++);
es.addEventListener('error', () => seen.errors++);
// Long enough for several reconnections at the server's `retry: 2000`, were the client to go on.
await new Promise((resolve) => setTimeout(resolve, Number(WATCH_MS || 7000)));
const closed = es.readyState === EventSource.CLOSED;
es.close();
const result = { ...seen, outcomes: seen.outcomes.length, inOrder: seen.outcomes.every((s, i) => s === i + 1), closed };
console.log(JSON.stringify(result));
process.exit(closed && seen.completed === 1 && seen.outcomes.length === Number(EXPECTED) && result.inOrder ? 0 : 1);
