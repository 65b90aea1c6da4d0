/**
 * The one outbound HTTP call of the provider clients: JSON in and out, a time limit, retries on
 * 429 and 5xx with exponential backoff (honouring Retry-After), and a ProviderError naming the
 * provider, status and the provider's own error code on everything else. Errors never carry the
 * request body, which holds personal data.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number | null,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Safe to store and show: provider, status and code. */
  get summary(): string {
    return `${this.provider}: ${this.status === null ? 'no answer' : `HTTP ${this.status}`} ${this.code}`.slice(0, 300);
  }
}

export interface HttpOptions {
  provider: string;
  /** Tries in all (default 4). */
  attempts?: number;
  /** First retry wait in ms (default 500, doubling); Retry-After wins when larger, up to maxWaitMs. */
  backoffMs?: number;
  maxWaitMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpResult<T> {
  status: number;
  body: T;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** The provider's error code from the usual body shapes (Mailchimp problem+json, Brevo, Graph API, LinkedIn). */
function errorCode(body: unknown): string {
  if (!body || typeof body !== 'object') return 'error';
  const b = body as Record<string, unknown>;
  const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : null;
  const code = b.code ?? b.title ?? b.serviceErrorCode ?? nested?.type ?? nested?.code ?? 'error';
  return (typeof code === 'string' || typeof code === 'number' ? String(code) : 'error').slice(0, 100);
}

export async function requestJson<T = unknown>(method: string, url: string, headers: Record<string, string>, body: unknown, opts: HttpOptions): Promise<HttpResult<T>> {
  const attempts = opts.attempts ?? 4;
  const sleep = opts.sleep ?? defaultSleep;
  let wait = opts.backoffMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      if (attempt >= attempts) throw new ProviderError(opts.provider, null, (err as Error).name, `${opts.provider} did not answer`);
      await sleep(wait);
      wait *= 2;
      continue;
    }
    const text = await res.text();
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (res.ok) return { status: res.status, body: parsed as T };
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable || attempt >= attempts) {
      const code = errorCode(parsed);
      throw new ProviderError(opts.provider, res.status, code, `${opts.provider} answered ${res.status} ${code}`);
    }
    const after = retryAfterMs(res.headers.get('retry-after'));
    await sleep(Math.min(Math.max(wait, after ?? 0), opts.maxWaitMs ?? 30_000));
    wait *= 2;
  }
}
