// The trigger layer's admin API, on the origin that served the console. Reads need no token; actions
// send the admin token (FNJOBS_ADMIN_TOKEN) when one is set in the page, kept in this tab's sessionStorage.

const TOKEN_KEY = 'fnjobs.adminToken';
const READ_TIMEOUT_MS = 15000;
const ACTION_TIMEOUT_MS = 120000;

/** An answer that is not a success: the HTTP status (0 when the trigger layer could not be reached) and why. */
export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }

  /** What to show: for a 401, what to do about it. */
  get explanation() {
    if (this.status === 401) {
      return `Refused (401): the admin token is missing or wrong; set it under "Admin token" above. The trigger layer said: ${this.message}`;
    }
    if (this.status === 0) return `The trigger layer cannot be reached: ${this.message}`;
    return `${this.status}: ${this.message}`;
  }
}

export const token = {
  get() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  },
  set(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** GET path (with its query already encoded); the answer's JSON. */
export function get(path) {
  return send('GET', path, READ_TIMEOUT_MS);
}

/** POST path as an admin action, with the token when set; the answer's JSON and status. */
export async function post(path, body) {
  return send('POST', path, ACTION_TIMEOUT_MS, body);
}

async function send(method, path, timeout, body) {
  const headers = { Accept: 'application/json' };
  const secret = token.get();
  if (method !== 'GET' && secret) headers.Authorization = `Bearer ${secret}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
  } catch (error) {
    throw new ApiError(0, error.name === 'TimeoutError' ? `no answer within ${timeout / 1000} s` : error.message);
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    // an answer without JSON: the status tells
  }
  if (!response.ok) {
    throw new ApiError(response.status, (answer && answer.error) || response.statusText || 'no reason given', answer);
  }
  return { status: response.status, body: answer };
}

/** A path of segments, each encoded: a subject's '/' separates segments, as the API reads them. */
export function path(...segments) {
  return segments.map((segment) => String(segment).split('/').map(encodeURIComponent).join('/')).join('/');
}

/** A query string from the values that are set. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
