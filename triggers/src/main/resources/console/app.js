// The console: a page per concern, chosen by the location's hash, each refreshed about once a second
// while the tab is visible. One request at a time per open console: a refresh starts only after the
// previous one has ended, so a slow store slows the console down instead of piling requests on the
// trigger layer.
import { h, show, badge, formatTime } from './dom.js';
import { get, token, ApiError } from './api.js';
import * as overview from './views/overview.js';
import * as runs from './views/runs.js';
import * as run from './views/run.js';
import * as flags from './views/flags.js';
import * as deadLetters from './views/dead-letters.js';
import * as timers from './views/timers.js';

const POLL_MS = 1000;
const MIN_PAUSE_MS = 250;
const ROUTES = [
  { path: 'overview', view: overview, nav: 'overview' },
  { path: 'runs', view: runs, nav: 'runs' },
  { path: 'run', view: run, nav: 'runs' },
  { path: 'flags', view: flags, nav: 'flags' },
  { path: 'dead-letters', view: deadLetters, nav: 'dead-letters' },
  { path: 'timers', view: timers, nav: 'timers' },
];

/** What every page knows: the last /health answer, the triggers (names, types, queues), pause states. */
const context = {
  health: null,
  triggers: [],
  isPaused(name) {
    return Boolean(this.health && this.health.paused && this.health.paused[name]);
  },
  /** Asks for a refresh at once, after an action. */
  refreshNow() {
    schedule(0);
  },
};

let current = null; // { view, instance, generation }
let generation = 0;
let timer = null;
let refreshing = false;
let again = false; // asked for while a refresh was under way: the next one starts right after it

function parseLocation() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = hash.split('?');
  const segments = pathPart.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  const route = ROUTES.find((candidate) => candidate.path === (segments[0] || 'overview')) || ROUTES[0];
  return { route, segments: segments.slice(1), params: new URLSearchParams(queryPart) };
}

function mountCurrent() {
  const { route, segments, params } = parseLocation();
  generation += 1;
  const main = document.getElementById('main');
  show(main);
  show(document.getElementById('result'));
  for (const item of document.querySelectorAll('nav a')) {
    item.classList.toggle('active', item.dataset.nav === route.nav);
    if (item.dataset.nav === route.nav) item.setAttribute('aria-current', 'page');
    else item.removeAttribute('aria-current');
  }
  const instance = route.view.mount(main, { segments, params, context });
  document.title = `${instance.title || 'Console'} · fnjobs`;
  current = { instance, generation };
  schedule(0);
}

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(tick, delay);
}

async function tick() {
  if (refreshing) {
    again = true;
    return;
  }
  if (document.visibilityState === 'hidden') {
    schedule(POLL_MS);
    return;
  }
  refreshing = true;
  const started = performance.now();
  const mine = current;
  try {
    await refreshContext();
    if (mine && mine.generation === generation) {
      await mine.instance.refresh();
    }
    status('ok', `Updated ${formatTime(new Date())}`);
  } catch (error) {
    status('error', error instanceof ApiError ? error.explanation : String(error));
  } finally {
    refreshing = false;
    // about once a second from start to start, and never less than a short breath between two
    schedule(again ? 0 : Math.max(MIN_PAUSE_MS, POLL_MS - (performance.now() - started)));
    again = false;
  }
}

async function refreshContext() {
  const health = (await get('/health').catch((error) => {
    // 503 is an answer too: the trigger layer is up and says what is wrong
    if (error.status === 503 && error.body) return { body: error.body };
    throw error;
  })).body;
  context.health = health;
  if (context.triggers.length === 0 || Object.keys(health.triggers || {}).length !== context.triggers.length) {
    context.triggers = (await get('/triggers')).body.triggers.map((trigger) => ({
      name: trigger.name, type: trigger.type, function: trigger.function, queues: trigger.queues || [],
    }));
  }
  renderHealth(health);
}

function renderHealth(health) {
  const paused = Object.entries(health.paused || {}).filter(([, yes]) => yes).map(([name]) => name);
  show(document.getElementById('health'),
    badge(health.status === 'up' ? 'up' : 'down'),
    paused.map((name) => h('a', { class: 'badge warn paused-pill', href: '#/overview', title: `${name} is paused` },
      `paused: ${name}`)));
}

function status(kind, text) {
  const element = document.getElementById('status');
  element.className = `status ${kind}`;
  element.textContent = text;
}

function setUpToken() {
  const form = document.getElementById('token-form');
  const input = document.getElementById('token');
  const state = document.getElementById('token-state');
  const render = () => {
    state.textContent = token.get() ? 'set for this tab' : 'not set';
    input.value = '';
    input.placeholder = token.get() ? '•••••• (set)' : 'FNJOBS_ADMIN_TOKEN';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    token.set(input.value.trim());
    input.classList.remove('needed');
    render();
  });
  document.getElementById('token-clear').addEventListener('click', () => {
    token.set('');
    render();
  });
  render();
}

export function start() {
  setUpToken();
  window.addEventListener('hashchange', mountCurrent);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') schedule(0);
  });
  mountCurrent();
}

start();
