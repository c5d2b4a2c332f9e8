// Building the page: every value goes into the DOM as a text node or an attribute value, never as HTML,
// so a subject, a key or an error that looks like markup stays text. The server's content security policy
// (require-trusted-types-for) makes any HTML string put into the page throw.

/** An element: h('td', {class: 'num', title: 'x'}, 'text', child, [more children]). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value') {
      element.value = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

// A click is a press and a release on one element: a refresh that replaced the element in between (the
// pages redraw about once a second) would swallow it. So while a pointer is pressed, replacements wait,
// the last one per container, and run once it is released, after the click it makes.
const PRESS_LIMIT_MS = 5000;
const waiting = new Map();
let pressed = null;

document.addEventListener('pointerdown', () => {
  clearTimeout(pressed);
  pressed = setTimeout(released, PRESS_LIMIT_MS); // a release the page never saw does not stop it for good
}, true);
for (const type of ['pointerup', 'pointercancel']) {
  document.addEventListener(type, () => setTimeout(released, 0), true);
}

function released() {
  clearTimeout(pressed);
  pressed = null;
  for (const [container, children] of waiting) replace(container, children);
  waiting.clear();
}

function replace(container, children) {
  container.replaceChildren();
  append(container, children);
}

/** Replaces what a container shows; while a pointer is pressed, once it is released. */
export function show(container, ...children) {
  if (pressed !== null) {
    waiting.set(container, children);
    return;
  }
  replace(container, children);
}

/** A small coloured label for a state or an outcome. */
export function badge(text, tone = toneOf(text)) {
  return h('span', { class: `badge ${tone}` }, text);
}

const TONES = {
  succeeded: 'good', up: 'good', connected: 'good', ok: 'good', confirmed: 'good',
  failed: 'bad', down: 'bad', failing: 'bad', dead: 'bad',
  rejected: 'warn', deferred: 'info', skipped: 'muted', running: 'info', pending: 'info', paused: 'warn',
  connecting: 'info', stopped: 'muted',
};

export function toneOf(text) {
  return TONES[String(text).toLowerCase()] || 'muted';
}

/** A time as the operator reads it: local date and time to the second; the ISO-8601 value as its title. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '–');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  return h('time', { datetime: iso, title: iso }, formatTime(date));
}

export function formatTime(date) {
  const pad = (n) => String(n).padStart(2, '0');
  const today = new Date();
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (date.toDateString() === today.toDateString()) return clock;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clock}`;
}

/** "in 3 h 12 min", "4 s ago". */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const millis = new Date(iso).getTime() - now;
  if (Number.isNaN(millis)) return '';
  const text = span(Math.abs(millis));
  return millis >= 0 ? `in ${text}` : `${text} ago`;
}

/** A length of time in words: "850 ms", "12 s", "3 min 4 s", "2 h 5 min", "3 d 4 h". */
export function span(millis) {
  if (millis < 1000) return `${Math.round(millis)} ms`;
  const seconds = Math.round(millis / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/** The time between two instants, or '' when one is missing. */
export function duration(from, to) {
  if (!from || !to) return '';
  const millis = new Date(to).getTime() - new Date(from).getTime();
  return Number.isNaN(millis) ? '' : span(Math.max(0, millis));
}

/** A long value cut to its start, the whole of it in the title. */
export function short(text, length = 24) {
  if (text === undefined || text === null) return h('span', { class: 'muted' }, '–');
  const value = String(text);
  return h('span', { class: 'mono', title: value }, value.length > length ? `${value.slice(0, length - 1)}…` : value);
}

/** A table: headings and rows of cells (nodes or text); an empty note when there are no rows. */
export function table(headings, rows, empty = 'Nothing here.') {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('table', {},
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', {}, heading)))),
    h('tbody', {}, rows));
}

/** Label and value pairs, values as nodes or text; pairs with an undefined value are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** JSON, pretty-printed, as text. */
export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

/** A link to a place in the console. */
export function link(route, ...children) {
  return h('a', { href: route }, ...children);
}

/** A route with its query: route('#/runs', {trigger: 'a'}) is '#/runs?trigger=a'; empty values are left out. */
export function route(path, query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * A gate for a refresh that costs more than most: true at most once per {@code millis}. Pages that read
 * hundreds of run records for an answer (a filter, a flag's history) refresh at its pace, not every second.
 */
export function every(millis) {
  let last = -Infinity;
  return () => {
    const now = performance.now();
    if (now - last < millis) return false;
    last = now;
    return true;
  };
}
