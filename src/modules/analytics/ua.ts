import Bowser from 'bowser';
import { isbot } from 'isbot';
import { TtlCache } from './ingest-cache.js';

/**
 * Browser, operating system and device class from the user agent, with bowser (MIT) and isbot
 * (Unlicense). Not ua-parser-js: its 2.x line is AGPL.
 */
export type Device = 'desktop' | 'mobile' | 'tablet';

export interface ClientFacts {
  bot: boolean;
  browser: string | null;
  os: string | null;
  device: Device | null;
}

const NAME_MAX = 50;
const BOT: ClientFacts = { bot: true, browser: null, os: null, device: null };

// A site's traffic comes from a few hundred distinct user agents: parse each once per ten minutes.
const parsed = new TtlCache<string, ClientFacts>(2000, 10 * 60_000);

const name = (v: string | undefined): string | null => (v ? v.slice(0, NAME_MAX) : null);

function deviceOf(type: string | undefined): Device {
  if (type === 'mobile') return 'mobile';
  if (type === 'tablet') return 'tablet';
  // Desktop, TV and unknown platforms count as desktop: the dashboard has three classes.
  return 'desktop';
}

function parse(ua: string): ClientFacts {
  if (isbot(ua)) return BOT;
  const r = Bowser.parse(ua);
  if (r.platform.type === 'bot') return BOT;
  return { bot: false, browser: name(r.browser.name), os: name(r.os.name), device: deviceOf(r.platform.type) };
}

/**
 * An absent or empty user agent is treated as a bot: every browser sends one. `at` is the time in
 * ms when the caller has read the clock already. The answer is shared between calls: do not change it.
 */
export function parseUserAgent(ua: string | undefined, at?: number): ClientFacts {
  if (!ua) return BOT;
  // Looked up as sent first: browsers send no surrounding spaces, so trimming is rarely needed.
  let facts = parsed.get(ua, at);
  if (facts) return facts;
  const value = ua.trim();
  if (!value) return BOT;
  facts = parse(value);
  parsed.set(ua, facts, at);
  return facts;
}
