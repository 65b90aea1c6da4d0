/** Only same-site paths: an open redirect through `?next=` would let a phishing link bounce users off-site. */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
