import { useSearchParams } from 'react-router';

/** Query-string changes: a value sets the parameter, null removes it. */
export type ParamChanges = Record<string, string | null>;

/** The current query string with `changes` applied. */
export function withParams(search: string, changes: ParamChanges): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  return next;
}

/**
 * The URL's query parameters, and a setter that merges changes into the address as it is now.
 * React Router's own functional update hands over the parameters of the last render, so two
 * changes made before the page re-renders (a click right after another) would drop the first.
 */
export function useUrlParams(): [URLSearchParams, (changes: ParamChanges) => void] {
  const [params, setParams] = useSearchParams();
  const update = (changes: ParamChanges) => setParams(withParams(window.location.search, changes), { replace: true });
  return [params, update];
}
